"""The quick tags' page: the person's own words under the faces, added, renamed, removed."""

from __future__ import annotations

import pytest
from django.db import connection

from journal.models import DayMood, QuickTag
from reconnect.lib import limits


def test_a_quick_tag_is_added_and_shows_under_the_faces(alice_client, alice):
    response = alice_client.post("/journal/mood/tags/", {"name": "  slept   badly "})
    assert response.status_code == 302 and response.url == "/journal/mood/tags/"
    tag = QuickTag.objects.get(user=alice)
    assert tag.name == "slept badly"
    assert f'data-quick-tag="{tag.pk}"' in alice_client.get("/journal/mood/tags/").text
    assert ">slept badly</button>" in alice_client.get("/dashboard/").text


def test_its_name_is_sealed_at_rest(alice, quick_tag):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM journal_quicktag WHERE id = %s", [quick_tag.pk])
        (stored,) = cursor.fetchone()
    assert "Slept" not in stored and stored.startswith("$")
    assert QuickTag.objects.get().name == "Slept badly"


def test_the_list_is_in_name_order(alice_client, alice):
    for name in ("walked", "Ate well", "bad news"):
        QuickTag.objects.create(user=alice, name=name)
    html = alice_client.get("/journal/mood/tags/").text
    assert html.index("Ate well") < html.index("bad news") < html.index("walked")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * (limits.QUICK_TAG_MAX + 1), "Ensure this value has at most 40 characters"),
        ("sle\x00pt", "Null characters are not allowed."),
        ("SLEPT BADLY", "You already have that quick tag."),
    ],
)
def test_a_bad_name_says_why_and_adds_nothing(alice_client, alice, quick_tag, name, message):
    response = alice_client.post("/journal/mood/tags/", {"name": name})
    assert response.status_code == 200
    assert message in response.text
    assert list(QuickTag.objects.values_list("name", flat=True)) == ["Slept badly"]


def test_there_is_room_for_twenty(alice_client, alice):
    for n in range(limits.QUICK_TAGS_MAX):
        QuickTag.objects.create(user=alice, name=f"tag {n}")
    response = alice_client.post("/journal/mood/tags/", {"name": "one more"})
    assert "You have 20 quick tags, the most there can be: remove one first." in response.text
    assert QuickTag.objects.count() == limits.QUICK_TAGS_MAX


def test_the_same_name_is_fine_for_someone_else(bob_client, bob, quick_tag):
    bob_client.post("/journal/mood/tags/", {"name": "slept badly"})
    assert QuickTag.objects.filter(user=bob).get().name == "slept badly"


def test_rename_keeps_its_days(alice_client, alice, quick_tag):
    alice_client.post("/journal/mood/", {"mood": "2", "quick_tag": quick_tag.pk})
    response = alice_client.post(
        f"/journal/mood/tags/{quick_tag.pk}/edit/", {"name": "Slept badly again"}
    )
    assert response.status_code == 302
    day = DayMood.objects.get()
    assert [t.name for t in day.quick_tags.all()] == ["Slept badly again"]
    # Its own name, in another case, is no clash with itself.
    alice_client.post(f"/journal/mood/tags/{quick_tag.pk}/edit/", {"name": "SLEPT BADLY AGAIN"})
    assert QuickTag.objects.get().name == "SLEPT BADLY AGAIN"


def test_remove_asks_first_and_keeps_the_days_moods(alice_client, alice, quick_tag):
    alice_client.post("/journal/mood/", {"mood": "2", "quick_tag": quick_tag.pk})
    page = alice_client.get(f"/journal/mood/tags/{quick_tag.pk}/delete/")
    assert "Delete this quick tag?" in page.text
    assert QuickTag.objects.exists()
    response = alice_client.post(f"/journal/mood/tags/{quick_tag.pk}/delete/")
    assert response.status_code == 302 and response.url == "/journal/mood/tags/"
    assert not QuickTag.objects.exists()
    assert DayMood.objects.get().mood == 2


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_someone_elses_quick_tag_is_a_404(bob_client, quick_tag, action):
    url = f"/journal/mood/tags/{quick_tag.pk}/{action}/"
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {"name": "mine now"}).status_code == 404
    assert QuickTag.objects.get().name == "Slept badly"


def test_a_tag_removed_meanwhile_is_refused_kindly(alice_client, alice, quick_tag):
    pk = quick_tag.pk
    quick_tag.delete()
    response = alice_client.post(
        "/journal/mood/", {"quick_tag": pk}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {
        "error": "That quick tag is not there any more. Nothing was changed."
    }


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_takes_a_fixed_number_of_queries(
    alice_client, alice, count, django_assert_num_queries
):
    for n in range(count):
        QuickTag.objects.create(user=alice, name=f"tag {n}")
    with django_assert_num_queries(4):  # session, user, its keys, the quick tags
        assert alice_client.get("/journal/mood/tags/").status_code == 200
