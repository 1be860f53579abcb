"""Creates the demo catalogue's organizations, people, ventures, rounds, mandates, lenders' grids
and government programs, each through the owning app's own services, as a person using the
platform would; then the ventures' applications to the programs and the officers' decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from runway.accounts.models import User
from runway.demo.catalogue import DEMO_DOMAIN, DEMO_PASSWORD
from runway.demo.program_specs import APPROVED, REJECTED
from runway.investors.models import Rule
from runway.investors.services import grid_create, mandate_create
from runway.orgs.access import Actor
from runway.orgs.models import Role
from runway.orgs.services import (
    invitation_accept,
    invitation_create,
    organization_create,
    organization_set_verified,
)
from runway.programs.models import ApplicationStatus
from runway.programs.services import (
    application_approve,
    application_reject,
    application_submit,
    preregister,
    program_create,
)
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.services import round_create, round_update, venture_create

if TYPE_CHECKING:
    from runway.demo.catalogue import (
        Catalogue,
        MandateSpec,
        OrganizationSpec,
        RoundSpec,
        VentureSpec,
    )
    from runway.demo.program_specs import ApplicationSpec, ProgramSpec
    from runway.programs.models import Program
    from runway.ventures.models import Venture

PLATFORM_STAFF = f"admin@{DEMO_DOMAIN}"


class DemoBuildError(RuntimeError):
    """The platform refused part of the catalogue; the message names the part and the reasons."""


@contextmanager
def _refusal_explained(what: str) -> Iterator[None]:
    try:
        yield
    except ValidationError as error:
        raise DemoBuildError(f"{what} was refused: {'; '.join(error.messages)}") from error


class Taxonomy:
    """Every taxonomy term by code, read once."""

    def __init__(self) -> None:
        self.sectors = {t.code: t for t in Sector.objects.all()}
        self.stages = {t.code: t for t in Stage.objects.all()}
        self.regions = {t.code: t for t in Region.objects.all()}
        self.instruments = {t.code: t for t in Instrument.objects.all()}


@dataclass
class Created:
    """What a build made, counted as it went."""

    rounds: Counter[str] = field(default_factory=Counter)
    mandates: int = 0
    users: int = 0
    grids: int = 0
    programs: int = 0
    registrations: int = 0
    applications: Counter[str] = field(default_factory=Counter)  # by status
    awards: int = 0


class Builder:
    """Creates one catalogue in the database: `build()` once, inside the caller's transaction, so a
    failure leaves nothing half made; then `take_up()` once the ventures' orders are imported,
    since whether a venture qualifies for a program depends on its revenue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.terms = Taxonomy()
        self.users: dict[str, User] = {}
        self.actors: dict[str, Actor] = {}  # each organization's owner, by slug
        self.programs: list[tuple[Actor, Program, ProgramSpec]] = []
        self.created = Created()

    def build(self) -> Created:
        self._create_users()
        for venture in self.catalogue.ventures:
            actor = self._organization(venture.organization)
            self._venture(actor, venture)
        for spec in self.catalogue.organizations:
            actor = self._organization(spec)
            for mandate in self.catalogue.mandates.get(spec.slug, ()):
                self._mandate(actor, mandate)
            for grid in self.catalogue.grids.get(spec.slug, ()):
                with _refusal_explained(f"The grid {grid.title!r} of {spec.slug}"):
                    grid_create(actor=actor, **grid.service_fields())
                self.created.grids += 1
            for program in self.catalogue.programs.get(spec.slug, ()):
                self._program(actor, program)
        return self.created

    def take_up(self) -> Created:
        """The ventures apply to the programs and the officers decide, as the catalogue says; a
        venture the platform finds ineligible stops the build with the reasons."""
        for officer, program, spec in self.programs:
            for application in spec.applications:
                self._application(officer, program, application)
        return self.created

    def _create_users(self) -> None:
        # One hash for the shared demo password: hashing it per user would take most of the
        # build time (Argon2 is slow by design).
        password = make_password(DEMO_PASSWORD)
        people = {p.email: p for o in self.catalogue.all_organizations for p in o.people}
        users = [
            User(
                email=email,
                full_name=person.name,
                password=password,
                is_staff=email == PLATFORM_STAFF,
                is_superuser=email == PLATFORM_STAFF,
            )
            for email, person in people.items()
        ]
        User.objects.bulk_create(users)
        self.users = {u.email: u for u in User.objects.filter(email__in=people)}
        self.created.users = len(users)

    def _organization(self, spec: OrganizationSpec) -> Actor:
        owner = self.users[spec.owner.email]
        organization = organization_create(
            owner=owner,
            name=spec.name,
            kind=spec.kind,
            slug=spec.slug,
            category=spec.category,
            country=spec.country,
            credit_code=spec.credit_code,
            registry_number=spec.registry_number,
            city=spec.city,
        )
        if spec.verified:
            organization_set_verified(organization=organization, verified=True)
        actor = Actor(organization=organization, role=Role.OWNER, user=owner)
        self.actors[spec.slug] = actor
        for person in spec.people[1:]:
            _invitation, token = invitation_create(
                actor=actor, email=person.email, role=person.role
            )
            invitation_accept(user=self.users[person.email], token=token)
        return actor

    def _venture(self, actor: Actor, spec: VentureSpec) -> None:
        terms = self.terms
        venture = venture_create(
            actor=actor,
            sectors=[terms.sectors[code] for code in spec.sectors],
            markets=[terms.regions[code] for code in spec.markets],
            tagline=spec.tagline,
            business_model=spec.business_model,
            city=terms.regions["shenzhen"],
            district=spec.district,
            stage=terms.stages[spec.stage],
            founded_on=spec.founded_on,
            team_size=spec.team_size,
            description_zh=spec.description_zh,
            description_en=spec.description_en,
            description_ru=spec.description_ru,
            is_public=spec.is_public,
        )
        for round_spec in spec.rounds:
            self._round(actor, venture, round_spec)

    def _round(self, actor: Actor, venture: Venture, spec: RoundSpec) -> None:
        # A round starts as a draft or open; closed and cancelled ones get there by the usual
        # transitions, as they would on the platform.
        start = (
            RoundStatus.DRAFT
            if spec.status in (RoundStatus.DRAFT, RoundStatus.CANCELLED)
            else RoundStatus.OPEN
        )
        funding_round = round_create(
            actor=actor,
            venture=venture,
            title=spec.title,
            instrument=self.terms.instruments[spec.instrument],
            currency=spec.currency,
            target_amount=spec.target_amount,
            min_ticket=spec.min_ticket,
            pre_money_valuation=spec.pre_money_valuation,
            terms=spec.terms,
            use_of_funds=spec.use_of_funds,
            opens_on=spec.opens_on,
            closes_on=spec.closes_on,
            status=start,
        )
        if spec.status != start:
            round_update(actor=actor, funding_round=funding_round, status=spec.status)
        self.created.rounds[spec.status] += 1

    def _mandate(self, actor: Actor, spec: MandateSpec) -> None:
        terms = self.terms

        def rule(criterion: str) -> str:
            return Rule.MUST if criterion in spec.must else Rule.PREFER

        mandate_create(
            actor=actor,
            title=spec.title,
            thesis=spec.thesis,
            status=spec.status,
            instruments=[terms.instruments[c] for c in spec.instruments],
            sectors=[terms.sectors[c] for c in spec.sectors],
            stages=[terms.stages[c] for c in spec.stages],
            regions=[terms.regions[c] for c in spec.regions],
            currency=spec.currency,
            ticket_min=spec.ticket_min,
            ticket_max=spec.ticket_max,
            min_monthly_revenue=spec.min_monthly_revenue,
            min_growth_rate=spec.min_growth_rate,
            min_months_history=spec.min_months_history,
            min_repeat_rate=spec.min_repeat_rate,
            instruments_rule=rule("instruments"),
            sectors_rule=rule("sectors"),
            stages_rule=rule("stages"),
            regions_rule=rule("regions"),
            ticket_rule=rule("ticket"),
            traction_rule=rule("traction"),
        )
        self.created.mandates += 1

    def _program(self, officer: Actor, spec: ProgramSpec) -> None:
        with _refusal_explained(f"The program {spec.title!r}"):
            program = program_create(actor=officer, **spec.service_fields())
        for registration in spec.registrations:
            preregister(
                actor=self.actors[registration.venture],
                program=program,
                on=registration.registered_on,
            )
        self.programs.append((officer, program, spec))
        self.created.programs += 1
        self.created.registrations += len(spec.registrations)

    def _application(self, officer: Actor, program: Program, spec: ApplicationSpec) -> None:
        venture = self.actors[spec.venture]
        funding_round = (
            None
            if spec.round_title is None
            else FundingRound.objects.get(
                venture__organization=venture.organization, title=spec.round_title
            )
        )
        with _refusal_explained(f"The application of {spec.venture} to {program.title!r}"):
            application = application_submit(
                actor=venture,
                program=program,
                amount=spec.amount,
                private_amount=spec.private_amount,
                funding_round=funding_round,
                note=spec.note,
            )
            if spec.decision == APPROVED:
                application_approve(
                    actor=officer, application=application, amount=spec.award,
                    note=spec.decision_note,
                )  # fmt: skip
                self.created.awards += 1
            elif spec.decision == REJECTED:
                application_reject(actor=officer, application=application, note=spec.decision_note)
        self.created.applications[spec.decision or ApplicationStatus.SUBMITTED] += 1
