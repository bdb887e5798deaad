from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

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
    # Now only: one point is a sentence until there is a line to draw.
    html = alice_client.get("/dashboard/").text
    assert 'class="chart-dot' not in html and "data-timeline-waiting" in html
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
    # session, user, entries and moods per day (today's tapped mood with them), changes,
    # periods, situation, snapshots, on this day, urges in the last 30 days, the quick tags
    # under the faces: every look, as nothing is kept between requests
    for _ in range(2):
        with django_assert_num_queries(11):  # with the keys that open their words
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


def urge_card(html: str) -> str:
    """The home's hard-moment card, from its opening tag to its end."""
    start = html.index("<section", html.index("data-urge-summary") - 200)
    return html[start : html.index("</div></section>", start)]


def main_part(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.mark.parametrize(
    ("answer", "heading"),
    [
        ({"safety_concern": "on"}, "Your safety comes first"),
        ({"asked_no_contact": "on"}, "They asked for no contact, and that deserves respect"),
    ],
)
def test_under_a_hard_stop_the_verdict_leads_and_the_urge_card_is_quiet(
    alice_client, alice, answer, heading
):
    Entry.objects.create(user=alice, day=alice.local_today(), title="A start")
    alice_client.post("/readiness/", {**SITUATION, **answer})
    html = main_part(page_html(alice_client, "/dashboard/"))
    assert 'data-verdict="not_advised"' in html
    # The verdict's heading comes before any way to /urges/new/ in the page's content.
    assert html.index(heading) < html.index('href="/urges/new/"')
    card = urge_card(html)
    assert 'href="/urges/new/"' in card and "data-urge-new" in card
    assert "urge-card-quiet" in card and "btn-primary" not in card
    assert "I want to contact them" not in card
    # One reason is a sentence, not a list of one.
    assert "<p data-stop=" in html and "<li data-stop=" not in html


def test_the_quiet_urge_card_is_drawn_without_the_accent():
    """The quiet card's rules name only ink, surface and hairline, and it never takes a class
    whose rules are in the accent (the browser test checks the computed colours too)."""
    from pathlib import Path

    css = (Path(__file__).parents[2] / "static" / "css" / "site.css").read_text()
    rules = re.findall(r"([^{}]*urge-card-quiet[^{}]*)\{([^}]*)\}", css)
    assert rules
    for _selector, body in rules:
        assert "accent" not in body


def test_with_every_condition_met_the_urge_card_does_not_argue(alice_client, ready_alice):
    html = main_part(page_html(alice_client, "/dashboard/"))
    assert 'data-verdict="ready"' in html
    card = urge_card(html)
    assert html.index('data-verdict="ready"') < html.index("data-urge-summary")
    assert "urge-card-quiet" in card
    assert "Want to contact them right now?" not in card and "instead" not in card


def test_the_count_of_conditions_is_said_once(alice_client, alice):
    Entry.objects.create(user=alice, day=alice.local_today(), title="A start")
    html = page_html(alice_client, "/dashboard/")
    assert 'data-verdict="not_yet"' in html
    assert html.count("of 10 conditions") == 1
    assert 'data-met="0"' in html


def test_urges_without_an_outcome_are_counted(alice_client, alice, urge):
    from journal.models import Urge

    Urge.objects.filter(pk=urge.pk).update(outcome="rode_out")
    now = timezone.now()
    for _ in range(2):
        Urge.objects.create(user=alice, created=now, pause_until=now)
    html = page_html(alice_client, "/dashboard/")
    assert 'data-urges="3" data-passed="1" data-decided="1" data-open="2"' in html
    assert "3 urges in the last 30 days, 1 of 1 passed, 2 with no outcome yet." in html


def test_a_timeline_of_one_point_is_a_sentence(alice_client, alice):
    Entry.objects.create(user=alice, day=alice.local_today(), title="A start")
    html = page_html(alice_client, "/dashboard/")
    assert "data-timeline-waiting" in html
    assert "readiness-timeline" not in html
    ReadinessSnapshot.objects.create(
        user=alice, at=timezone.now() - dt.timedelta(days=3), state="not_yet", met=1, total=10
    )
    html = page_html(alice_client, "/dashboard/")
    assert "data-timeline-waiting" not in html and "readiness-timeline" in html
