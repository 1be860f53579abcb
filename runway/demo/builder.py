"""Creates the demo catalogue's organizations, people, ventures, rounds and mandates, each through
the owning app's own services, as a person using the platform would."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password

from runway.accounts.models import User
from runway.demo.catalogue import DEMO_DOMAIN, DEMO_PASSWORD
from runway.investors.models import Rule
from runway.investors.services import mandate_create
from runway.orgs.access import Actor
from runway.orgs.models import Role
from runway.orgs.services import (
    invitation_accept,
    invitation_create,
    organization_create,
    organization_set_verified,
)
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.models import RoundStatus
from runway.ventures.services import round_create, round_update, venture_create

if TYPE_CHECKING:
    from runway.demo.catalogue import (
        Catalogue,
        MandateSpec,
        OrganizationSpec,
        RoundSpec,
        VentureSpec,
    )
    from runway.ventures.models import Venture

PLATFORM_STAFF = f"admin@{DEMO_DOMAIN}"


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


class Builder:
    """Creates one catalogue in the database; `build()` runs once, inside the caller's
    transaction, so a failure leaves nothing half made."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.terms = Taxonomy()
        self.users: dict[str, User] = {}
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
