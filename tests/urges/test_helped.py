"""/urges/<id>/helped/ (POST): "What helped?" after a pause, in one tap a choice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from journal.models import Help, HelpChoice, Helped, Urge
from reconnect.accounts.models import User
from tests.markup import elements, page_html

NOW = dt.datetime(2026, 11, 24, 21, 30, tzinfo=dt.UTC)
BUILT_IN = ["walk", "someone", "reasons", "writing", "waiting", "breathing", "busy", "sleep"]


@pytest.fixture
def ended(alice: User) -> Urge:
    """A pause of Alice's whose ten minutes ended twenty minutes before NOW."""
    created = NOW - dt.timedelta(minutes=30)
    return Urge.objects.create(
        user=alice,
        triggers=",loneliness,",
        created=created,
        pause_until=created + dt.timedelta(minutes=10),
    )


def button(html: str, key: str) -> dict[str, str]:
    """The one "What helped?" button for `key`."""
    [found] = [a for t, a in elements(html) if t == "button" and a.get("data-helped-key") == key]
    return found


def answers(urge: Urge) -> list[tuple[str, int | None, str]]:
    return sorted(Helped.objects.filter(urge=urge).values_list("key", "choice_id", "note"))


def post(client, urge: Urge, **data: str):
    with time_machine.travel(NOW, tick=False):
        return client.post(f"/urges/{urge.pk}/helped/", data)


def test_the_built_in_keys_are_short_slugs():
    assert Help.values == BUILT_IN


@time_machine.travel(NOW, tick=False)
def test_the_pause_page_asks_once_the_pause_has_ended(alice_client, ended, own_help):
    html = page_html(alice_client, f"/urges/{ended.pk}/")
    forms = [
        attrs for tag, attrs in elements(html) if tag == "form" and "data-what-helped" in attrs
    ]
    assert forms and all(f["action"] == f"/urges/{ended.pk}/helped/" for f in forms)
    buttons = [a for t, a in elements(html) if t == "button" and a.get("name") == "helped"]
    assert [b["value"] for b in buttons] == [*BUILT_IN, f"own-{own_help.pk}", "other"]
    assert all(b["aria-pressed"] == "false" for b in buttons if b["value"] != "other")
    assert 'name="helped_note"' in html
    assert "What helped?" in html


def test_a_running_pause_does_not_ask_yet(alice_client, urge):
    assert "data-what-helped" not in page_html(alice_client, f"/urges/{urge.pk}/")
    alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "rode_out"})
    assert "data-what-helped" in page_html(alice_client, f"/urges/{urge.pk}/")  # with its answer


@pytest.mark.parametrize("outcome", ["contacted", "logistics"])
@time_machine.travel(NOW, tick=False)
def test_it_is_not_asked_after_sending_or_a_practical_moment(alice_client, ended, outcome):
    Urge.objects.filter(pk=ended.pk).update(outcome=outcome, outcome_at=NOW)
    assert "data-what-helped" not in page_html(alice_client, f"/urges/{ended.pk}/")
    response = alice_client.post(f"/urges/{ended.pk}/helped/", {"helped": "walk"}, follow=True)
    assert "This moment has no “What helped?” to answer." in response.text
    assert answers(ended) == []


def test_one_tap_adds_and_a_second_takes_back(alice_client, ended):
    response = post(alice_client, ended, helped="walk")
    assert response.status_code == 302 and response.url == f"/urges/{ended.pk}/"
    assert answers(ended) == [("walk", None, "")]
    ended.refresh_from_db()
    assert ended.helped_answered_at == NOW
    with time_machine.travel(NOW, tick=False):
        html = alice_client.get(response.url).text
    assert "Noted. It is yours to reach for next time." in html
    walk = button(html, "walk")
    assert (walk["name"], walk["aria-pressed"]) == ("take_back", "true")
    post(alice_client, ended, take_back="walk")
    assert answers(ended) == []


def test_a_pause_keeps_several_answers_each_once(alice_client, ended, own_help):
    for key in ("walk", "someone", f"own-{own_help.pk}", "walk"):
        post(alice_client, ended, helped=key)
    post(alice_client, ended, helped="other", helped_note="Played the piano")
    assert answers(ended) == [
        ("other", None, "Played the piano"), ("own", own_help.pk, ""),
        ("someone", None, ""), ("walk", None, ""),
    ]  # fmt: skip


