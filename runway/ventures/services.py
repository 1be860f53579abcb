"""Writes to venture profiles and funding rounds. Each checks access and validates fully."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.directory import triggers as directory_triggers
from runway.matching import triggers
from runway.orgs.access import AccessDenied, Actor
from runway.taxonomy.models import Region, Sector
from runway.ventures.access import RoundPolicy, VenturePolicy
from runway.ventures.models import FundingRound, RoundStatus, ShenzhenDistrict, Venture
from runway.ventures.selectors import DISTRICT_CITY

ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.OPEN, RoundStatus.CANCELLED},
    RoundStatus.OPEN: {RoundStatus.CLOSED, RoundStatus.CANCELLED},
    RoundStatus.CLOSED: set(),
    RoundStatus.FAILED: set(),
    RoundStatus.CANCELLED: set(),
}
ROUND_FINAL_STATUSES = frozenset({RoundStatus.CLOSED, RoundStatus.FAILED, RoundStatus.CANCELLED})
ROUND_START_STATUSES = (RoundStatus.DRAFT, RoundStatus.OPEN)


def round_next_statuses(*, funding_round: FundingRound) -> list[str]:
    """The statuses a round may move to from where it is, in lifecycle order."""
    allowed = ROUND_TRANSITIONS[funding_round.status]
    return [status for status in RoundStatus.values if status in allowed]


def _errors_of(error: ValidationError) -> dict[str, list[ValidationError]]:
    if hasattr(error, "error_dict"):
        return dict(error.error_dict)
    return {NON_FIELD_ERRORS: error.error_list}


def _validate_venture(venture: Venture, sectors: list[Sector] | None) -> None:
    """Model validation plus the profile's own rules, reported together, field by field."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        venture.full_clean()
    except ValidationError as error:
        errors.update(_errors_of(error))
    if sectors is not None and not sectors:
        errors.setdefault("sectors", []).append(ValidationError(_("Choose at least one sector.")))
    if venture.founded_on is not None and venture.founded_on > timezone.localdate():
        errors.setdefault("founded_on", []).append(
            ValidationError(_("The founding date cannot be in the future."))
        )
    if venture.district:
        if venture.district not in ShenzhenDistrict.values:
            errors.setdefault("district", []).append(ValidationError(_("Unknown district.")))
        elif venture.city_id is not None and venture.city.code != DISTRICT_CITY:
            errors.setdefault("district", []).append(
                ValidationError(_("Districts are listed for Shenzhen only; leave it empty."))
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def venture_create(
    *, actor: Actor, sectors: Iterable[Sector], markets: Iterable[Region] = (), **fields: Any
) -> Venture:
    if not VenturePolicy.can_create(actor):
        raise AccessDenied
    if Venture.objects.filter(organization=actor.organization).exists():
        raise ValidationError(_("This organization already has a venture profile."))
    chosen = list(sectors)
    venture = Venture(organization=actor.organization, **fields)
    _validate_venture(venture, chosen)
    venture.save()
    venture.sectors.set(chosen)
    venture.markets.set(list(markets))
    directory_triggers.venture_changed(venture.pk)
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
    chosen = None if sectors is None else list(sectors)
    for name, value in fields.items():
        setattr(venture, name, value)
    _validate_venture(venture, chosen)
    venture.save()
    if chosen is not None:
        venture.sectors.set(chosen)
    if markets is not None:
        venture.markets.set(list(markets))
    directory_triggers.venture_changed(venture.pk)
    return venture


def _validate_round(funding_round: FundingRound) -> None:
    errors: dict[str, list[ValidationError]] = {}
    try:
        funding_round.full_clean()
    except ValidationError as error:
        errors.update(_errors_of(error))
    valuation = funding_round.pre_money_valuation
    if valuation is not None and valuation <= 0:
        errors.setdefault("pre_money_valuation", []).append(
            ValidationError(_("The valuation must be more than zero, or left empty."))
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(*, actor: Actor, venture: Venture, **fields: Any) -> FundingRound:
    if not VenturePolicy.can_edit(actor, venture):
        raise AccessDenied
    status = fields.pop("status", RoundStatus.DRAFT)
    if status not in ROUND_START_STATUSES:
        raise ValidationError({"status": _("A new round starts as a draft or open.")})
    funding_round = FundingRound(venture=venture, status=status, **fields)
    _validate_round(funding_round)
    funding_round.save()
    triggers.round_changed(funding_round.pk)
    return funding_round


@transaction.atomic
def round_update(*, actor: Actor, funding_round: FundingRound, **fields: Any) -> FundingRound:
    """Changes a round's terms, and its status along draft -> open -> closed (or cancelled)."""
    locked = (
        FundingRound.objects.select_for_update()
        .select_related("venture__organization", "instrument")
        .get(pk=funding_round.pk)
    )
    if not RoundPolicy.can_edit(actor, locked):
        raise AccessDenied
    status = fields.pop("status", locked.status)
    if status not in RoundStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
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
    if locked.status in ROUND_FINAL_STATUSES and fields:
        raise ValidationError(_("A closed or cancelled round can no longer be changed."))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.status = status
    _validate_round(locked)
    locked.save()
    triggers.round_changed(locked.pk)
    return locked
