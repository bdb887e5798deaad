from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from journal.models import Change, Entry, ReadinessSnapshot, Situation, WaitingPeriod
from tests.conftest import SITUATION, many_entries
from tests.markup import elements, search


def statuses(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-condition="(\w+)" data-status="(\w+)"', html))


def test_it_needs_login(visitor):
    assert visitor.get("/readiness/").url.startswith("/accounts/login/")


def test_an_empty_account_is_not_yet_with_every_condition_listed(alice_client):
    html = alice_client.get("/readiness/").text
    assert 'data-verdict="not_yet"' in html
    found = statuses(html)
    assert set(found) == {
        "growth", "waited", "reflected", "for_myself", "honest", "slow", "accept_no",
        "good_place", "changed", "open",
    }  # fmt: skip
    assert found["growth"] == "unmet"
    assert found["open"] == "unknown"
    fields = "broke_up_on whose_side their_rough_patch their_behaviour asked_no_contact"
    for field in (fields + " safety_concern honest accept_no slow_plan").split():
        assert f'name="{field}"' in html
    # Each condition links to its tip and to the way forward.
    assert 'href="/advice/work-on-yourself/"' in html
    assert 'href="/journal/new/"' in html


def test_saving_answers_updates_the_checklist(alice_client, alice):
    response = alice_client.post("/readiness/", SITUATION)
    assert response.status_code == 302
    situation = Situation.objects.get(user=alice)
    assert situation.honest and situation.accept_no and situation.whose_side == "mine"
    found = statuses(alice_client.get("/readiness/").text)
    assert found["honest"] == found["slow"] == found["accept_no"] == "met"
    assert found["good_place"] == found["changed"] == found["open"] == "met"


def test_saving_twice_keeps_one_record(alice_client, alice):
    alice_client.post("/readiness/", SITUATION)
    alice_client.post("/readiness/", {**SITUATION, "honest": ""})
    assert Situation.objects.get(user=alice).honest is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("whose_side", "", "This field is required"),
        ("whose_side", "nobody", "Select a valid choice"),
        ("their_rough_patch", "maybe", "Select a valid choice"),
        ("their_behaviour", "", "This field is required"),
        ("broke_up_on", "2999-01-01", "in the future"),
        ("broke_up_on", "yesterday", "Enter a valid date"),
        ("slow_plan", "x" * 5001, "at most 5000 characters"),
    ],
)
def test_bad_input_is_refused(alice_client, alice, field, value, message):
    response = alice_client.post("/readiness/", {**SITUATION, field: value})
    assert response.status_code == 200
    assert message in response.text
    assert 'data-verdict="not_yet"' in response.text
    assert not Situation.objects.filter(user=alice).exists()


def test_ready_suggests_reaching_out_with_care(alice_client, ready_alice):
    html = alice_client.get("/readiness/").text
    assert 'data-verdict="ready"' in html
    assert set(statuses(html).values()) == {"met"}
    assert "reach out" in html
    assert "listen" in html


def test_a_post_that_changes_the_outcome_takes_a_snapshot(alice_client, alice):
    alice_client.post("/readiness/", SITUATION)
    alice_client.post("/readiness/", SITUATION)  # same outcome: no new snapshot
    alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"})
    states = list(
        ReadinessSnapshot.objects.filter(user=alice).order_by("at").values_list("state", flat=True)
    )
    assert states == ["not_yet", "not_advised"]


def test_the_form_always_shows_the_current_answers(alice_client, alice):
    alice_client.post("/readiness/", {**SITUATION, "slow_plan": "Meet for coffee first."})
    assert "Meet for coffee first." in alice_client.get("/readiness/").text
    alice_client.post("/readiness/", {**SITUATION, "slow_plan": "Write a letter.", "honest": ""})
    html = alice_client.get("/readiness/").text
    assert "Write a letter." in html and "Meet for coffee first." not in html
    honest = [attrs for tag, attrs in elements(html) if attrs.get("id") == "id_honest"]
    assert len(honest) == 1 and "checked" not in honest[0]


def test_the_checklist_always_shows_the_current_verdict(alice_client, alice):
    before = statuses(alice_client.get("/readiness/").text)
    assert before["honest"] == "unknown"
    alice_client.post("/readiness/", SITUATION)
    after = statuses(alice_client.get("/readiness/").text)
    assert after["honest"] == "met"
    alice_client.post("/readiness/", {**SITUATION, "honest": ""})
    assert statuses(alice_client.get("/readiness/").text)["honest"] == "unmet"


def test_a_get_never_writes(alice_client, alice):
    assert alice_client.get("/readiness/").status_code == 200
    assert alice_client.get("/dashboard/").status_code == 200
    assert not ReadinessSnapshot.objects.exists()


@pytest.mark.parametrize("count", [10, 10_000])
def test_query_count_is_fixed(alice_client, alice, ready_alice, count, django_assert_num_queries):
    many_entries(alice, count)
    # session, user, entries and moods per day, changes, periods, situation (also the form's)
    for _ in range(2):
        with django_assert_num_queries(7):  # with the keys that open their words
            assert alice_client.get("/readiness/").status_code == 200


