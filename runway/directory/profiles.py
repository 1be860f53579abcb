"""Reads of a venture's public profile in the directory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runway.deals.access import DealPolicy
from runway.deals.models import Deal, DealState
from runway.directory.access import DirectoryPolicy, profile_settings
from runway.directory.adapters import passport_expires_at
from runway.directory.bands import TractionShown
from runway.directory.models import DirectoryEntry
from runway.orgs.access import Actor
from runway.orgs.models import Organization
from runway.sponsors.access import SponsorshipPolicy
from runway.sponsors.models import Sponsorship
from runway.sponsors.selectors import accepted_sponsors, live_sponsorship
from runway.taxonomy.models import Region, Sector
from runway.ventures.models import FundingRound, RoundStatus, Venture
from runway.ventures.selectors import Description, venture_descriptions, venture_district_label


@dataclass(frozen=True, slots=True)
class Profile(TractionShown):
    """What a venture's directory profile shows to one reader."""

    venture: Venture
    entry: DirectoryEntry | None
    description: Description | None
    other_descriptions: list[Description]
    district: str
    sectors: list[Sector]
    markets: list[Region]
    passport_valid_until: dt.datetime | None
    raw_figures: bool
    full: bool
    is_own: bool
    is_listed: bool
    sponsors: list[Organization]
    open_round: FundingRound | None
    # The reader's side of the round and of a sponsorship, for the profile's buttons.
    can_request_intro: bool
    deal: Deal | None
    can_propose_sponsorship: bool
    sponsorship: Sponsorship | None

    @property
    def summary(self) -> str:
        """One line for link cards and search engines: the tagline, else the description."""
        if self.venture.tagline:
            return self.venture.tagline
        return self.description.text if self.description is not None else ""

    @property
    def deal_started(self) -> bool:
        """Whether the reader already asked for an introduction (the deal page goes on)."""
        return self.deal is not None and self.deal.state != DealState.INTERESTED


def open_round(venture: Venture) -> FundingRound | None:
    """The round the venture raises now: its latest open one. A profile anyone sees is public,
    and an open round of a public venture is shown to everyone (ventures.access.RoundPolicy)."""
    return (
        FundingRound.objects.filter(venture=venture, status=RoundStatus.OPEN)
        .select_related("instrument")
        .order_by("-opens_on", "-pk")
        .first()
    )


def directory_profile(*, actor: Actor | None, venture: Venture) -> Profile:
    """The profile of a venture the actor may see (access.access_profile_by_slug checked it).
    The passport badge is read live: a revoked or expired passport never shows as valid."""
    description, others = venture_descriptions(venture=venture)
    is_own = actor is not None and actor.acts_for(venture.organization_id)
    full = DirectoryPolicy.sees_full(actor) or is_own
    # The reverse one-to-one raises an AttributeError subclass before the first reindex.
    entry: DirectoryEntry | None = getattr(venture, "directory_entry", None)
    funding_round = open_round(venture)
    can_request_intro = (
        actor is not None and funding_round is not None and DealPolicy.can_start(actor)
    )
    deal = None
    if can_request_intro and actor is not None and funding_round is not None:
        deal = Deal.objects.filter(funding_round=funding_round, investor=actor.organization).first()
    can_propose = actor is not None and SponsorshipPolicy.can_propose(actor, venture)
    return Profile(
        venture=venture,
        entry=entry,
        description=description,
        other_descriptions=list(others),
        district=venture_district_label(venture=venture),
        sectors=list(venture.sectors.all()),
        markets=list(venture.markets.all()),
        passport_valid_until=passport_expires_at(venture),
        raw_figures=is_own or profile_settings(venture).show_raw_figures,
        full=full,
        is_own=is_own,
        is_listed=DirectoryPolicy.is_listed(venture),
        sponsors=accepted_sponsors(venture=venture),
        open_round=funding_round,
        can_request_intro=can_request_intro,
        deal=deal,
        can_propose_sponsorship=can_propose,
        sponsorship=(
            live_sponsorship(actor=actor, venture=venture)
            if can_propose and actor is not None
            else None
        ),
    )
