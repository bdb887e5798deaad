"""What helped, the list of what helps, and each reset's days kept and what led to it, in
this app's JSON: out, back in once, checked on the way in."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from django.utils import timezone

from journal.models import HelpChoice, Helped, Reset, Urge, WaitingPeriod
from reconnect.accounts.models import User
from tests.journal.importing import done

from .conftest import export, upload


@pytest.fixture
def answered(alice: User, bob: User) -> Urge:
    """Alice's pause with three answers, her own list, a period with two resets; Bob's own."""
    now = timezone.now() - dt.timedelta(days=1)
    mine = HelpChoice.objects.create(user=alice, label="A cold shower")
    HelpChoice.objects.create(user=alice, label="My dog")
    HelpChoice.objects.create(user=alice, hidden="sleep")
    urge = Urge.objects.create(
        user=alice, created=now, pause_until=now, outcome="rode_out", helped_answered_at=now
    )
    Helped.objects.create(user=alice, urge=urge, key="walk")
    Helped.objects.create(user=alice, urge=urge, key="own", choice=mine)
    Helped.objects.create(user=alice, urge=urge, key="other", note="Played the piano")
    period = WaitingPeriod.objects.begin(alice, "No contact", dt.date(2026, 1, 1), 60)
    utc = zoneinfo.ZoneInfo("UTC")
    period.reset("Texted", dt.datetime(2026, 1, 24, 9, tzinfo=utc), utc, ",alcohol,")
    period.reset("Called", dt.datetime(2026, 1, 30, 9, tzinfo=utc), utc, ",unsaid,")
    theirs = HelpChoice.objects.create(user=bob, label="Bob's own")
    bobs = Urge.objects.create(user=bob, created=now - dt.timedelta(hours=1), pause_until=now)
    Helped.objects.create(user=bob, urge=bobs, key="own", choice=theirs)
    return urge


def test_the_json_holds_them(alice_client, answered):
    data = json.loads(export(alice_client, "json"))
    [urge] = data["urges"]
    assert urge["helped"] == [
        {"key": "walk"},
        {"key": "own", "label": "A cold shower"},
        {"key": "other", "note": "Played the piano"},
    ]
    assert urge["helped_answered_at"] == answered.helped_answered_at.isoformat()
    assert data["what_helps"] == {"own": ["A cold shower", "My dog"], "hidden": ["sleep"]}
    resets = data["waiting_periods"][0]["resets"]
    assert [(r["run_days"], r["triggers"]) for r in resets] == [(23, ["alcohol"]), (6, ["unsaid"])]
    assert "Bob" not in json.dumps(data)


def test_the_markdown_says_what_helped(alice_client, answered):
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(export(alice_client, "markdown")))
    [page] = [archive.read(n).decode() for n in archive.namelist() if "hard" in n.lower()]
    assert "what helped: A walk, A cold shower, Played the piano" in page


def snapshot(user: User) -> dict[str, object]:
    choices = HelpChoice.objects.filter(user=user)
    resets = Reset.objects.filter(period__user=user).order_by("at")
    return {
        "own": sorted(c.label for c in choices.filter(hidden="")),
        "hidden": list(choices.exclude(hidden="").values_list("hidden", flat=True)),
        "helped": sorted(
            (a.urge.created, a.key, a.choice.label if a.choice else "", a.note)
            for a in Helped.objects.filter(user=user).select_related("urge", "choice")
        ),
        "answered": list(
            Urge.objects.filter(user=user).values_list("helped_answered_at", flat=True)
        ),
        "resets": list(resets.values_list("at", "run_days", "triggers")),
    }


def test_they_round_trip_once(alice_client, bob_client, alice, bob, answered):
    HelpChoice.objects.filter(user=bob).delete()  # Bob's answer goes with his own item
    Urge.objects.filter(user=bob).delete()
    exported = export(alice_client, "json")
    for _ in range(2):  # the second import adds nothing
        assert done(upload(bob_client, exported))
        assert snapshot(bob) == snapshot(alice)


def test_an_item_of_the_same_words_is_not_made_twice(alice_client, bob_client, bob, answered):
    HelpChoice.objects.create(user=bob, label="a COLD shower")
    assert done(upload(bob_client, export(alice_client, "json")))
    labels = sorted(c.label for c in HelpChoice.objects.filter(user=bob, hidden=""))
    assert labels == ["Bob's own", "My dog", "a COLD shower"]
    answer = Helped.objects.get(user=bob, key="own", urge__created=answered.created)
    assert answer.choice is not None and answer.choice.label == "a COLD shower"


PERIOD = {"label": "No contact", "start": "2026-01-01", "days": 60,
          "started_at": "2026-01-30T09:00:00+00:00"}  # fmt: skip


def test_an_older_export_has_its_runs_counted_in_the_accounts_zone(alice_client, alice):
    alice.timezone = "America/New_York"
    alice.save()
    # As an export made before runs were kept: no run_days, no triggers.
    resets = [
        {"run_started_at": "2026-01-01T05:00:00Z", "at": "2026-01-24T04:30:00Z", "note": "a"},
        {"run_started_at": "2026-01-24T04:30:00Z", "at": "2026-01-30T09:00:00Z", "note": "b"},
    ]
    document = {"schema": "reconnect/1", "entries": [],
                "waiting_periods": [{**PERIOD, "resets": resets}]}  # fmt: skip
    assert done(upload(alice_client, document))
    kept = list(Reset.objects.order_by("at").values_list("run_days", "triggers"))
    # 1 Jan 00:00 to 23 Jan 23:30 in New York: 22 days; then to 30 Jan 04:00: 6 days.
    assert kept == [(22, ""), (6, "")]


def urge_with(**fields: object) -> dict[str, object]:
    urge = {"created": "2026-11-01T01:00:00+00:00", "triggers": ["boredom"], **fields}
    return {"schema": "reconnect/1", "entries": [], "urges": [urge]}


def reset_with(**fields: object) -> dict[str, object]:
    reset = {"at": "2026-01-02T00:00:00Z", **fields}
    return {"schema": "reconnect/1", "entries": [],
            "waiting_periods": [{**PERIOD, "resets": [reset]}]}  # fmt: skip


BAD = [
    (urge_with(helped=[{"key": "hugs"}]), "Urge 1: what helped must be from the list"),
    (urge_with(helped="walk"), "Urge 1: what helped should be a list."),
    (urge_with(helped=[{"key": "own"}]), "Urge 1: an item of your own has no words."),
    (urge_with(helped=[{"key": "own", "label": "x" * 61}]), "Ensure this value has at most 60"),
    (urge_with(helped=[{"key": "own", "label": "a\x00b"}]), "Urge 1"),
    (urge_with(helped=[{"key": "other"}]), "“something else” helped, but no words say what."),
    (urge_with(helped=[{"key": "other", "note": "x" * 201}]), "Ensure this value has at most 200"),
    ({"schema": "reconnect/1", "entries": [], "what_helps": {"hidden": ["hugs"]}},
     "a hidden choice is not one of the list"),
    ({"schema": "reconnect/1", "entries": [], "what_helps": {"own": "x"}},
     "&#x27;own&#x27; and &#x27;hidden&#x27; should be lists."),
    ({"schema": "reconnect/1", "entries": [], "what_helps": {"own": [f"t{n}" for n in range(31)]}},
     "holds more than 30 items of your own."),
    (reset_with(run_days=-1), "a reset&#x27;s days kept must be from 0 to 365."),
    (reset_with(run_days="5"), "a reset&#x27;s days kept must be from 0 to 365."),
    (reset_with(run_days=True), "a reset&#x27;s days kept must be from 0 to 365."),
    (reset_with(run_days=10**9), "a reset&#x27;s days kept must be from 0 to 365."),
    (reset_with(triggers=["x"]), "what led to a reset must be from the list"),
]  # fmt: skip


@pytest.mark.parametrize(("document", "message"), BAD)
def test_bad_records_get_a_clear_message_and_change_nothing(alice_client, document, message):
    response = upload(alice_client, document)
    assert message in response.text
    assert "Nothing was imported" in response.text
    assert not Urge.objects.exists() and not HelpChoice.objects.exists()
    assert not WaitingPeriod.objects.exists()
