from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.functional import Promise

from runway.orgs.access import Actor
from runway.ventures.access import PUBLIC_ROUND_STATUSES
from runway.ventures.models import FundingRound, RoundStatus, Venture


def venture_list_visible(*, actor: Actor, search: str = "") -> QuerySet[Venture]:
    """Public ventures, plus the actor's own; everything for platform staff."""
    ventures = Venture.objects.select_related("organization", "city", "stage").prefetch_related(
        "sectors"
    )
    if not actor.is_platform:
        ventures = ventures.filter(Q(is_public=True) | Q(organization=actor.organization))
    if search:
        ventures = ventures.filter(
            Q(organization__name__icontains=search)
            | Q(tagline__icontains=search)
            | Q(description_zh__icontains=search)
            | Q(description_en__icontains=search)
            | Q(description_ru__icontains=search)
        )
    return ventures.order_by("organization__name")


def round_list_visible(*, actor: Actor, status: str | None = None) -> QuerySet[FundingRound]:
    """Rounds the actor may see: its own in any state, others' open or closed on public profiles."""
    rounds = FundingRound.objects.select_related("venture__organization", "instrument")
    if not actor.is_platform:
        rounds = rounds.filter(
            Q(venture__organization=actor.organization)
            | Q(venture__is_public=True, status__in=PUBLIC_ROUND_STATUSES)
        )
    if status:
        rounds = rounds.filter(status=status)
    return rounds.order_by("closes_on", "pk")


def round_list_open(*, actor: Actor) -> QuerySet[FundingRound]:
    return round_list_visible(actor=actor, status=RoundStatus.OPEN)


def round_list_for_venture(*, actor: Actor, venture: Venture) -> QuerySet[FundingRound]:
    return round_list_visible(actor=actor).filter(venture=venture).order_by("-opens_on", "-pk")


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
        (bool(venture.district), _("Add your district")),
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
