"""Commitments to a round, program co-investment reservations, and holders' pro-rata.

Every write that changes what a round holds locks the round row first (`select_for_update`) and
keeps it until its transaction ends, then re-reads the totals it checks: so of 200 investors
committing at once, each sees the commitments of those before it, and the invariants hold on
PostgreSQL and SQLite alike:

- hard commitments add up to at most the round's `hard_cap` (target x (1 + oversubscription));
- at most `max_investors` investors hold an active hard commitment;
- a deal commits hard once (unique constraint), with an accepted term sheet, moving the deal to
  `committed` in the same transaction (deal_transition);
- a qualified-investors-only round refuses individuals without a declaration in force;
- during a follow-on round's holders' window only existing holders commit, each up to its
  pro-rata allowance.

Soft commitments are indications: withdrawable, never counted against the cap.

Co-investment: the venture asks for an eligible open `co_investment` program on an open equity
round (the button on the round page); the program then sits in the round as a
`ProgramReservation` whose amount follows the round's hard commitments, within the program's
ratio, its largest share of the round and its cap per venture, and within the budget:
`reservation_recalculate` runs after every hard commitment and change of target, with the round
and then the program row locked, and moves the difference through the programs app's
conditional UPDATEs. The program's share is beside the private money: it is not counted against
the round's cap (its own share-of-round limit bounds it).

Lock order, everywhere: round, then deal, then program. Nothing locks them the other way round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.deals.access import DealPolicy, deal_queryset, side_of
from runway.deals.commitment_access import SyndicatePolicy
from runway.deals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Deal,
    DealState,
    ProgramReservation,
    ReservationStatus,
    TermSheetStatus,
)
from runway.deals.services import syndicate_notices
from runway.deals.services.deals import (
    HOLDER_PATH,
    deal_start,
    deal_transition,
    deal_walk_for_holder,
)
from runway.deals.services.pro_rata import Held, allowances
from runway.deals.services.term_sheets import round_terms_for_holder, term_sheet_from_round
from runway.deals.transitions import Side
from runway.engine.programs.effects import co_investment_effect
from runway.engine.programs.eligibility import check_eligibility
from runway.engine.programs.fields import ProgramDataError
from runway.engine.programs.params import CoInvestment, params_from_dict
from runway.engine.programs.risk import InstrumentKind
from runway.engine.programs.rules import Rules
from runway.investors.qualification import commitment_refusal
from runway.matching.adapters import instrument_kind, venture_facts
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Organization
from runway.orgs.money import money_text
from runway.portfolio.models import Holding
from runway.programs import adapters as program_adapters
from runway.programs.models import Award, PreRegistration, Program, ProgramKind, ProgramStatus
from runway.programs.services import budget_release, budget_reserve
from runway.ventures.models import FundingRound, RoundStatus

ZERO = Decimal(0)
CENT = Decimal("0.01")
# Deal states in which an investor may indicate an amount (soft): once the intro is accepted.
SOFT_STATES = frozenset({DealState.INTRO_ACCEPTED, DealState.DILIGENCE, DealState.TERM_SHEET})


# --- Reading the round's totals ----------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    hard: Decimal
    soft: Decimal
    investors: int
    program: Decimal

    @property
    def raised(self) -> Decimal:
        """Private hard commitments and public co-investment together."""
        return self.hard + self.program


def round_totals(funding_round: FundingRound) -> Totals:
    """Active commitments and reservations of the round, read now (lock the round first when
    the figures decide a write)."""
    active = Commitment.objects.filter(funding_round=funding_round, status=CommitmentStatus.ACTIVE)
    figures = active.aggregate(
        hard=Sum("amount", filter=Q(kind=CommitmentKind.HARD)),
        soft=Sum("amount", filter=Q(kind=CommitmentKind.SOFT)),
        investors=Count("investor", filter=Q(kind=CommitmentKind.HARD), distinct=True),
    )
    program = ProgramReservation.objects.filter(
        funding_round=funding_round, status=ReservationStatus.ACTIVE
    ).aggregate(total=Sum("amount"))["total"]
    return Totals(
        hard=figures["hard"] or ZERO,
        soft=figures["soft"] or ZERO,
        investors=figures["investors"] or 0,
        program=program or ZERO,
    )


def lock_round(funding_round: FundingRound | int) -> FundingRound:
    """The round re-read under a row lock held to the end of the transaction."""
    pk = funding_round if isinstance(funding_round, int) else funding_round.pk
    return (
        FundingRound.objects.select_for_update(of=("self",))
        .select_related("venture__organization", "instrument")
        .get(pk=pk)
    )


# --- Follow-on: holders and their allowances --------------------------------------------------


def holders_window_open(funding_round: FundingRound, *, on: dt.date | None = None) -> bool:
    until = funding_round.holders_first_until
    return until is not None and (on or timezone.localdate()) <= until


def holder_allowances(funding_round: FundingRound) -> dict[int, Decimal]:
    """Each existing private holder of the venture (from its other rounds) and its pro-rata
    allowance in `funding_round`."""
    held = [
        Held(
            holder_id=None if row.program_id else row.investor_id,
            round_id=row.funding_round_id,
            acquired_on=row.acquired_on,
            amount=row.amount,
            ownership=row.ownership,
        )
        for row in Holding.objects.filter(venture_id=funding_round.venture_id).exclude(
            funding_round=funding_round
        )
    ]
    equity = instrument_kind(funding_round) == InstrumentKind.EQUITY
    return allowances(held, target=funding_round.target_amount, equity=equity)


def follow_on_offer(*, funding_round: FundingRound) -> int:
    """Tells every holder its allowance when the round is open in its holders' window; once per
    holder and round (the notification key), however often it is called. Returns how many."""
    until = funding_round.holders_first_until
    if funding_round.status != RoundStatus.OPEN or until is None:
        return 0
    if not holders_window_open(funding_round):
        return 0
    offered = 0
    shares = holder_allowances(funding_round)
    holders = {org.pk: org for org in _organizations(shares)}
    for holder_id, allowance in shares.items():
        if allowance > 0 and holder_id in holders:
            syndicate_notices.follow_on_offer(
                funding_round=funding_round,
                holder=holders[holder_id],
                allowance=allowance,
                until=until,
            )
            offered += 1
    return offered


def _organizations(ids: dict[int, Decimal]) -> list[Organization]:
    return list(Organization.objects.filter(pk__in=list(ids)))


# --- Commitments --------------------------------------------------------------------------


def _amount(value: object) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({"amount": _("Use at most two decimal places.")})
    return amount


def _round_takes_commitments(funding_round: FundingRound) -> None:
    if funding_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open: it takes no commitments."))
    if funding_round.closes_on < timezone.localdate():
        raise ValidationError(
            _("This round closed to commitments on %(date)s.")
            % {"date": funding_round.closes_on.isoformat()}
        )


def _check_investor(funding_round: FundingRound, deal: Deal, amount: Decimal) -> None:
    """The rules about who commits: qualification, and holders first in a follow-on."""
    if funding_round.qualified_investors_only:
        refusal = commitment_refusal(deal.investor, amount=amount, currency=funding_round.currency)
        if refusal is not None:
            raise ValidationError({NON_FIELD_ERRORS: [refusal]})
    if holders_window_open(funding_round):
        until = funding_round.holders_first_until
        assert until is not None  # noqa: S101 - holders_window_open checked it
        allowance = holder_allowances(funding_round).get(deal.investor_id)
        if allowance is None:
            raise ValidationError(
                _("Until %(date)s this round is open to the venture's existing holders only.")
                % {"date": until.isoformat()}
            )
        if amount > allowance:
            raise ValidationError(
                {
                    "amount": _(
                        "Until %(date)s you may commit up to your pro-rata share, %(allowance)s."
                    )
                    % {
                        "date": until.isoformat(),
                        "allowance": money_text(allowance, funding_round.currency),
                    }
                }
            )


def _locked_deal_for_commitment(actor: Actor, deal: Deal) -> Deal:
    locked = deal_queryset().select_for_update(of=("self",)).filter(pk=deal.pk).first()
    if locked is None or not DealPolicy.can_edit(actor, locked):
        raise AccessDenied
    if side_of(actor, locked) is not Side.INVESTOR:
        raise ValidationError(_("Only the investor commits on a deal."))
    return locked


@transaction.atomic
def commitment_create(*, actor: Actor, deal: Deal, kind: str, amount: object) -> Commitment:
    """The investor's soft or hard commitment of `amount` on its `deal`, in the round's currency.

    A hard one needs the deal at the term-sheet stage with an accepted term sheet, moves the deal
    to `committed`, and recalculates the round's co-investment; a new soft one replaces the
    deal's active soft one."""
    if kind not in CommitmentKind.values:
        raise ValidationError({"kind": _("Choose a soft or a hard commitment.")})
    value = _amount(amount)
    funding_round = lock_round(deal.funding_round_id)
    locked = _locked_deal_for_commitment(actor, deal)
    _round_takes_commitments(funding_round)
    if value < funding_round.min_ticket:
        raise ValidationError(
            {
                "amount": _("The round's minimum ticket is %(ticket)s.")
                % {"ticket": money_text(funding_round.min_ticket, funding_round.currency)}
            }
        )
    if kind == CommitmentKind.SOFT:
        return _soft(actor, funding_round, locked, value)
    return _hard(actor, funding_round, locked, value)


