"""Generated input for every form: the answer is a form error or a success, never a 500.

At least 200 examples a form: odd Unicode (NULs, surrogates' neighbours, right-to-left
marks), huge strings, boundary and impossible dates, numbers out of range, time zones.

Hypothesis runs all of a test's examples inside one database transaction, so the forms
that are throttled (sign-up, log-in, the two-factor code, the reset mail) start each
example with every limit forgotten: otherwise the sixth sign-up on would meet the 429
page, not the form, and the fuzzing would test the throttle 180 times out of 200.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.models import WaitingPeriod, local_midnight
from reconnect.lib.models import RateLimit
from tests.conftest import PASSWORD
from tests.journal.importing import post_import
from tests.responses import Response

EXAMPLES = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OK = {200, 302}

odd = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
huge = st.builds(
    lambda c, n: c * n,
    st.sampled_from(["x", "é", "💔", "\u202e", "\x00", " "]),
    st.integers(0, 30_000),
)
text = st.one_of(odd, huge, st.sampled_from(["", " ", "yes", "no", "unsure", "0", "-1", "1e9"]))
dates = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "today", "", "2026-11-24T10:00"]),
    odd,
)
numbers = st.one_of(st.integers(-(10**12), 10**12).map(str), text)
ANSWERS = [
    "yes",
    "no",
    "unsure",
    "mine",
    "theirs",
    "both",
    "none",
    "ongoing",
    "resolved",
    "changed",
    "unchanged",
    "on",
]
choices = st.one_of(st.sampled_from([*ANSWERS, ""]), odd)
TWO_FACTOR_ACTIONS = ["start", "confirm", "cancel", "off", "new_codes"]
zones = st.one_of(st.sampled_from(sorted(zoneinfo.available_timezones())), odd)


def check(response: Response) -> None:
    assert response.status_code in OK, response.status_code


def without_limits() -> None:
    """Forget every throttle's count: the token buckets and axes' failed log-ins."""
    RateLimit.objects.all().delete()
    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()


@EXAMPLES
@given(title=text, body=text, day=dates, mood=numbers, focus=numbers)
def test_entry_form(alice_client, title, body, day, mood, focus):
    check(
        alice_client.post(
            "/journal/new/",
            {"title": title, "body": body, "day": day, "mood": mood, "focus": focus},
        )
    )


@EXAMPLES
@given(name=text, about=choices, need=choices, want=choices, mine=choices, notes=text)
def test_change_form(alice_client, name, about, need, want, mine, notes):
    data = {"name": name, "about_breakup": about, "need_to_fix": need, "want_to_fix": want,
            "for_myself": mine, "notes": notes}  # fmt: skip
    check(alice_client.post("/journal/focus/new/", data))


@EXAMPLES
@given(label=text, start=dates, days=numbers, purpose=text)
def test_waiting_period_form(alice_client, label, start, days, purpose):
    data = {"label": label, "start": start, "days": days, "purpose": purpose}
    check(alice_client.post("/journal/waiting/new/", data))


@EXAMPLES
@given(
    note=text,
    triggers=st.lists(st.one_of(st.sampled_from(["alcohol", "unsaid", "other"]), odd), max_size=4),
)
def test_reset_form(alice_client, alice, note, triggers):
    period = WaitingPeriod.objects.filter(user=alice).first() or WaitingPeriod.objects.create(
        user=alice, label="p", start=dt.date(2026, 1, 1), days=30,
        started_at=local_midnight(dt.date(2026, 1, 1), alice.tzinfo),
    )  # fmt: skip
    data = {"note": note, "triggers": triggers}
    check(alice_client.post(f"/journal/waiting/{period.pk}/reset/", data))


@EXAMPLES
@given(
    broke_up_on=dates,
    whose=choices,
    patch=choices,
    behaviour=choices,
    flags=st.lists(choices, min_size=4, max_size=4),
    plan=text,
)
def test_situation_form(alice_client, broke_up_on, whose, patch, behaviour, flags, plan):
    data = {"broke_up_on": broke_up_on, "whose_side": whose, "their_rough_patch": patch,
            "their_behaviour": behaviour, "asked_no_contact": flags[0], "safety_concern": flags[1],
            "honest": flags[2], "accept_no": flags[3], "slow_plan": plan}  # fmt: skip
    check(alice_client.post("/readiness/", data))


@EXAMPLES
@given(zone=zones, email=text, reminders=choices)
def test_profile_form(alice_client, zone, email, reminders):
    check(
        alice_client.post(
            "/accounts/profile/", {"timezone": zone, "email": email, "email_reminders": reminders}
        )
    )


@EXAMPLES
@given(username=text, email=text, password=text)
def test_signup_form(client, db, username, email, password):
    without_limits()
    data = {"username": username, "email": email, "password1": password, "password2": password}
    response = client.post("/accounts/signup/", data)
    check(response)  # the form's errors or a new account; never the sign-up limit's 429
    if response.status_code == 302:
        client.post("/accounts/logout/")


@EXAMPLES
@given(username=text, password=text)
def test_login_form(client, db, username, password):
    without_limits()
    check(client.post("/accounts/login/", {"username": username, "password": password}))


@EXAMPLES
@given(password=text)
def test_delete_account_form(alice_client, password):
    check(alice_client.post("/accounts/delete/", {"password": password}))


@EXAMPLES
@given(action=st.one_of(st.sampled_from(TWO_FACTOR_ACTIONS), odd), code=text, password=text)
def test_two_factor_form(alice_client, action, code, password):
    data = {"action": action, "code": code, "password": password}
    check(alice_client.post("/accounts/two-factor/", data))


@EXAMPLES
@given(code=text)
def test_two_factor_code_form(client, alice, code):
    without_limits()
    TOTPDevice.objects.get_or_create(user=alice, confirmed=True, defaults={"name": "app"})
    password_step = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert password_step["Location"].startswith("/accounts/two-factor/login/")
    response = client.post("/accounts/two-factor/login/", {"code": code})
    check(response)  # the code was checked: not the lockout's 429 nor the per-hour limit's
    assert "Many codes have been tried" not in response.text


@EXAMPLES
@given(email=text)
def test_password_reset_form(client, db, email):
    without_limits()  # the limit is quiet (the same 302), so only this shows the form ran
    check(client.post("/accounts/password_reset/", {"email": email}))


ODD_FILES = [
    b"{}",
    b"[]",
    b'{"entries": null}',
    b'{"entries": [null]}',
    b'{"schema": "reconnect/1", "entries": [{}]}',
    b'{"entries": [{"date": "2026-01-01", "time": "x", "body": 5, "title": []}]}',
    b'{"metadata": {}, "entries": [{"creationDate": 5, "timeZone": "Nowhere/Land"}]}',
    b'{"schema": "reconnect/1", "entries": [], "waiting_periods": [{"days": 5}]}',
    b'{"schema": "reconnect/1", "entries": [], "focus_areas": [{"name": "x", "need_to_fix": 1}]}',
    b'{"schema": "reconnect/1", "entries": [], "urges": [{"created": "2026-01-01T00:00:00Z", '
    b'"triggers": [["x"]], "intensity": true, "outcome": []}]}',
    b'{"schema": "reconnect/1", "entries": [], "urges": [{"created": "2026-01-01T00:00:00Z", '
    b'"triggers": ["date"], "intensity": 3, "outcome": {}, "draft": [1]}]}',
    b'{"schema": "reconnect/1", "entries": [], "reasons_to_wait": [[], null, 5], '
    b'"logistics_contacts": [{"period": {"days": []}, "note": "x"}], "friend": "Sam"}',
    b'{"schema": "reconnect/1", "entries": [], "friend": {"name": [], "email": "no"}}',
]


@EXAMPLES
@given(
    content=st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda t: t.encode("utf-8", "surrogatepass"), odd),
        st.sampled_from(ODD_FILES),
    ),
    name=st.sampled_from(["export.json", "Journal.json", "export.zip", "x", ""]),
)
def test_import_form(alice_client, content, name):
    check(post_import(alice_client, content, name or "file"))


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_huge_ids_are_404s(alice_client, pk):
    assert alice_client.get(f"/journal/{pk}/").status_code == 404


@EXAMPLES
@given(
    message=text,
    triggers=st.lists(st.one_of(st.sampled_from(["loneliness", "date", "other"]), odd), max_size=4),
    note=text,
    intensity=numbers,
)
def test_urge_form(alice_client, message, triggers, note, intensity):
    data = {"message": message, "triggers": triggers, "trigger_note": note,
            "intensity": intensity}  # fmt: skip
    check(alice_client.post("/urges/new/", data))


@EXAMPLES
@given(text_=text)
def test_reason_form(alice_client, text_):
    check(alice_client.post("/urges/reasons/", {"text": text_}))


@EXAMPLES
@given(day=dates, note=text)
def test_logistics_contact_form(alice_client, alice, day, note):
    period = WaitingPeriod.objects.filter(user=alice).first() or WaitingPeriod.objects.create(
        user=alice, label="p", start=dt.date(2026, 1, 1), days=30,
        started_at=local_midnight(dt.date(2026, 1, 1), alice.tzinfo),
    )  # fmt: skip
    check(alice_client.post(f"/journal/waiting/{period.pk}/contact/", {"day": day, "note": note}))


@EXAMPLES
@given(
    outcome=st.one_of(st.sampled_from(["rode_out", "kept_draft", "contacted", "logistics"]), text)
)
def test_urge_outcome_form(alice_client, urge, outcome):
    check(alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": outcome}))


HELPED_KEYS = ["walk", "sleep", "other", "own-1", "own-", "own-99999999999999999999", "skip"]


@EXAMPLES
@given(
    helped=st.one_of(st.sampled_from(HELPED_KEYS), text),
    note=text,
    take_back=st.one_of(st.sampled_from(["", *HELPED_KEYS]), odd),
    skip=st.sampled_from(["", "1", "x"]),
    place=st.one_of(st.sampled_from(["home", "pause"]), odd),
)
def test_what_helped_form(alice_client, alice, helped, note, take_back, skip, place):
    from journal.models import Urge

    now = dt.datetime.now(dt.UTC)
    urge = Urge.objects.filter(user=alice).first() or Urge.objects.create(
        user=alice, created=now, pause_until=now
    )
    data = {"helped": helped, "helped_note": note, "take_back": take_back, "skip": skip,
            "place": place}  # fmt: skip
    check(alice_client.post(f"/urges/{urge.pk}/helped/", data))
    fetched = alice_client.post(f"/urges/{urge.pk}/helped/", data, HTTP_X_REQUESTED_WITH="fetch")
    assert fetched.status_code in (200, 400)


@EXAMPLES
@given(label=text, key=st.one_of(st.sampled_from(["walk", "sleep", ""]), odd))
def test_what_helps_forms(alice_client, label, key):
    check(alice_client.post("/urges/helps/", {"label": label}))
    check(alice_client.post("/urges/helps/built-in/", {"key": key}))
