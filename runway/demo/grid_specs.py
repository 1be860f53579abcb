"""Lenders' grids of the demo catalogue, from the `[[organization.grid]]` tables.

A grid is a lender's published pricing by traction grade (see runway.investors.models.LenderGrid):
a revenue-based grid prices with a flat fee and is repaid from a share of revenue up to a cap; a
loan grid prices with an annual rate over a term. The checks here mirror the investors service,
so a grid the catalogue accepts is one the platform accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from runway.demo.catalogue_fields import (
    choice,
    entries,
    flag,
    number,
    problem,
    refuse_unknown,
    text,
    whole,
)
from runway.engine.money import Currency
from runway.engine.programs.fields import GRADES, decimal_text

GRID_KINDS = ("revenue_based", "loan")
HOLIDAYS = ("singles_day", "spring_festival")
GRID_KEYS = frozenset(
    {"title", "kind", "currency", "active", "min_months", "min_revenue", "max_multiple",
     "pricing", "remittance", "cap", "holidays", "term"}
)  # fmt: skip
REVENUE_BASED_ONLY = ("remittance", "cap", "holidays")


@dataclass(frozen=True, slots=True)
class GridSpec:
    title: str
    kind: str
    currency: str
    is_active: bool
    min_months_history: int
    min_monthly_revenue: Decimal
    max_multiple: Decimal
    pricing_by_grade: tuple[tuple[str, Decimal], ...]  # grade -> fee share or annual rate
    remittance_share: Decimal | None
    repayment_cap: Decimal | None
    singles_day_holiday: bool
    spring_festival_holiday: bool
    term_months: int | None

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of runway.investors.services.grid_create."""
        return {
            "title": self.title, "kind": self.kind, "currency": self.currency,
            "is_active": self.is_active, "min_months_history": self.min_months_history,
            "min_monthly_revenue": self.min_monthly_revenue, "max_multiple": self.max_multiple,
            "pricing_by_grade": {grade: decimal_text(v) for grade, v in self.pricing_by_grade},
            "remittance_share": self.remittance_share, "repayment_cap": self.repayment_cap,
            "singles_day_holiday": self.singles_day_holiday,
            "spring_festival_holiday": self.spring_festival_holiday,
            "term_months": self.term_months,
        }  # fmt: skip


def _pricing(row: Mapping[str, Any], where: str) -> tuple[tuple[str, Decimal], ...]:
    pricing = row.get("pricing")
    if not isinstance(pricing, Mapping) or not pricing:
        raise problem(where, "'pricing' must price at least one grade, e.g. { A = 0.06, B = 0.09 }")
    prices = []
    for grade in sorted(pricing):
        price = number(pricing, grade, where)
        if grade not in GRADES or not Decimal(0) <= price < Decimal(1):
            raise problem(
                where, f"pricing {grade} = {price}: grades are A to E, prices 0 to under 1"
            )
        prices.append((grade, price))
    return tuple(prices)


def parse_grid(row: Mapping[str, Any], *, organization: str) -> GridSpec:
    where = f"organization {organization!r}, grid {row.get('title', '?')!r}"
    refuse_unknown(row, GRID_KEYS, where)
    kind = choice(row, "kind", GRID_KINDS, where)
    max_multiple = number(row, "max_multiple", where)
    min_revenue = number(row, "min_revenue", where, default=0)
    if max_multiple <= 0 or min_revenue < 0:
        raise problem(where, "'max_multiple' must be above 0 and 'min_revenue' not negative")
    holidays = row.get("holidays", [])
    if not isinstance(holidays, list) or not set(holidays) <= set(HOLIDAYS):
        raise problem(where, f"'holidays' must list some of {', '.join(HOLIDAYS)}")
    remittance = cap = term = None
    if kind == "revenue_based":
        remittance, cap = number(row, "remittance", where), number(row, "cap", where)
        if not Decimal(0) < remittance <= Decimal(1):
            raise problem(
                where, f"'remittance' must be a share above 0 and up to 1, not {remittance}"
            )
        if cap < 1:
            raise problem(where, f"'cap' must be at least 1 times the advance, not {cap}")
        if "term" in row:
            raise problem(where, "'term' is for loans; a revenue-based advance ends at its cap")
    else:
        term = whole(row, "term", where, least=1)
        for key in REVENUE_BASED_ONLY:
            if key in row:
                raise problem(where, f"{key!r} is for revenue-based grids, not loans")
    return GridSpec(
        title=text(row, "title", where),
        kind=kind,
        currency=choice(row, "currency", tuple(Currency), where),
        is_active=flag(row, "active", where, default=True),
        min_months_history=whole(row, "min_months", where, least=0),
        min_monthly_revenue=min_revenue,
        max_multiple=max_multiple,
        pricing_by_grade=_pricing(row, where),
        remittance_share=remittance,
        repayment_cap=cap,
        singles_day_holiday="singles_day" in holidays,
        spring_festival_holiday="spring_festival" in holidays,
        term_months=term,
    )


def parse_grids(row: Mapping[str, Any]) -> tuple[GridSpec, ...]:
    """The grids of one `[[organization]]` table; only investors have any."""
    return tuple(
        parse_grid(grid, organization=row["slug"])
        for grid in entries(row, "grid", owner="investor")
    )
