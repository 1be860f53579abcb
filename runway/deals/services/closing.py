"""A round's end: closed by the venture, failed by the nightly run, or cancelled.

`round_close` is the only way a round becomes `closed` (ventures.services.round_update hands a
status change to `closed` to it). In one transaction, with the round row locked, it checks that
the hard commitments reach the round's minimum, marks the round closed with a conditional UPDATE,
turns every active hard commitment into a `portfolio.Holding` (ownership for equity rounds with a
valuation: amount / (pre-money + everything raised, co-investment included)), each program
reservation into an award of the program (moving it from `reserved` to `committed`) and a holding
of the government organization, moves the committed deals to `closed`, lets the soft
commitments lapse and notifies everyone. Closing a closed round again changes nothing, and of two
closings at once the second waits for the lock and then finds the round closed; the unique
holding per (round, holder) stands behind both.

`round_fail` marks an open round `failed` once its close date has passed with hard commitments
below its minimum (a round without a minimum never fails), releasing commitments and
reservations; `rounds_fail_overdue` runs it over every such round and is safe to run any number
of times (runway.deals.tasks.fail_overdue_rounds, nightly). `round_cancel_release` does the same
release for a round the venture cancels.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.deals.commitment_access import SyndicatePolicy
from runway.deals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    DealState,
    ProgramReservation,
    ReservationStatus,
    TermSheetKind,
)
from runway.deals.services import syndicate_notices
from runway.deals.services.commitments import lock_round, reservations_release, round_totals
from runway.deals.services.deals import deal_transition
from runway.deals.term_sheets import KIND_FOR_INSTRUMENT
from runway.matching import triggers
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Organization
from runway.orgs.money import money_text
from runway.portfolio.models import Holding
from runway.programs.services import reservation_award
from runway.ventures.access import RoundPolicy
from runway.ventures.models import FundingRound, RoundStatus

OWNERSHIP_PLACES = Decimal("0.00000001")


def ownership(funding_round: FundingRound, *, amount: Decimal, raised: Decimal) -> Decimal | None:
    """The holder's fraction of the company after an equity round with a valuation; None for
    debt, revenue-based and convertible rounds, and without a valuation."""
    kind = KIND_FOR_INSTRUMENT.get(funding_round.instrument.code)
    pre_money = funding_round.pre_money_valuation
    if kind != TermSheetKind.EQUITY or pre_money is None or pre_money <= 0:
        return None
    fraction = (amount / (pre_money + raised)).quantize(OWNERSHIP_PLACES, rounding=ROUND_DOWN)
    return fraction if fraction > 0 else None


def _active(funding_round: FundingRound, kind: str) -> list[Commitment]:
    return list(
        Commitment.objects.filter(
            funding_round=funding_round, kind=kind, status=CommitmentStatus.ACTIVE
        ).select_related("deal__investor", "deal__funding_round__venture__organization", "investor")
    )


def _mark(commitments: list[Commitment], status: str) -> None:
    Commitment.objects.filter(pk__in=[c.pk for c in commitments]).update(
        status=status, status_changed_at=timezone.now()
    )


@transaction.atomic
def round_close(*, actor: Actor, funding_round: FundingRound) -> FundingRound:
    """Closes the venture's open round once, turning its hard commitments into holdings."""
    locked = lock_round(funding_round)
    if not RoundPolicy.can_edit(actor, locked):
        raise AccessDenied
    if locked.status == RoundStatus.CLOSED:
        return locked
    if locked.status != RoundStatus.OPEN:
        raise ValidationError({"status": _("Only an open round can be closed.")})
    if not SyndicatePolicy.can_close(actor, locked):
        raise ValidationError(
            {"status": _("Only an owner or an administrator of the venture closes the round.")}
        )
    totals = round_totals(locked)
    if totals.hard < locked.min_amount:
        raise ValidationError(
            {
                "status": _("Hard commitments add up to %(hard)s; the round closes at %(minimum)s.")
                % {
                    "hard": money_text(totals.hard, locked.currency),
                    "minimum": money_text(locked.min_amount, locked.currency),
                }
            }
        )
    closed = FundingRound.objects.filter(pk=locked.pk, status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, updated_at=timezone.now()
    )
    if closed != 1:  # pragma: no cover - the row is locked
        raise ValidationError({"status": _("Someone else has just changed this round.")})
    locked.status = RoundStatus.CLOSED
    today = timezone.localdate()
    raised = totals.raised
    for commitment in _active(locked, CommitmentKind.HARD):
        Holding.objects.create(
            investor=commitment.investor,
            venture=locked.venture,
            funding_round=locked,
            instrument=locked.instrument,
            currency=locked.currency,
            amount=commitment.amount,
            ownership=ownership(locked, amount=commitment.amount, raised=raised),
            acquired_on=today,
        )
        _mark([commitment], CommitmentStatus.CONVERTED)
        deal_transition(
            actor=actor, deal=commitment.deal, to=DealState.CLOSED, note=_("The round closed.")
        )
        syndicate_notices.round_ended(
            funding_round=locked,
            organization=commitment.investor,
            outcome="holding",
            amount=money_text(commitment.amount, locked.currency),
        )
    _convert_reservations(actor, locked, private=totals.hard, raised=raised, on=today)
    _lapse_soft(locked)
    syndicate_notices.round_ended(
        funding_round=locked, organization=locked.venture.organization, outcome="venture"
    )
    triggers.round_changed(locked.pk)
    return locked


