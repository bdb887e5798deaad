"""The dashboard's steps, decided in Python (reconnect/steps.py), and the first run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from journal.readiness.rules import Facts, evaluate
from journal.readiness.steps import first_steps, is_first_run, next_steps
from journal.stats import JournalSummary, Streaks
from journal.waiting import suggest_waiting_days
from tests.markup import page_html
from tests.readiness.test_rules import GOOD_SITUATION, READY, TODAY

EMPTY = Facts(entry_days={})


def summary(days: dict[dt.date, int]) -> JournalSummary:
    return JournalSummary(TODAY, 0, sum(days.values()), Streaks(0, 0), days, {})


def test_ready_steps_are_how_to_go_about_it():
    steps = next_steps(evaluate(READY, TODAY))
    assert [s.key for s in steps] == ["honest", "slow", "either_way"]
    assert [s.url for s in steps] == [
        "/advice/be-honest/",
        "/advice/take-it-slow/",
        "/advice/you-dont-need-them/",
    ]


def test_not_yet_steps_are_what_is_missing():
    verdict = evaluate(EMPTY, TODAY)
    steps = next_steps(verdict)
    assert steps, "an empty journal has next steps"
    assert [s.key for s in steps] == [c.key for c in verdict.next_steps]
    assert all(s.detail for s in steps)


def test_a_hard_stop_steps_are_care_and_never_the_answers():
    stopped = dataclasses.replace(
        READY, situation=dataclasses.replace(GOOD_SITUATION, safety_concern=True)
    )
    steps = next_steps(evaluate(stopped, TODAY))
    assert [s.key for s in steps] == ["write", "waiting", "read"]
    assert not any("/readiness/" in s.url for s in steps)


def test_a_first_run_is_an_empty_account_without_a_stop():
    nothing = evaluate(EMPTY, TODAY)
    assert is_first_run(nothing, summary({}), begun=False)
    assert not is_first_run(nothing, summary({TODAY: 1}), begun=False)
    assert not is_first_run(nothing, summary({}), begun=True)
    stopped = Facts(
        entry_days={}, situation=dataclasses.replace(GOOD_SITUATION, safety_concern=True)
    )
    assert not is_first_run(evaluate(stopped, TODAY), summary({}), begun=False)


def test_first_steps_carry_the_suggested_length():
    steps = first_steps(suggest_waiting_days(12, TODAY - dt.timedelta(days=3), TODAY))
    assert [s.key for s in steps] == ["write", "waiting", "read"]
    assert "90 days" in steps[1].detail  # a year together, a fresh breakup: 60 + 30


def test_signing_up_lands_on_a_short_welcome(visitor, db):
    password = "a-long-enough-passphrase"
    response = visitor.post(
        "/accounts/signup/",
        {"username": "carol", "password1": password, "password2": password},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/start/"
    html = response.text
    assert "data-start" in html
    assert 'data-suggested-days="30"' in html
    assert 'href="/journal/new/"' in html and 'href="/journal/waiting/new/"' in html
    assert "Write it down" in html


def test_the_welcome_needs_login(visitor):
    assert visitor.get("/start/").url == "/accounts/login/?next=/start/"


def test_the_welcome_and_the_first_run_draw_the_same_steps(alice_client):
    """One include draws a new account's first steps on /start/ and on the first-run home."""
    pages = [alice_client.get(url) for url in ("/start/", "/dashboard/")]
    for page in pages:
        assert "home/_first_steps.html" in [t.name for t in page.templates]
    steps = [re.findall(r'data-step="(\w+)"', page.text) for page in pages]
    assert steps[0] == steps[1] == ["write", "waiting", "read"]
    assert "first-steps-column" in pages[0].text and "first-steps-column" not in pages[1].text


def test_the_first_page_names_the_time_zone_as_a_place(alice, alice_client):
    alice.timezone = "Europe/Madrid"
    alice.language = "es"
    alice.save()
    html = page_html(alice_client, "/start/")
    assert "Madrid (España)" in html and "Europe/Madrid" not in html
