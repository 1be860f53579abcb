"""Writes to mandates, lenders' grids and qualified-investor declarations. Each checks access and
validates fully."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.investors.access import LenderGridPolicy, MandatePolicy
from runway.investors.models import (
    GRADES,
    GridKind,
    LenderGrid,
    Mandate,
    QualificationBasis,
    QualifiedInvestorDeclaration,
    Rule,
)
from runway.investors.qualification import DECLARATION_VERSION, VALIDITY, DeclarationPolicy
from runway.matching import triggers
from runway.orgs.access import AccessDenied, Actor

CRITERIA = ("instruments", "sectors", "stages", "regions")
TRACTION_THRESHOLDS = (
    "min_monthly_revenue",
    "min_growth_rate",
    "min_months_history",
    "min_repeat_rate",
)


def _set_criteria(mandate: Mandate, criteria: dict[str, list[Any]]) -> None:
    for name, values in criteria.items():
        getattr(mandate, name).set(values)


def _split(fields: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: list(values)
        for name in CRITERIA
        if name in fields and (values := fields.pop(name)) is not None
    }


def _add(errors: dict[str, list[ValidationError]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(ValidationError(message))


def _validate(mandate: Mandate, criteria: Mapping[str, Iterable[Any]]) -> None:
    """Model validation plus the mandate's own rules, reported together, field by field.

    A "must" rule with nothing to match would exclude every round, so it needs values; "prefer"
    with nothing chosen simply has no effect.
    """
    errors: dict[str, list[ValidationError]] = {}
    try:
        mandate.full_clean()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            errors.update(error.error_dict)
        else:
            errors[NON_FIELD_ERRORS] = error.error_list
    for name in CRITERIA:
        if getattr(mandate, f"{name}_rule") != Rule.MUST:
            continue
        chosen = criteria[name] if name in criteria else _current(mandate, name)
        if not list(chosen):
            _add(errors, name, _("Choose at least one, or make this criterion a preference."))
    thresholds = [getattr(mandate, name) for name in TRACTION_THRESHOLDS]
    if mandate.traction_rule == Rule.MUST and all(value is None for value in thresholds):
        _add(
            errors, "traction_rule", _("Set at least one threshold, or make traction a preference.")
        )
    if mandate.min_monthly_revenue is not None and mandate.min_monthly_revenue < 0:
        _add(errors, "min_monthly_revenue", _("The minimum revenue cannot be negative."))
    if mandate.min_growth_rate is not None and mandate.min_growth_rate < Decimal(-100):
        _add(errors, "min_growth_rate", _("Growth cannot be lower than -100."))
    repeat = mandate.min_repeat_rate
    if repeat is not None and not Decimal(0) <= repeat <= Decimal(100):
        _add(errors, "min_repeat_rate", _("Enter a rate between 0 and 100."))
    if errors:
        raise ValidationError(errors)


def _current(mandate: Mandate, name: str) -> list[Any]:
    return list(getattr(mandate, name).all()) if mandate.pk else []


@transaction.atomic
def mandate_create(*, actor: Actor, **fields: Any) -> Mandate:
    if not MandatePolicy.can_create(actor):
        raise AccessDenied
    criteria = _split(fields)
    mandate = Mandate(organization=actor.organization, **fields)
    _validate(mandate, criteria)
    mandate.save()
    _set_criteria(mandate, criteria)
    triggers.mandate_changed(mandate.pk)
    return mandate


@transaction.atomic
def mandate_update(*, actor: Actor, mandate: Mandate, **fields: Any) -> Mandate:
    if not MandatePolicy.can_edit(actor, mandate):
        raise AccessDenied
    criteria = _split(fields)
    for name, value in fields.items():
        setattr(mandate, name, value)
    _validate(mandate, criteria)
    mandate.save()
    _set_criteria(mandate, criteria)
    triggers.mandate_changed(mandate.pk)
    return mandate


GRID_FIELDS = frozenset(
    {"title", "kind", "is_active", "currency", "min_months_history", "min_monthly_revenue",
     "max_multiple", "pricing_by_grade", "remittance_share", "repayment_cap",
     "singles_day_holiday", "spring_festival_holiday", "term_months"}
)  # fmt: skip


def _drop_other_kinds_terms(grid: LenderGrid) -> None:
    """A grid keeps only its own kind's terms, so what is stored is what is offered."""
    if grid.kind == GridKind.LOAN:
        grid.remittance_share = grid.repayment_cap = None
        grid.singles_day_holiday = grid.spring_festival_holiday = False
    else:
        grid.term_months = None


