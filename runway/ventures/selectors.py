"""Reads of venture profiles and funding rounds, each limited to what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from runway.orgs.access import Actor
from runway.taxonomy.models import Instrument, Sector, Stage
from runway.ventures.access import PUBLIC_ROUND_STATUSES
from runway.ventures.models import FundingRound, RoundStatus, ShenzhenDistrict, Venture

DESCRIPTION_LANGUAGES = (
    ("zh-hans", "description_zh"),
    ("en", "description_en"),
    ("ru", "description_ru"),
)
# Districts are listed for Shenzhen only, where the platform's programs are district-funded.
DISTRICT_CITY = "shenzhen"


def _matching_sector_name(search: str) -> Exists:
    names = (
        Q(sector__name_zh__icontains=search)
        | Q(sector__name_en__icontains=search)
        | Q(sector__name_ru__icontains=search)
    )
    links = Venture.sectors.through.objects.filter(names, venture_id=OuterRef("pk"))
    return Exists(links)


def venture_list_visible(
    *,
    actor: Actor,
    search: str = "",
    sector: Sector | None = None,
    stage: Stage | None = None,
) -> QuerySet[Venture]:
    """Public ventures, plus the actor's own; everything for platform staff.

    `search` matches the name, tagline, any description and any sector name (substring, so it
    works for Chinese without word segmentation).
    """
    ventures = Venture.objects.select_related("organization", "city", "stage").prefetch_related(
        "sectors"
    )
    if not actor.is_platform:
        ventures = ventures.filter(Q(is_public=True) | Q(organization=actor.organization))
    search = search.strip()
    if search:
        ventures = ventures.filter(
            Q(organization__name__icontains=search)
            | Q(tagline__icontains=search)
            | Q(description_zh__icontains=search)
            | Q(description_en__icontains=search)
            | Q(description_ru__icontains=search)
            | _matching_sector_name(search)
        )
    if sector is not None:
        ventures = ventures.filter(sectors=sector)
    if stage is not None:
        ventures = ventures.filter(stage=stage)
    return ventures.order_by("organization__name", "pk")


def round_list_visible(
    *,
    actor: Actor,
    status: str | None = None,
    instrument: Instrument | None = None,
    sector: Sector | None = None,
) -> QuerySet[FundingRound]:
    """Rounds the actor may see: its own in any state, others' open or closed on public profiles."""
    rounds = FundingRound.objects.select_related(
        "venture__organization", "instrument", "lead_investor"
    ).prefetch_related("venture__sectors")
    if not actor.is_platform:
        rounds = rounds.filter(
            Q(venture__organization=actor.organization)
            | Q(venture__is_public=True, status__in=PUBLIC_ROUND_STATUSES)
        )
    if status:
        rounds = rounds.filter(status=status)
    if instrument is not None:
        rounds = rounds.filter(instrument=instrument)
    if sector is not None:
        rounds = rounds.filter(venture__sectors=sector)
    return rounds.order_by("closes_on", "pk")


def round_list_open(
    *, actor: Actor, instrument: Instrument | None = None, sector: Sector | None = None
) -> QuerySet[FundingRound]:
    """Open rounds still taking money: a round past its closing date is not offered any more."""
    return round_list_visible(
        actor=actor, status=RoundStatus.OPEN, instrument=instrument, sector=sector
    ).filter(closes_on__gte=timezone.localdate())


def round_list_for_venture(*, actor: Actor, venture: Venture) -> QuerySet[FundingRound]:
    return round_list_visible(actor=actor).filter(venture=venture).order_by("-opens_on", "-pk")


def venture_district_label(*, venture: Venture) -> str:
    if venture.district in ShenzhenDistrict.values:
        return str(ShenzhenDistrict(venture.district).label)
    return venture.district


@dataclass(frozen=True)
class Description:
    language: str
    language_name: str
    text: str


def venture_descriptions(*, venture: Venture) -> tuple[Description | None, list[Description]]:
    """The description to show the reader (their language, else the first written) and the rest."""
    written = [
        Description(code, get_language_info(code)["name_local"], getattr(venture, field))
        for code, field in DESCRIPTION_LANGUAGES
        if getattr(venture, field)
    ]
    if not written:
        return None, []
    reader = (get_language() or "zh-hans").lower()[:2]
    shown = next((d for d in written if d.language[:2] == reader), written[0])
    return shown, [d for d in written if d is not shown]


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[Promise]


def venture_completeness(*, venture: Venture) -> Completeness:
    """How complete a profile is, and the next steps that would complete it."""
    checks: list[tuple[bool, Promise]] = [
        (bool(venture.tagline), _("Write a one-line tagline")),
        (venture.sectors.exists(), _("Choose your sectors")),
        (venture.markets.exists(), _("List the markets you sell to")),
        (
            bool(venture.district) or venture.city.code != DISTRICT_CITY,
            _("Add your district"),
        ),
        (venture.founded_on is not None, _("Add your founding date")),
        (venture.team_size is not None, _("Add your team size")),
        (bool(venture.description_zh), _("Describe the business in Chinese")),
        (bool(venture.description_en), _("Describe the business in English")),
        (bool(venture.description_ru), _("Describe the business in Russian")),
        (bool(venture.website), _("Add your website")),
        (venture.organization.is_verified, _("Get your organization verified by Runway")),
        (venture.rounds.exists(), _("Create your first funding round")),
    ]
    done = sum(1 for ok, _label in checks if ok)
    return Completeness(
        percent=round(100 * done / len(checks)), missing=[label for ok, label in checks if not ok]
    )
