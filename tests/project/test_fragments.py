"""Cache keys made from what a fragment shows."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.utils import translation

from journal.models import Situation
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


def test_a_form_key_follows_the_values_it_shows(alice, db):
    blank = form_digest(SituationForm, None)
    plan = form_digest(SituationForm, Situation(user=alice, slow_plan="Coffee first."))
    assert plan == form_digest(SituationForm, Situation(user=alice, slow_plan="Coffee first."))
    assert len({blank, plan, form_digest(SituationForm, Situation(user=alice))}) == 3


def test_the_cached_page_frame_fits_who_is_looking(visitor, alice_client):
    """The frame (head, menu, footer) is cached per kind of visit, never shared across."""
    signed_in = alice_client.get("/advice/").text
    anonymous = visitor.get("/advice/").text
    assert "Log out" in signed_in and "Sign up" not in signed_in
    assert "Sign up" in anonymous and "Log out" not in anonymous
    assert "Delete my account" in alice_client.get("/advice/").text


def test_each_session_gets_its_own_log_out_token(alice, bob):
    """The log-out form's CSRF token sits outside the cached frame: each one must work."""
    for user in (alice, bob):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get("/dashboard/").text
        token = re.search(
            r'action="/accounts/logout/".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S
        )
        response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token[1]})
        assert response.status_code == 302
        assert client.get("/dashboard/").status_code == 302  # logged out
