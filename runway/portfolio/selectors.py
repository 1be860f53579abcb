"""Reads of the portfolio, limited to the actor's own organization's holdings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

from django.db.models import QuerySet, Sum

from runway.orgs.access import Actor
from runway.portfolio import adapters
from runway.portfolio.access import HOLDING_RELATED, require_portfolio
from runway.portfolio.models import Alert, Holding
from runway.portfolio.wording import alert_text

CENT = Decimal("0.01")


def holding_list_visible(*, actor: Actor) -> QuerySet[Holding]:
    """The actor's organization's holdings, newest first; AccessDenied for non-holder kinds."""
    require_portfolio(actor)
    return (
        Holding.objects.filter(investor=actor.organization)
        .select_related(*HOLDING_RELATED)
        .order_by("-acquired_on", "-pk")
    )


@dataclass(frozen=True, slots=True)
class HoldingRow:
    holding: Holding
    figures: adapters.VentureFigures


def holding_rows(holdings: Sequence[Holding]) -> list[HoldingRow]:
    """Each holding with its venture's live figures (three queries for the lot)."""
    figures = adapters.venture_figures(h.venture_id for h in holdings)
    return [HoldingRow(holding, figures[holding.venture_id]) for holding in holdings]


class HoldingTable(Sequence[HoldingRow]):
    """Holdings with figures, computed only for the slice a page asks for: Django's Paginator
    and ninja's pagination count it, then slice it."""

    def __init__(self, holdings: QuerySet[Holding]) -> None:
        self.holdings = holdings
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.holdings.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> HoldingRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[HoldingRow]: ...
    def __getitem__(self, index: int | slice) -> HoldingRow | list[HoldingRow]:
        if isinstance(index, slice):
            return holding_rows(list(self.holdings[index]))
        return holding_rows([self.holdings[index]])[0]

    def __iter__(self) -> Iterator[HoldingRow]:
        return iter(holding_rows(list(self.holdings)))


def holding_table(*, actor: Actor) -> HoldingTable:
    return HoldingTable(holding_list_visible(actor=actor))


def invested_totals(*, actor: Actor) -> list[tuple[str, Decimal]]:
    """(currency, total invested) of the actor's holdings, one line per currency: amounts in
    different currencies are never added together."""
    totals = (
        holding_list_visible(actor=actor)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    # SQLite sums decimals without their places; amounts are shown to the cent.
    return [(row["currency"], Decimal(row["total"]).quantize(CENT)) for row in totals]


def alert_list_visible(*, actor: Actor, venture_id: int | None = None) -> QuerySet[Alert]:
    """The actor's organization's alerts, newest first (one venture's with `venture_id`)."""
    require_portfolio(actor)
    alerts = Alert.objects.filter(investor=actor.organization).select_related(
        "venture__organization", "holding"
    )
    if venture_id is not None:
        alerts = alerts.filter(venture_id=venture_id)
    return alerts.order_by("-created_at", "-pk")


def alert_sentence(alert: Alert) -> str:
    return alert_text(kind=alert.kind, venture=alert.venture.name, values=alert.values)


def net_revenue_chart(*, holding: Holding) -> dict[str, Any]:
    """The held venture's monthly net revenue, for the chart (json_script): months, values
    (floats for drawing; the page's table keeps the decimals) and which months are partial."""
    rows = adapters.net_revenue_series(holding.venture_id)
    return {
        "months": [f"{row['month']:%Y-%m}" for row in rows],
        "net_revenue": [float(row["net_revenue"]) for row in rows],
        "partial": [not row["complete"] for row in rows],
        "currency": rows[-1]["currency"] if rows else "",
    }


def venture_holdings(*, actor: Actor, holding: Holding) -> list[Holding]:
    """Every holding the actor's organization has in the same venture (several rounds)."""
    return list(
        holding_list_visible(actor=actor)
        .filter(venture_id=holding.venture_id)
        .order_by("acquired_on", "pk")
    )
