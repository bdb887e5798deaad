"""The readiness rules, table-driven at every edge, plus properties over generated facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.readiness.rules import (
    GROWTH_MIN_ENTRIES,
    GROWTH_MIN_WEEKS,
    ChangeFacts,
    Facts,
    PeriodFacts,
    SituationFacts,
    State,
    Status,
    StopKind,
    evaluate,
)

TODAY = dt.date(2026, 11, 24)  # a Tuesday

GOOD_SITUATION = SituationFacts(
    whose_side="mine",
    their_rough_patch="none",
    their_behaviour="none",
    asked_no_contact=False,
    safety_concern=False,
    honest=True,
    slow_plan="Coffee first, then walks; nothing public for a while.",
    accept_no=True,
    open_to_contact="yes",
)
GOOD_CHANGE = ChangeFacts("Jealousy", True, "yes", "yes", "yes", entry_count=3)
DONE_PERIOD = PeriodFacts("No contact", days=30, complete=True, days_left=0)


def spread(entries: int, weeks: int) -> dict[dt.date, int]:
    """`entries` entries over `weeks` distinct weeks, all inside the growth window."""
    days: dict[dt.date, int] = {}
    for i in range(entries):
        day = TODAY - dt.timedelta(weeks=i % weeks)
        days[day] = days.get(day, 0) + 1
    return days


READY = Facts(
    entry_days=spread(6, 3),
    changes=(GOOD_CHANGE,),
    periods=(DONE_PERIOD,),
    situation=GOOD_SITUATION,
)


def status(facts: Facts, key: str) -> Status:
    return next(c.status for c in evaluate(facts, TODAY).conditions if c.key == key)


def with_situation(**changes: Any) -> Facts:
    return dataclasses.replace(READY, situation=dataclasses.replace(GOOD_SITUATION, **changes))


def test_all_conditions_met_is_ready():
    verdict = evaluate(READY, TODAY)
    assert verdict.state is State.READY
    assert (verdict.met, verdict.total) == (10, 10)
    assert verdict.missing == []


@pytest.mark.parametrize(
    ("entries", "weeks", "expected"),
    [
        (5, 3, Status.UNMET),
        (6, 3, Status.MET),
        (6, 2, Status.UNMET),
        (12, 3, Status.MET),
        (0, 1, Status.UNMET),
    ],
)
def test_growth_needs_six_entries_on_three_weeks(entries, weeks, expected):
    facts = dataclasses.replace(READY, entry_days=spread(entries, weeks) if entries else {})
    assert status(facts, "growth") is expected


def test_growth_counts_only_the_last_90_days():
    old = {TODAY - dt.timedelta(days=90 + 7 * w): 2 for w in range(3)}
    assert status(dataclasses.replace(READY, entry_days=old), "growth") is Status.UNMET
    edge = {TODAY - dt.timedelta(days=89 - 7 * w): 2 for w in range(3)}
    assert status(dataclasses.replace(READY, entry_days=edge), "growth") is Status.MET


@pytest.mark.parametrize(
    "entry_days, expected",
    [
        (spread(4, 2), "4 of 6 entries, on 2 of 3 different weeks, in the last 90 days."),
        (spread(5, 4), "5 of 6 entries, on 4 different weeks, in the last 90 days."),
        (spread(8, 2), "8 entries, on 2 of 3 different weeks, in the last 90 days."),
        (
            READY.entry_days,
            "6 entries on 3 different weeks in the last 90 days (6 on 3 weeks are needed).",
        ),
    ],
)
def test_growth_explains_with_numbers(entry_days, expected):
    facts = dataclasses.replace(READY, entry_days=entry_days)
    detail = next(c.detail for c in evaluate(facts, TODAY).conditions if c.key == "growth")
    assert detail == expected
    # A threshold still to reach is named, not only the count.
    assert "needed" in detail or any(
        f"of {n}" in detail for n in (GROWTH_MIN_ENTRIES, GROWTH_MIN_WEEKS)
    )


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ((), Status.UNMET),
        ((PeriodFacts("p", 30, complete=False, days_left=1),), Status.UNMET),  # day 29 of 30
        ((PeriodFacts("p", 30, complete=True, days_left=0),), Status.MET),  # day 30 of 30
        ((PeriodFacts("p", 29, complete=True, days_left=0),), Status.UNMET),  # too short
        ((DONE_PERIOD, PeriodFacts("q", 14, complete=False, days_left=5)), Status.UNMET),
        ((DONE_PERIOD, PeriodFacts("q", 14, complete=True, days_left=0)), Status.MET),
    ],
)
def test_waited(periods, expected):
    assert status(dataclasses.replace(READY, periods=periods), "waited") is expected


def test_a_running_period_says_how_many_days_are_left():
    running = PeriodFacts("No contact", 30, complete=False, days_left=12)
    facts = dataclasses.replace(READY, periods=(DONE_PERIOD, running))
    waited = next(c for c in evaluate(facts, TODAY).conditions if c.key == "waited")
    assert "12 days left" in waited.detail


def test_the_waiting_line_names_the_period_that_keeps_it_unmet():
    """The condition is met only when no period runs, so it waits for the one ending last:
    naming the one ending first said 16 days while 60 were left."""
    social = PeriodFacts("No social media", 30, complete=False, days_left=16)
    again = PeriodFacts("No contact, again", 60, complete=False, days_left=60)
    for periods in ((social, again), (again, social)):
        facts = dataclasses.replace(READY, periods=periods)
        waited = next(c for c in evaluate(facts, TODAY).conditions if c.key == "waited")
        assert waited.detail == "“No contact, again” is still running: 60 days left."


@pytest.mark.parametrize(
    ("changes", "whose_side", "expected"),
    [
        ((GOOD_CHANGE,), "mine", Status.MET),
        ((), "mine", Status.UNKNOWN),
        ((), "both", Status.UNKNOWN),
        ((), "", Status.UNKNOWN),
        ((), "theirs", Status.MET),
        ((), "circumstances", Status.MET),
        ((dataclasses.replace(GOOD_CHANGE, want_to_fix="unsure"),), "mine", Status.UNMET),
        ((dataclasses.replace(GOOD_CHANGE, entry_count=0),), "mine", Status.UNMET),
        (
            (dataclasses.replace(GOOD_CHANGE, about_breakup=False, need_to_fix="no"),),
            "mine",
            Status.UNKNOWN,
        ),
    ],
)
def test_reflected(changes, whose_side, expected):
    facts = dataclasses.replace(
        READY,
        changes=changes,
        situation=dataclasses.replace(GOOD_SITUATION, whose_side=whose_side),
    )
    assert status(facts, "reflected") is expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (("yes",), Status.MET),
        (("yes", "unsure"), Status.UNMET),
        (("no",), Status.UNMET),
        ((), Status.UNKNOWN),
    ],
)
def test_for_myself(answers, expected):
    changes = tuple(
        ChangeFacts(f"c{i}", False, "yes", "yes", answer, 1) for i, answer in enumerate(answers)
    )
    assert status(dataclasses.replace(READY, changes=changes), "for_myself") is expected


@pytest.mark.parametrize(
    ("changes", "key", "expected"),
    [
        ({"honest": False}, "honest", Status.UNMET),
        ({"accept_no": False}, "accept_no", Status.UNMET),
        ({"slow_plan": ""}, "slow", Status.UNMET),
        ({"slow_plan": "   slow   "}, "slow", Status.UNMET),
        ({"slow_plan": "x" * 19}, "slow", Status.UNMET),
        ({"slow_plan": "x" * 20}, "slow", Status.MET),
        ({"their_rough_patch": "ongoing"}, "good_place", Status.UNMET),
        ({"their_rough_patch": "unsure"}, "good_place", Status.UNKNOWN),
        ({"their_rough_patch": "resolved"}, "good_place", Status.MET),
        ({"their_behaviour": "unchanged"}, "changed", Status.UNMET),
        ({"their_behaviour": "unsure"}, "changed", Status.UNKNOWN),
        ({"their_behaviour": "changed"}, "changed", Status.MET),
        ({"asked_no_contact": True}, "open", Status.UNMET),
        ({"open_to_contact": "yes"}, "open", Status.MET),
        ({"open_to_contact": "no"}, "open", Status.UNMET),
        ({"open_to_contact": "unsure"}, "open", Status.UNKNOWN),
        ({"open_to_contact": ""}, "open", Status.UNKNOWN),
        ({"open_to_contact": "yes", "asked_no_contact": True}, "open", Status.UNMET),
    ],
)
def test_answers(changes, key, expected):
    assert status(with_situation(**changes), key) is expected


def test_without_a_situation_every_answer_is_unknown():
    verdict = evaluate(dataclasses.replace(READY, situation=None), TODAY)
    unknown = {c.key for c in verdict.conditions if c.status is Status.UNKNOWN}
    assert unknown == {"honest", "slow", "accept_no", "good_place", "changed", "open"}
    assert verdict.state is State.NOT_YET


@pytest.mark.parametrize(
    "facts",
    [
        with_situation(asked_no_contact=True),
        with_situation(safety_concern=True),
        dataclasses.replace(READY, changes=(dataclasses.replace(GOOD_CHANGE, need_to_fix="no"),)),
        dataclasses.replace(READY, changes=(dataclasses.replace(GOOD_CHANGE, want_to_fix="no"),)),
    ],
)
def test_hard_stops_win_over_everything(facts):
    verdict = evaluate(facts, TODAY)
    assert verdict.state is State.NOT_ADVISED
    assert verdict.stops
    assert verdict.checklist == []


@pytest.mark.parametrize(
    ("facts", "kinds"),
    [
        (with_situation(safety_concern=True), [StopKind.SAFETY]),
        (with_situation(asked_no_contact=True), [StopKind.NO_CONTACT]),
        (
            dataclasses.replace(
                READY, changes=(dataclasses.replace(GOOD_CHANGE, want_to_fix="no"),)
            ),
            [StopKind.NOT_FIXING],
        ),
        (
            dataclasses.replace(
                with_situation(asked_no_contact=True, safety_concern=True),
                changes=(dataclasses.replace(GOOD_CHANGE, need_to_fix="no"),),
            ),
            [StopKind.SAFETY, StopKind.NO_CONTACT, StopKind.NOT_FIXING],
        ),
        (READY, []),
    ],
)
def test_a_verdict_says_which_kind_of_stop_applies(facts, kinds):
    verdict = evaluate(facts, TODAY)
    assert verdict.kinds == kinds
    assert verdict.safety_concern == (StopKind.SAFETY in kinds)


def test_under_a_stop_what_still_matters_is_your_own_growth_and_waiting():
    verdict = evaluate(with_situation(asked_no_contact=True), TODAY)
    assert [c.key for c in verdict.for_yourself] == ["growth", "waited"]


def test_next_steps_are_distinct_and_at_most_three():
    empty = Facts(entry_days={})
    steps = evaluate(empty, TODAY).next_steps
    assert [c.key for c in steps] == ["reflected", "honest", "growth"]
    assert len({(c.action, c.fragment) for c in steps}) == 3


def test_a_no_for_a_change_that_was_not_a_reason_is_no_hard_stop():
    change = dataclasses.replace(GOOD_CHANGE, about_breakup=False, need_to_fix="no")
    facts = dataclasses.replace(READY, changes=(GOOD_CHANGE, change))
    assert evaluate(facts, TODAY).state is State.READY


def test_missing_lists_questions_first_then_your_side_then_theirs():
    facts = Facts(
        entry_days={},
        changes=(),
        periods=(),
        situation=dataclasses.replace(GOOD_SITUATION, their_rough_patch="ongoing", honest=False),
    )
    keys = [c.key for c in evaluate(facts, TODAY).missing]
    assert keys == ["reflected", "for_myself", "growth", "waited", "honest", "good_place"]


# Properties

answers = st.sampled_from(["yes", "no", "unsure"])
changes = st.builds(
    ChangeFacts, st.text(max_size=20), st.booleans(), answers, answers, answers, st.integers(0, 50)
)
periods = st.builds(
    PeriodFacts, st.text(max_size=20), st.integers(1, 365), st.booleans(), st.integers(0, 365)
)
situations = st.builds(
    SituationFacts,
    whose_side=st.sampled_from(["", "mine", "theirs", "both", "circumstances"]),
    their_rough_patch=st.sampled_from(["none", "ongoing", "resolved", "unsure"]),
    their_behaviour=st.sampled_from(["none", "changed", "unchanged", "unsure"]),
    asked_no_contact=st.booleans(),
    safety_concern=st.booleans(),
    honest=st.booleans(),
    slow_plan=st.text(max_size=60),
    accept_no=st.booleans(),
    open_to_contact=st.sampled_from(["", "yes", "no", "unsure"]),
)
entry_days = st.dictionaries(
    st.dates(TODAY - dt.timedelta(days=400), TODAY), st.integers(1, 5), max_size=40
)
facts_strategy = st.builds(
    Facts,
    entry_days,
    st.lists(changes, max_size=5).map(tuple),
    st.lists(periods, max_size=4).map(tuple),
    st.none() | situations,
)


@settings(max_examples=300)
@given(facts_strategy)
def test_ready_if_and_only_if_every_condition_is_met_and_no_stop(facts):
    verdict = evaluate(facts, TODAY)
    all_met = all(c.status is Status.MET for c in verdict.conditions)
    assert (verdict.state is State.READY) == (all_met and not verdict.stops)
    if all_met and not verdict.stops:
        assert verdict.missing == []


@settings(max_examples=300)
@given(facts_strategy)
def test_any_hard_stop_gives_not_advised(facts):
    verdict = evaluate(facts, TODAY)
    situation = facts.situation
    stop = bool(situation and (situation.asked_no_contact or situation.safety_concern)) or any(
        a.about_breakup and "no" in (a.need_to_fix, a.want_to_fix) for a in facts.changes
    )
    assert (verdict.state is State.NOT_ADVISED) == stop


@settings(max_examples=300)
@given(facts_strategy)
def test_unknown_is_never_counted_as_met(facts):
    verdict = evaluate(facts, TODAY)
    unknown = sum(c.status is Status.UNKNOWN for c in verdict.conditions)
    assert verdict.met <= verdict.total - unknown
    if unknown:
        assert verdict.state is not State.READY
    situation = facts.situation
    if situation is None or situation.open_to_contact in ("", "unsure"):
        # "I don't know" whether they are open to contact is the unknown that matters most.
        assert next(c for c in verdict.conditions if c.key == "open").status is not Status.MET


@settings(max_examples=300)
@given(facts_strategy)
def test_a_hard_stop_never_shows_met_badges(facts):
    verdict = evaluate(facts, TODAY)
    if verdict.stops:
        assert verdict.checklist == []
        # What the page still shows under a stop is the person's own growth and waiting,
        # never a condition about the ex or the answer that caused the stop.
        assert {c.key for c in verdict.for_yourself} == {"growth", "waited"}
        assert all(c.side == "you" for c in verdict.for_yourself)
    assert len(verdict.next_steps) <= 3


@settings(max_examples=300)
@given(facts_strategy, st.dates(TODAY - dt.timedelta(days=400), TODAY))
def test_adding_an_entry_never_unmeets_growth(facts, day):
    before = status(facts, "growth")
    more = dict(facts.entry_days)
    more[day] = more.get(day, 0) + 1
    after = status(dataclasses.replace(facts, entry_days=more), "growth")
    if before is Status.MET:
        assert after is Status.MET