def _validate_grid(grid: LenderGrid) -> None:
    _drop_other_kinds_terms(grid)
    errors: dict[str, list[ValidationError]] = {}
    try:
        grid.full_clean(exclude=["organization"])
    except ValidationError as error:
        errors.update(error.update_error_dict({}))
    pricing = grid.pricing_by_grade if isinstance(grid.pricing_by_grade, dict) else None
    if not pricing:
        _add(errors, "pricing_by_grade", _("Price at least one grade."))
    else:
        for grade, value in pricing.items():
            if grade not in GRADES:
                _add(errors, "pricing_by_grade", _("Grades are A to E."))
                break
            try:
                share = Decimal(str(value))
            except ArithmeticError:
                share = Decimal(-1)
            if not share.is_finite() or not Decimal(0) <= share < Decimal(1):
                _add(
                    errors,
                    "pricing_by_grade",
                    _("Grade %(grade)s: enter a percentage from 0 to under 100.")
                    % {"grade": grade},
                )
    if grid.kind == GridKind.REVENUE_BASED:
        remittance = grid.remittance_share
        if remittance is None or not Decimal(0) < remittance <= Decimal(1):
            _add(errors, "remittance_share", _("Enter a share of revenue above 0% and up to 100%."))
        if grid.repayment_cap is None or grid.repayment_cap < 1:
            _add(errors, "repayment_cap", _("The cap must be at least 1 times the advance."))
    elif grid.kind == GridKind.LOAN and not grid.term_months:
        _add(errors, "term_months", _("Enter the loan term in months."))
    if errors:
        raise ValidationError(errors)


def _grid_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - GRID_FIELDS
    if unknown:
        raise TypeError(f"unknown grid fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def grid_create(*, actor: Actor, **fields: Any) -> LenderGrid:
    if not LenderGridPolicy.can_create(actor):
        raise AccessDenied
    grid = LenderGrid(organization=actor.organization, **_grid_fields(fields))
    _validate_grid(grid)
    grid.save()
    return grid


@transaction.atomic
def grid_update(*, actor: Actor, grid: LenderGrid, **fields: Any) -> LenderGrid:
    if not LenderGridPolicy.can_edit(actor, grid):
        raise AccessDenied
    for name, value in _grid_fields(fields).items():
        setattr(grid, name, value)
    _validate_grid(grid)
    grid.save()
    return grid


@transaction.atomic
def declaration_record(
    *, actor: Actor, basis: str, accepted: bool, ip: str | None = None
) -> QualifiedInvestorDeclaration:
    """Records that the actor's person declares its individual investor qualified on `basis`,
    under the current declaration text, for a year from today."""
    if not DeclarationPolicy.can_declare(actor) or actor.user is None:
        raise AccessDenied
    errors: dict[str, list[ValidationError]] = {}
    if basis not in QualificationBasis.values:
        _add(errors, "basis", _("Choose the threshold you meet."))
    if not accepted:
        _add(errors, "accept", _("Tick the box to make the declaration."))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    return QualifiedInvestorDeclaration.objects.create(
        organization=actor.organization,
        basis=basis,
        version=DECLARATION_VERSION,
        declared_by=actor.user,
        declared_at=now,
        valid_until=timezone.localdate(now) + VALIDITY,
        ip=ip,
    )
