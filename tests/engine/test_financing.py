"""Revenue-based financing: hand-checked offers, projections, declines and properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runway.engine.financing import (
    DECLINE_REASONS,
    DEFAULT_CALENDAR,
    Decline,
    LenderGrid,
    RbfOffer,
    complete_history,
    project_revenue,
    rbf_offer,
)
from runway.engine.money import Currency, Money

D = Decimal
START = dt.date(2025, 1, 1)
AS_OF = dt.date(2026, 1, 1)  # the 12 months of 2025 are over


def month(start: dt.date, count: int) -> dt.date:
    number = start.year * 12 + start.month - 1 + count
    return dt.date(number // 12, number % 12 + 1, 1)


def kpis(revenue: Sequence[Decimal | float], *, start: dt.date = START) -> pl.DataFrame:
    """Complete consecutive months of the given net revenue."""
    return pl.DataFrame(
        {
            "month": pl.Series([month(start, i) for i in range(len(revenue))], dtype=pl.Date),
            "complete": pl.Series([True] * len(revenue), dtype=pl.Boolean),
            "net_revenue": pl.Series([D(f"{v:.2f}") for v in revenue], dtype=pl.Decimal(38, 2)),
        }
    )


def grid(**overrides: object) -> LenderGrid:
    fields: dict[str, object] = {
        "currency": "CNY",
        "min_months_history": 6,
        "min_monthly_revenue": D(20_000),
        "max_advance_multiple": D("1.5"),
        "fee_by_grade": {"A": D("0.06"), "B": D("0.08"), "C": D("0.10")},
        "remittance_share": D("0.10"),
        "repayment_cap": D("1.2"),
    }
    fields.update(overrides)
    return LenderGrid(**fields)  # type: ignore[arg-type]


def offer(*args: object, **kwargs: object) -> RbfOffer:
    result = rbf_offer(*args, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, RbfOffer), result
    return result


FLAT = kpis([100_000] * 12)


# --- revenue-based financing by hand ----------------------------------------------------------


def test_a_flat_year_gets_the_offer_computed_by_hand() -> None:
    """Average 100,000 a month: advance 1.5 x = 150,000; fee 8% = 12,000; total 162,000. A flat
    history projects 100,000 a month, so 10% remits 10,000: 16 months and 2,000 in the 17th."""
    result = offer(grid(), FLAT, grade="B", as_of=AS_OF)
    assert result.amount == Money(D("150000.00"), Currency.CNY)
    assert result.fee == Money(D("12000.00"), Currency.CNY)
    assert result.total_repayable.amount == D("162000.00")
    assert result.payback_months == 17
    assert [p.remittance.amount for p in result.projected] == [D("10000.00")] * 16 + [D("2000.00")]
    assert all(p.revenue.amount == D("100000.00") for p in result.projected)
    assert result.projected[0].month == dt.date(2026, 1, 1)
    assert (result.trailing_revenue.amount, result.max_amount.amount) == (D(100_000), D(150_000))
    assert (result.growth_basis, result.seasonal, result.months_history) == ("trend", False, 12)


def test_the_ask_caps_the_advance_and_the_fee_follows() -> None:
    result = offer(grid(), FLAT, grade="A", ask=D("50000"), as_of=AS_OF)
    assert (result.amount.amount, result.fee.amount) == (D(50_000), D(3_000))


def test_the_fee_is_cut_to_the_repayment_cap() -> None:
    result = offer(grid(fee_by_grade={"B": D("0.35")}), FLAT, grade="B", as_of=AS_OF)
    assert result.fee.amount == D("30000.00")  # 20% of 150,000, not 35%
    assert result.total_repayable.amount == D("180000.00")


def test_the_advance_is_sized_on_the_last_twelve_months() -> None:
    """24 months: 50,000 a month in the first year, 100,000 in the second."""
    result = offer(
        grid(),
        kpis([50_000] * 12 + [100_000] * 12, start=dt.date(2024, 1, 1)),
        grade="B",
        as_of=AS_OF,
    )
    assert result.trailing_revenue.amount == D(100_000)


def test_remittances_start_in_the_first_month_that_begins_on_or_after_as_of() -> None:
    assert offer(grid(), FLAT, grade="B", as_of=dt.date(2026, 1, 2)).projected[0].month == dt.date(
        2026, 2, 1
    )


def test_months_not_over_at_as_of_are_not_used() -> None:
    """On 15 December, December is not over even when the frame calls it complete."""
    result = offer(
        grid(), kpis([100_000] * 11 + [1_000_000]), grade="B", as_of=dt.date(2025, 12, 15)
    )
    assert (result.months_history, result.trailing_revenue.amount) == (11, D(100_000))


def test_holiday_months_remit_nothing_and_lengthen_the_payback() -> None:
    """From January 2026: Spring Festival is 17 February 2026 and 6 February 2027; Singles' Day
    is November. 16.2 paying months stretch over 20 calendar months (Feb, Nov, Feb skipped)."""
    result = offer(
        grid(holidays=frozenset({"singles_day", "spring_festival"})), FLAT, grade="B", as_of=AS_OF
    )
    holidays = [p.month for p in result.projected if p.holiday]
    assert holidays == [dt.date(2026, 2, 1), dt.date(2026, 11, 1), dt.date(2027, 2, 1)]
    assert all(p.remittance.amount == 0 for p in result.projected if p.holiday)
    assert result.payback_months == 20


def test_spring_festival_months_come_from_the_calendar_table() -> None:
    assert [DEFAULT_CALENDAR.spring_festival_month(y) for y in (2017, 2025, 2026, 2033)] == [
        1,
        1,
        2,
        1,
    ]
    assert set(DEFAULT_CALENDAR.spring_festival) == set(range(2009, 2036))
    assert DEFAULT_CALENDAR.spring_festival_month(2040) == 2  # outside the table: February


def test_a_seasonal_history_projects_its_season_and_growth() -> None:
    """Three years of 1% monthly growth with a November twice as high as the other months
    (geometric mean 1 across the year): the projection keeps November's peak."""
    peak = 2 ** (11 / 12)
    other = 2 ** (-1 / 12)
    values = [100_000 * 1.01**t * (peak if t % 12 == 10 else other) for t in range(36)]
    result = offer(grid(), kpis(values, start=dt.date(2023, 1, 1)), grade="B", as_of=AS_OF)
    revenue = {p.month: p.revenue.amount for p in result.projected}
    assert result.seasonal
    assert result.growth_basis == "yoy"
    assert revenue[dt.date(2026, 11, 1)] / revenue[dt.date(2026, 10, 1)] == pytest.approx(
        D(2), rel=D("0.02")
    )


