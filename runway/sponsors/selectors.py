"""Reads of sponsorships: each side's lists, the intermediary's dashboard of the ventures it
sponsors, and a venture's accepted sponsors (for its profile, the directory and the teaser).

The dashboard shows what the directory shows a capital-side reader of a listed venture (stage,
verification level, grade, revenue and growth bands, exact figures only when the venture shows
them, passport validity), the venture's current public round, and how many deals are under way
on its rounds: a count, never who or how far. Deals an investor only shortlisted (`interested`)
are not counted, since the venture itself does not know of them. A venture that is no longer
listed keeps its row, without its figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from runway.deals.models import Deal, DealState
from runway.deals.transitions import OPEN_STATES
from runway.directory.access import DirectoryPolicy, profile_settings
from runway.directory.bands import TractionShown
from runway.directory.models import DirectoryEntry
from runway.orgs.access import Actor
from runway.orgs.models import Organization
from runway.sponsors.access import sponsorship_queryset
from runway.sponsors.models import LIVE_STATUSES, Sponsorship, SponsorshipStatus
from runway.ventures.access import PUBLIC_ROUND_STATUSES
from runway.ventures.models import FundingRound, RoundStatus, Venture

# Deals the venture knows of and that are still going somewhere.
DEALS_IN_PROGRESS = tuple(sorted(OPEN_STATES - {DealState.INTERESTED}))


def sponsorship_list_visible(*, actor: Actor, status: str | None = None) -> QuerySet[Sponsorship]:
    """The sponsorships of the actor's organization, on either side; platform staff see all."""
    sponsorships = sponsorship_queryset()
    if not actor.is_platform:
        sponsorships = sponsorships.filter(
            Q(intermediary=actor.organization) | Q(venture__organization=actor.organization)
        )
    if status:
        sponsorships = sponsorships.filter(status=status)
    return sponsorships.order_by("-proposed_at", "-pk")


def accepted_sponsors(*, venture: Venture) -> list[Organization]:
    """The organizations sponsoring `venture` now, longest-standing first."""
    return [
        s.intermediary
        for s in Sponsorship.objects.filter(venture=venture, status=SponsorshipStatus.ACCEPTED)
        .select_related("intermediary")
        .order_by("decided_at", "pk")
    ]


@dataclass(frozen=True, slots=True)
class SponsoredVenture(TractionShown):
    """One sponsored venture's progress, as its sponsor's dashboard shows it."""

    sponsorship: Sponsorship
    venture: Venture
    entry: DirectoryEntry | None  # None when unlisted: its figures are not shown
    listed: bool
    raw_figures: bool
    current_round: FundingRound | None
    deals_in_progress: int

    @property
    def passport_valid_until(self) -> dt.datetime | None:
        expires = self.entry.passport_expires_at if self.entry is not None else None
        return expires if expires is not None and expires > timezone.now() else None


@dataclass(frozen=True, slots=True)
class IntermediaryBoard:
    sponsored: list[SponsoredVenture]
    pending: list[Sponsorship]
    past: list[Sponsorship]


def _current_rounds(venture_ids: list[int]) -> dict[int, FundingRound]:
    """Each venture's round others see: the open one, else the latest closed."""
    rounds = FundingRound.objects.filter(
        venture_id__in=venture_ids, status__in=PUBLIC_ROUND_STATUSES
    ).select_related("instrument")
    current: dict[int, FundingRound] = {}
    for funding_round in sorted(
        rounds, key=lambda r: (r.status == RoundStatus.OPEN, r.opens_on, r.pk), reverse=True
    ):
        current.setdefault(funding_round.venture_id, funding_round)
    return current


def _deal_counts(venture_ids: list[int]) -> Counter[int]:
    rows = (
        Deal.objects.filter(funding_round__venture_id__in=venture_ids, state__in=DEALS_IN_PROGRESS)
        .values("funding_round__venture_id")
        .annotate(n=Count("pk"))
    )
    return Counter({row["funding_round__venture_id"]: row["n"] for row in rows})


