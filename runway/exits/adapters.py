"""A venture's stored rows as what the rescue ladder and a listing need: the latest finance
snapshot, the latest failed round, the lenders' revenue-based advances as bridge quotes, the
valuation band, and the verified figures as bands (for every buyer) and in detail (after the
NDA)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from runway.directory.bands import GROWTH_BANDS, REVENUE_BANDS, band_for, in_yuan
from runway.engine.financing import RbfOffer, ValuationBand, valuation_band
from runway.engine.financing.rescue import BridgeQuote
from runway.investors.models import LenderGrid
from runway.matching import adapters as traction
from runway.matching.selectors import lender_offers
from runway.metrics.models import FinanceSnapshot, MonthlyKPI
from runway.taxonomy.models import Sector
from runway.ventures.models import FundingRound, RoundStatus, Venture

TRAILING_MONTHS = 12


def latest_snapshot(venture: Venture) -> FinanceSnapshot | None:
    return FinanceSnapshot.objects.filter(venture=venture).order_by("-as_of", "-pk").first()


def latest_failed_round(venture: Venture) -> FundingRound | None:
    return (
        FundingRound.objects.filter(venture=venture, status=RoundStatus.FAILED)
        .order_by("-closes_on", "-pk")
        .first()
    )


def bridge_quotes(
    *, venture: Venture, currency: str, as_of: dt.date
) -> tuple[list[BridgeQuote], dict[str, LenderGrid]]:
    """Every active revenue-based grid's advance to the venture in `currency`, as the Capital
    page computes it, with the grids by the key the quotes name them with."""
    _score, _currency, outcomes = lender_offers(venture=venture, as_of=as_of)
    quotes: list[BridgeQuote] = []
    grids: dict[str, LenderGrid] = {}
    for outcome in outcomes:
        offer = outcome.offer
        if not isinstance(offer, RbfOffer) or offer.amount.currency != currency:
            continue
        key = str(outcome.grid.pk)
        grids[key] = outcome.grid
        holidays = {
            name
            for name, chosen in (
                ("singles_day", outcome.grid.singles_day_holiday),
                ("spring_festival", outcome.grid.spring_festival_holiday),
            )
            if chosen
        }
        quotes.append(
            BridgeQuote(
                lender=key,
                amount=offer.amount,
                fee=offer.fee,
                payback_months=offer.payback_months,
                remittance_share=offer.remittance_share,
                holidays=frozenset(holidays),
            )
        )
    return quotes, grids


def venture_sectors(venture: Venture) -> list[Sector]:
    return list(venture.sectors.order_by("position", "code"))


def venture_valuation(venture: Venture, *, sector: Sector | None = None) -> ValuationBand | None:
    """The indicative band from sector multiples of trailing net revenue (as on the Capital
    page); None without revenue or sector."""
    revenue = traction.venture_ttm_revenue(venture)
    chosen = sector or next(iter(venture_sectors(venture)), None)
    if revenue is None or revenue[0] <= 0 or chosen is None:
        return None
    return valuation_band(chosen.code, ttm_revenue=revenue[0], currency=revenue[1])


@dataclass(frozen=True)
class ListingFigures:
    """What a listing stores of the venture's verified figures."""

    bands: dict[str, Any]
    detail: dict[str, Any]
    as_of: dt.date | None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def listing_figures(venture: Venture) -> ListingFigures:
    """Bands every buyer may see (no figure that identifies the venture) and the detail for
    buyers under NDA: the last twelve complete months, as imported or connected."""
    _frame, currency, level = traction.kpi_frame(venture)
    score = traction.venture_score(venture)
    months = list(
        MonthlyKPI.objects.filter(venture=venture, complete=True).order_by("-month")[
            :TRAILING_MONTHS
        ]
    )
    months.reverse()
    annual = None
    if months:
        total = sum((m.net_revenue for m in months), Decimal(0))
        annual = (total * TRAILING_MONTHS / len(months)).quantize(Decimal("0.01"))
    growth = months[-1].net_revenue_yoy if months else None
    revenue_cny = in_yuan(annual, currency) if annual is not None else None
    revenue_band = band_for(revenue_cny, REVENUE_BANDS)
    growth_band = band_for(growth, GROWTH_BANDS)
    graded = score is not None and score.basis != "insufficient"
    bands = {
        "revenue_band": revenue_band[0].code if revenue_band else "",
        "growth_band": growth_band[0].code if growth_band else "",
        "grade": str(score.grade) if graded and score is not None else "",
        "verification": level if months else "",
        "months": MonthlyKPI.objects.filter(venture=venture, complete=True).count(),
    }
    detail = {
        "currency": currency,
        "annual_revenue": _text(annual),
        "growth_yoy": _text(growth),
        "score": _text(Decimal(str(score.value)).quantize(Decimal("0.1")))
        if graded and score is not None
        else None,
        "months": [
            {
                "month": m.month.isoformat(),
                "gmv": str(m.gmv),
                "net_revenue": str(m.net_revenue),
                "orders": m.orders,
                "buyers": m.buyers,
                "repeat_buyer_rate": _text(m.repeat_buyer_rate),
                "refund_rate": _text(m.refund_rate),
                "verification": m.verification,
            }
            for m in months
        ],
    }
    return ListingFigures(bands=bands, detail=detail, as_of=months[-1].month if months else None)
