"""Writes for programs: terms, pre-registration, applications and awards.

Awards never exceed the budget. `application_approve` adds the award to the program's `committed`
with one conditional UPDATE (`committed + amount <= budget`) inside the transaction that creates
the award: of two officers approving at once, the second finds the condition false and is refused,
on SQLite and PostgreSQL alike, and the database's check constraint backs it up.

Co-investment reservations for open rounds use the same discipline: `budget_reserve` adds to
`reserved` only while `committed + reserved + amount <= budget`, `budget_release` gives it back,
and `reservation_award` turns a reservation into an award when the round closes, moving the
amount from `reserved` to `committed` in one UPDATE. The deals app calls them, with the round row
locked, after its own access checks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.matching import triggers
from runway.orgs.access import AccessDenied, Actor
from runway.programs import adapters
from runway.programs.access import ApplicationPolicy, ProgramPolicy
from runway.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    PreRegistration,
    Program,
    ProgramStatus,
)
from runway.ventures.models import FundingRound, Venture

PROGRAM_FIELDS = frozenset(
    {"title", "summary", "kind", "status", "currency", "budget", "rules", "params",
     "opens_on", "closes_on"}
)  # fmt: skip


def _validate_program(program: Program) -> None:
    errors: dict[str, list[ValidationError]] = {}
    try:
        program.full_clean(exclude=["organization"])
    except ValidationError as error:
        errors.update(error.update_error_dict({}))
    errors.update(adapters.terms_errors(program.kind, program.rules, program.params))
    errors.update(adapters.currency_errors(program))
    if program.budget is not None and program.budget < program.committed + program.reserved:
        errors.setdefault("budget", []).append(
            ValidationError(
                _("The budget cannot be less than what is already awarded or reserved.")
            )
        )
    if program.opens_on and program.closes_on and program.closes_on < program.opens_on:
        errors.setdefault("closes_on", []).append(
            ValidationError(_("The closing date must not be before the opening date."))
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def program_create(*, actor: Actor, **fields: Any) -> Program:
    if not ProgramPolicy.can_create(actor):
        raise AccessDenied
    unknown = set(fields) - PROGRAM_FIELDS
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    program = Program(organization=actor.organization, **fields)
    _validate_program(program)
    program.rules = adapters.normalized_rules(program.rules)
    program.params = adapters.normalized_params(program.kind, program.params)
    program.save()
    triggers.program_changed(program.pk)
    return program


@transaction.atomic
def program_update(*, actor: Actor, program: Program, **fields: Any) -> Program:
    # The row is locked so a budget cut cannot race an award.
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not ProgramPolicy.can_edit(actor, program):
        raise AccessDenied
    unknown = set(fields) - PROGRAM_FIELDS
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    if "kind" in fields and fields["kind"] != program.kind and program.applications.exists():
        raise ValidationError({"kind": _("The kind cannot change once ventures have applied.")})
    for name, value in fields.items():
        setattr(program, name, value)
    _validate_program(program)
    program.rules = adapters.normalized_rules(program.rules)
    program.params = adapters.normalized_params(program.kind, program.params)
    program.save()
    triggers.program_changed(program.pk)
    return program


def _venture_of(actor: Actor) -> Venture:
    venture = Venture.objects.filter(organization=actor.organization).first()
    if venture is None:
        raise ValidationError(_("Create your venture profile first."))
    return venture


@transaction.atomic
def preregister(*, actor: Actor, program: Program, on: dt.date | None = None) -> PreRegistration:
    """Idempotent: registering again returns the first registration, with its original date."""
    if not ProgramPolicy.can_apply(actor, program):
        raise AccessDenied
    venture = _venture_of(actor)
    registration, _created = PreRegistration.objects.get_or_create(
        program=program,
        venture=venture,
        defaults={"registered_on": on or timezone.localdate(), "registered_by": actor.user},
    )
    return registration


@transaction.atomic
def application_submit(
    *,
    actor: Actor,
    program: Program,
    amount: Decimal,
    private_amount: Decimal = Decimal(0),
    funding_round: FundingRound | None = None,
    note: str = "",
) -> Application:
    if not ProgramPolicy.can_apply(actor, program):
        raise AccessDenied
    venture = _venture_of(actor)
    errors: dict[str, list[ValidationError]] = {}
    if funding_round is not None and funding_round.venture_id != venture.pk:
        raise AccessDenied
    if amount is None or amount <= 0:
        errors["amount"] = [ValidationError(_("Enter an amount above zero."))]
    elif amount > program.budget_left:
        errors["amount"] = [
            ValidationError(
                _("The program has %(left)s %(currency)s left."),
                params={"left": f"{program.budget_left:,.2f}", "currency": program.currency},
            )
        ]
    if private_amount is None or private_amount < 0:
        errors["private_amount"] = [ValidationError(_("Enter zero or more."))]
    today = timezone.localdate()
    if (program.opens_on and today < program.opens_on) or (
        program.closes_on and today > program.closes_on
    ):
        errors["__all__"] = [ValidationError(_("The program does not take applications today."))]
    eligibility = adapters.eligibility(program=program, venture=venture, on=today)
    if not eligibility.eligible:
        errors.setdefault("__all__", []).extend(
            ValidationError(message) for message in adapters.failure_messages(eligibility)
        )
    if Application.objects.filter(
        program=program, venture=venture, status=ApplicationStatus.SUBMITTED
    ).exists():
        errors.setdefault("__all__", []).append(
            ValidationError(_("You already have an application waiting for a decision."))
        )
    if errors:
        raise ValidationError(errors)
    return Application.objects.create(
        program=program,
        venture=venture,
        funding_round=funding_round,
        amount=amount,
        private_amount=private_amount,
        currency=program.currency,
        note=note,
        submitted_by=actor.user,
    )


def _decide(application: Application, actor: Actor, status: str, note: str) -> None:
    application.status = status
    application.decided_by = actor.user
    application.decided_at = timezone.now()
    application.decision_note = note
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


def _locked_pending(application: Application) -> Application:
    """The application re-read under a row lock; refused unless it still waits for a decision, so
    a double click or two officers at once decide it once."""
    locked = (
        Application.objects.select_for_update()
        .select_related("program", "venture")
        .get(pk=application.pk)
    )
    if locked.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("This application has already been decided or withdrawn."))
    return locked


@transaction.atomic
def application_approve(
    *, actor: Actor, application: Application, amount: Decimal | None = None, note: str = ""
) -> Award:
    if not ProgramPolicy.can_edit(actor, application.program):
        raise AccessDenied
    application = _locked_pending(application)
    program = application.program
    granted = application.amount if amount is None else amount
    if granted <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    if granted > application.amount:
        raise ValidationError({"amount": _("An award cannot exceed the amount requested.")})
    within_budget = Program.objects.filter(
        pk=program.pk, committed__lte=F("budget") - F("reserved") - granted
    ).update(committed=F("committed") + granted)
    if not within_budget:
        program.refresh_from_db(fields=["budget", "committed", "reserved"])
        raise ValidationError(
            {
                "amount": _(
                    "Only %(left)s %(currency)s of the budget is left; the award would exceed it."
                )
                % {"left": f"{program.budget_left:,.2f}", "currency": program.currency}
            }
        )
    _decide(application, actor, ApplicationStatus.APPROVED, note)
    return Award.objects.create(
        application=application,
        program=program,
        venture=application.venture,
        amount=granted,
        currency=program.currency,
        private_amount=application.private_amount,
        awarded_by=actor.user,
    )


@transaction.atomic
def application_reject(*, actor: Actor, application: Application, note: str) -> Application:
    if not ProgramPolicy.can_edit(actor, application.program):
        raise AccessDenied
    if not note.strip():
        raise ValidationError({"note": _("Say why, so the venture can act on it.")})
    application = _locked_pending(application)
    _decide(application, actor, ApplicationStatus.REJECTED, note)
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: Application) -> Application:
    if not ApplicationPolicy.can_edit(actor, application):
        raise AccessDenied
    application = _locked_pending(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    return application


def program_set_status(*, actor: Actor, program: Program, status: str) -> Program:
    if status not in ProgramStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    return program_update(actor=actor, program=program, status=status)


# --- Co-investment reservations (called by runway.deals.services.commitments and closing) -----


def budget_reserve(*, program: Program, amount: Decimal) -> bool:
    """Holds `amount` more of the program's budget for a round; False (nothing held) when the
    budget left is smaller. One conditional UPDATE: two rounds reserving at once never hold more
    than the budget between them."""
    if amount <= 0:
        raise ValueError("reserve a positive amount")
    return bool(
        Program.objects.filter(
            pk=program.pk, reserved__lte=F("budget") - F("committed") - amount
        ).update(reserved=F("reserved") + amount)
    )


def budget_release(*, program: Program, amount: Decimal) -> None:
    """Gives `amount` of a reservation back to the budget."""
    if amount <= 0:
        raise ValueError("release a positive amount")
    released = Program.objects.filter(pk=program.pk, reserved__gte=amount).update(
        reserved=F("reserved") - amount
    )
    if not released:  # pragma: no cover - reservations and `reserved` move together
        raise RuntimeError(f"program {program.pk} holds less than {amount} in reserve")


def reservation_award(
    *,
    program: Program,
    venture: Venture,
    funding_round: FundingRound,
    amount: Decimal,
    private_amount: Decimal,
    note: str,
    user: Any = None,
) -> Award:
    """The award a co-investment reservation becomes when its round closes: an approved
    application for the record, and `amount` moved from `reserved` to `committed` at once, so the
    program's awards still add up to `committed`."""
    if amount <= 0:
        raise ValueError("award a positive amount")
    moved = Program.objects.filter(pk=program.pk, reserved__gte=amount).update(
        reserved=F("reserved") - amount, committed=F("committed") + amount
    )
    if not moved:  # pragma: no cover - reservations and `reserved` move together
        raise RuntimeError(f"program {program.pk} holds less than {amount} in reserve")
    now = timezone.now()
    application = Application.objects.create(
        program=program,
        venture=venture,
        funding_round=funding_round,
        amount=amount,
        private_amount=private_amount,
        currency=program.currency,
        note=note,
        status=ApplicationStatus.APPROVED,
        submitted_by=user,
        decided_at=now,
        decision_note=note,
    )
    return Award.objects.create(
        application=application,
        program=program,
        venture=venture,
        amount=amount,
        currency=program.currency,
        private_amount=private_amount,
        awarded_by=user,
    )
