"""The portfolio in the JSON API: holdings with their ventures' live figures, and alerts.

Mounted by runway/api/urls.py at /portfolio. The same rules as the pages: investor and government
organizations read their own holdings (any role, tokens included); any other organization, and
anyone asking for another holder's holding, gets 404. Reading one holding's detail is audited.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS
from runway.api.schemas import MAX_ID, Amount, RunwayPagination
from runway.deals.views.client import client_ip, user_agent
from runway.engine.money import Currency
from runway.portfolio import adapters, selectors
from runway.portfolio.models import AccessChannel, Alert, AlertKind
from runway.portfolio.presenters import runway_reason
from runway.portfolio.selectors import HoldingRow, HoldingTable
from runway.portfolio.services.audit import holding_metrics_open

router = Router(tags=["portfolio"])


class VentureRefOut(Schema):
    id: int
    name: str


class RoundRefOut(Schema):
    id: int
    title: str


class KPIsOut(Schema):
    currency: str | None
    month: dt.date | None = Field(description="The latest complete month.")
    net_revenue: Decimal | None
    net_revenue_yoy: Decimal | None = Field(
        description="Against the same month a year earlier, as a fraction (-0.31 = 31% down)."
    )
    repeat_buyer_rate: Decimal | None
    months_of_history: int = Field(description="Complete months recorded.")


class RunwayOut(Schema):
    status: str = Field(description="`months`, `profitable` (nothing burnt) or `unknown`.")
    months: Decimal | None = Field(description="cash / monthly burn, to a tenth of a month.")
    as_of: dt.date | None
    cash: Decimal | None
    monthly_burn: Decimal | None
    currency: str
    reason: str = Field(description="Why it is unknown: `no_snapshot`.")
    reason_text: str
    low: bool = Field(description="Below six months.")


class HoldingOut(Schema):
    id: int
    venture: VentureRefOut
    funding_round: RoundRefOut
    program_id: int | None
    instrument: str
    amount: Amount
    currency: Currency
    ownership: Decimal | None = Field(description="Fraction of the company; null for debt.")
    acquired_on: dt.date
    kpis: KPIsOut
    runway: RunwayOut
    grade: str | None = Field(description="A (best) to E; null without enough history.")


class AlertOut(Schema):
    id: int
    holding_id: int | None
    venture: VentureRefOut
    kind: AlertKind
    period: str = Field(description="The month the alert is about, `YYYY-MM`.")
    values: dict[str, Any]
    text: str
    created_at: dt.datetime
    emailed_at: dt.datetime | None

    @staticmethod
    def resolve_venture(obj: Alert) -> dict[str, Any]:
        return {"id": obj.venture_id, "name": obj.venture.name}

    @staticmethod
    def resolve_period(obj: Alert) -> str:
        return f"{obj.period:%Y-%m}"

    @staticmethod
    def resolve_text(obj: Alert) -> str:
        return selectors.alert_sentence(obj)


def _holding_out(row: HoldingRow) -> dict[str, Any]:
    holding, figures = row.holding, row.figures
    kpis, runway = figures.kpis, figures.runway
    return {
        "id": holding.pk,
        "venture": {"id": holding.venture_id, "name": holding.venture.name},
        "funding_round": {"id": holding.funding_round_id, "title": holding.funding_round.title},
        "program_id": holding.program_id,
        "instrument": holding.instrument.code,
        "amount": holding.amount,
        "currency": holding.currency,
        "ownership": holding.ownership,
        "acquired_on": holding.acquired_on,
        "kpis": {
            "currency": kpis.currency,
            "month": kpis.month,
            "net_revenue": kpis.net_revenue,
            "net_revenue_yoy": kpis.net_revenue_yoy,
            "repeat_buyer_rate": kpis.repeat_buyer_rate,
            "months_of_history": kpis.months_of_history,
        },
        "runway": {
            "status": runway.status,
            "months": runway.months,
            "as_of": runway.as_of,
            "cash": runway.cash,
            "monthly_burn": runway.monthly_burn,
            "currency": runway.currency,
            "reason": runway.reason,
            "reason_text": runway_reason(runway.reason) if runway.reason else "",
            "low": runway.is_low,
        },
        "grade": kpis.grade,
    }


class _Rows(HoldingTable):
    """The holding table, each row as the response shape."""

    def __getitem__(self, index: Any) -> Any:
        rows = super().__getitem__(index)
        if isinstance(rows, list):
            return [_holding_out(row) for row in rows]
        return _holding_out(rows)


@router.get(
    "/holdings",
    response={200: list[HoldingOut], **READ_ERRORS},
    summary="The caller's holdings",
    description="For investor and government organizations: each holding with its venture's "
    "latest complete month, runway and grade, newest first. Other organizations get 404.",
)
@paginate(RunwayPagination)
def holding_list(request: HttpRequest) -> Any:
    return _Rows(selectors.holding_list_visible(actor=request_actor(request)))


@router.get(
    "/holdings/{holding_id}",
    response={200: HoldingOut, **READ_ERRORS},
    summary="One holding, with its venture's KPIs and runway",
    description="Each read is recorded for the venture (the holding is what opens its figures).",
)
def holding_detail(
    request: HttpRequest, holding_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    holding = holding_metrics_open(
        actor=request_actor(request),
        holding_id=holding_id,
        channel=AccessChannel.API,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )
    figures = adapters.venture_figures([holding.venture_id])[holding.venture_id]
    return _holding_out(HoldingRow(holding, figures))


@router.get(
    "/alerts",
    response={200: list[AlertOut], **READ_ERRORS},
    summary="The caller's portfolio alerts",
    description="Newest first; `kind` filters. Runway below six months, net revenue more than "
    "30% below the same month last year, or last month's figures not recorded by the 10th.",
)
@paginate(RunwayPagination)
def alert_list(request: HttpRequest, kind: AlertKind | None = None) -> QuerySet[Alert]:
    alerts = selectors.alert_list_visible(actor=request_actor(request))
    return alerts.filter(kind=kind) if kind is not None else alerts
