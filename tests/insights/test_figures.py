"""The insights' method against a hand computation, and its invariants over generated days."""

from __future__ import annotations

import math
import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.insights.figures import (
    MIN_DAYS,
    PRIOR_DAYS,
    Z95,
    Tally,
    compare,
    comparisons,
    shrunk,
)

# Twelve days: "run" on five of them (moods 4, 5, 4, 3, 4), not on the other seven
# (2, 3, 2, 2, 1, 3, 2). Day 0 is the day before, without a mood.
RUN_DAYS = [1, 3, 5, 7, 9]
MOODS: list[float | None] = [None, 4, 2, 5, 3, 4, 2, 3, 2, 4, 1, 3, 2]


def test_the_same_day_by_hand():
    [found] = comparisons(MOODS, {"run": RUN_DAYS})
    # With: n = 5, sum 20, squares 16 + 25 + 16 + 9 + 16 = 82.
    # Without: n = 7, sum 15, squares 4 + 9 + 4 + 4 + 1 + 9 + 4 = 35. All: 12 days, sum 35.
    overall = F(35, 12)
    mean_with = (20 + 5 * overall) / (5 + 5)  # 415/120 = 3.4583…
    mean_without = (15 + 5 * overall) / (7 + 5)  # 355/144 = 2.4652…
    assert (mean_with, mean_without) == (F(415, 120), F(355, 144))
    difference = mean_with - mean_without  # 715/720 = 0.9930…
    spread_with = 82 - F(20) ** 2 / 5  # 2
    spread_without = 35 - F(15) ** 2 / 7  # 20/7
    variance = (spread_with + spread_without) / (12 - 2)  # 17/35
    error = math.sqrt(variance * (F(1, 10) + F(1, 12)))  # √(187/2100) = 0.2984…
    assert (found.days_with, found.days_without) == (5, 7)
    assert found.mean_with == pytest.approx(float(mean_with), rel=1e-12)
    assert found.mean_without == pytest.approx(float(mean_without), rel=1e-12)
    assert found.difference == pytest.approx(float(difference), rel=1e-12)
    assert found.low == pytest.approx(float(difference) - 1.96 * error, rel=1e-12)
    assert found.high == pytest.approx(float(difference) + 1.96 * error, rel=1e-12)
    assert found.sureness == pytest.approx(float(difference) / error, rel=1e-12)
    assert (round(found.low, 3), round(found.high, 3)) == (0.408, 1.578)
    assert found.clear


def test_the_day_after_by_hand():
    [found] = comparisons(MOODS, {"run": RUN_DAYS}, shift=1)
    # The days after "run": 2, 4, 6, 8, 10, moods 2, 3, 2, 2, 1 (sum 10, squares 22); the
    # other seven: 4, 5, 4, 3, 4, 3, 2 (sum 25, squares 95).
    overall = F(35, 12)
    mean_with = (10 + 5 * overall) / 10  # 295/120 = 2.4583…
    mean_without = (25 + 5 * overall) / 12  # 475/144 = 3.2986…
    difference = mean_with - mean_without  # −605/720 = −0.8402…
    variance = ((22 - F(100, 5)) + (95 - F(625, 7))) / 10  # 27/35
    error = math.sqrt(variance * (F(1, 10) + F(1, 12)))  # √(297/2100) = 0.3760…
    assert (found.days_with, found.days_without) == (5, 7)
    assert found.mean_with == pytest.approx(float(mean_with), rel=1e-12)
    assert found.mean_without == pytest.approx(float(mean_without), rel=1e-12)
    assert found.difference == pytest.approx(-605 / 720, rel=1e-12)
    assert (found.low, found.high) == pytest.approx(
        (float(difference) - 1.96 * error, float(difference) + 1.96 * error), rel=1e-12
    )
    assert (round(found.low, 3), round(found.high, 3)) == (-1.577, -0.103)


def test_the_constants_are_the_documented_ones():
    assert (MIN_DAYS, PRIOR_DAYS, Z95) == (5, 5, 1.96)


def test_fewer_than_five_days_on_either_side_is_not_shown():
    moods: list[float | None] = [None] + [3.0] * 9
    assert comparisons(moods, {"four": [1, 2, 3, 4]}) == []  # 4 with, 5 without
    assert comparisons(moods, {"five": [1, 2, 3, 4, 5]}) == []  # 5 with, 4 without
    assert len(comparisons([*moods, 4.0], {"five": [1, 2, 3, 4, 5]})) == 1  # 5 and 5


