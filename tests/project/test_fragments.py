"""Cache keys made from what a fragment shows."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from reconnect.forms import SituationForm
from reconnect.fragments import digest, form_digest
from reconnect.readiness import Facts, evaluate


def test_equal_values_give_equal_keys_and_any_difference_a_new_one():
    assert digest("a", 1, [True]) == digest("a", 1, [True])
    assert digest("a", 1, [True]) != digest("a", 1, [False])
    assert digest("a") != digest("a", None)


def test_the_language_is_part_of_the_key():
    with translation.override("en"):
        english = digest("x")
    with translation.override("de"):
        assert digest("x") != english


def test_a_verdict_key_follows_its_conditions():
    today = dt.date(2026, 11, 24)
    empty = evaluate(Facts(entry_days={}), today)
    busy = evaluate(
        Facts(entry_days={today - dt.timedelta(days=7 * n): 2 for n in range(4)}), today
    )
    assert digest(empty) == digest(evaluate(Facts(entry_days={}), today))
    assert digest(empty) != digest(busy)


def test_a_form_key_follows_its_initial_values(alice, db):
    blank = form_digest(SituationForm(user=alice))
    assert blank == form_digest(SituationForm(user=alice))
    assert blank != form_digest(SituationForm(user=alice, initial={"slow_plan": "Coffee first."}))
