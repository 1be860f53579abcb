"""Financing maths: revenue-based financing offers, indicative loans and valuation bands.

    offer = rbf_offer(grid, kpis, grade="B", ask=Decimal("500000"), as_of=today)
    if isinstance(offer, Decline):
        offer.reason, offer.params          # a code from DECLINE_REASONS, for the message
    else:
        offer.amount, offer.fee, offer.payback_months, offer.projected

`kpis` is the monthly KPI frame of `runway.engine.orders` (or the same columns from stored rows);
only complete months are used. Every formula is in docs/decisions.md.
"""

from runway.engine.financing.grids import (
    DECLINE_REASONS,
    GRADES,
    Decline,
    LenderGrid,
    LoanGrid,
)
from runway.engine.financing.history import MonthlyHistory, complete_history
from runway.engine.financing.loans import LoanOffer, annuity, loan_offer
from runway.engine.financing.projection import (
    DEFAULT_PROJECTION,
    ProjectionParams,
    RevenueProjection,
    project_revenue,
)
from runway.engine.financing.rbf import ProjectedRemittance, RbfOffer, rbf_offer
from runway.engine.financing.seasonality import (
    DEFAULT_CALENDAR,
    HOLIDAYS,
    Holiday,
    HolidayCalendar,
    seasonal_index,
)
from runway.engine.financing.valuation import (
    DEFAULT_TABLE,
    SectorMultiples,
    ValuationBand,
    ValuationTable,
    load_table,
    valuation_band,
)

__all__ = [
    "DECLINE_REASONS",
    "DEFAULT_CALENDAR",
    "DEFAULT_PROJECTION",
    "DEFAULT_TABLE",
    "GRADES",
    "HOLIDAYS",
    "Decline",
    "Holiday",
    "HolidayCalendar",
    "LenderGrid",
    "LoanGrid",
    "LoanOffer",
    "MonthlyHistory",
    "ProjectedRemittance",
    "ProjectionParams",
    "RbfOffer",
    "RevenueProjection",
    "SectorMultiples",
    "ValuationBand",
    "ValuationTable",
    "annuity",
    "complete_history",
    "load_table",
    "loan_offer",
    "project_revenue",
    "rbf_offer",
    "seasonal_index",
    "valuation_band",
]
