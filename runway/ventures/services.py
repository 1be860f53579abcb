"""Writes to venture profiles and funding rounds. Each checks access and validates fully."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from runway.orgs.access import AccessDenied, Actor
from runway.taxonomy.models import Region, Sector
from runway.ventures.access import RoundPolicy, VenturePolicy
from runway.ventures.models import FundingRound, RoundStatus, Venture

ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.OPEN, RoundStatus.CANCELLED},
    RoundStatus.OPEN: {RoundStatus.CLOSED, RoundStatus.CANCELLED},
    RoundStatus.CLOSED: set(),
    RoundStatus.CANCELLED: set(),
}


def _require_sectors(sectors: Iterable[Sector]) -> list[Sector]:
    chosen = list(sectors)
    if not chosen:
        raise ValidationError({"sectors": _("Choose at least one sector.")})
    return chosen


@transaction.atomic
def venture_create(
    *, actor: Actor, sectors: Iterable[Sector], markets: Iterable[Region] = (), **fields: Any
) -> Venture:
    if not VenturePolicy.can_create(actor):
        raise AccessDenied
    if Venture.objects.filter(organization=actor.organization).exists():
        raise ValidationError(_("This organization already has a venture profile."))
    chosen = _require_sectors(sectors)
    venture = Venture(organization=actor.organization, **fields)
    venture.full_clean()
    venture.save()
    venture.sectors.set(chosen)
    venture.markets.set(list(markets))
    return venture


@transaction.atomic
def venture_update(
    *,
    actor: Actor,
    venture: Venture,
    sectors: Iterable[Sector] | None = None,
    markets: Iterable[Region] | None = None,
    **fields: Any,
) -> Venture:
    if not VenturePolicy.can_edit(actor, venture):
        raise AccessDenied
    for name, value in fields.items():
        setattr(venture, name, value)
    venture.full_clean()
    venture.save()
    if sectors is not None:
        venture.sectors.set(_require_sectors(sectors))
    if markets is not None:
        venture.markets.set(list(markets))
    return venture


@transaction.atomic
def round_create(*, actor: Actor, venture: Venture, **fields: Any) -> FundingRound:
    if not VenturePolicy.can_edit(actor, venture):
        raise AccessDenied
    status = fields.pop("status", RoundStatus.DRAFT)
    if status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise ValidationError({"status": _("A new round starts as a draft or open.")})
    funding_round = FundingRound(venture=venture, status=status, **fields)
    funding_round.full_clean()
    funding_round.save()
    return funding_round


@transaction.atomic
def round_update(*, actor: Actor, funding_round: FundingRound, **fields: Any) -> FundingRound:
    """Changes a round's terms, and its status along draft -> open -> closed (or cancelled)."""
    locked = FundingRound.objects.select_for_update().select_related("venture").get(
        pk=funding_round.pk
    )
    if not RoundPolicy.can_edit(actor, locked):
        raise AccessDenied
    status = fields.pop("status", locked.status)
    if status != locked.status and status not in ROUND_TRANSITIONS[locked.status]:
        raise ValidationError(
            {
                "status": _("A round that is %(current)s cannot become %(wanted)s.")
                % {
                    "current": RoundStatus(locked.status).label,
                    "wanted": RoundStatus(status).label,
                }
            }
        )
    if locked.status in (RoundStatus.CLOSED, RoundStatus.CANCELLED) and fields:
        raise ValidationError(_("A closed or cancelled round can no longer be changed."))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.status = status
    locked.full_clean()
    locked.save()
    return locked
