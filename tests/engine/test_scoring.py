"""Traction score: every component checked by hand, grades, bases and properties."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runway.engine.financing.seasonality import seasonal_index
from runway.engine.scoring import (
    DEFAULT_WEIGHTS,
    Audience,
    Score,
    grade_for,
    load_weights,
    traction_score,
)

START = dt.date(2023, 1, 1)
LOG4 = math.log(4)  # the growth scale runs over log(1 + g) from log(0.5) to log(2)


def kpis(revenue: list[float], *, start: dt.date = START, **columns: list[object]) -> pl.DataFrame:
    """A KPI frame of complete consecutive months with the given net revenue and columns."""
    months = [_months_after(start, i) for i in range(len(revenue))]
    frame = pl.DataFrame(
        {
            "month": pl.Series(months, dtype=pl.Date),
            "complete": pl.Series([True] * len(revenue), dtype=pl.Boolean),
            "net_revenue": pl.Series(
                [Decimal(f"{v:.2f}") for v in revenue], dtype=pl.Decimal(38, 2)
            ),
        }
    )
    return frame.with_columns(pl.Series(name, values) for name, values in columns.items())


def _months_after(month: dt.date, count: int) -> dt.date:
    number = month.year * 12 + month.month - 1 + count
    return dt.date(number // 12, number % 12 + 1, 1)


def component(score: Score, name: str) -> float:
    return next(c.normalized for c in score.components if c.name == name)


# --- grades ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "A"),
        (80, "A"),
        (79.9, "B"),
        (65, "B"),
        (64.9, "C"),
        (50, "C"),
        (35, "D"),
        (34.9, "E"),
        (0, "E"),
    ],
)
def test_grade_bands_are_the_lowest_score_of_each_letter(score: float, grade: str) -> None:
    assert grade_for(score) == grade


def test_weights_that_do_not_add_up_are_refused(tmp_path: Path) -> None:
    text = (
        Path("runway/engine/data/score.toml")
        .read_text("utf-8")
        .replace("scale = 0.25", "scale = 0.5")
    )
    path = tmp_path / "score.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ValueError, match="add up to 1"):
        load_weights(path)


# --- each component by hand -----------------------------------------------------------------


def test_a_flat_year_scores_as_computed_by_hand() -> None:
    """12 months of 100,000 CNY: TTM 1.2 million sits log10(12)/3 up the 10^5..10^8 scale; a
    flat trend is the middle of the growth scale; nothing falls, so consistency is 1; retention
    is unknown (0.25); imported data is worth 0.7."""
    score = traction_score(kpis([100_000.0] * 12))
    scale = math.log10(12) / 3
    expected = 100 * (0.25 * scale + 0.25 * 0.5 + 0.20 * 0.25 + 0.15 * 1.0 + 0.15 * 0.7)
    assert score.value == round(expected, 1) == 52.0
    assert (score.grade, score.basis, score.months) == ("C", "revenue", 12)
    assert score.as_of_month == dt.date(2023, 12, 1)
    assert component(score, "scale") == pytest.approx(scale)
    scale_line = score.components[0]
    assert scale_line.value == pytest.approx(1_200_000)
    assert scale_line.contribution == pytest.approx(25 * scale)
    assert next(c for c in score.components if c.name == "retention").value is None


def test_scale_annualizes_fewer_than_twelve_months() -> None:
    score = traction_score(kpis([50_000.0] * 6))
    assert score.components[0].value == pytest.approx(600_000)
    assert component(score, "scale") == pytest.approx(math.log10(6) / 3)


def test_scale_of_other_currencies_uses_their_bounds() -> None:
    score = traction_score(kpis([14_000.0] * 12), currency="USD")  # USD bounds 14,000..14 million
    assert component(score, "scale") == pytest.approx(math.log10(12) / 3)
    with pytest.raises(ValueError, match="no revenue scale"):
        traction_score(kpis([1.0] * 12), currency="XYZ")


def test_growth_blends_year_over_year_and_a_believed_half_of_the_raw_trend() -> None:
    """15 months: 100 for 12, then 150 for 3. YoY of the last three months: +50%. Trend: the
    least-squares slope of log revenue over the last 12 months is 13.5 x log(1.5) / 143 (the
    jump sits at t = 9, 10, 11 of t = 0..11, mean 5.5), of which half is believed."""
    score = traction_score(kpis([100.0] * 12 + [150.0] * 3))
    yoy = (math.log(1.5) - math.log(0.5)) / LOG4
    slope = 13.5 * math.log(1.5) / 143 * 0.5
    trend = (12 * slope - math.log(0.5)) / LOG4
    assert component(score, "growth") == pytest.approx(0.6 * yoy + 0.4 * trend)
    parts = dict(next(c for c in score.components if c.name == "growth").parts)
    assert parts["yoy"] == pytest.approx(0.5)
    assert parts["trend"] == pytest.approx(math.expm1(12 * slope))


def test_growth_is_clipped_to_the_scale() -> None:
    falling = traction_score(kpis([1000.0 * 0.5**t for t in range(15)]))
    rising = traction_score(kpis([1000.0 * 2.0**t for t in range(15)]))
    assert component(falling, "growth") == 0.0
    assert component(rising, "growth") == 1.0


def test_trend_of_seasonal_history_is_measured_on_seasonally_adjusted_months() -> None:
    """36 months of 2% monthly growth times a fixed month-of-year pattern: the index recovers the
    pattern exactly, and the adjusted trend is log(1.02) a month."""
    pattern = np.array([0.9, 0.6, 1.0, 1.0, 1.0, 1.1, 1.0, 1.0, 1.0, 1.0, 1.4, 1.2])
    pattern /= np.exp(np.log(pattern).mean())
    values = np.array([1000 * 1.02**t * pattern[t % 12] for t in range(36)])
    index = seasonal_index(np.arange(2023 * 12, 2023 * 12 + 36), values)
    assert index is not None
    assert index == pytest.approx(pattern)
    score = traction_score(kpis(values.tolist()))
    parts = dict(next(c for c in score.components if c.name == "growth").parts)
    assert parts["trend"] == pytest.approx(1.02**12 - 1, abs=1e-4)  # cents rounding
    assert parts["yoy"] == pytest.approx(1.02**12 - 1, abs=1e-4)


def test_retention_by_hand() -> None:
    """Months 4-6 (after three months of warm-up): 150 returning of 400 buyers = 0.375 (0.75 of
    the 0.5 scale). Month-3 cohorts: the first cohort holds earlier customers and is left out;
    cohorts 2 and 3 bring back 20 + 5 of 100 + 50 in their fourth month = 1/6 (of 0.3)."""
    frame = kpis(
        [100.0] * 6,
        buyers=[500, 300, 300, 100, 200, 100],
        returning_buyers=[0, 100, 200, 50, 50, 50],
    )
    cohorts = pl.DataFrame(
        {
            "cohort": [START] * 2
            + [_months_after(START, 1)] * 2
            + [_months_after(START, 2)] * 3
            + [_months_after(START, 3)] * 2,
            "months_since": [0, 3, 0, 3, 0, 1, 3, 0, 2],
            "buyers": [500, 250, 100, 20, 50, 9, 5, 60, 30],
        }
    )
    score = traction_score(frame, cohorts=cohorts)
    assert component(score, "retention") == pytest.approx(0.5 * 0.75 + 0.5 * (1 / 6) / 0.3)
    parts = dict(next(c for c in score.components if c.name == "retention").parts)
    assert parts == pytest.approx({"repeat": 0.375, "month3": 1 / 6})


def test_retention_from_the_repeat_rate_alone_is_weighted_by_buyers() -> None:
    frame = kpis(
        [100.0] * 5, buyers=[10, 10, 10, 100, 300], repeat_buyer_rate=[0.0, 0.5, 0.5, 0.2, 0.6]
    )
    parts = dict(next(c for c in traction_score(frame).components if c.name == "retention").parts)
    assert parts["repeat"] == pytest.approx((0.2 * 100 + 0.6 * 300) / 400)
    assert parts["month3"] is None


def test_consistency_against_the_month_before_by_hand() -> None:
    """Falls of 20% and 50% among four month-to-month changes: RMS sqrt((0.04 + 0.25) / 4)."""
    score = traction_score(kpis([100.0, 80.0, 100.0, 50.0, 100.0]))
    shortfall = math.sqrt((0.2**2 + 0.5**2) / 4)
    assert component(score, "consistency") == pytest.approx(1 - shortfall / 0.3)


def test_consistency_against_the_year_before_ignores_the_season() -> None:
    """18 months: six months have a year-ago month, falls of 10% and 50% among them."""
    values = [100.0] * 12 + [100.0, 90.0, 100.0, 100.0, 120.0, 50.0]
    shortfall = math.sqrt((0.1**2 + 0.5**2) / 6)
    assert component(traction_score(kpis(values)), "consistency") == pytest.approx(
        1 - shortfall / 0.3
    )
    seasonal = [100.0, 50.0] * 9  # halves every other month, the same each year
    assert component(traction_score(kpis(seasonal)), "consistency") == 1.0


@pytest.mark.parametrize(
    ("level", "value"), [("self_reported", 0.3), ("imported", 0.7), ("connected", 1.0)]
)
def test_verification_levels(level: str, value: float) -> None:
    score = traction_score(kpis([100_000.0] * 12), verification=level)
    assert score.components[-1].value == level
    assert score.components[-1].contribution == pytest.approx(15 * value)


def test_unknown_verification_level_is_an_error() -> None:
    with pytest.raises(ValueError, match="verification"):
        traction_score(kpis([1.0]), verification="rumoured")


# --- partial months, gaps, missing columns ------------------------------------------------


def test_a_partial_last_month_changes_nothing() -> None:
    frame = kpis([100_000.0] * 12)
    partial = pl.DataFrame(
        {
            "month": [dt.date(2024, 1, 1)],
            "complete": [False],
            "net_revenue": [Decimal("9999999.00")],
        }
    ).cast(frame.schema)
    assert traction_score(pl.concat([frame, partial])) == traction_score(frame)


def test_history_before_a_gap_is_not_scored() -> None:
    frame = kpis([1.0] * 6 + [100_000.0] * 12)
    gapped = frame.with_columns(complete=pl.int_range(pl.len()) != 5)
    assert traction_score(gapped) == traction_score(
        kpis([100_000.0] * 12, start=dt.date(2023, 7, 1))
    )


def test_a_frame_with_only_months_and_revenue_is_scored_with_unknowns() -> None:
    frame = pl.DataFrame({"month": [START], "net_revenue": [Decimal(500_000)]})
    score = traction_score(frame)
    assert score.basis == "revenue"
    unknown = [c.name for c in score.components if c.value is None]
    assert unknown == ["growth", "retention", "consistency"]
    assert component(score, "growth") == DEFAULT_WEIGHTS.unknown


# --- audience and insufficient bases ------------------------------------------------------


def test_a_site_without_revenue_is_scored_on_its_audience() -> None:
    """10,000 visits a month is a third of the 1,000..1,000,000 log scale; 3 pages per visit is
    half of 1..5; a flat trend is the middle of the growth scale."""
    frame = kpis([0.0] * 12, visits=[10_000] * 12, page_views=[30_000] * 12)
    score = traction_score(frame)
    assert score.basis == "audience"
    assert [c.name for c in score.components] == [
        "reach", "growth", "engagement", "consistency", "verification",
    ]  # fmt: skip
    expected = 100 * (0.3 / 3 + 0.25 * 0.5 + 0.2 * 0.5 + 0.1 * 1.0 + 0.15 * 0.7)
    assert score.value == round(expected, 1) == 53.0


def test_audience_facts_alone_are_enough() -> None:
    frame = kpis([0.0] * 3)
    audience = Audience(members=10_000, engagement=0.15, members_year_ago=5_000)
    score = traction_score(frame, audience=audience)
    assert score.basis == "audience"
    assert component(score, "reach") == pytest.approx(2 / 3)  # 10^4 on 10^2..10^5
    assert component(score, "engagement") == pytest.approx(0.5)
    assert component(score, "growth") == pytest.approx(1.0)  # doubled: top of the scale


def test_no_revenue_and_no_audience_is_insufficient() -> None:
    score = traction_score(kpis([0.0] * 12))
    assert (score.value, score.grade, score.basis, score.components) == (
        0.0,
        "E",
        "insufficient",
        (),
    )
    assert traction_score(pl.DataFrame({"month": [], "net_revenue": []})).basis == "insufficient"


# --- properties -----------------------------------------------------------------------------

revenues = st.lists(st.floats(1, 10_000_000), min_size=1, max_size=40)


@st.composite
def histories(draw: st.DrawFn, min_size: int, max_size: int) -> list[float]:
    """Either any revenue, or a realistic walk: a base moved by -30%..+30% a month."""
    size = draw(st.integers(min_size, max_size))
    if draw(st.booleans()):
        return draw(st.lists(st.floats(1, 10_000_000), min_size=size, max_size=size))
    moves = draw(st.lists(st.floats(-0.3, 0.3), min_size=size, max_size=size))
    level = draw(st.floats(1_000, 1_000_000))
    return [level * float(f) for f in np.cumprod(1 + np.array(moves))]


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.one_of(st.just(0.0), st.floats(-1_000, 50_000_000)), max_size=40),
    buyers=st.integers(0, 1000),
    rate=st.floats(0, 1),
    level=st.sampled_from(["self_reported", "imported", "connected"]),
)
def test_score_is_between_0_and_100(
    values: list[float], buyers: int, rate: float, level: str
) -> None:
    n = len(values)
    frame = kpis(values, buyers=[buyers] * n, repeat_buyer_rate=[rate] * n) if n else kpis([])
    score = traction_score(frame, verification=level)
    assert 0 <= score.value <= 100
    assert score.grade == grade_for(score.value)
    assert score.value == round(sum(c.contribution for c in score.components), 1)


@settings(max_examples=100, deadline=None)
@given(
    values=histories(1, 23),
    data=st.data(),
    step=st.floats(0, 2),
    rate=st.just(0.0) | st.floats(0, 0.3),
)
def test_a_higher_growth_twin_never_scores_lower(
    values: list[float], data: st.DataObject, step: float, rate: float
) -> None:
    """Later months scaled up by factors that never decrease: from month k on, a step up and
    compounding growth after it. Every component is at least as good, under 24 months where no
    seasonal index is fitted."""
    k = data.draw(st.integers(0, len(values) - 1))
    factors = [1.0 if t < k else (1 + step) * (1 + rate) ** (t - k) for t in range(len(values))]
    twin = [v * f for v, f in zip(values, factors, strict=True)]
    assert traction_score(kpis(twin)).value >= traction_score(kpis(values)).value


@settings(max_examples=40, deadline=None)
@given(values=histories(24, 40), growth=st.floats(0.001, 0.2))
def test_a_compounding_twin_of_a_seasonal_history_never_scores_lower(
    values: list[float], growth: float
) -> None:
    """With 24+ months the seasonal index is fitted with a trend term, so compounding growth
    leaves it unchanged and only raises the growth measures."""
    twin = [v * (1 + growth) ** t for t, v in enumerate(values)]
    assert traction_score(kpis(twin)).value >= traction_score(kpis(values)).value


@settings(max_examples=40, deadline=None)
@given(values=revenues, seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(values: list[float], seed: int) -> None:
    n = len(values)
    frame = kpis(values, buyers=list(range(n)), returning_buyers=[i // 2 for i in range(n)])
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed)
    assert traction_score(shuffled) == traction_score(frame)
