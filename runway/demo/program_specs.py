"""Government programs of the demo catalogue, from the `[[organization.program]]` tables, with the
ventures that pre-register and apply and the officers' decisions.

Rules and parameters are read by the engine itself (runway.engine.programs), so the catalogue
accepts exactly what the platform does. What the services would refuse on the day of a build
(an application to a closed program, awards beyond the budget, a required pre-registration
missing) is refused here, with its place in the file. Whether a venture qualifies also depends
on the revenue its imported orders give, so that is checked by the services during the build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from runway.demo.catalogue_fields import (
    choice,
    entries,
    number,
    optional_date,
    problem,
    refuse_unknown,
    text,
)
from runway.engine.money import Currency
from runway.engine.programs.fields import ProgramDataError
from runway.engine.programs.params import ProgramKind, ProgramParams, params_from_dict
from runway.engine.programs.rules import Rules

if TYPE_CHECKING:
    from runway.demo.catalogue import VentureSpec

PROGRAM_STATUSES = ("draft", "open", "closed")
APPROVED, REJECTED = "approved", "rejected"
PROGRAM_KEYS = frozenset(
    {"title", "summary", "kind", "status", "currency", "budget", "opens", "closes", "rules",
     "params", "registrations", "application"}
)  # fmt: skip
APPLICATION_KEYS = frozenset(
    {"venture", "round", "amount", "private", "note", "decision", "award", "decision_note"}
)


@dataclass(frozen=True, slots=True)
class RegistrationSpec:
    venture: str  # slug
    registered_on: dt.date


@dataclass(frozen=True, slots=True)
class ApplicationSpec:
    venture: str  # slug
    round_title: str | None
    amount: Decimal
    private_amount: Decimal
    note: str
    decision: str | None  # approved, rejected, or None while it waits
    award: Decimal | None  # granted for less than asked; None grants the amount asked
    decision_note: str

    @property
    def granted(self) -> Decimal:
        if self.decision != APPROVED:
            return Decimal(0)
        return self.amount if self.award is None else self.award


@dataclass(frozen=True, slots=True)
class ProgramSpec:
    title: str
    summary: str
    kind: str
    status: str
    currency: str
    budget: Decimal
    rules: Rules
    params: ProgramParams
    opens_on: dt.date | None
    closes_on: dt.date | None
    registrations: tuple[RegistrationSpec, ...]
    applications: tuple[ApplicationSpec, ...]

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of runway.programs.services.program_create."""
        return {
            "title": self.title, "summary": self.summary, "kind": self.kind,
            "status": self.status, "currency": self.currency, "budget": self.budget,
            "rules": self.rules.to_dict(), "params": self.params.to_dict(),
            "opens_on": self.opens_on, "closes_on": self.closes_on,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Program:
    """What an application is checked against."""

    currency: str
    budget: Decimal
    rules: Rules
    where: str


def _terms(
    row: Mapping[str, Any], kind: str, currency: str, where: str
) -> tuple[Rules, ProgramParams]:
    """The engine's rules and parameters; the parameters take the program's currency."""
    params = dict(row.get("params", {}))
    if params.setdefault("currency", currency) != currency:
        raise problem(where, f"params.currency {params['currency']!r} differs from the program's")
    try:
        rules = Rules.from_dict(row.get("rules", {}))
    except ProgramDataError as error:
        raise problem(where, f"rules.{error.field} cannot be used ({error.code})") from None
    try:
        terms = params_from_dict(kind, params)
    except ProgramDataError as error:
        raise problem(where, f"params.{error.field} cannot be used ({error.code})") from None
    ceiling = rules.max_annual_revenue
    if ceiling is not None and ceiling.currency != currency:
        raise problem(where, "rules.max_annual_revenue must be in the program's currency")
    return rules, terms


def _venture(row: Mapping[str, Any], ventures: Mapping[str, VentureSpec], where: str) -> str:
    slug = row.get("venture")
    if not isinstance(slug, str) or slug not in ventures:
        raise problem(where, f"{slug!r} is not a venture of demo_ventures.toml")
    return slug


def _registration(
    row: Mapping[str, Any], ventures: Mapping[str, VentureSpec], where: str
) -> RegistrationSpec:
    venture = _venture(row, ventures, where)
    on = optional_date(row, "on", f"{where}, registration of {venture!r}")
    if on is None:
        raise problem(where, f"the registration of {venture!r} needs a date 'on'")
    return RegistrationSpec(venture=venture, registered_on=on)


def _round(
    slug: str, title: object, ventures: Mapping[str, VentureSpec], program: _Program
) -> None:
    where = f"{program.where}, application of {slug!r}"
    funding_round = next((r for r in ventures[slug].rounds if r.title == title), None)
    if funding_round is None:
        raise problem(where, f"the venture has no round {title!r}")
    if funding_round.currency != program.currency:
        raise problem(
            where, f"the round is in {funding_round.currency}, not the program's currency"
        )
    allowed = program.rules.instruments
    if allowed and funding_round.instrument not in allowed:
        raise problem(
            where, f"the program does not cover the instrument {funding_round.instrument!r}"
        )


def _application(
    row: Mapping[str, Any], ventures: Mapping[str, VentureSpec], program: _Program
) -> ApplicationSpec:
    slug = _venture(row, ventures, program.where)
    where = f"{program.where}, application of {slug!r}"
    refuse_unknown(row, APPLICATION_KEYS, where)
    round_title = row.get("round")
    if round_title is not None:
        _round(slug, round_title, ventures, program)
    amount, private = number(row, "amount", where), number(row, "private", where, default=0)
    if not Decimal(0) < amount <= program.budget or private < 0:
        raise problem(
            where, "'amount' must be above 0 and within the budget, 'private' not negative"
        )
    decision = row.get("decision")
    if decision not in (None, APPROVED, REJECTED):
        raise problem(where, f"'decision' is {APPROVED} or {REJECTED}, or left out while pending")
    award = None if "award" not in row else number(row, "award", where)
    if award is not None and (decision != APPROVED or not Decimal(0) < award <= amount):
        raise problem(where, "'award' goes with an approval, above 0 and at most the amount")
    decision_note = text(row, "decision_note", where, default="")
    if decision == REJECTED and not decision_note.strip():
        raise problem(where, "a rejection needs a 'decision_note' saying why")
    return ApplicationSpec(
        venture=slug,
        round_title=round_title,
        amount=amount,
        private_amount=private,
        note=text(row, "note", where, default=""),
        decision=decision,
        award=award,
        decision_note=decision_note,
    )


def parse_program(
    row: Mapping[str, Any],
    *,
    organization: str,
    ventures: Mapping[str, VentureSpec],
    as_of: dt.date,
) -> ProgramSpec:
    """A program with its pre-registrations and applications; `as_of` is the catalogue's date."""
    where = f"organization {organization!r}, program {row.get('title', '?')!r}"
    refuse_unknown(row, PROGRAM_KEYS, where)
    kind = choice(row, "kind", tuple(ProgramKind), where)
    currency = choice(row, "currency", tuple(Currency), where)
    rules, params = _terms(row, kind, currency, where)
    budget = number(row, "budget", where)
    opens, closes = optional_date(row, "opens", where), optional_date(row, "closes", where)
    if budget <= 0 or (opens and closes and closes < opens):
        raise problem(where, "'budget' must be above 0 and 'closes' must not be before 'opens'")
    terms = _Program(currency=currency, budget=budget, rules=rules, where=where)
    program = ProgramSpec(
        title=text(row, "title", where),
        summary=text(row, "summary", where, default=""),
        kind=kind,
        status=choice({"status": row.get("status", "open")}, "status", PROGRAM_STATUSES, where),
        currency=currency,
        budget=budget,
        rules=rules,
        params=params,
        opens_on=opens,
        closes_on=closes,
        registrations=tuple(
            _registration(r, ventures, where) for r in row.get("registrations", ())
        ),
        applications=tuple(_application(r, ventures, terms) for r in row.get("application", ())),
    )
    _check_take_up(program, as_of, where)
    return program


def _check_take_up(program: ProgramSpec, as_of: dt.date, where: str) -> None:
    if (program.registrations or program.applications) and program.status != "open":
        raise problem(where, "only an open program takes registrations and applications")
    registered = [r.venture for r in program.registrations]
    applicants = [a.venture for a in program.applications]
    for slugs, verb in ((registered, "registers"), (applicants, "applies")):
        twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if twice:
            raise problem(where, f"{twice[0]!r} {verb} twice")
    if not applicants:
        return
    # Applications are submitted on the day of the build, whatever that day is: the program must
    # be open by the catalogue's date and never close.
    if program.closes_on is not None or (program.opens_on and program.opens_on > as_of):
        raise problem(where, f"a program with applications must open by {as_of} and not close")
    if program.rules.pre_registration_required:
        unregistered = sorted(set(applicants) - set(registered))
        if unregistered:
            raise problem(
                where, f"{unregistered[0]!r} applies without the required pre-registration"
            )
    granted = sum((a.granted for a in program.applications), Decimal(0))
    if granted > program.budget:
        raise problem(where, f"the awards ({granted}) exceed the budget ({program.budget})")


def parse_programs(
    row: Mapping[str, Any], *, ventures: Mapping[str, VentureSpec], as_of: dt.date
) -> tuple[ProgramSpec, ...]:
    """The programs of one `[[organization]]` table; only government organizations run any."""
    return tuple(
        parse_program(program, organization=row["slug"], ventures=ventures, as_of=as_of)
        for program in entries(row, "program", owner="government")
    )
