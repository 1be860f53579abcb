"""Writes for monthly figures that do not come from an export: typed in, or pushed by a shop.

Each month carries one verification level, and a weaker level never replaces a stronger one:
`self_reported` (typed in by the venture) < `imported` (computed from an uploaded export) <
`connected` (pushed by the shop's own system through the API). So typed-in figures fill months
nothing verified covers, and can be corrected until an export or the shop covers them; a shop's
push replaces whatever a month held, and pushing the same month again replaces the push.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.engine.orders import DEFAULT_TZ
from runway.metrics.access import MetricsPolicy
from runway.metrics.models import MONEY_DIGITS, MonthlyKPI, VerificationLevel
from runway.metrics.series import exact_rate, kpi_series_refresh
from runway.orgs.access import AccessDenied, Actor
from runway.ventures.models import Venture

CENT = Decimal("0.01")
MAX_MONEY = Decimal(10) ** (MONEY_DIGITS - 2) - CENT
MAX_COUNT = 2_147_483_647  # PositiveIntegerField on every database


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """A month as a venture types it or a shop pushes it; the rest is derived (docs/metrics.md)."""

    month: dt.date  # any day of the month
    gmv: Decimal
    orders: int
    buyers: int
    new_buyers: int
    refunds: Decimal = Decimal(0)
    cancelled_orders: int = 0
    visits: int | None = None
    page_views: int | None = None


def local_today() -> dt.date:
    return timezone.now().astimezone(ZoneInfo(DEFAULT_TZ)).date()


def figures_errors(figures: MonthFigures, *, today: dt.date) -> dict[str, list[str]]:
    """What is wrong with a month's figures, by field; empty when nothing is."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if figures.month.replace(day=1) > today.replace(day=1):
        add("month", _("The month has not begun yet."))
    for name in ("gmv", "refunds"):
        value: Decimal = getattr(figures, name)
        if not value.is_finite() or value < 0 or value > MAX_MONEY:
            add(name, _("Enter an amount from 0 to %(max)s.") % {"max": f"{MAX_MONEY:,.2f}"})
        elif value != value.quantize(CENT):
            add(name, _("Enter at most two decimal places."))
    counts = ("orders", "buyers", "new_buyers", "cancelled_orders", "visits", "page_views")
    for name in counts:
        count = getattr(figures, name)
        if count is not None and not 0 <= count <= MAX_COUNT:
            add(name, _("Enter a whole number from 0 to %(max)d.") % {"max": MAX_COUNT})
    if errors:
        return errors
    if figures.refunds > figures.gmv:
        add("refunds", _("Refunds cannot exceed GMV."))
    if figures.buyers > figures.orders:
        add("buyers", _("Buyers cannot exceed orders: every buyer placed at least one."))
    if figures.new_buyers > figures.buyers:
        add("new_buyers", _("New buyers cannot exceed buyers."))
    if figures.cancelled_orders > figures.orders:
        add("cancelled_orders", _("Cancelled orders cannot exceed orders."))
    if figures.gmv and not figures.orders:
        add("orders", _("A month with GMV has at least one order."))
    return errors


def month_fields(figures: MonthFigures, *, today: dt.date) -> dict[str, Any]:
    """The MonthlyKPI fields of one month's figures: the figures and what they define."""
    month = figures.month.replace(day=1)
    length = calendar.monthrange(month.year, month.month)[1]
    current = (month.year, month.month) == (today.year, today.month)
    aov = None
    if figures.orders:
        aov = (figures.gmv / figures.orders).quantize(CENT, rounding=ROUND_HALF_EVEN)
    returning = figures.buyers - figures.new_buyers
    return {
        "month": month,
        "days": today.day if current else length,
        "complete": not current,
        "gmv": figures.gmv,
        "refunds": figures.refunds,
        "net_revenue": figures.gmv - figures.refunds,
        "orders": figures.orders,
        "cancelled_orders": figures.cancelled_orders,
        "buyers": figures.buyers,
        "new_buyers": figures.new_buyers,
        "returning_buyers": returning,
        "repeat_buyer_rate": exact_rate(returning, figures.buyers),
        "aov": aov,
        "refund_rate": exact_rate(figures.refunds, figures.gmv),
        "visits": figures.visits,
        "page_views": figures.page_views,
    }


