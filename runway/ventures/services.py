"""Writes to venture profiles and funding rounds. Each checks access and validates fully.

A round's status moves draft -> open -> closed (or cancelled; failed is set by the nightly run,
runway.deals.services.closing.round_fail). Closing goes through
runway.deals.services.closing.round_close, which turns hard commitments into holdings; cancelling
releases the round's commitments and co-investment reservations; opening a follow-on round in its
holders' window offers each existing holder its pro-rata share. While commitments stand, the
round's cap, investor limit and currency cannot be changed under them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.deals.models import Commitment, Deal, DealState
from runway.deals.services.closing import round_cancel_release, round_close
from runway.deals.services.commitments import (
    follow_on_offer,
    reservations_recalculate,
    round_totals,
)
from runway.directory import triggers as directory_triggers
from runway.matching import triggers
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import OrganizationKind
from runway.orgs.money import money_text
from runway.taxonomy.models import Region, Sector
from runway.ventures.access import RoundPolicy, VenturePolicy
from runway.ventures.models import (
    FundingRound,
    RoundStatus,
    ShenzhenDistrict,
    Venture,
    max_investors_limit,
)
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


# Deals whose investor is in talks with the venture, and may lead the round.
NOT_IN_TALKS = (
    DealState.INTERESTED,
    DealState.INTRO_DECLINED,
    DealState.PASSED,
    DealState.WITHDRAWN,
)


def _lead_errors(funding_round: FundingRound) -> list[ValidationError]:
    lead = funding_round.lead_investor
    if lead is None:
        return []
    in_talks = (
        funding_round.pk is not None
        and Deal.objects.filter(funding_round=funding_round, investor=lead)
        .exclude(state__in=NOT_IN_TALKS)
        .exists()
    )
    if lead.kind != OrganizationKind.INVESTOR or not in_talks:
        return [ValidationError(_("The lead must be an investor in talks with you on this round."))]
    return []


def _syndicate_errors(
    funding_round: FundingRound, *, currency: str
) -> dict[str, list[ValidationError]]:
    """What the standing commitments forbid: a cap or an investor limit below them, another
    currency under them."""
    errors: dict[str, list[ValidationError]] = {}
    if (
        funding_round.pk is None
        or not Commitment.objects.filter(funding_round=funding_round).exists()
    ):
        return errors
    if funding_round.currency != currency:
        errors["currency"] = [
            ValidationError(_("Investors have committed in %(currency)s; it stays.")
                            % {"currency": currency})
        ]  # fmt: skip
    totals = round_totals(funding_round)
    if funding_round.target_amount and funding_round.hard_cap < totals.hard:
        errors["target_amount"] = [
            ValidationError(
                _("Hard commitments already add up to %(hard)s; the target with its "
                  "oversubscription must allow at least that.")
                % {"hard": money_text(totals.hard, currency)}
            )
        ]  # fmt: skip
    if funding_round.max_investors is not None and funding_round.max_investors < totals.investors:
        errors["max_investors"] = [
            ValidationError(
                _("%(count)s investors have already committed hard.") % {"count": totals.investors}
            )
        ]
    return errors


def _validate_round(
    funding_round: FundingRound, *, currency: str | None = None, check_lead: bool = True
) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if funding_round.min_amount is None:
        funding_round.min_amount = Decimal(0)
    if funding_round.oversubscription_pct is None:
        funding_round.oversubscription_pct = Decimal(0)
    if funding_round.max_investors is None:
        funding_round.max_investors = max_investors_limit()
    try:
        funding_round.full_clean()
    except ValidationError as error:
        errors.update(_errors_of(error))
    lead = _lead_errors(funding_round) if check_lead else []
    if lead:
        errors.setdefault("lead_investor", []).extend(lead)
    for field, items in _syndicate_errors(
        funding_round, currency=currency or funding_round.currency
    ).items():
        errors.setdefault(field, []).extend(items)
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
    follow_on_offer(funding_round=funding_round)
    triggers.round_changed(funding_round.pk)
    return funding_round


@transaction.atomic
def round_update(*, actor: Actor, funding_round: FundingRound, **fields: Any) -> FundingRound:
    """Changes a round's terms, and its status along draft -> open -> closed (or cancelled);
    closing is runway.deals.services.closing.round_close, with the terms changed first."""
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
    currency, target = locked.currency, locked.target_amount
    for name, value in fields.items():
        setattr(locked, name, value)
    closing = status == RoundStatus.CLOSED and locked.status != RoundStatus.CLOSED
    if not closing:
        locked.status = status
    _validate_round(locked, currency=currency, check_lead="lead_investor" in fields)
    locked.save()
    if closing:
        return round_close(actor=actor, funding_round=locked)
    if locked.status == RoundStatus.CANCELLED:
        round_cancel_release(funding_round=locked)
    elif locked.status == RoundStatus.OPEN:
        if locked.target_amount != target:
            reservations_recalculate(funding_round=locked)
        follow_on_offer(funding_round=locked)
    triggers.round_changed(locked.pk)
    return locked