def _soft(actor: Actor, funding_round: FundingRound, deal: Deal, amount: Decimal) -> Commitment:
    if deal.state not in SOFT_STATES:
        raise ValidationError(
            {"kind": _("An indication (soft commitment) is made once the intro is accepted and "
                       "before the deal commits.")}
        )  # fmt: skip
    _check_investor(funding_round, deal, amount)
    now = timezone.now()
    Commitment.objects.filter(
        deal=deal, kind=CommitmentKind.SOFT, status=CommitmentStatus.ACTIVE
    ).update(status=CommitmentStatus.WITHDRAWN, status_changed_at=now)
    commitment = Commitment.objects.create(
        deal=deal,
        funding_round=funding_round,
        investor=deal.investor,
        kind=CommitmentKind.SOFT,
        amount=amount,
        currency=funding_round.currency,
        created_by=actor.user,
    )
    syndicate_notices.commitment_made(commitment=commitment)
    return commitment


def _accepted_amount(deal: Deal) -> Decimal | None:
    sheet = deal.term_sheets.filter(status=TermSheetStatus.ACCEPTED).first()
    if sheet is None:
        return None
    try:
        return Decimal(str(sheet.terms.get("amount")))
    except (InvalidOperation, AttributeError):
        return None


def _hard(actor: Actor, funding_round: FundingRound, deal: Deal, amount: Decimal) -> Commitment:
    if Commitment.objects.filter(deal=deal, kind=CommitmentKind.HARD).exists():
        raise ValidationError({"kind": _("This deal has already made its hard commitment.")})
    if deal.state != DealState.TERM_SHEET:
        raise ValidationError(
            {"kind": _("A hard commitment is made at the term-sheet stage, on accepted terms.")}
        )
    agreed = _accepted_amount(deal)
    if agreed is None:
        raise ValidationError(
            {"kind": _("A hard commitment needs a term sheet the venture has accepted.")}
        )
    if amount > agreed:
        raise ValidationError(
            {
                "amount": _("The accepted term sheet is for %(amount)s; commit at most that.")
                % {"amount": money_text(agreed, funding_round.currency)}
            }
        )
    _check_investor(funding_round, deal, amount)
    totals = round_totals(funding_round)
    room = funding_round.hard_cap - totals.hard
    if amount > room:
        raise ValidationError(
            {
                "amount": _(
                    "The round takes at most %(cap)s in hard commitments; %(room)s is left."
                )
                % {
                    "cap": money_text(funding_round.hard_cap, funding_round.currency),
                    "room": money_text(max(room, ZERO), funding_round.currency),
                }
            }
        )
    if totals.investors >= funding_round.max_investors:
        raise ValidationError(
            _("The round has its %(count)s investors, the most it may take.")
            % {"count": funding_round.max_investors},
            code="investor_limit",
        )
    now = timezone.now()
    Commitment.objects.filter(
        deal=deal, kind=CommitmentKind.SOFT, status=CommitmentStatus.ACTIVE
    ).update(status=CommitmentStatus.CONVERTED, status_changed_at=now)
    commitment = Commitment.objects.create(
        deal=deal,
        funding_round=funding_round,
        investor=deal.investor,
        kind=CommitmentKind.HARD,
        amount=amount,
        currency=funding_round.currency,
        created_by=actor.user,
    )
    deal_transition(actor=actor, deal=deal, to=DealState.COMMITTED)
    reservations_recalculate(funding_round=funding_round)
    syndicate_notices.commitment_made(commitment=commitment)
    return commitment


