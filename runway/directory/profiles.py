"""Reads of a venture's public profile in the directory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runway.directory.access import DirectoryPolicy, profile_settings
from runway.directory.adapters import passport_expires_at
from runway.directory.bands import TractionShown
from runway.directory.models import DirectoryEntry
from runway.orgs.access import Actor
from runway.taxonomy.models import Region, Sector
from runway.ventures.models import Venture
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

    @property
    def summary(self) -> str:
        """One line for link cards and search engines: the tagline, else the description."""
        if self.venture.tagline:
            return self.venture.tagline
        return self.description.text if self.description is not None else ""


def directory_profile(*, actor: Actor | None, venture: Venture) -> Profile:
    """The profile of a venture the actor may see (access.access_profile_by_slug checked it).
    The passport badge is read live: a revoked or expired passport never shows as valid."""
    description, others = venture_descriptions(venture=venture)
    is_own = actor is not None and actor.acts_for(venture.organization_id)
    full = DirectoryPolicy.sees_full(actor) or is_own
    # The reverse one-to-one raises an AttributeError subclass before the first reindex.
    entry: DirectoryEntry | None = getattr(venture, "directory_entry", None)
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
    )
