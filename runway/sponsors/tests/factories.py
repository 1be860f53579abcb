"""An intermediary, a listed venture and the people of both, as sponsorship tests need them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runway.directory.tests.factories import MAMA, make_venture
from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.sponsors.models import Sponsorship
from runway.sponsors.services import sponsorship_accept, sponsorship_propose
from runway.ventures.models import Venture
from runway.ventures.tests.factories import member_of


def make_intermediary(name: str = "南山跨境电商孵化器", **fields: Any) -> Organization:
    return OrganizationFactory(
        kind=OrganizationKind.INTERMEDIARY, category="incubator", name=name, **fields
    )


@dataclass
class Pair:
    """An intermediary and a venture, each with a member of every role that matters."""

    intermediary: Organization
    venture: Venture
    broker: Actor  # an intermediary member
    broker_viewer: Actor
    founder: Actor  # the venture's owner
    venture_admin: Actor
    venture_member: Actor
    venture_viewer: Actor

    def propose(self, message: str = "We have worked with you since the incubator.") -> Sponsorship:
        return sponsorship_propose(actor=self.broker, venture=self.venture, message=message)

    def sponsor(self) -> Sponsorship:
        return sponsorship_accept(actor=self.founder, sponsorship=self.propose())


def make_pair(**venture: Any) -> Pair:
    intermediary = make_intermediary(slug="nanshan-incubator", is_verified=True)
    spec = {**MAMA, **venture}
    listed = make_venture(**spec)
    return Pair(
        intermediary=intermediary,
        venture=listed,
        broker=member_of(intermediary, Role.MEMBER),
        broker_viewer=member_of(intermediary, Role.VIEWER),
        founder=member_of(listed.organization, Role.OWNER),
        venture_admin=member_of(listed.organization, Role.ADMIN),
        venture_member=member_of(listed.organization, Role.MEMBER),
        venture_viewer=member_of(listed.organization, Role.VIEWER),
    )