# --- projection by hand -----------------------------------------------------------------------


def project(values: list[float], months: int = 3) -> list[float]:
    """Projected revenue of the months right after the history (which starts in January 2024)."""
    history = complete_history(kpis(values, start=dt.date(2024, 1, 1)))
    start = month(dt.date(2024, 1, 1), len(values))
    projected: list[float] = project_revenue(history, start=start, months=months).revenue.tolist()
    return projected


def damped(h: int) -> float:
    return sum(0.9**i for i in range(1, h + 1))


def test_year_over_year_growth_is_projected_from_the_level_damped() -> None:
    """15 months growing 1% a month: yoy gives g = 1%. The level is the mean of the last 12
    months, carried 5.5 months (from the middle of the window to its end), then grows by
    1.01^(0.9 + ... + 0.9^h) in month h."""
    values = [1000 * 1.01**t for t in range(15)]
    level = sum(1000 * 1.01**t for t in range(3, 15)) / 12 * 1.01**5.5
    expected = [level * 1.01 ** damped(h) for h in (1, 2, 3)]
    assert project(values) == pytest.approx(expected, abs=0.02)


def test_a_short_falling_trend_is_believed_in_full_and_a_rising_one_a_quarter() -> None:
    falling = [1000 * 0.98**t for t in range(12)]
    level = sum(falling) / 12 * 0.98**5.5
    assert project(falling) == pytest.approx(
        [level * 0.98 ** damped(h) for h in (1, 2, 3)], abs=0.02
    )
    rising = [1000 * 1.02**t for t in range(12)]
    g = 1.02**0.25
    level = sum(rising) / 12 * g**5.5
    assert project(rising) == pytest.approx([level * g ** damped(h) for h in (1, 2, 3)], abs=0.02)


def test_projected_growth_is_clamped_at_five_percent_a_month() -> None:
    values = [1000 * 1.2**t for t in range(15)]
    level = sum(values[3:]) / 12 * 1.05**5.5
    assert project(values, 1) == pytest.approx([level * 1.05**0.9], abs=0.02)  # cents of input


# --- declines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "frame", "reason", "params"),
    [
        (
            {"currency": "USD"},
            FLAT,
            "currency_mismatch",
            {"currency": "USD", "grid_currency": "CNY"},
        ),
        ({"ask": D(0)}, FLAT, "invalid_ask", {"ask": D(0)}),
        ({}, kpis([0] * 12), "no_revenue", {"months": 12}),
        (
            {},
            kpis([100_000] * 5, start=dt.date(2025, 8, 1)),
            "too_little_history",
            {"months": 5, "required": 6},
        ),
        (
            {"as_of": dt.date(2026, 4, 1)},
            FLAT,
            "stale_history",
            {"last_month": dt.date(2025, 12, 1), "months_ago": 4, "allowed": 3},
        ),
        (
            {},
            kpis([10_000] * 12),
            "revenue_below_minimum",
            {"average": D(10_000), "minimum": D(20_000), "currency": "CNY"},
        ),
        (
            {"grade": "D"},
            FLAT,
            "grade_not_accepted",
            {"grade": "D", "min_grade": "E", "accepted": "ABC"},
        ),
    ],
)
def test_every_decline_names_its_reason(
    kwargs: dict[str, object], frame: pl.DataFrame, reason: str, params: dict[str, object]
) -> None:
    arguments: dict[str, object] = {"grade": "B", "as_of": AS_OF} | kwargs
    result = rbf_offer(grid(), frame, **arguments)  # type: ignore[arg-type]
    assert result == Decline(reason, params)
    assert reason in DECLINE_REASONS


