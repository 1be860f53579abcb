"""Between the programs app and the engine (runway.engine.programs): stored rules and parameters
in, validated values out; a venture's rows in, `VentureFacts` out; engine codes in, sentences in
the reader's language out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from runway.engine.programs.eligibility import (
    Eligibility,
    Failure,
    FailureCode,
    check_eligibility,
)
from runway.engine.programs.fields import ProgramDataError
from runway.engine.programs.params import params_from_dict, params_to_dict
from runway.engine.programs.rules import Rules
from runway.matching.adapters import venture_facts
from runway.orgs.money import money_text
from runway.programs.models import PreRegistration, Program
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.models import ShenzhenDistrict, Venture

# Engine field names that the form shows under another name.
FORM_FIELD = {"amount_cap": "cap_per_venture"}


def _data_error_message(code: str) -> str:
    messages = {
        "not_a_decimal": _("Enter a number."),
        "must_be_positive": _("Enter a number above zero."),
        "must_be_share": _("Enter a share above 0% and at most 100%."),
        "must_be_rate": _("Enter a rate from 0% to 100%."),
        "must_not_be_negative": _("Enter zero or more."),
        "must_not_be_empty": _("Give at least one value."),
        "min_above_max": _("The minimum is above the maximum."),
        "unknown_grade": _("Choose a grade from A to E."),
        "unknown_currency": _("Choose a currency."),
        "unknown_kind": _("Choose a kind of program."),
    }
    return messages.get(code, _("This value cannot be used (%(code)s).") % {"code": code})


def _field_errors(error: ProgramDataError) -> dict[str, list[ValidationError]]:
    field = error.field.split(".", 1)[0]
    field = FORM_FIELD.get(field, field)
    if field in {"rules", "params"}:
        field = "__all__"
    return {field: [ValidationError(_data_error_message(error.code), code=error.code)]}


def terms_errors(kind: str, rules: Any, params: Any) -> dict[str, list[ValidationError]]:
    """What is wrong with a program's rules and parameters, by form field (empty when nothing)."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        Rules.from_dict(rules)
    except ProgramDataError as error:
        errors.update(_field_errors(error))
    try:
        params_from_dict(kind, params)
    except ProgramDataError as error:
        errors.update(_field_errors(error))
    return errors


def currency_errors(program: Program) -> dict[str, list[ValidationError]]:
    """A program counts in one currency: its terms and revenue ceiling must use it too."""
    errors: dict[str, list[ValidationError]] = {}
    params = program.params if isinstance(program.params, dict) else {}
    rules = program.rules if isinstance(program.rules, dict) else {}
    ceiling = rules.get("max_annual_revenue")
    named = [("currency", params.get("currency"))]
    if isinstance(ceiling, dict):
        named.append(("max_annual_revenue", ceiling.get("currency")))
    for field, currency in named:
        if currency is not None and currency != program.currency:
            errors[field] = [
                ValidationError(
                    _("Use the program's currency, %(currency)s.") % {"currency": program.currency}
                )
            ]
    return errors


def normalized_rules(rules: Any) -> dict[str, object]:
    return Rules.from_dict(rules).to_dict()


def normalized_params(kind: str, params: Any) -> dict[str, object]:
    return params_to_dict(params_from_dict(kind, params))


def eligibility(*, program: Program, venture: Venture, on: dt.date) -> Eligibility:
    rules = Rules.from_dict(program.rules)
    facts = venture_facts(venture=venture, currency=program.currency)
    registration = PreRegistration.objects.filter(program=program, venture=venture).first()
    if registration is not None:
        facts = replace(facts, pre_registered_on=registration.registered_on)
    return check_eligibility(rules, facts, on=on)


def _labels(model: Any, codes: Any) -> str:
    wanted = list(codes)
    names = {term.code: term.label for term in model.objects.filter(code__in=wanted)}
    return ", ".join(names.get(code, code) for code in wanted)