def _convert_reservations(
    actor: Actor, funding_round: FundingRound, *, private: Decimal, raised: Decimal, on: dt.date
) -> None:
    reservations = ProgramReservation.objects.filter(
        funding_round=funding_round, status=ReservationStatus.ACTIVE
    ).select_related("program__organization")
    for reservation in reservations:
        program = reservation.program
        if reservation.amount <= 0:
            ProgramReservation.objects.filter(pk=reservation.pk).update(
                status=ReservationStatus.RELEASED, updated_at=timezone.now()
            )
            continue
        reservation_award(
            program=program,
            venture=funding_round.venture,
            funding_round=funding_round,
            amount=reservation.amount,
            private_amount=private,
            note=_("Co-investment in “%(round)s”, closed.") % {"round": funding_round.title},
            user=actor.user,
        )
        Holding.objects.create(
            investor=program.organization,
            venture=funding_round.venture,
            funding_round=funding_round,
            program=program,
            instrument=funding_round.instrument,
            currency=funding_round.currency,
            amount=reservation.amount,
            ownership=ownership(funding_round, amount=reservation.amount, raised=raised),
            acquired_on=on,
        )
        ProgramReservation.objects.filter(pk=reservation.pk).update(
            status=ReservationStatus.CONVERTED, updated_at=timezone.now()
        )
        syndicate_notices.round_ended(
            funding_round=funding_round,
            organization=program.organization,
            outcome="program",
            amount=money_text(reservation.amount, funding_round.currency),
        )


def _lapse_soft(funding_round: FundingRound) -> None:
    soft = _active(funding_round, CommitmentKind.SOFT)
    _mark(soft, CommitmentStatus.RELEASED)
    for investor in _distinct_investors(soft):
        syndicate_notices.round_ended(
            funding_round=funding_round, organization=investor, outcome="lapsed"
        )


def _distinct_investors(commitments: list[Commitment]) -> list[Organization]:
    seen: dict[int, Organization] = {}
    for commitment in commitments:
        seen.setdefault(commitment.investor_id, commitment.investor)
    return list(seen.values())


def _release_everything(funding_round: FundingRound) -> None:
    """Releases the (locked, no longer open) round's commitments and reservations and tells
    each committer and program."""
    commitments = _active(funding_round, CommitmentKind.HARD) + _active(
        funding_round, CommitmentKind.SOFT
    )
    _mark(commitments, CommitmentStatus.RELEASED)
    for investor in _distinct_investors(commitments):
        syndicate_notices.round_ended(
            funding_round=funding_round, organization=investor, outcome="released"
        )
    for reservation in reservations_release(funding_round=funding_round):
        syndicate_notices.round_ended(
            funding_round=funding_round,
            organization=reservation.program.organization,
            outcome="released",
        )


def round_cancel_release(*, funding_round: FundingRound) -> None:
    """For ventures.services.round_update, inside its transaction, once the locked round is
    `cancelled`: every commitment and reservation is released."""
    if funding_round.status != RoundStatus.CANCELLED:
        raise ValueError("release a cancelled round only")
    _release_everything(funding_round)


@transaction.atomic
def round_fail(*, funding_round: FundingRound, on: dt.date | None = None) -> bool:
    """Marks the round `failed` when it is open, its close date is before `on` (today) and its
    hard commitments are below its minimum; False (nothing changed) otherwise."""
    day = on or timezone.localdate()
    locked = lock_round(funding_round)
    if locked.status != RoundStatus.OPEN or locked.closes_on >= day or locked.min_amount <= 0:
        return False
    if round_totals(locked).hard >= locked.min_amount:
        return False
    failed = FundingRound.objects.filter(pk=locked.pk, status=RoundStatus.OPEN).update(
        status=RoundStatus.FAILED, updated_at=timezone.now()
    )
    if failed != 1:  # pragma: no cover - the row is locked
        return False
    locked.status = RoundStatus.FAILED
    _release_everything(locked)
    syndicate_notices.round_ended(
        funding_round=locked, organization=locked.venture.organization, outcome="venture"
    )
    triggers.round_changed(locked.pk)
    return True


def rounds_fail_overdue(*, on: dt.date | None = None) -> int:
    """Fails every open round whose close date passed below its minimum; how many it failed.
    Each round in its own transaction, so one problem does not hold back the others."""
    day = on or timezone.localdate()
    candidates = FundingRound.objects.filter(
        status=RoundStatus.OPEN, closes_on__lt=day, min_amount__gt=0
    ).order_by("pk")
    return sum(round_fail(funding_round=funding_round, on=day) for funding_round in candidates)
