from __future__ import annotations

import datetime as dt

import pytest

from journal.models import Entry, FocusArea, Situation, WaitingPeriod, local_midnight

SITUATION = {
    "broke_up_on": "2026-05-01",
    "whose_side": "mine",
    "their_rough_patch": "none",
    "their_behaviour": "none",
    "honest": "on",
    "slow_plan": "Coffee first, then walks; nothing public for a while.",
    "accept_no": "on",
}


@pytest.fixture
def ready_alice(alice) -> None:
    """Records that meet every condition, with dates in the past."""
    today = alice.local_today()
    area = FocusArea.objects.create(
        user=alice,
        name="Jealousy",
        about_breakup=True,
        need_to_fix="yes",
        want_to_fix="yes",
        for_myself="yes",
    )
    for week in range(4):
        for day in (0, 2):
            Entry.objects.create(
                user=alice,
                day=today - dt.timedelta(weeks=week, days=day),
                title=f"Week {week}",
                focus=area,
                mood=4,
            )
    start = today - dt.timedelta(days=45)
    WaitingPeriod.objects.create(
        user=alice,
        label="No contact",
        start=start,
        days=30,
        started_at=local_midnight(start, alice.tzinfo),
    )
    Situation.objects.create(
        user=alice,
        whose_side="mine",
        their_rough_patch="none",
        their_behaviour="none",
        honest=True,
        slow_plan=SITUATION["slow_plan"],
        accept_no=True,
    )
