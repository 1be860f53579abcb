"""Listings and the rescue ladder as rows and columns the templates show."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from runway.directory.bands import GROWTH_BANDS, REVENUE_BANDS, band_label
from runway.engine.financing.rescue import DEFAULT_PARAMS, RescueLadder
from runway.exits.models import Listing
from runway.exits.reasons import route_reason, trigger_reason
from runway.exits.selectors import RescueOverview
from runway.metrics.models import VerificationLevel


def band_rows(listing: Listing) -> list[tuple[str, str]]:
    """The anonymous card's verified figures: labels and bands, never an exact figure."""
    bands = listing.metrics or {}
    rows: list[tuple[str, str]] = []
    revenue = band_label(bands.get("revenue_band", ""), REVENUE_BANDS)
    if revenue is not None:
        rows.append((_("Net revenue"), str(revenue)))
    growth = band_label(bands.get("growth_band", ""), GROWTH_BANDS)
    if growth is not None:
        rows.append((_("Growth"), str(growth)))
    if bands.get("grade"):
        rows.append((_("Traction grade"), str(bands["grade"])))
    level = bands.get("verification")
    if level in VerificationLevel.values:
        rows.append((_("Figures"), str(VerificationLevel(level).label)))
    months = bands.get("months")
    if months:
        rows.append(
            (
                _("History"),
                ngettext("%(n)d complete month", "%(n)d complete months", months) % {"n": months},
            )
        )
    return rows


def trigger_lines(ladder: RescueLadder) -> list[str]:
    return [
        trigger_reason(
            code,
            runway_months=ladder.trigger.runway_months,
            threshold=DEFAULT_PARAMS.runway_threshold_months,
        )
        for code in ladder.trigger.reasons
    ]


@dataclass
class Column:
    """One route of the ladder, side by side with the others."""

    key: str
    title: str
    available: bool
    reason: str
    time_to_cash_days: int
    dilution: Decimal | None
    amount: Decimal | None = None
    currency: str = ""


def ladder_columns(overview: RescueOverview) -> list[Column]:
    ladder = overview.ladder
    currency = ladder.currency.value
    bridge = ladder.bridge
    rescue_round = ladder.rescue_round
    sale = ladder.sale
    return [
        Column(
            key="bridge",
            title=_("Revenue-based bridge"),
            available=bridge.available,
            reason=route_reason(bridge.reason) if bridge.reason else "",
            time_to_cash_days=bridge.time_to_cash_days,
            dilution=bridge.dilution,
            amount=bridge.amount.amount if bridge.amount else None,
            currency=currency,
        ),
        Column(
            key="round",
            title=_("Rescue round"),
            available=rescue_round.available,
            reason=route_reason(rescue_round.reason) if rescue_round.reason else "",
            time_to_cash_days=rescue_round.time_to_cash_days,
            dilution=rescue_round.dilution,
            amount=rescue_round.target.amount if rescue_round.target else None,
            currency=currency,
        ),
        Column(
            key="sale",
            title=_("Confidential sale"),
            available=sale.available,
            reason=route_reason(sale.reason) if sale.reason else "",
            time_to_cash_days=sale.time_to_cash_days,
            dilution=sale.dilution,
            amount=sale.band.mid.amount if sale.band else None,
            currency=currency,
        ),
    ]