def _currency_errors(venture: Venture, currency: str, months: Sequence[dt.date]) -> list[str]:
    """A venture's months share one currency, so charts and passports add like with like."""
    others = (
        MonthlyKPI.objects.filter(venture=venture)
        .exclude(month__in=months)
        .exclude(currency=currency)
        .values_list("currency", flat=True)
        .first()
    )
    if others is None:
        return []
    return [_("Your other months are in %(currency)s: use it here too.") % {"currency": others}]


def kpi_self_report(
    *, actor: Actor, venture: Venture, figures: MonthFigures, currency: str
) -> MonthlyKPI:
    """Stores a month the venture typed in, or corrects one it typed in before.

    Refused (ValidationError on `month`) when the month holds imported or connected figures:
    those were verified against the shop's own records, and typing cannot replace them.
    """
    if not MetricsPolicy.can_import(actor, venture):
        raise AccessDenied
    today = local_today()
    errors = figures_errors(figures, today=today)
    month = figures.month.replace(day=1)
    if not errors:
        currency_errors = _currency_errors(venture, currency, [month])
        if currency_errors:
            errors["currency"] = currency_errors
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = MonthlyKPI.objects.select_for_update().filter(venture=venture, month=month)
        held = existing.exclude(verification=VerificationLevel.SELF_REPORTED).first()
        if held is not None:
            raise ValidationError(
                {
                    "month": _(
                        "%(month)s already has figures %(source)s. Typed-in figures never "
                        "replace imported or connected ones: those were checked against your "
                        "shop's own records."
                    )
                    % {"month": f"{month:%Y-%m}", "source": _source_words(held.verification)}
                }
            )
        kpi, _created = MonthlyKPI.objects.update_or_create(
            venture=venture,
            month=month,
            defaults={
                **month_fields(figures, today=today),
                "currency": currency,
                "verification": VerificationLevel.SELF_REPORTED,
                "source_job": None,
                "entered_by": actor.user,
                "entered_at": timezone.now(),
            },
        )
        kpi_series_refresh(venture=venture)
    kpi.refresh_from_db()
    return kpi


def kpi_push_connected(
    *, actor: Actor, venture: Venture, currency: str, months: Sequence[MonthFigures]
) -> list[MonthlyKPI]:
    """Stores months a shop pushes through the API, replacing what each month held.

    All or nothing: ValidationError keyed `months.<index>.<field>` (or `currency`, `months`)
    when any month is wrong. Pushing the same months again leaves the same figures.
    """
    if not MetricsPolicy.can_import(actor, venture):
        raise AccessDenied
    today = local_today()
    errors: dict[str, list[str]] = {}
    seen: dict[dt.date, int] = {}
    for index, figures in enumerate(months):
        month = figures.month.replace(day=1)
        if month in seen:
            errors[f"months.{index}.month"] = [
                _("%(month)s appears twice.") % {"month": f"{month:%Y-%m}"}
            ]
        seen[month] = index
        for field, messages in figures_errors(figures, today=today).items():
            errors[f"months.{index}.{field}"] = messages
    if not months:
        errors["months"] = [_("Send at least one month.")]
    if not errors:
        currency_errors = _currency_errors(venture, currency, list(seen))
        if currency_errors:
            errors["currency"] = currency_errors
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for figures in months:
            MonthlyKPI.objects.update_or_create(
                venture=venture,
                month=figures.month.replace(day=1),
                defaults={
                    **month_fields(figures, today=today),
                    "currency": currency,
                    "verification": VerificationLevel.CONNECTED,
                    "source_job": None,
                    "entered_by": actor.user,
                    "entered_at": timezone.now(),
                },
            )
        kpi_series_refresh(venture=venture)
    return list(MonthlyKPI.objects.filter(venture=venture, month__in=list(seen)).order_by("month"))


def _source_words(level: str) -> str:
    if level == VerificationLevel.CONNECTED:
        return _("pushed by your connected shop")
    return _("imported from an order export")