def intermediary_board(*, actor: Actor) -> IntermediaryBoard:
    """The intermediary's sponsored ventures with their progress, its proposals waiting for an
    answer and its past sponsorships, in a fixed number of queries."""
    sponsorships = list(
        Sponsorship.objects.filter(intermediary=actor.organization)
        .select_related(
            "intermediary",
            "venture__organization",
            "venture__stage",
            "venture__directory_entry",
            "venture__directory_settings",
        )
        .order_by("-proposed_at", "-pk")
    )
    accepted = [s for s in sponsorships if s.status == SponsorshipStatus.ACCEPTED]
    venture_ids = [s.venture_id for s in accepted]
    rounds = _current_rounds(venture_ids)
    deals = _deal_counts(venture_ids)
    sponsored = []
    for sponsorship in sorted(accepted, key=lambda s: s.venture.organization.name):
        venture = sponsorship.venture
        listed = DirectoryPolicy.is_listed(venture)
        entry: DirectoryEntry | None = getattr(venture, "directory_entry", None)
        sponsored.append(
            SponsoredVenture(
                sponsorship=sponsorship,
                venture=venture,
                entry=entry if listed else None,
                listed=listed,
                raw_figures=listed and profile_settings(venture).show_raw_figures,
                current_round=rounds.get(venture.pk) if venture.is_public else None,
                deals_in_progress=deals[venture.pk],
            )
        )
    return IntermediaryBoard(
        sponsored=sponsored,
        pending=[s for s in sponsorships if s.status == SponsorshipStatus.PROPOSED],
        past=[s for s in sponsorships if s.status not in LIVE_STATUSES],
    )


@dataclass(frozen=True, slots=True)
class VentureBoard:
    incoming: list[Sponsorship]
    sponsors: list[Sponsorship]
    past: list[Sponsorship]


def venture_board(*, actor: Actor) -> VentureBoard:
    """The venture's proposals to answer, its sponsors, and sponsorships declined or ended."""
    sponsorships = list(
        sponsorship_queryset()
        .filter(venture__organization=actor.organization)
        .order_by("-proposed_at", "-pk")
    )
    return VentureBoard(
        incoming=[s for s in sponsorships if s.status == SponsorshipStatus.PROPOSED],
        sponsors=[s for s in sponsorships if s.status == SponsorshipStatus.ACCEPTED],
        past=[s for s in sponsorships if s.status not in LIVE_STATUSES],
    )


def live_sponsorship(*, actor: Actor, venture: Venture) -> Sponsorship | None:
    """The actor's (an intermediary's) proposal or sponsorship of `venture`, if live."""
    return (
        Sponsorship.objects.filter(
            intermediary=actor.organization, venture=venture, status__in=LIVE_STATUSES
        )
        .order_by("-pk")
        .first()
    )


ACCEPTED_ATTR = "accepted_sponsorships"


def accepted_prefetch(prefix: str = "") -> Prefetch[Any]:
    """Prefetches a venture's accepted sponsorships, longest-standing first, with their
    intermediaries, into `venture.accepted_sponsorships` (through `prefix`, e.g. "venture__")."""
    return Prefetch(
        f"{prefix}sponsorships",
        queryset=Sponsorship.objects.filter(status=SponsorshipStatus.ACCEPTED)
        .select_related("intermediary")
        .order_by("decided_at", "pk"),
        to_attr=ACCEPTED_ATTR,
    )


def sponsors_of(venture: Venture) -> list[Organization]:
    """The venture's sponsors: from `accepted_prefetch` when it ran, else in one query."""
    prefetched: list[Sponsorship] | None = getattr(venture, ACCEPTED_ATTR, None)
    if prefetched is not None:
        return [sponsorship.intermediary for sponsorship in prefetched]
    return accepted_sponsors(venture=venture)
