"""Lenders' grids, the reasons an offer is declined, and the checks both kinds of offer share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from types import MappingProxyType
from typing import Any

from runway.engine.financing.datafiles import read_table
from runway.engine.financing.history import MonthlyHistory, cents, months_between
from runway.engine.financing.seasonality import HOLIDAYS
from runway.engine.money import CENT, Currency

GRADES = ("A", "B", "C", "D", "E")  # best first; the score's bands name the same letters
_TABLE = read_table("financing.toml")
TRAILING_MONTHS: int = _TABLE["trailing_months"]  # months an advance is sized on
MAX_MONTHS_SINCE: int = _TABLE["max_months_since_history"]  # before a history is stale

# Why an offer is declined, in the order the checks run: a decline names the first that fails.
DECLINE_REASONS = (
    "currency_mismatch",  # params: currency, grid_currency
    "invalid_ask",  # params: ask
    "no_revenue",  # params: months
    "stale_history",  # params: last_month, months_ago, allowed (only with an as_of date)
    "too_little_history",  # params: months, required
    "revenue_below_minimum",  # params: average, minimum, currency
    "grade_not_accepted",  # params: grade, min_grade, accepted (letters, best first)
    "payback_too_long",  # params: horizon_months (revenue-based financing only)
)


@dataclass(frozen=True, slots=True)
class Decline:
    """No offer, with a reason code from DECLINE_REASONS and its parameters for the message."""

    reason: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LenderGrid:
    """A revenue-based financing lender's terms.

    The advance is at most `max_advance_multiple` x the average monthly net revenue of the last
    12 complete months (fewer when the history is shorter, but at least `min_months_history`).
    `fee_by_grade` is the flat fee as a share of the advance (a grade absent is declined);
    `remittance_share` of each month's net revenue is remitted until advance + fee is repaid;
    the fee is cut so the total never exceeds `repayment_cap` x the advance. No remittance is due
    in the months of the chosen `holidays` ("singles_day": November; "spring_festival": the month
    of 正月初一).
    """

    currency: Currency
    min_months_history: int
    min_monthly_revenue: Decimal
    max_advance_multiple: Decimal
    fee_by_grade: Mapping[str, Decimal]
    remittance_share: Decimal
    repayment_cap: Decimal
    holidays: frozenset[str] = frozenset()
    min_grade: str = "E"
    max_payback_months: int = 60

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", Currency(self.currency))
        object.__setattr__(self, "fee_by_grade", MappingProxyType(dict(self.fee_by_grade)))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        _check_common(self.min_months_history, self.min_monthly_revenue, self.min_grade)
        if unknown := self.holidays - HOLIDAYS:
            raise ValueError(f"unknown remittance holidays: {sorted(unknown)}")
        _check_grades(self.fee_by_grade)
        if not Decimal(0) < self.remittance_share <= 1:
            raise ValueError("remittance_share is a share of revenue in (0, 1]")
        if self.repayment_cap < 1 or self.max_advance_multiple <= 0:
            raise ValueError("repayment_cap is at least 1 and max_advance_multiple above 0")
        if any(fee < 0 for fee in self.fee_by_grade.values()) or self.max_payback_months < 1:
            raise ValueError("fees are not negative and the payback horizon is a month or more")


@dataclass(frozen=True, slots=True)
class LoanGrid:
    """A lender's indicative term-loan terms: annual nominal rate by grade (absent = declined),
    term, and a ceiling of `max_multiple` x trailing-12-month net revenue."""

    currency: Currency
    rate_by_grade: Mapping[str, Decimal]
    term_months: int
    max_multiple: Decimal
    min_months_history: int
    min_monthly_revenue: Decimal
    min_grade: str = "E"

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", Currency(self.currency))
        object.__setattr__(self, "rate_by_grade", MappingProxyType(dict(self.rate_by_grade)))
        _check_common(self.min_months_history, self.min_monthly_revenue, self.min_grade)
        _check_grades(self.rate_by_grade)
        if self.term_months < 1 or self.max_multiple <= 0:
            raise ValueError("a loan has a term of a month or more and a multiple above 0")
        if any(rate < 0 for rate in self.rate_by_grade.values()):
            raise ValueError("rates are not negative")


def _check_common(min_months: int, min_revenue: Decimal, min_grade: str) -> None:
    if min_months < 1 or min_revenue < 0:
        raise ValueError("a grid needs a month of history or more and a minimum revenue >= 0")
    _check_grades({min_grade: Decimal(0)})


def _check_grades(by_grade: Mapping[str, Decimal]) -> None:
    if unknown := set(by_grade) - set(GRADES):
        raise ValueError(f"grades are {GRADES}, not {sorted(unknown)}")


@dataclass(frozen=True, slots=True)
class Eligible:
    """What passed the checks: the months of known net revenue, and the average monthly net
    revenue of the last `trailing_months` of them."""

    history: MonthlyHistory
    average: Decimal  # cents


def screen(
    history: MonthlyHistory,
    *,
    grid: LenderGrid | LoanGrid,
    priced: Mapping[str, Decimal],
    grade: str,
    currency: str | None,
    ask: Decimal | None,
    trailing_months: int,
    as_of: dt.date | None,
    max_months_since: int,
) -> Eligible | Decline:
    """The checks of DECLINE_REASONS up to the grade, in that order. The history is stale when
    its last month is more than `max_months_since` months before the month of `as_of`."""
    if grade not in GRADES:
        raise ValueError(f"grade is one of {GRADES}, not {grade!r}")
    if currency is not None and currency != grid.currency:
        return Decline(
            "currency_mismatch", {"currency": currency, "grid_currency": grid.currency.value}
        )
    if ask is not None and ask <= 0:
        return Decline("invalid_ask", {"ask": ask})
    history = history.known("net_revenue")
    revenue = [v for v in history.trailing(trailing_months).exact("net_revenue") if v is not None]
    total = sum(revenue, Decimal(0))
    if total <= 0:
        return Decline("no_revenue", {"months": history.months})
    last = history.last_month
    if as_of is not None and last is not None and months_between(last, as_of) > max_months_since:
        return Decline(
            "stale_history",
            {
                "last_month": last,
                "months_ago": months_between(last, as_of),
                "allowed": max_months_since,
            },
        )
    if history.months < grid.min_months_history:
        return Decline(
            "too_little_history", {"months": history.months, "required": grid.min_months_history}
        )
    average = cents(total / len(revenue))
    if average < grid.min_monthly_revenue:
        return Decline(
            "revenue_below_minimum",
            {
                "average": average,
                "minimum": grid.min_monthly_revenue,
                "currency": grid.currency.value,
            },
        )
    limit = GRADES.index(grid.min_grade)
    if grade not in priced or GRADES.index(grade) > limit:
        accepted = [g for g in GRADES[: limit + 1] if g in priced]
        return Decline(
            "grade_not_accepted",
            {"grade": grade, "min_grade": grid.min_grade, "accepted": "".join(accepted)},
        )
    return Eligible(history, average)


def floor_cents(value: Decimal) -> Decimal:
    """Rounded down to the cent: a ceiling computed this way is never exceeded."""
    return value.quantize(CENT, rounding=ROUND_DOWN)
