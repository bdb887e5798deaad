"""/urges/helps/: the person's own list of what helps: add, rename, remove, hide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from journal.models import HelpChoice, Helped, Urge
from journal.urges.helped import options
from reconnect.lib import limits
from tests.markup import elements, page_html


def own_labels(user) -> list[str]:
    return [c.label for c in HelpChoice.objects.filter(user=user, hidden="")]


def test_it_lists_the_built_in_choices_and_links_from_the_patterns(alice_client):
    html = page_html(alice_client, "/urges/helps/")
    assert "A walk" in html and "Sleeping on it" in html
    assert 'name="label"' in html
    assert 'href="/urges/helps/"' in page_html(alice_client, "/urges/")


def test_adding_one_of_your_own_puts_it_on_the_buttons_sealed(alice_client, alice):
    response = alice_client.post("/urges/helps/", {"label": "  My dog  "})
    assert response.url == "/urges/helps/"
    assert own_labels(alice) == ["My dog"]
    choice = HelpChoice.objects.get(user=alice)
    assert options(alice)[-1].key == f"own-{choice.pk}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM journal_helpchoice")
        [(stored,)] = cursor.fetchall()
    assert "dog" not in stored
    assert f'data-own-help="own-{choice.pk}"' in page_html(alice_client, "/urges/helps/")


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "Write a few words first."),
        ("   ", "Write a few words first."),
        ("x" * 61, "Up to 60 characters; this has 61."),
        ("a\x00b", "Remove the invisible null characters"),
        ("a cold SHOWER", "That one is already on your list."),
    ],
)
def test_bad_words_get_a_clear_message_and_add_nothing(
    alice_client, alice, own_help, label, message
):
    response = alice_client.post("/urges/helps/", {"label": label})
    assert response.status_code == 200
    assert message in response.text
    assert own_labels(alice) == ["A cold shower"]


def test_the_list_holds_a_bounded_number_of_ones_own(alice_client, alice):
    for n in range(limits.HELPS_OWN_MAX):
        HelpChoice.objects.create(user=alice, label=f"Thing {n}")
    response = alice_client.post("/urges/helps/", {"label": "One more"}, follow=True)
    assert "Your list holds up to 30 items of your own." in response.text
    assert len(own_labels(alice)) == limits.HELPS_OWN_MAX


def test_renaming_keeps_the_times_it_helped(alice_client, alice, own_help):
    now = timezone.now()
    urge = Urge.objects.create(user=alice, created=now, pause_until=now, outcome="rode_out")
    Helped.objects.create(user=alice, urge=urge, key="own", choice=own_help)
    assert "helped once" in page_html(alice_client, "/urges/helps/")
    response = alice_client.post(f"/urges/helps/{own_help.pk}/edit/", {"label": "A cold swim"})
    assert response.url == "/urges/helps/"
    assert own_labels(alice) == ["A cold swim"]
    assert Helped.objects.get().choice == own_help
    assert "A cold swim" in page_html(alice_client, "/urges/")


def test_renaming_to_another_of_your_own_is_refused(alice_client, alice, own_help):
    HelpChoice.objects.create(user=alice, label="My dog")
    response = alice_client.post(f"/urges/helps/{own_help.pk}/edit/", {"label": "my dog"})
    assert "That one is already on your list." in response.text
    # Its own name, in another case, is fine.
    alice_client.post(f"/urges/helps/{own_help.pk}/edit/", {"label": "A COLD SHOWER"})
    assert own_labels(alice) == ["A COLD SHOWER", "My dog"]


def test_removing_takes_the_times_it_was_noted_with_it(alice_client, alice, own_help):
    now = timezone.now()
    urge = Urge.objects.create(user=alice, created=now, pause_until=now, outcome="rode_out")
    Helped.objects.create(user=alice, urge=urge, key="own", choice=own_help)
    Helped.objects.create(user=alice, urge=urge, key="walk")
    response = alice_client.post(f"/urges/helps/{own_help.pk}/delete/")
    assert response.url == "/urges/helps/"
    assert own_labels(alice) == []
    assert list(Helped.objects.values_list("key", flat=True)) == ["walk"]


def test_a_built_in_can_be_hidden_and_shown_again(alice_client, alice):
    alice_client.post("/urges/helps/built-in/", {"key": "sleep"})
    alice_client.post("/urges/helps/built-in/", {"key": "sleep"})  # twice is still once
    assert "sleep" not in [o.key for o in options(alice)]
    html = page_html(alice_client, "/urges/helps/")
    assert 'data-built-in-help="sleep" data-hidden' in html
    alice_client.post("/urges/helps/built-in/", {"key": "sleep", "show": "1"})
    assert "sleep" in [o.key for o in options(alice)]
    assert not HelpChoice.objects.exists()


@pytest.mark.parametrize("key", ["", "other", "own-1", "sleep\x00", "s" * 10_000])
def test_hiding_something_unknown_changes_nothing(alice_client, key):
    response = alice_client.post("/urges/helps/built-in/", {"key": key}, follow=True)
    assert "That is not one of the choices; nothing was changed." in response.text
    assert not HelpChoice.objects.exists()


def test_another_persons_items_are_404s_and_untouched(bob_client, own_help):
    assert bob_client.get(f"/urges/helps/{own_help.pk}/edit/").status_code == 404
    assert bob_client.post(f"/urges/helps/{own_help.pk}/edit/", {"label": "x"}).status_code == 404
    assert bob_client.post(f"/urges/helps/{own_help.pk}/delete/").status_code == 404
    assert "A cold shower" not in page_html(bob_client, "/urges/helps/")
    own_help.refresh_from_db()
    assert own_help.label == "A cold shower"


def test_a_hidden_built_in_row_is_no_item_to_rename(alice_client, alice):
    hidden = HelpChoice.objects.create(user=alice, hidden="walk")
    assert alice_client.get(f"/urges/helps/{hidden.pk}/edit/").status_code == 404


@pytest.mark.parametrize("count", [1, 25])
def test_the_page_has_a_fixed_query_count(alice_client, alice, count, django_assert_num_queries):
    now = timezone.now() - dt.timedelta(hours=1)
    urge = Urge.objects.create(user=alice, created=now, pause_until=now, outcome="rode_out")
    for n in range(count):
        choice = HelpChoice.objects.create(user=alice, label=f"Thing {n}")
        Helped.objects.create(user=alice, urge=urge, key="own", choice=choice)
    HelpChoice.objects.create(user=alice, hidden="busy")
    with django_assert_num_queries(4):  # session, user, its keys, the list with its counts
        assert alice_client.get("/urges/helps/").status_code == 200


def test_the_page_marks_every_built_in(alice_client):
    rows = [
        a
        for t, a in elements(page_html(alice_client, "/urges/helps/"))
        if "data-built-in-help" in a
    ]
    assert [r["data-built-in-help"] for r in rows] == [
        "walk", "someone", "reasons", "writing", "waiting", "breathing", "busy", "sleep",
    ]  # fmt: skip