def _districts(codes: Any) -> str:
    labels = dict(ShenzhenDistrict.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def failure_message(failure: Failure) -> str:
    p: Mapping[str, Any] = failure.params
    allowed = p.get("allowed", ())
    messages: dict[str, Callable[[], str]] = {
        FailureCode.SECTOR_NOT_ELIGIBLE: lambda: (
            _("Sector: the program is for %(allowed)s.") % {"allowed": _labels(Sector, allowed)}
        ),
        FailureCode.UNKNOWN_SECTOR: lambda: _("Sector: add your sectors to your profile."),
        FailureCode.STAGE_NOT_ELIGIBLE: lambda: (
            _("Stage: the program is for %(allowed)s.") % {"allowed": _labels(Stage, allowed)}
        ),
        FailureCode.UNKNOWN_STAGE: lambda: _("Stage: set your stage in your profile."),
        FailureCode.REGION_NOT_ELIGIBLE: lambda: (
            _("Region: the program is for %(allowed)s.") % {"allowed": _labels(Region, allowed)}
        ),
        FailureCode.UNKNOWN_REGION: lambda: _("Region: set your city in your profile."),
        FailureCode.DISTRICT_NOT_ELIGIBLE: lambda: (
            _("District: the program is for %(allowed)s.") % {"allowed": _districts(allowed)}
        ),
        FailureCode.UNKNOWN_DISTRICT: lambda: (
            _("District: the program is for %(allowed)s; set your district in your profile.")
            % {"allowed": _districts(allowed)}
        ),
        FailureCode.COMPANY_TOO_OLD: lambda: (
            _(
                "Company age: %(age)s months; "
                "the program takes companies up to %(limit)s months old."
            )
            % {"age": p.get("age_months"), "limit": p.get("max_months")}
        ),
        FailureCode.COMPANY_TOO_YOUNG: lambda: (
            _(
                "Company age: %(age)s months; "
                "the program takes companies at least %(limit)s months old."
            )
            % {"age": p.get("age_months"), "limit": p.get("min_months")}
        ),
        FailureCode.UNKNOWN_FOUNDING_DATE: lambda: _(
            "Company age: add your founding date to your profile."
        ),
        FailureCode.REVENUE_ABOVE_CEILING: lambda: (
            _("Revenue: the program is for ventures with at most %(ceiling)s a year.")
            % {"ceiling": money_text(p.get("ceiling"), p.get("currency"))}
        ),
        FailureCode.UNKNOWN_REVENUE: lambda: _(
            "Revenue: import your orders so the platform knows your yearly revenue."
        ),
        FailureCode.REVENUE_CURRENCY_MISMATCH: lambda: _(
            "Revenue: your figures are in another currency than the program's ceiling."
        ),
        FailureCode.GRADE_BELOW_MINIMUM: lambda: (
            _("Traction grade: %(grade)s; the program asks for %(minimum)s or better.")
            % {"grade": p.get("grade"), "minimum": p.get("min_grade")}
        ),
        FailureCode.UNKNOWN_GRADE: lambda: _(
            "Traction grade: import your orders so the platform can grade your traction."
        ),
        FailureCode.INSTRUMENT_NOT_ELIGIBLE: lambda: (
            _("Instrument: the program covers %(allowed)s.")
            % {"allowed": _labels(Instrument, allowed)}
        ),
        FailureCode.NOT_PRE_REGISTERED: lambda: _(
            "Pre-registration: the venture did not pre-register before the deal."
        ),
    }
    render = messages.get(failure.code)
    return render() if render else str(failure.code)


def failure_messages(eligibility: Eligibility) -> list[str]:
    return [failure_message(failure) for failure in eligibility.failures]


def rules_display(program: Program) -> list[tuple[str, str]]:
    """The program's rules as (label, value) lines, only those that restrict anything."""
    rules = Rules.from_dict(program.rules)
    lines: list[tuple[str, str]] = []
    if rules.sectors:
        lines.append((_("Sectors"), _labels(Sector, sorted(rules.sectors))))
    if rules.stages:
        lines.append((_("Stages"), _labels(Stage, sorted(rules.stages))))
    if rules.regions:
        lines.append((_("Regions"), _labels(Region, sorted(rules.regions))))
    if rules.districts:
        lines.append((_("Shenzhen districts"), _districts(sorted(rules.districts))))
    if rules.instruments:
        lines.append((_("Instruments"), _labels(Instrument, sorted(rules.instruments))))
    if rules.min_company_age_months is not None:
        lines.append(
            (_("Company at least this many months old"), str(rules.min_company_age_months))
        )
    if rules.max_company_age_months is not None:
        lines.append((_("Company at most this many months old"), str(rules.max_company_age_months)))
    if rules.max_annual_revenue is not None:
        ceiling = rules.max_annual_revenue
        lines.append((_("Annual revenue at most"), money_text(ceiling.amount, ceiling.currency)))
    if rules.min_grade:
        lines.append((_("Traction grade at least"), rules.min_grade))
    if rules.pre_registration_required:
        lines.append((_("Pre-registration"), _("Required before the investment or loan")))
    return lines


def plain(value: Decimal) -> str:
    """50.00 -> "50", 0.250 -> "0.25": no exponent, no trailing zeros."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(value: Any) -> str:
    return f"{plain(Decimal(str(value)) * 100)}%"


def params_display(program: Program) -> list[tuple[str, str]]:
    try:
        params = params_to_dict(params_from_dict(program.kind, program.params))
    except ProgramDataError:
        return []
    currency = params.get("currency")

    def amount(value: Any) -> str:
        return money_text(value, currency)

    def number(value: Any) -> str:
        return plain(Decimal(str(value)))

    labels: dict[str, tuple[str, Callable[[Any], str]]] = {
        "ratio_public_to_private": (_("Public money per unit of private money"), number),
        "max_share_of_round": (_("Largest share of a round"), _percent),
        "cap_per_venture": (_("Cap per venture"), amount),
        "amount_cap": (_("Cap per venture"), amount),
        "cap_per_project": (_("Cap per project"), amount),
        "cap_per_investor_per_year": (_("Cap per investor per year"), amount),
        "coverage_share": (_("Share of the loan covered"), _percent),
        "fee_rate_annual": (_("Guarantee fee per year"), _percent),
        "cap_per_loan": (_("Cap per loan"), amount),
        "share_of_interest": (_("Share of interest subsidised"), _percent),
    }
    lines = [
        (label, show(params[name])) for name, (label, show) in labels.items() if name in params
    ]
    shares = params.get("share_by_stage")
    if isinstance(shares, dict) and shares:
        text = ", ".join(f"{label}: {_percent(share)}" for label, share in zip(
            _labels(Stage, list(shares)).split(", "), shares.values(), strict=False))  # fmt: skip
        lines.insert(0, (_("Share of the principal loss compensated, by stage"), text))
    return lines
