"""Mandate reads: an investor lists its own, staff list all, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from runway.investors.models import MandateStatus
from runway.investors.selectors import mandate_list_open, mandate_list_visible
from runway.investors.tests.factories import MandateFactory
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_an_investor_lists_only_its_own_mandates() -> None:
    ours = MandateFactory(title="Ours")
    MandateFactory(title="Theirs")
    actor = member_of(ours.organization, Role.VIEWER)
    assert [m.title for m in mandate_list_visible(actor=actor)] == ["Ours"]


def test_ventures_list_no_mandates_and_platform_staff_list_all() -> None:
    MandateFactory()
    MandateFactory()
    assert not mandate_list_visible(actor=make_actor(kind=OrganizationKind.VENTURE)).exists()
    assert mandate_list_visible(actor=make_actor(kind=OrganizationKind.PLATFORM)).count() == 2


def test_status_filters_and_open_mandates() -> None:
    ours = MandateFactory(title="Open")
    MandateFactory(organization=ours.organization, title="Paused", status=MandateStatus.PAUSED)
    actor = member_of(ours.organization)
    assert [m.title for m in mandate_list_open(actor=actor)] == ["Open"]
    paused = mandate_list_visible(actor=actor, status=MandateStatus.PAUSED)
    assert [m.title for m in paused] == ["Paused"]


def test_listing_mandates_with_all_criteria_takes_five_queries(
    django_assert_num_queries: Callable[..., Any],
) -> None:
    staff = make_actor(kind=OrganizationKind.PLATFORM)
    for _ in range(4):
        mandate = MandateFactory()
        mandate.instruments.set(Instrument.objects.all()[:2])
        mandate.sectors.set(Sector.objects.all()[:3])
        mandate.stages.set(Stage.objects.all()[:2])
        mandate.regions.set(Region.objects.all()[:2])
    with django_assert_num_queries(5):
        rows = [
            (
                m.organization.name,
                [t.label for t in m.instruments.all()],
                [t.label for t in m.sectors.all()],
                [t.label for t in m.stages.all()],
                [t.label for t in m.regions.all()],
            )
            for m in mandate_list_visible(actor=staff)
        ]
    assert len(rows) == 4
    assert all(len(row[2]) == 3 for row in rows)
