"""What each kind of organization sees first when it signs in."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from runway.investors.models import Mandate
from runway.investors.selectors import mandate_list_open
from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind
from runway.taxonomy.models import localized
from runway.ventures.models import FundingRound, RoundStatus, Venture
from runway.ventures.selectors import (
    Completeness,
    round_list_for_venture,
    round_list_open,
    venture_completeness,
    venture_list_visible,
)

LIST_LIMIT = 10


@dataclass
class Dashboard:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def _venture(actor: Actor) -> Dashboard:
    venture = Venture.objects.filter(organization=actor.organization).first()
    completeness: Completeness | None = None
    rounds: list[FundingRound] = []
    if venture is not None:
        completeness = venture_completeness(venture=venture)
        rounds = list(round_list_for_venture(actor=actor, venture=venture)[:LIST_LIMIT])
    return Dashboard(
        "dashboard/venture.html",
        {"venture": venture, "completeness": completeness, "rounds": rounds},
    )


def _investor(actor: Actor) -> Dashboard:
    mandates: list[Mandate] = list(mandate_list_open(actor=actor)[:LIST_LIMIT])
    return Dashboard(
        "dashboard/investor.html",
        {
            "mandates": mandates,
            "rounds": list(round_list_open(actor=actor)[:LIST_LIMIT]),
            "open_round_count": round_list_open(actor=actor).count(),
        },
    )


def _ecosystem(actor: Actor, template: str) -> Dashboard:
    """Intermediaries and government programs: the field at a glance, then the newest rounds."""
    ventures = venture_list_visible(actor=actor)
    by_sector = (
        ventures.values("sectors__code", "sectors__name_zh", "sectors__name_en", "sectors__name_ru")
        .annotate(ventures=Count("pk", distinct=True))
        .order_by("-ventures", "sectors__code")
    )
    open_rounds = round_list_open(actor=actor)
    asked = open_rounds.values("currency").annotate(total=Sum("target_amount")).order_by("currency")
    return Dashboard(
        template,
        {
            "venture_count": ventures.count(),
            "sectors": [
                (
                    localized(
                        row["sectors__name_zh"], row["sectors__name_en"], row["sectors__name_ru"]
                    ),
                    row["ventures"],
                )
                for row in by_sector[:LIST_LIMIT]
                if row["sectors__code"]
            ],
            "rounds": list(open_rounds[:LIST_LIMIT]),
            "asked": [(row["currency"], row["total"] or Decimal(0)) for row in asked],
        },
    )


def _platform(actor: Actor) -> Dashboard:
    counts = Organization.objects.aggregate(
        total=Count("pk"),
        unverified=Count("pk", filter=Q(is_verified=False) & ~Q(kind=OrganizationKind.PLATFORM)),
    )
    return Dashboard(
        "dashboard/platform.html",
        {
            "counts": counts,
            "awaiting": list(
                Organization.objects.filter(is_verified=False)
                .exclude(kind=OrganizationKind.PLATFORM)
                .order_by("-created_at")[:LIST_LIMIT]
            ),
            "open_rounds": FundingRound.objects.filter(status=RoundStatus.OPEN).count(),
        },
    )


def dashboard_for(*, actor: Actor) -> Dashboard:
    kind = actor.kind
    if kind == OrganizationKind.VENTURE:
        return _venture(actor)
    if kind == OrganizationKind.INVESTOR:
        return _investor(actor)
    if kind == OrganizationKind.PLATFORM:
        return _platform(actor)
    template = (
        "dashboard/government.html"
        if kind == OrganizationKind.GOVERNMENT
        else "dashboard/intermediary.html"
    )
    return _ecosystem(actor, template)