@transaction.atomic
def commitment_withdraw(*, actor: Actor, commitment: Commitment) -> Commitment:
    """The investor takes back its active soft commitment (hard ones bind)."""
    lock_round(commitment.funding_round_id)
    locked = Commitment.objects.select_related("deal", "funding_round", "investor").get(
        pk=commitment.pk
    )
    deal = deal_queryset().get(pk=locked.deal_id)
    if not DealPolicy.can_edit(actor, deal) or side_of(actor, deal) is not Side.INVESTOR:
        raise AccessDenied
    if locked.kind != CommitmentKind.SOFT:
        raise ValidationError(
            _("A hard commitment binds: it ends only with the round, closed, failed or cancelled.")
        )
    withdrawn = Commitment.objects.filter(pk=locked.pk, status=CommitmentStatus.ACTIVE).update(
        status=CommitmentStatus.WITHDRAWN, status_changed_at=timezone.now()
    )
    if not withdrawn:
        raise ValidationError(_("This commitment is no longer active."))
    locked.refresh_from_db()
    syndicate_notices.commitment_withdrawn(commitment=locked)
    return locked


# --- Program co-investment --------------------------------------------------------------------


def coinvestment_params(program: Program) -> CoInvestment | None:
    try:
        params = params_from_dict(program.kind, program.params)
    except ProgramDataError:
        return None
    return params if isinstance(params, CoInvestment) else None