def test_days_without_a_mood_do_not_count():
    moods: list[float | None] = [None, 4, None, 4, None, 4, None, 4, None, 4, 2, 2, 2, 2, 2]
    [found] = comparisons(moods, {"walk": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
    assert (found.days_with, found.days_without) == (5, 5)


def test_the_surest_come_first_not_the_biggest():
    rng = random.Random(4)  # noqa: S311 - made-up moods, the same every run
    moods: list[float | None] = [None] + [float(rng.choice([2, 3, 3, 4])) for _ in range(200)]
    # "rare": 6 days at 5, a big difference on few days; "often": 100 days a little higher.
    for day in range(1, 7):
        moods[day] = 5.0
    for day in range(101, 201):
        moods[day] = (moods[day] or 0) + 0.6
    found = comparisons(moods, {"rare": range(1, 7), "often": range(101, 201)})
    rare, often = sorted(found, key=lambda c: c.key != "rare")
    assert rare.difference > often.difference  # bigger…
    assert [c.key for c in found] == ["often", "rare"]  # …but less sure
    assert often.sureness > rare.sureness


def test_every_mood_the_same_is_no_difference():
    moods: list[float | None] = [None] + [3.0] * 12
    [found] = comparisons(moods, {"same": range(1, 7)})
    assert (found.difference, found.low, found.high, found.sureness) == (0, 0, 0, 0)
    assert not found.clear


# Properties over generated days

moods_strategy = st.lists(
    st.one_of(
        st.none(),
        st.integers(1, 5).map(float),
        # An average of a day's entries: a fraction of a few whole moods.
        st.tuples(st.integers(1, 5), st.integers(1, 5)).map(lambda p: (p[0] + p[1]) / 2),
    ),
    min_size=1,
    max_size=80,
)


@st.composite
def days_and_keys(draw: st.DrawFn) -> tuple[list[float | None], dict[str, list[int]]]:
    moods = draw(moods_strategy)
    keys = draw(st.lists(st.text("abcdef", min_size=1, max_size=3), max_size=6, unique=True))
    present = {
        key: draw(st.lists(st.integers(0, len(moods) - 1), max_size=len(moods))) for key in keys
    }
    return moods, present


@given(days_and_keys(), st.sampled_from([0, 1]))
@settings(max_examples=300)
def test_invariants(case, shift):
    moods, present = case
    found = comparisons(moods, present, shift)
    following = moods[shift:]
    counted = [m for m in following if m is not None]
    shown = {c.key for c in found}
    for key, days in present.items():
        with_it = [following[d] for d in set(days) if d < len(following)]
        with_moods = [m for m in with_it if m is not None]
        n_with, n_without = len(with_moods), len(counted) - len(with_moods)
        # Nothing is shown below the minimum of days, on either side; all else is.
        assert (key in shown) == (n_with >= MIN_DAYS and n_without >= MIN_DAYS)
    overall = sum(counted) / len(counted) if counted else 0
    for c in found:
        assert c.days_with >= MIN_DAYS and c.days_without >= MIN_DAYS
        # Each interval holds its estimate.
        assert c.low <= c.difference <= c.high
        # Each shrunk average lies between its raw average and the overall one.
        days = {d for d in present[c.key] if d < len(following)}
        raw_with = [following[d] for d in days if following[d] is not None]
        raw_without = [m for d, m in enumerate(following) if m is not None and d not in days]
        for shrunk_mean, raw in ((c.mean_with, raw_with), (c.mean_without, raw_without)):
            mean = sum(raw) / len(raw)
            assert min(mean, overall) - 1e-9 <= shrunk_mean <= max(mean, overall) + 1e-9
    # Surest first.
    assert [c.sureness for c in found] == sorted((c.sureness for c in found), reverse=True)


@given(days_and_keys(), st.sampled_from([0, 1]), st.randoms(use_true_random=False))
@settings(max_examples=200)
def test_the_order_records_come_in_changes_no_figure(case, shift, rng):
    moods, present = case
    before = comparisons(moods, present, shift)
    keys = list(present)
    rng.shuffle(keys)
    shuffled = {}
    for key in keys:
        days = list(present[key])
        rng.shuffle(days)
        shuffled[key] = days
    assert comparisons(moods, shuffled, shift) == before


@given(days_and_keys(), st.lists(st.integers(0, 79), max_size=80), st.sampled_from([0, 1]))
@settings(max_examples=200)
def test_an_unrelated_record_changes_no_other_figure(case, other_days, shift):
    moods, present = case
    before = {c.key: c for c in comparisons(moods, present, shift)}
    after = {c.key: c for c in comparisons(moods, {**present, "unrelated!": other_days}, shift)}
    after.pop("unrelated!", None)
    assert after == before


@given(
    st.integers(0, 60),
    st.floats(0, 300, allow_nan=False),
    st.floats(1, 5, allow_nan=False),
)
def test_a_shrunk_average_lies_between_its_own_and_the_overall(days, spread, overall):
    side = Tally(days + 1, (days + 1) * min(5.0, 1 + spread % 4), 0)
    value = shrunk(side, overall)
    assert min(side.mean, overall) - 1e-9 <= value <= max(side.mean, overall) + 1e-9


def test_compare_needs_both_sides():
    everything = Tally.of([3.0] * 10)
    assert compare("k", Tally.of([3.0] * 4), everything) is None
    assert compare("k", Tally.of([3.0] * 6), everything) is None  # 4 left without
    assert compare("k", Tally.of([3.0] * 5), everything) is not None
