"""The nightly alert run: every holder's held ventures against the rules of runway.portfolio.rules.

The rules run once over all held ventures (one query for the monthly rows, one for the latest
snapshots); only new alerts are written, each with an in-app notification for the holder. An
alert is unique per (holder, venture, kind, month), so running again the same night or every
night adds nothing already said; a concurrent run loses the insert race and skips.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from runway.notifications.services import notify
from runway.portfolio import adapters, rules
from runway.portfolio.models import Alert, AlertKind, Holding
from runway.portfolio.wording import VERB_OF
from runway.ventures.models import Venture


def update_due_day() -> int:
    """The day of the month by which last month's figures are due (PORTFOLIO_UPDATE_DUE_DAY
    overrides rules.MONTHLY_UPDATE_DUE_DAY)."""
    day = int(getattr(settings, "PORTFOLIO_UPDATE_DUE_DAY", rules.MONTHLY_UPDATE_DUE_DAY))
    if not 1 <= day <= 28:
        raise ValueError("PORTFOLIO_UPDATE_DUE_DAY is a day every month has: 1 to 28")
    return day


@dataclass(frozen=True, slots=True)
class Candidate:
    investor_id: int
    venture_id: int
    holding_id: int
    kind: str
    period: dt.date
    values: dict[str, Any]

    @property
    def key(self) -> tuple[int, int, str, dt.date]:
        return (self.investor_id, self.venture_id, self.kind, self.period)


@dataclass(frozen=True)
class AlertRun:
    today: dt.date
    holdings: int
    ventures: int
    created: list[Alert] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Held:
    holding_id: int  # the holder's first holding in the venture
    acquired_on: dt.date


def _held() -> dict[tuple[int, int], _Held]:
    """(holder, venture) -> the holder's first holding in it."""
    held: dict[tuple[int, int], _Held] = {}
    rows = Holding.objects.order_by("investor_id", "venture_id", "acquired_on", "pk").values_list(
        "pk", "investor_id", "venture_id", "acquired_on"
    )
    for pk, investor_id, venture_id, acquired_on in rows:
        held.setdefault((investor_id, venture_id), _Held(pk, acquired_on))
    return held


def _month(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def alert_candidates(*, today: dt.date) -> tuple[list[Candidate], dict[tuple[int, int], _Held]]:
    """Every alert the rules find on `today`, new or already stored."""
    due_day = update_due_day()
    held = _held()
    venture_ids = {venture_id for _investor, venture_id in held}
    runways = adapters.venture_runways(venture_ids)
    kpis = adapters.alert_kpi_frame(venture_ids)
    drops = {drop.venture_id: drop for drop in rules.drops_of(rules.revenue_drops(kpis))}
    due = rules.due_month(today, due_day=due_day)
    deadline = rules.due_date(due, due_day=due_day)
    updated = rules.updated_ventures(kpis, month=due)
    latest = rules.latest_months(kpis)
    found: list[Candidate] = []
    for (investor_id, venture_id), first in held.items():
        whose = (investor_id, venture_id, first.holding_id)
        runway = runways[venture_id]
        if runway.is_low and runway.as_of is not None:
            found.append(Candidate(*whose, AlertKind.LOW_RUNWAY, rules.month_start(runway.as_of), {
                "months": str(runway.months), "cash": str(runway.cash),
                "monthly_burn": str(runway.monthly_burn), "currency": runway.currency,
                "as_of": runway.as_of.isoformat(),
            }))  # fmt: skip
        drop = drops.get(venture_id)
        if drop is not None:
            found.append(Candidate(*whose, AlertKind.REVENUE_DROP, drop.month, {
                "month": _month(drop.month), "net_revenue": str(drop.net_revenue),
                "last_year": str(drop.last_year), "currency": drop.currency,
                "change": str(drop.change),
            }))  # fmt: skip
        # A holder is owed the updates due after it invested, not those due before.
        if venture_id not in updated and first.acquired_on <= deadline:
            last = latest.get(venture_id)
            found.append(Candidate(*whose, AlertKind.MISSED_UPDATE, due, {
                "month": _month(due), "due": deadline.isoformat(),
                "latest_month": _month(last) if last else None,
            }))  # fmt: skip
    return found, held


def _notify(alert: Alert, venture_name: str) -> None:
    notify(
        organization=alert.investor,
        verb=VERB_OF[alert.kind],
        key=f"portfolio:{alert.kind}:{alert.venture_id}:{alert.period:%Y-%m}",
        params={"venture": venture_name, **alert.values},
        url=reverse("portfolio:detail", args=[alert.holding_id]) if alert.holding_id else "",
    )


def portfolio_alerts_run(*, today: dt.date | None = None) -> AlertRun:
    """Finds and stores the alerts of `today` (the platform's local date by default), each new
    one with a notification to its holder. Safe to run as often as wanted."""
    today = today or timezone.localdate()
    candidates, held = alert_candidates(today=today)
    run = AlertRun(today=today, holdings=len(held), ventures=len({v for _i, v in held}))
    if not candidates:
        return run
    stored = set(
        Alert.objects.filter(
            venture_id__in={c.venture_id for c in candidates},
            period__gte=min(c.period for c in candidates),
        ).values_list("investor_id", "venture_id", "kind", "period")
    )
    fresh = [c for c in candidates if c.key not in stored]
    names = {
        venture.pk: venture.name
        for venture in Venture.objects.select_related("organization").filter(
            pk__in={c.venture_id for c in fresh}
        )
    }
    for candidate in fresh:
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    investor_id=candidate.investor_id,
                    venture_id=candidate.venture_id,
                    holding_id=candidate.holding_id,
                    kind=candidate.kind,
                    period=candidate.period,
                    values=candidate.values,
                )
                _notify(alert, names[candidate.venture_id])
        except IntegrityError:
            continue  # a concurrent run stored it first
        run.created.append(alert)
    return run