def test_a_grade_below_the_minimum_is_declined_even_when_priced() -> None:
    result = rbf_offer(grid(min_grade="B"), FLAT, grade="C", as_of=AS_OF)
    assert result == Decline(
        "grade_not_accepted", {"grade": "C", "min_grade": "B", "accepted": "AB"}
    )


def test_a_payback_beyond_the_horizon_is_declined() -> None:
    result = rbf_offer(
        grid(remittance_share=D("0.01"), max_payback_months=60), FLAT, grade="B", as_of=AS_OF
    )
    assert result == Decline("payback_too_long", {"horizon_months": 60})  # 162,000 at 1,000 a month


def test_a_grid_with_unknown_terms_is_refused() -> None:
    with pytest.raises(ValueError, match="holidays"):
        grid(holidays=frozenset({"christmas"}))
    with pytest.raises(ValueError, match="grades"):
        grid(fee_by_grade={"A+": D("0.05")})
    with pytest.raises(ValueError, match="remittance_share"):
        grid(remittance_share=D("1.5"))
    with pytest.raises(ValueError, match="grade is one of"):
        rbf_offer(grid(), FLAT, grade="Z", as_of=AS_OF)


# --- properties -----------------------------------------------------------------------------

# About one month in 25 without revenue.
months = st.integers(-200_000, 5_000_000).map(lambda v: max(v, 0))
histories = st.lists(months, min_size=1, max_size=40)
grids = st.builds(
    grid,
    min_months_history=st.integers(1, 12),
    min_monthly_revenue=st.integers(0, 100_000).map(D),
    max_advance_multiple=st.decimals("0.1", "4", places=2),
    fee_by_grade=st.just({g: D("0.09") for g in "ABCDE"}) | st.just({"A": D("0.3")}),
    remittance_share=st.decimals("0.02", "0.5", places=2),
    repayment_cap=st.decimals("1", "1.5", places=2),
    holidays=st.frozensets(st.sampled_from(["singles_day", "spring_festival"])),
)


@settings(max_examples=200, deadline=None)
@given(
    values=histories,
    lender=grids,
    grade=st.sampled_from("ABCDE"),
    ask=st.none() | st.decimals("1", "10000000", places=2),
    days=st.integers(0, 100),
)
def test_an_offer_never_exceeds_the_grid_or_the_ask_and_is_repaid_exactly(
    values: list[int], lender: LenderGrid, grade: str, ask: Decimal | None, days: int
) -> None:
    start = dt.date(2022, 1, 1)
    day = month(start, len(values)) + dt.timedelta(days=days)
    result = rbf_offer(lender, kpis(values, start=start), grade=grade, ask=ask, as_of=day)
    if isinstance(result, Decline):
        assert result.reason in DECLINE_REASONS
        return
    window = values[-12:]
    average = (D(sum(window)) / len(window)).quantize(D("0.01"))
    amount, total = result.amount.amount, result.total_repayable.amount
    assert 0 < amount <= lender.max_advance_multiple * average
    assert ask is None or amount <= ask
    assert total <= lender.repayment_cap * amount
    assert total == amount + result.fee.amount
    assert sum(p.remittance.amount for p in result.projected) == total
    assert all(p.remittance.amount == 0 for p in result.projected if p.holiday)
    assert all(
        0 <= p.remittance.amount <= (p.revenue.amount * lender.remittance_share).quantize(D("0.01"))
        for p in result.projected
    )
    assert result.payback_months == len(result.projected) <= lender.max_payback_months
    assert result.projected[-1].remittance.amount > 0


@settings(max_examples=60, deadline=None)
@given(values=histories, seed=st.integers(0, 2**32 - 1), grade=st.sampled_from("ABC"))
def test_row_order_does_not_change_an_offer(values: list[int], seed: int, grade: str) -> None:
    start = dt.date(2022, 1, 1)
    frame = kpis(values, start=start)
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed)
    day = month(start, len(values))
    assert rbf_offer(grid(), shuffled, grade=grade, as_of=day) == rbf_offer(
        grid(), frame, grade=grade, as_of=day
    )