def coinvestment_refusals(
    *, funding_round: FundingRound, program: Program, on: dt.date | None = None
) -> list[str]:
    """Why `program` cannot co-invest in `funding_round` (empty when it can)."""
    day = on or timezone.localdate()
    reasons: list[str] = []
    if program.kind != ProgramKind.CO_INVESTMENT or coinvestment_params(program) is None:
        return [_("This program does not co-invest.")]
    if program.status != ProgramStatus.OPEN or (
        (program.opens_on and day < program.opens_on)
        or (program.closes_on and day > program.closes_on)
    ):
        reasons.append(_("The program does not take new rounds today."))
    if program.currency != funding_round.currency:
        reasons.append(
            _("The program invests in %(currency)s only.") % {"currency": program.currency}
        )
    if instrument_kind(funding_round) != InstrumentKind.EQUITY:
        reasons.append(_("The program co-invests in equity rounds only."))
    venture = funding_round.venture
    facts = venture_facts(venture=venture, currency=program.currency)
    registration = PreRegistration.objects.filter(program=program, venture=venture).first()
    if registration is not None:
        facts = replace(facts, pre_registered_on=registration.registered_on)
    eligibility = check_eligibility(
        Rules.from_dict(program.rules),
        facts,
        on=day,
        instruments=frozenset({"equity", funding_round.instrument.code}),
    )
    reasons.extend(program_adapters.failure_messages(eligibility))
    return reasons


def coinvestment_candidates(*, funding_round: FundingRound) -> list[tuple[Program, list[str]]]:
    """Open co-investment programs in the round's currency not yet in the round, each with the
    reasons it cannot join (empty: it can)."""
    taken = ProgramReservation.objects.filter(funding_round=funding_round).values("program")
    programs = Program.objects.filter(
        kind=ProgramKind.CO_INVESTMENT,
        status=ProgramStatus.OPEN,
        currency=funding_round.currency,
    ).exclude(pk__in=taken)
    return [
        (program, coinvestment_refusals(funding_round=funding_round, program=program))
        for program in programs.select_related("organization").order_by("title", "pk")
    ]


