from __future__ import annotations

import datetime as dt

import pytest

from journal.models import Entry, ReadinessSnapshot, WaitingPeriod
from tests.conftest import SITUATION, many_entries
from tests.markup import page_html


def test_it_needs_login(visitor):
    assert visitor.get("/dashboard/").url == "/accounts/login/?next=/dashboard/"


def test_an_empty_account_gets_first_steps(alice_client):
    """A first run invites a first entry and a first waiting period, and counts nothing."""
    html = alice_client.get("/dashboard/").text
    assert "data-first-run" in html
    assert html.count("data-step=") == 3
    assert 'data-step="write"' in html and 'href="/journal/new/"' in html
    assert 'data-step="waiting"' in html and 'href="/journal/waiting/new/"' in html
    assert "A good length for you to start with: 30 days." in html
    # No verdict of "0 of 10", no checklist, no streak of zero.
    assert "data-verdict" not in html and "data-met" not in html
    assert "of 10" not in html and "streak" not in html.lower()


def test_a_first_run_ends_with_the_first_entry(alice_client, alice):
    Entry.objects.create(user=alice, day=alice.local_today(), title="Hello")
    html = alice_client.get("/dashboard/").text
    assert 'data-verdict="not_yet"' in html
    assert "data-first-run" not in html
    assert 'data-total="10"' in html
    # One entry is no streak yet: the numbers say what was written, nothing more.
    assert 'data-count="last_30_days">1<' in html and 'data-count="streak"' not in html
    assert 'aria-label="No mood noted in the last 90 days."' in html


def test_a_hard_stop_is_never_hidden_behind_a_first_run(alice_client, alice):
    alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"})
    html = alice_client.get("/dashboard/").text
    assert 'data-verdict="not_advised"' in html
    assert "data-first-run" not in html


def test_it_shows_running_periods_numbers_mood_and_changes(alice_client, alice):
    today = alice.local_today()
    start = today - dt.timedelta(days=3)
    WaitingPeriod.objects.begin(alice, "No contact", start, 30)
    for days_ago, mood in ((1, 2), (20, 4), (100, 5)):
        Entry.objects.create(
            user=alice, day=today - dt.timedelta(days=days_ago), title="e", mood=mood
        )
    alice_client.post("/journal/focus/new/", {
        "name": "Fitness", "need_to_fix": "unsure", "want_to_fix": "yes", "for_myself": "yes",
    })  # fmt: skip
    html = alice_client.get("/dashboard/").text
    assert "data-percent=" in html and "No contact" in html
    assert 'data-count="last_30_days">2<' in html
    assert "Mood noted on 2 days in the last 90 days, averaging 3.0 of 5." in html
    assert "Fitness" in html
    assert '<svg class="chart readiness-timeline"' in html


def test_the_timeline_shows_stored_changes(alice_client, alice):
    Entry.objects.create(user=alice, day=alice.local_today(), title="Past the first run")
    assert alice_client.get("/dashboard/").text.count('class="chart-dot') == 1  # now only
    alice_client.post("/readiness/", SITUATION)
    assert ReadinessSnapshot.objects.filter(user=alice).count() == 1
    html = alice_client.get("/dashboard/").text
    assert html.count('class="chart-dot state-not_yet"') == 2  # the snapshot and now
    alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"})
    html = alice_client.get("/dashboard/").text
    # Under the stop the earlier count steps back to one quiet tone, never "ready".
    assert html.count('class="chart-dot state-not_yet"') == 0
    assert html.count('class="chart-dot state-past"') == 1
    assert html.count('class="chart-dot state-not_advised"') == 2  # the snapshot and now


def test_under_a_hard_stop_the_timeline_has_no_ready(alice_client, ready_alice, alice):
    """Snapshots once ready, then a safety concern: no "Ready" colour, legend or point."""
    alice_client.post("/readiness/", SITUATION)
    html = alice_client.get("/dashboard/").text
    assert html.count('class="chart-dot state-ready"') == 2  # the snapshot and now
    alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"})
    html = alice_client.get("/dashboard/").text
    timeline = html[html.index('<svg class="chart readiness-timeline"') :]
    timeline = timeline[: timeline.index("</svg>")]
    assert "state-ready" not in timeline
    assert "Ready" not in timeline and "ready" not in timeline
    assert "state-not_advised" in timeline


def test_ready_shows_how_to_go_about_it(alice_client, ready_alice):
    html = alice_client.get("/dashboard/").text
    assert 'data-verdict="ready"' in html
    assert "Take it slow" in html


def test_a_safety_concern_never_says_reach_out_anywhere(alice_client, ready_alice, alice):
    alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"})
    pages = ["/dashboard/", "/readiness/", "/journal/", "/journal/focus/", "/journal/waiting/",
             "/journal/new/", "/accounts/profile/"]  # fmt: skip
    entry = Entry.objects.filter(user=alice).first()
    assert entry is not None
    pages.append(f"/journal/{entry.pk}/")
    for page in pages:
        response = alice_client.get(page)
        assert response.status_code == 200, page
        assert "reach out" not in response.text.lower(), page
    assert 'data-verdict="not_advised"' in alice_client.get("/dashboard/").text


@pytest.mark.parametrize("count", [10, 10_000])
def test_query_count_is_fixed(alice_client, alice, ready_alice, count, django_assert_num_queries):
    many_entries(alice, count)
    alice_client.post("/readiness/", SITUATION)
    alice_client.get("/readiness/")  # shows, and so removes, the "answers saved" message
    # session, user, entries and moods per day, changes, periods, situation, snapshots,
    # on this day, urges in the last 30 days: every look, as nothing is kept between requests
    for _ in range(2):
        with django_assert_num_queries(10):  # with the keys that open their words
            assert alice_client.get("/dashboard/").status_code == 200


def test_the_verdict_shown_follows_every_change(alice_client, alice):
    assert "data-first-run" in alice_client.get("/dashboard/").text
    Entry.objects.create(user=alice, day=alice.local_today(), title="A start")
    assert 'data-met="0"' in alice_client.get("/dashboard/").text
    alice_client.post("/readiness/", SITUATION)
    html = alice_client.get("/dashboard/").text
    assert 'data-met="0"' not in html
    alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"})
    assert 'data-verdict="not_advised"' in alice_client.get("/dashboard/").text


def test_the_changes_and_their_counts_follow_every_change(alice_client, alice, change):
    assert "0 entries" in alice_client.get("/dashboard/").text
    today = alice.local_today().isoformat()
    alice_client.post(
        "/journal/new/", {"day": today, "title": "Talked it through", "focus": change.pk}
    )
    assert "1 entry" in alice_client.get("/dashboard/").text
    alice_client.post(
        f"/journal/focus/{change.pk}/edit/",
        {"name": "Jealousy", "need_to_fix": "yes", "want_to_fix": "yes", "for_myself": "yes",
         "archived": "on"},
    )  # fmt: skip
    assert f"?focus={change.pk}" not in page_html(alice_client, "/dashboard/")


def test_the_hard_moment_comes_first(alice_client, alice, urge):
    from journal.models import Urge

    Urge.objects.filter(pk=urge.pk).update(outcome="rode_out")
    html = alice_client.get("/dashboard/").text
    assert html.index("data-urge-summary") < html.index("data-first-run")
    Entry.objects.create(user=alice, day=alice.local_today(), title="A start")
    html = alice_client.get("/dashboard/").text
    assert html.index("data-urge-summary") < html.index("data-verdict")
    assert "1 urge in the last 30 days, 1 of 1 passed." in html
    assert 'href="/urges/"' in html
