"""Opening a held venture's detailed metrics through a holding: allowed or refused, it leaves a
MetricsAccessEvent, written before the caller learns the answer (as the data room does)."""

from __future__ import annotations

from django.db import transaction

from runway.orgs.access import AccessDenied, Actor
from runway.portfolio.access import HOLDING_RELATED, PortfolioPolicy
from runway.portfolio.models import AccessChannel, Holding, MetricsAccessEvent


def holding_metrics_open(
    *, actor: Actor, holding_id: int, channel: str, ip: str | None, user_agent: str = ""
) -> Holding:
    """The holding if the actor's organization holds it; AccessDenied otherwise (missing or
    refused). Either way, an existing holding gets an event with the outcome."""
    if channel not in AccessChannel.values:
        raise ValueError(f"unknown access channel {channel!r}")
    holding = Holding.objects.select_related(*HOLDING_RELATED).filter(pk=holding_id).first()
    if holding is None:
        raise AccessDenied
    allowed = PortfolioPolicy.can_view(actor, holding)
    with transaction.atomic():
        MetricsAccessEvent.record(
            actor=actor, allowed=allowed, ip=ip, user_agent=user_agent,
            holding=holding, venture_id=holding.venture_id, channel=channel,
        )  # fmt: skip
    if not allowed:
        raise AccessDenied
    return holding
