"""Indicative loans: the annuity by hand, offers, declines and properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from runway.engine.financing import Decline, LoanGrid, LoanOffer, annuity, loan_offer

D = Decimal
START = dt.date(2025, 1, 1)


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


def loans(**overrides: object) -> LoanGrid:
    fields: dict[str, object] = {
        "currency": "CNY",
        "rate_by_grade": {"A": D("0.12"), "B": D("0.15")},
        "term_months": 12,
        "max_multiple": D("0.5"),
        "min_months_history": 6,
        "min_monthly_revenue": D(20_000),
    }
    fields.update(overrides)
    return LoanGrid(**fields)  # type: ignore[arg-type]


FLAT = kpis([100_000] * 12)


def test_an_annuity_by_hand() -> None:
    """100,000 at 12% a year (1% a month) over 12 months: the textbook instalment is 8,884.88."""
    plan = annuity(D(100_000), annual_rate=D("0.12"), months=12)
    assert plan.monthly_payment == D("8884.88")
    balance, interest = D(100_000), D(0)
    for _ in range(11):
        charge = (balance / 100).quantize(D("0.01"))
        interest += charge
        balance = balance + charge - D("8884.88")
    last = (balance / 100).quantize(D("0.01"))
    assert plan.final_payment == balance + last
    assert plan.total_interest == interest + last
    assert (plan.final_payment, plan.total_interest) == (D("8884.85"), D("6618.53"))


def test_an_interest_free_annuity_splits_the_amount() -> None:
    plan = annuity(D(12_000), annual_rate=D(0), months=12)
    assert (plan.monthly_payment, plan.final_payment, plan.total_interest) == (
        D(1000),
        D(1000),
        D(0),
    )


def test_a_loan_offer_by_hand() -> None:
    """TTM 1.2 million x 0.5 = 600,000, asked 100,000 at grade A's 12% over 12 months."""
    result = loan_offer(loans(), FLAT, grade="A", ask=D(100_000))
    assert isinstance(result, LoanOffer)
    assert (result.max_amount.amount, result.amount.amount) == (D(600_000), D(100_000))
    assert result.monthly_payment.amount == D("8884.88")
    assert result.total_repayable.amount == D(100_000) + result.total_interest.amount
    assert (
        11 * result.monthly_payment.amount + result.final_payment.amount
        == result.total_repayable.amount
    )


def test_a_short_history_is_annualized_for_a_loan() -> None:
    result = loan_offer(loans(), kpis([100_000] * 6), grade="B")
    assert isinstance(result, LoanOffer)
    assert (result.ttm_revenue.amount, result.amount.amount) == (D(1_200_000), D(600_000))


def test_loans_decline_like_advances() -> None:
    assert loan_offer(loans(), FLAT, grade="C") == Decline(
        "grade_not_accepted", {"grade": "C", "min_grade": "E", "accepted": "AB"}
    )
    assert loan_offer(loans(), kpis([100_000] * 3), grade="A") == Decline(
        "too_little_history", {"months": 3, "required": 6}
    )
    assert loan_offer(loans(), FLAT, grade="A", as_of=dt.date(2027, 1, 1)) == Decline(
        "stale_history", {"last_month": dt.date(2025, 12, 1), "months_ago": 13, "allowed": 3}
    )


# About one month in 25 without revenue.
histories = st.lists(
    st.integers(-200_000, 5_000_000).map(lambda v: max(v, 0)), min_size=1, max_size=40
)


@settings(max_examples=80, deadline=None)
@given(
    values=histories,
    rate=st.decimals("0", "0.36", places=3),
    term=st.integers(1, 120),
    ask=st.none() | st.decimals("1", "10000000", places=2),
)
def test_a_loan_never_exceeds_its_ceiling_and_adds_up(
    values: list[int], rate: Decimal, term: int, ask: Decimal | None
) -> None:
    lender = loans(
        rate_by_grade={"A": rate}, term_months=term, min_months_history=1, min_monthly_revenue=D(0)
    )
    result = loan_offer(lender, kpis(values), grade="A", ask=ask)
    if isinstance(result, Decline):
        assert result.reason == "no_revenue"
        return
    window = values[-12:]
    ttm = D(sum(window)) * 12 / len(window)
    amount = result.amount.amount
    assert 0 < amount <= lender.max_multiple * ttm.quantize(D("0.01"))
    assert ask is None or amount <= ask
    paid = (term - 1) * result.monthly_payment.amount + result.final_payment.amount
    assert paid == result.total_repayable.amount == amount + result.total_interest.amount
    assert result.total_interest.amount >= 0


@settings(max_examples=40, deadline=None)
@given(values=histories, seed=st.integers(0, 2**32 - 1), grade=st.sampled_from("ABC"))
def test_row_order_does_not_change_a_loan(values: list[int], seed: int, grade: str) -> None:
    frame = kpis(values)
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed)
    assert loan_offer(loans(), shuffled, grade=grade) == loan_offer(loans(), frame, grade=grade)
