"""Notifications to the other side of a sponsorship, written in the transaction of the change
they announce, so a refused change announces nothing."""

from __future__ import annotations

from django.urls import reverse

from runway.notifications.services import notify
from runway.sponsors.access import INTERMEDIARY
from runway.sponsors.models import Sponsorship, SponsorshipStatus

VERBS = {
    SponsorshipStatus.PROPOSED: "sponsorship_proposed",
    SponsorshipStatus.ACCEPTED: "sponsorship_accepted",
    SponsorshipStatus.DECLINED: "sponsorship_declined",
    SponsorshipStatus.ENDED: "sponsorship_ended",
}


def sponsorship_moved(*, sponsorship: Sponsorship, side: str, was: str = "") -> None:
    """Tells the side that did not act that `sponsorship` is now in its status."""
    other = sponsorship.venture.organization if side == INTERMEDIARY else sponsorship.intermediary
    notify(
        organization=other,
        verb=VERBS[SponsorshipStatus(sponsorship.status)],
        key=f"sponsorship:{sponsorship.pk}:{sponsorship.status}",
        params={
            "intermediary": sponsorship.intermediary.name,
            "venture": sponsorship.venture.organization.name,
            "side": side,
            "was": was,
        },
        url=reverse("sponsors:home"),
    )
