"""Indicative term loans: equal monthly instalments (annuity) at the grid's rate for the grade.

amount = min(ask, max_multiple x trailing-12-month net revenue), rounded down to the cent;
the TTM is the sum of the last 12 complete months, or their average x 12 when fewer exist.
With monthly rate r = annual rate / 12 and n months, the instalment is
P = amount x r / (1 - (1 + r)^-n) (amount / n when r = 0), rounded to the cent; each month's
interest is r x the outstanding balance, rounded to the cent, and the last instalment pays
whatever is left, so total repayable = amount + total interest to the cent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from runway.engine.financing.grids import MAX_MONTHS_SINCE, Decline, LoanGrid, floor_cents, screen
from runway.engine.financing.history import cents, complete_history
from runway.engine.money import Money

TTM_MONTHS = 12


@dataclass(frozen=True, slots=True)
class Instalments:
    """An amortization schedule's totals."""

    monthly_payment: Decimal
    final_payment: Decimal
    total_interest: Decimal


@dataclass(frozen=True, slots=True)
class LoanOffer:
    amount: Money
    annual_rate: Decimal
    term_months: int
    monthly_payment: Money  # every instalment but the last
    final_payment: Money  # the last instalment, which settles rounding
    total_interest: Money
    total_repayable: Money
    grade: str
    ttm_revenue: Money  # trailing-12-month net revenue the ceiling is computed on
    max_amount: Money  # max_multiple x ttm_revenue


def loan_offer(
    grid: LoanGrid,
    kpis: pl.DataFrame,
    *,
    grade: str,
    ask: Decimal | None = None,
    as_of: dt.date | None = None,
    currency: str | None = None,
) -> LoanOffer | Decline:
    """The grid's indicative loan to a venture graded `grade` with monthly KPIs `kpis`.

    Declines as `rbf_offer` does (currency, ask, revenue, stale or short history, minimum
    revenue, grade); `as_of` (optional) leaves out months not over by then and enables the
    staleness check.
    """
    history = complete_history(kpis, as_of=as_of)
    checked = screen(
        history,
        grid=grid,
        priced=grid.rate_by_grade,
        grade=grade,
        currency=currency,
        ask=ask,
        trailing_months=TTM_MONTHS,
        as_of=as_of,
        max_months_since=MAX_MONTHS_SINCE,
    )
    if isinstance(checked, Decline):
        return checked
    ttm = ttm_revenue(checked.history.trailing(TTM_MONTHS).exact("net_revenue"))
    max_amount = floor_cents(grid.max_multiple * ttm)
    amount = max_amount if ask is None else min(max_amount, floor_cents(ask))
    if amount <= 0:
        return Decline("no_revenue", {"months": checked.history.months})
    rate = grid.rate_by_grade[grade]
    plan = annuity(amount, annual_rate=rate, months=grid.term_months)
    money = grid.currency
    return LoanOffer(
        amount=Money(amount, money),
        annual_rate=rate,
        term_months=grid.term_months,
        monthly_payment=Money(plan.monthly_payment, money),
        final_payment=Money(plan.final_payment, money),
        total_interest=Money(plan.total_interest, money),
        total_repayable=Money(amount + plan.total_interest, money),
        grade=grade,
        ttm_revenue=Money(ttm, money),
        max_amount=Money(max_amount, money),
    )


def ttm_revenue(months: list[Decimal | None]) -> Decimal:
    """Sum of up to 12 known months, scaled to 12 when fewer (cents)."""
    known = [value for value in months if value is not None]
    total = sum(known, Decimal(0))
    return cents(total if len(known) == TTM_MONTHS else total * TTM_MONTHS / len(known))


def annuity(amount: Decimal, *, annual_rate: Decimal, months: int) -> Instalments:
    """Equal monthly instalments repaying `amount` over `months` at `annual_rate` / 12 a month."""
    rate = annual_rate / 12
    if rate == 0:
        payment = cents(amount / months)
    else:
        payment = cents(amount * rate / (1 - (1 + rate) ** -months))
    balance, interest_paid = amount, Decimal(0)
    for _ in range(months - 1):
        interest = cents(balance * rate)
        interest_paid += interest
        balance -= payment - interest
    interest = cents(balance * rate)
    return Instalments(payment, balance + interest, interest_paid + interest)