def test_something_else_is_rewritten_and_sealed(alice_client, ended):
    post(alice_client, ended, helped="other", helped_note="Played the piano")
    post(alice_client, ended, helped="other", helped_note="  Cooked something warm  ")
    assert answers(ended) == [("other", None, "Cooked something warm")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM journal_helped")
        [(stored,)] = cursor.fetchall()
    assert "Cooked" not in stored and stored
    post(alice_client, ended, take_back="other")
    assert answers(ended) == []


def test_with_script_it_answers_with_the_form_updated(alice_client, ended):
    with time_machine.travel(NOW, tick=False):
        response = alice_client.post(
            f"/urges/{ended.pk}/helped/", {"helped": "reasons"}, HTTP_X_REQUESTED_WITH="fetch"
        )
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html and "data-what-helped-block" in html
    assert "js/what_helped.js" not in html  # the page has it already
    [reasons] = [
        a for t, a in elements(html) if t == "button" and a.get("data-helped-key") == "reasons"
    ]
    assert reasons["aria-pressed"] == "true"
    assert "Noted." in html


def test_from_the_home_it_goes_back_home(alice_client, ended):
    response = post(alice_client, ended, helped="walk", place="home")
    assert response.url == "/dashboard/"
    response = post(alice_client, ended, helped="waiting", place="https://example.org/")
    assert response.url == f"/urges/{ended.pk}/"  # only two places: never elsewhere


def test_skip_answers_nothing_and_the_home_asks_no_more(alice_client, ended):
    response = post(alice_client, ended, skip="1", place="home")
    assert response.url == "/dashboard/"
    ended.refresh_from_db()
    assert ended.helped_answered_at == NOW and answers(ended) == []


def test_a_hidden_built_in_is_not_offered_but_an_answer_with_it_can_be_taken_back(
    alice_client, alice, ended
):
    post(alice_client, ended, helped="sleep")
    HelpChoice.objects.create(user=alice, hidden="sleep")
    with time_machine.travel(NOW, tick=False):
        html = alice_client.get(f"/urges/{ended.pk}/").text
    [sleep] = [
        a for t, a in elements(html) if t == "button" and a.get("data-helped-key") == "sleep"
    ]
    assert sleep["aria-pressed"] == "true"
    post(alice_client, ended, take_back="sleep")
    response = post(alice_client, ended, helped="sleep")
    assert answers(ended) == []
    assert response.status_code == 302


BAD = [
    ({"helped": "hugs"}, "That is not on your list; nothing was changed."),
    ({"helped": "own-999999"}, "That is not on your list; nothing was changed."),
    ({"helped": "walk\x00"}, "That is not on your list; nothing was changed."),
    ({"helped": "other"}, "Say in a few words what helped, then save; nothing was changed."),
    ({"helped": "other", "helped_note": "   "}, "Say in a few words what helped"),
    ({"helped": "other", "helped_note": "x" * 201}, "A few words are enough: up to 200"),
    ({"helped": "other", "helped_note": "a\x00b"}, "Remove the invisible null characters"),
    ({"take_back": "walk"}, "That answer is not there; nothing was changed."),
    ({}, "Tap one of the choices; nothing was changed."),
    ({"helped": "w" * 100_000}, "That is not on your list; nothing was changed."),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_input_gets_a_clear_message_and_changes_nothing(alice_client, ended, data, message):
    response = post(alice_client, ended, **data)
    assert response.status_code == 302
    with time_machine.travel(NOW, tick=False):
        assert message in alice_client.get(response.url).text
        fetched = alice_client.post(
            f"/urges/{ended.pk}/helped/", data, HTTP_X_REQUESTED_WITH="fetch"
        )
    assert fetched.status_code == 400 and message in fetched.text
    assert answers(ended) == []
    ended.refresh_from_db()
    assert ended.helped_answered_at is None


def test_another_persons_item_is_not_on_your_list(alice_client, bob, ended):
    theirs = HelpChoice.objects.create(user=bob, label="Bob's own")
    post(alice_client, ended, helped=f"own-{theirs.pk}")
    assert answers(ended) == []


def test_a_running_pause_takes_no_answer(alice_client, urge):
    response = alice_client.post(f"/urges/{urge.pk}/helped/", {"helped": "walk"}, follow=True)
    assert "The pause is still running. When it is over, you can say what helped." in response.text
    assert answers(urge) == []


def test_another_persons_urge_is_a_404(bob_client, ended):
    with time_machine.travel(NOW, tick=False):
        assert bob_client.post(f"/urges/{ended.pk}/helped/", {"helped": "walk"}).status_code == 404
        assert bob_client.post("/urges/999999/helped/", {"helped": "walk"}).status_code == 404
    assert answers(ended) == []


def test_it_is_post_only(alice_client, ended):
    assert alice_client.get(f"/urges/{ended.pk}/helped/").status_code == 405


def test_removing_an_urge_removes_its_answers(alice_client, ended):
    post(alice_client, ended, helped="walk")
    ended.delete()
    assert not Helped.objects.exists()
