"""Notifications about a round's syndicate: commitments, co-investment, the holders' offer, and
the round closing, failing or being cancelled. Written in the transaction of the change they
announce (notify is idempotent by key), so a refused change announces nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from runway.deals.models import Commitment, ProgramReservation
from runway.notifications.services import notify
from runway.orgs.models import Organization
from runway.orgs.money import money_text
from runway.ventures.models import FundingRound


def _round_params(funding_round: FundingRound) -> dict[str, Any]:
    return {"round": funding_round.title, "venture": funding_round.venture.organization.name}


def _round_url(funding_round: FundingRound) -> str:
    return reverse("ventures:round_detail", args=[funding_round.pk])


def commitment_made(*, commitment: Commitment) -> None:
    funding_round = commitment.funding_round
    notify(
        organization=funding_round.venture.organization,
        verb="commitment_made",
        key=f"commitment:{commitment.pk}",
        params={
            **_round_params(funding_round),
            "investor": commitment.investor.name,
            "kind": commitment.kind,
            "amount": money_text(commitment.amount, commitment.currency),
        },
        url=reverse("deals:detail", args=[commitment.deal_id]) + "#commitments",
    )


def commitment_withdrawn(*, commitment: Commitment) -> None:
    funding_round = commitment.funding_round
    notify(
        organization=funding_round.venture.organization,
        verb="commitment_withdrawn",
        key=f"commitment-withdrawn:{commitment.pk}",
        params={
            **_round_params(funding_round),
            "investor": commitment.investor.name,
            "amount": money_text(commitment.amount, commitment.currency),
        },
        url=reverse("deals:detail", args=[commitment.deal_id]) + "#commitments",
    )


def coinvestment_reserved(*, reservation: ProgramReservation) -> None:
    funding_round = reservation.funding_round
    notify(
        organization=reservation.program.organization,
        verb="coinvestment_requested",
        key=f"coinvestment:{reservation.pk}",
        params={**_round_params(funding_round), "program": reservation.program.title},
        url=_round_url(funding_round),
    )


def follow_on_offer(
    *, funding_round: FundingRound, holder: Organization, allowance: Decimal, until: dt.date
) -> None:
    notify(
        organization=holder,
        verb="follow_on_offer",
        key=f"follow-on:{funding_round.pk}:{holder.pk}",
        params={
            **_round_params(funding_round),
            "allowance": money_text(allowance, funding_round.currency),
            "until": until.isoformat(),
        },
        url=_round_url(funding_round),
    )


def round_ended(
    *, funding_round: FundingRound, organization: Organization, outcome: str, amount: str = ""
) -> None:
    """`outcome`: closed or failed or cancelled, as seen by the venture (`venture`), a hard
    committer (`holding` / `released`), a soft one (`lapsed`) or a program (`program`)."""
    notify(
        organization=organization,
        verb=f"round_{funding_round.status}",
        key=f"round-{funding_round.status}:{funding_round.pk}:{organization.pk}",
        params={**_round_params(funding_round), "outcome": outcome, "amount": amount},
        url=_round_url(funding_round),
    )