def _reservation_target(
    funding_round: FundingRound, reservation: ProgramReservation, program: Program, hard: Decimal
) -> Decimal:
    params = coinvestment_params(program)
    if params is None:
        return ZERO
    others_in_round = ProgramReservation.objects.filter(
        funding_round=funding_round, status=ReservationStatus.ACTIVE
    ).exclude(pk=reservation.pk)
    public_in_round = others_in_round.aggregate(total=Sum("amount"))["total"] or ZERO
    awarded = (
        Award.objects.filter(program=program, venture_id=funding_round.venture_id).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    reserved_elsewhere = (
        ProgramReservation.objects.filter(
            program=program,
            funding_round__venture_id=funding_round.venture_id,
            status=ReservationStatus.ACTIVE,
        )
        .exclude(pk=reservation.pk)
        .aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    effect = co_investment_effect(
        params,
        private_amount=hard,
        round_target=funding_round.target_amount,
        already_committed_public=awarded + reserved_elsewhere,
        public_in_round=public_in_round,
        budget_left=program.budget_left + reservation.amount,
    )
    return effect.amount


def reservations_recalculate(*, funding_round: FundingRound) -> None:
    """Brings every active reservation of the (locked) round to what the program's ratio, caps
    and budget give for the round's hard commitments now: more when there is more private money,
    never over a cap or the budget; less when a limit shrank."""
    hard = round_totals(funding_round).hard
    reservations = ProgramReservation.objects.filter(
        funding_round=funding_round, status=ReservationStatus.ACTIVE
    ).order_by("pk")
    for reservation in reservations:
        program = Program.objects.select_for_update().get(pk=reservation.program_id)
        target = _reservation_target(funding_round, reservation, program, hard)
        delta = target - reservation.amount
        if delta > 0 and not budget_reserve(program=program, amount=delta):
            continue  # pragma: no cover - the program row is locked; the budget cannot move
        if delta < 0:
            budget_release(program=program, amount=-delta)
        if delta != 0:
            ProgramReservation.objects.filter(pk=reservation.pk).update(
                amount=target, updated_at=timezone.now()
            )


@transaction.atomic
def coinvestment_request(
    *, actor: Actor, funding_round: FundingRound, program: Program
) -> ProgramReservation:
    """The venture adds `program` as co-investor in its open round: the reservation is made at
    once for the hard commitments already in, and follows them from then on."""
    locked = lock_round(funding_round)
    if not SyndicatePolicy.can_edit(actor, locked):
        raise AccessDenied
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(_("Co-investment is added to an open round."))
    program = Program.objects.select_related("organization").get(pk=program.pk)
    if ProgramReservation.objects.filter(funding_round=locked, program=program).exists():
        raise ValidationError({"program": _("This program is already in the round.")})
    reasons = coinvestment_refusals(funding_round=locked, program=program)
    if reasons:
        raise ValidationError({"program": reasons})
    reservation = ProgramReservation.objects.create(
        funding_round=locked,
        program=program,
        currency=program.currency,
        requested_by=actor.user,
    )
    reservations_recalculate(funding_round=locked)
    reservation.refresh_from_db()
    syndicate_notices.coinvestment_reserved(reservation=reservation)
    return reservation


def reservations_release(*, funding_round: FundingRound) -> list[ProgramReservation]:
    """Gives every active reservation of the (locked) round back to its program's budget."""
    released = []
    for reservation in ProgramReservation.objects.filter(
        funding_round=funding_round, status=ReservationStatus.ACTIVE
    ).select_related("program__organization"):
        program = Program.objects.select_for_update().get(pk=reservation.program_id)
        if reservation.amount > 0:
            budget_release(program=program, amount=reservation.amount)
        ProgramReservation.objects.filter(pk=reservation.pk).update(
            status=ReservationStatus.RELEASED, updated_at=timezone.now()
        )
        released.append(reservation)
    return released


# --- Holders' pro-rata -------------------------------------------------------------------------


@transaction.atomic
def pro_rata_start(*, actor: Actor, funding_round: FundingRound) -> Deal:
    """An existing holder takes the holders' way into a follow-on round: its deal is started if
    needed and moved, one recorded step at a time, to due diligence; on an equity round with a
    valuation, on to the term-sheet stage with the round's own terms accepted for its allowance,
    ready for a hard commitment."""
    locked = lock_round(funding_round)
    if not holders_window_open(locked) or locked.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not in a holders' window."))
    allowance = holder_allowances(locked).get(actor.organization.pk)
    if allowance is None or allowance <= 0:
        raise ValidationError(_("Your organization holds no part of this venture."))
    deal = deal_start(actor=actor, funding_round=locked)
    if deal.state not in HOLDER_PATH:
        return deal
    note = _("Existing holder: pro-rata allowance %(allowance)s.") % {
        "allowance": money_text(allowance, locked.currency)
    }
    deal = deal_walk_for_holder(actor=actor, deal=deal, until=DealState.DILIGENCE, note=note)
    terms = round_terms_for_holder(deal=deal, amount=allowance)
    if terms is None:
        return deal
    term_sheet_from_round(actor=actor, deal=deal, terms=terms)
    if deal.state == DealState.DILIGENCE:
        deal = deal_walk_for_holder(actor=actor, deal=deal, until=DealState.TERM_SHEET, note=note)
    return deal
