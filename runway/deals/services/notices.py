"""Notifications to the other side of a deal; written in the transaction of the change they
announce, so a refused change announces nothing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from runway.deals.models import Deal, DealState, TermSheet
from runway.deals.transitions import Side
from runway.notifications.services import notify
from runway.orgs.models import Organization


def _other_side(deal: Deal, side: Side) -> Organization:
    if side is Side.INVESTOR:
        return deal.funding_round.venture.organization
    return deal.investor


def _params(deal: Deal) -> dict[str, Any]:
    return {
        "round": deal.funding_round.title,
        "venture": deal.funding_round.venture.organization.name,
        "investor": deal.investor.name,
    }


def deal_moved(*, deal: Deal, side: Side, from_state: str) -> None:
    # The venture never heard of a deal that leaves the investor's shortlist without an intro.
    if from_state == DealState.INTERESTED and deal.state != DealState.INTRO_REQUESTED:
        return
    verb = "deal_intro_requested" if deal.state == DealState.INTRO_REQUESTED else "deal_moved"
    notify(
        organization=_other_side(deal, side),
        verb=verb,
        key=f"deal:{deal.pk}:{deal.state}",
        params={**_params(deal), "state": deal.state, "side": side.value},
        url=reverse("deals:detail", args=[deal.pk]),
    )


def message_posted(*, deal: Deal, side: Side, message_id: int) -> None:
    notify(
        organization=_other_side(deal, side),
        verb="deal_message",
        key=f"deal-message:{message_id}",
        params={**_params(deal), "side": side.value},
        url=reverse("deals:detail", args=[deal.pk]) + f"#message-{message_id}",
    )


def nda_accepted(*, deal: Deal) -> None:
    notify(
        organization=deal.funding_round.venture.organization,
        verb="deal_nda_accepted",
        key=f"deal-nda:{deal.pk}",
        params=_params(deal),
        url=reverse("deals:detail", args=[deal.pk]),
    )


def access_granted(*, organization: Organization, venture_name: str, grant_id: int) -> None:
    notify(
        organization=organization,
        verb="deal_access_granted",
        key=f"deal-grant:{grant_id}",
        params={"venture": venture_name},
        url=reverse("deals:list"),
    )


def term_sheet(*, deal: Deal, sheet: TermSheet, side: Side) -> None:
    notify(
        organization=_other_side(deal, side),
        verb="deal_term_sheet",
        key=f"deal-term-sheet:{sheet.pk}:{sheet.status}",
        params={**_params(deal), "version": sheet.version, "status": sheet.status},
        url=reverse("deals:detail", args=[deal.pk]) + "#term-sheets",
    )
