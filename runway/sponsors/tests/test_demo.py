"""The demo's sponsorships, made on organizations with the demo's short names."""

from __future__ import annotations

import pytest

from runway.demo.catalogue import load_catalogue
from runway.demo.sponsors import DEMO_SPONSORSHIPS, demo_sponsorships
from runway.directory.tests.factories import make_venture
from runway.orgs.models import Role
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.sponsors.tests.factories import make_intermediary
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_the_demo_sponsors_its_ventures_once_and_leaves_one_proposal_pending() -> None:
    for slug in {spec.intermediary for spec in DEMO_SPONSORSHIPS}:
        member_of(make_intermediary(slug, slug=slug), Role.OWNER)
    for spec in DEMO_SPONSORSHIPS:
        member_of(make_venture(spec.venture, slug=spec.venture).organization, Role.OWNER)

    assert demo_sponsorships() == len(DEMO_SPONSORSHIPS)
    assert demo_sponsorships() == 0  # nothing twice
    statuses = dict(Sponsorship.objects.values_list("venture__organization__slug", "status"))
    assert statuses == {
        "trailblaze-outdoor": SponsorshipStatus.ACCEPTED,
        "eurasia-tools": SponsorshipStatus.ACCEPTED,
        "kuajingshuo": SponsorshipStatus.PROPOSED,
        "mama-circle": SponsorshipStatus.ACCEPTED,
    }


def test_missing_organizations_are_skipped() -> None:
    member_of(make_intermediary("nanshan-incubator", slug="nanshan-incubator"), Role.OWNER)
    assert demo_sponsorships() == 0
    assert not Sponsorship.objects.exists()


def test_the_demo_pairs_are_public_ventures_and_intermediaries_of_the_catalogue() -> None:
    catalogue = load_catalogue()
    ventures = {spec.organization.slug: spec for spec in catalogue.ventures}
    kinds = {spec.slug: spec.kind for spec in catalogue.organizations}
    for spec in DEMO_SPONSORSHIPS:
        assert kinds[spec.intermediary] == "intermediary"
        assert ventures[spec.venture].is_public
    assert [spec.accepted for spec in DEMO_SPONSORSHIPS].count(False) == 1
