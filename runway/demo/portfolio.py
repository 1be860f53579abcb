"""The demo's portfolio: cash and burn for the held demo ventures, then the nightly alert run.

Called at the end of the demo build, once closing rounds has written holdings. A held demo
venture that never stated its cash gets one finance snapshot on the catalogue's last day, sized
from its own recent net revenue; the runway it gives cycles through a fixed list (some below six
months, one profitable), so the portfolio shows every runway state and some alerts, the same on
every build.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from runway.demo.actors import demo_actor
from runway.demo.catalogue import AS_OF, load_catalogue
from runway.metrics.figures import local_today
from runway.metrics.finance import finance_snapshot_save
from runway.metrics.models import FinanceSnapshot, MonthlyKPI
from runway.orgs.models import Organization
from runway.portfolio.models import Holding
from runway.portfolio.services.alerts import AlertRun, portfolio_alerts_run
from runway.ventures.models import Venture

# Months of runway of the held ventures, in order of id; None burns nothing.
RUNWAY_CYCLE: tuple[Decimal | None, ...] = (
    Decimal("4.5"), Decimal("14"), Decimal("8"), None, Decimal("2.8"), Decimal("22"),
)  # fmt: skip
# Burn as a share of the venture's average monthly net revenue over its last complete quarter.
BURN_SHARE = Decimal("0.25")
FALLBACK_BURN = Decimal("150000.00")
CENT = Decimal("0.01")


def _monthly_burn(venture: Venture) -> tuple[Decimal, str]:
    recent = list(
        MonthlyKPI.objects.filter(venture=venture, complete=True)
        .order_by("-month")
        .values_list("net_revenue", "currency")[:3]
    )
    if not recent:
        return FALLBACK_BURN, "CNY"
    average = sum((row[0] for row in recent), Decimal(0)) / len(recent)
    return max((average * BURN_SHARE).quantize(CENT), CENT), recent[0][1]


def _held_demo_ventures() -> list[Venture]:
    slugs = load_catalogue().slugs
    held = Holding.objects.filter(venture__organization__slug__in=slugs).values("venture_id")
    return list(
        Venture.objects.filter(pk__in=held)
        .exclude(pk__in=FinanceSnapshot.objects.values("venture_id"))
        .select_related("organization")
        .order_by("pk")
    )


def portfolio_demo_build(*, today: dt.date | None = None) -> AlertRun:
    """Finance snapshots for held demo ventures without one, then the alert run of `today`
    (the local date by default). Safe to call again: ventures with a snapshot are left alone,
    and alerts are never repeated."""
    as_of = min(AS_OF, local_today())
    with transaction.atomic():
        for index, venture in enumerate(_held_demo_ventures()):
            owner = demo_actor(venture.organization)
            if owner is None:
                continue
            burn, currency = _monthly_burn(venture)
            months = RUNWAY_CYCLE[index % len(RUNWAY_CYCLE)]
            cash = (burn * months).quantize(CENT) if months is not None else burn * 12
            finance_snapshot_save(
                actor=owner,
                venture=venture,
                as_of=as_of,
                cash=cash,
                monthly_burn=burn if months is not None else Decimal(0),
                currency=currency,
            )
    return portfolio_alerts_run(today=today)


def portfolio_demo_delete(organizations: QuerySet[Organization]) -> int:
    """Deletes the holdings of or in `organizations` (holdings PROTECT their investor, venture
    and round, so demo_delete must call this before deleting the organizations); their alerts
    and audit rows go with them. Returns the holdings deleted."""
    holdings = Holding.objects.filter(investor__in=organizations) | Holding.objects.filter(
        venture__organization__in=organizations
    )
    _total, by_model = holdings.delete()
    return by_model.get(Holding._meta.label, 0)
