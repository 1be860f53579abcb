"""Revenue-based financing: an advance repaid as a share of each month's net revenue.

amount = min(ask, max_advance_multiple x average monthly net revenue of the last 12 complete
months), rounded down to the cent; fee = fee_by_grade[grade] x amount, cut so that amount + fee
<= repayment_cap x amount. Remittances start in the first month that begins on or after `as_of`:
each month remittance_share x projected net revenue (nothing in holiday months), the last one
only what is left, so they add up to the total repayable exactly. See docs/decisions.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from runway.engine.financing.grids import (
    MAX_MONTHS_SINCE,
    TRAILING_MONTHS,
    Decline,
    Eligible,
    LenderGrid,
    floor_cents,
    screen,
)
from runway.engine.financing.history import cents, complete_history, first_month_on_or_after
from runway.engine.financing.projection import (
    DEFAULT_PROJECTION,
    ProjectionParams,
    project_revenue,
)
from runway.engine.financing.seasonality import DEFAULT_CALENDAR, HolidayCalendar
from runway.engine.money import Money


@dataclass(frozen=True, slots=True)
class ProjectedRemittance:
    month: dt.date
    revenue: Money  # projected net revenue of the month
    remittance: Money
    holiday: bool


@dataclass(frozen=True, slots=True)
class RbfOffer:
    """An indicative advance: what is paid out, what is repaid and when."""

    amount: Money
    fee: Money
    total_repayable: Money
    remittance_share: Decimal
    projected: tuple[ProjectedRemittance, ...]  # from the first remittance month to payback
    payback_months: int
    grade: str
    trailing_revenue: Money  # average monthly net revenue the advance is sized on
    max_amount: Money  # max_advance_multiple x trailing_revenue
    months_history: int
    growth_basis: str  # how the projection's growth was estimated: "yoy", "trend" or "none"
    seasonal: bool  # whether a month-of-year index shaped the projection


def rbf_offer(
    grid: LenderGrid,
    kpis: pl.DataFrame,
    *,
    grade: str,
    ask: Decimal | None = None,
    as_of: dt.date,
    currency: str | None = None,
    projection: ProjectionParams = DEFAULT_PROJECTION,
    calendar: HolidayCalendar = DEFAULT_CALENDAR,
) -> RbfOffer | Decline:
    """The grid's offer to a venture with monthly KPIs `kpis` (see history.complete_history),
    graded `grade`, asking `ask` (None: as much as the grid allows), on the day `as_of`.

    `currency` is the currency of the KPIs; None means the grid's. Months not over by `as_of`
    and partial months are not used; a history whose last month is over 3 months before
    `as_of`'s month is stale (data/financing.toml). Returns a Decline when the venture does not
    qualify or the projected remittances do not repay within `grid.max_payback_months`.
    """
    history = complete_history(kpis, as_of=as_of)
    checked = screen(
        history,
        grid=grid,
        priced=grid.fee_by_grade,
        grade=grade,
        currency=currency,
        ask=ask,
        trailing_months=TRAILING_MONTHS,
        as_of=as_of,
        max_months_since=MAX_MONTHS_SINCE,
    )
    if isinstance(checked, Decline):
        return checked
    max_amount = floor_cents(grid.max_advance_multiple * checked.average)
    amount = max_amount if ask is None else min(max_amount, floor_cents(ask))
    if amount <= 0:
        return Decline("no_revenue", {"months": checked.history.months})
    fee = min(
        cents(amount * grid.fee_by_grade[grade]), floor_cents(amount * (grid.repayment_cap - 1))
    )
    schedule = _remittances(grid, checked, amount + fee, as_of, projection, calendar)
    if isinstance(schedule, Decline):
        return schedule
    remittances, growth_basis, seasonal = schedule
    money = grid.currency
    return RbfOffer(
        amount=Money(amount, money),
        fee=Money(fee, money),
        total_repayable=Money(amount + fee, money),
        remittance_share=grid.remittance_share,
        projected=remittances,
        payback_months=len(remittances),
        grade=grade,
        trailing_revenue=Money(checked.average, money),
        max_amount=Money(max_amount, money),
        months_history=checked.history.months,
        growth_basis=growth_basis,
        seasonal=seasonal,
    )


def _remittances(
    grid: LenderGrid,
    checked: Eligible,
    total: Decimal,
    as_of: dt.date,
    params: ProjectionParams,
    calendar: HolidayCalendar,
) -> tuple[tuple[ProjectedRemittance, ...], str, bool] | Decline:
    """Monthly remittances until `total` is repaid, or a Decline past the grid's horizon."""
    start = first_month_on_or_after(as_of)
    projection = project_revenue(
        checked.history, start=start, months=grid.max_payback_months, params=params
    )
    out: list[ProjectedRemittance] = []
    paid = Decimal(0)
    for month, value in zip(projection.months, projection.revenue.tolist(), strict=True):
        revenue = Decimal(f"{value:.2f}")
        holiday = calendar.is_holiday(month, grid.holidays)
        due = Decimal(0) if holiday else min(cents(revenue * grid.remittance_share), total - paid)
        paid += due
        out.append(
            ProjectedRemittance(
                month, Money(revenue, grid.currency), Money(due, grid.currency), holiday
            )
        )
        if paid >= total:
            return tuple(out), projection.growth_basis, projection.index is not None
    return Decline("payback_too_long", {"horizon_months": grid.max_payback_months})