def test_an_empty_post_says_what_is_missing(alice_client, alice):
    response = alice_client.post("/readiness/", {})
    assert "This field is required" in response.text
    assert not Situation.objects.filter(user=alice).exists()


def test_a_snapshot_after_a_new_entry_sees_that_entry(alice_client, alice, ready_alice):
    for entry in Entry.objects.filter(user=alice).order_by("day")[:3]:
        entry.delete()  # 5 entries left: growth unmet
    alice_client.post("/readiness/", SITUATION)
    assert ReadinessSnapshot.objects.get(user=alice).state == "not_yet"
    alice_client.get("/dashboard/")
    alice_client.post("/journal/new/", {"day": alice.local_today().isoformat(), "title": "6th"})
    snapshot = ReadinessSnapshot.objects.filter(user=alice).order_by("-at").first()
    assert snapshot is not None and snapshot.state == "ready"


def test_time_passing_alone_changes_the_checklist(alice_client, alice):
    """A period ending mid-day, with nothing else changed, shows as ended."""
    start = dt.datetime(2026, 11, 1, 10, 0, tzinfo=dt.UTC)
    WaitingPeriod.objects.create(
        user=alice, label="No contact", start=start.date(), days=30, started_at=start
    )
    end = start + dt.timedelta(days=30)
    with time_machine.travel(end - dt.timedelta(hours=1), tick=False):
        assert statuses(alice_client.get("/readiness/").text)["waited"] == "unmet"
    with time_machine.travel(end + dt.timedelta(hours=1), tick=False):
        assert statuses(alice_client.get("/readiness/").text)["waited"] == "met"


def test_a_change_named_in_html_is_shown_as_its_words(alice_client, alice):
    # The checklist's rows are drawn in Python: what a person named a change is escaped.
    Change.objects.create(
        user=alice, name='<img src=x onerror="alert(1)">', need_to_fix="yes",
        want_to_fix="yes", for_myself="no",
    )  # fmt: skip
    html = alice_client.get("/readiness/").text
    row = search(r'<li id="condition-for_myself".*?</li>', html, flags=re.S)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in row
    assert "<img" not in row
    assert 'data-status="unmet"' in row and 'href="/advice/' in row


def opening(html: str, mark: str) -> dict[str, str]:
    """The attributes of the one element carrying `mark`."""
    found = [attrs for _tag, attrs in elements(html) if mark in attrs]
    assert len(found) == 1, mark
    return found[0]


def test_the_verdict_leads_and_the_checklist_is_one_tap_away(alice_client):
    alice_client.post("/readiness/", SITUATION)
    html = alice_client.get("/readiness/").text
    assert len(statuses(html)) == 10  # every row is there, marks and all
    assert html.index("data-verdict") < html.index("data-checklist") < html.index("data-condition")
    assert "open" not in opening(html, "data-checklist")  # not yet: what is missing leads
    assert "open" not in opening(html, "data-answers")  # answered: folded
    assert html.index("data-answers") < html.index('id="answers"')


def test_the_answers_are_open_until_given_and_when_sent_with_a_mistake(alice_client):
    assert "open" in opening(alice_client.get("/readiness/").text, "data-answers")
    alice_client.post("/readiness/", SITUATION)
    response = alice_client.post("/readiness/", {**SITUATION, "whose_side": "nobody"})
    assert response.status_code == 200
    assert "open" in opening(response.text, "data-answers")


def test_with_every_condition_met_the_checklist_is_open(alice_client, ready_alice):
    html = alice_client.get("/readiness/").text
    assert 'data-verdict="ready"' in html
    assert "open" in opening(html, "data-checklist")


def test_spanish_questions_start_with_a_capital(alice_client, alice, change):
    """A label is capitalised by its first letter, which for "¿cuándo…?" is the "¿"."""
    alice.language = "es"
    alice.save()
    for path in ("/readiness/", f"/journal/focus/{change.pk}/edit/"):
        html = alice_client.get(path).text
        assert "¿Cuándo fue la ruptura?" in html or "¿Es algo que necesito cambiar?" in html
        assert not re.search(r">\s*¿[a-záéíóúñ]", html), path


def test_one_missing_condition_is_a_sentence_not_a_list_of_one(alice_client, alice, ready_alice):
    Situation.objects.filter(user=alice).update(open_to_contact="unsure")
    html = alice_client.get("/readiness/").text
    assert 'data-verdict="not_yet"' in html
    assert "9 of 10 conditions are met. One is still missing:" in html
    verdict = html[html.index("data-verdict") : html.index("data-checklist")]
    assert "<li>" not in verdict and 'href="/readiness/#condition-open"' in verdict
    dashboard = alice_client.get("/dashboard/").text
    assert '<p data-step="open">' in dashboard and "<li data-step=" not in dashboard
