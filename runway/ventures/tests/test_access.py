"""Venture and round access, branch by branch: by role in the venture, and by organization kind."""

from __future__ import annotations

import pytest

from runway.orgs.access import AccessDenied, Need
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.access import (
    RoundPolicy,
    VenturePolicy,
    access_own_venture,
    access_round_by_id,
    access_venture_by_id,
)
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db

ALL_ROLES = [Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER]
WRITING_ROLES = [Role.OWNER, Role.ADMIN, Role.MEMBER]
OUTSIDE_KINDS = [
    OrganizationKind.VENTURE,
    OrganizationKind.INVESTOR,
    OrganizationKind.INTERMEDIARY,
    OrganizationKind.GOVERNMENT,
]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("is_public", [True, False])
def test_every_role_of_the_venture_sees_its_profile(role: str, is_public: bool) -> None:
    venture = VentureFactory(is_public=is_public)
    assert VenturePolicy.can_view(member_of(venture.organization, role), venture)
    assert (
        access_venture_by_id(
            actor=member_of(venture.organization, role), venture_id=venture.pk, need=Need.VIEW
        )
        == venture
    )


@pytest.mark.parametrize("kind", OUTSIDE_KINDS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_other_organizations_see_public_profiles_only(kind: str, role: str) -> None:
    outsider = make_actor(kind=kind, role=role)
    public, private = VentureFactory(is_public=True), VentureFactory(is_public=False)
    assert access_venture_by_id(actor=outsider, venture_id=public.pk, need=Need.VIEW) == public
    with pytest.raises(AccessDenied):
        access_venture_by_id(actor=outsider, venture_id=private.pk, need=Need.VIEW)


def test_platform_staff_see_private_profiles_but_cannot_edit_them() -> None:
    staff = make_actor(kind=OrganizationKind.PLATFORM, role=Role.ADMIN)
    private = VentureFactory(is_public=False)
    assert access_venture_by_id(actor=staff, venture_id=private.pk, need=Need.VIEW) == private
    with pytest.raises(AccessDenied):
        access_venture_by_id(actor=staff, venture_id=private.pk, need=Need.EDIT)


@pytest.mark.parametrize("role", WRITING_ROLES)
def test_members_and_up_edit_their_profile(role: str) -> None:
    venture = VentureFactory()
    actor = member_of(venture.organization, role)
    assert VenturePolicy.can_edit(actor, venture)
    assert access_venture_by_id(actor=actor, venture_id=venture.pk, need=Need.EDIT) == venture


def test_a_viewer_cannot_edit_the_profile() -> None:
    venture = VentureFactory()
    viewer = member_of(venture.organization, Role.VIEWER)
    assert not VenturePolicy.can_edit(viewer, venture)
    with pytest.raises(AccessDenied):
        access_venture_by_id(actor=viewer, venture_id=venture.pk, need=Need.EDIT)


@pytest.mark.parametrize("kind", OUTSIDE_KINDS)
def test_owners_of_other_organizations_cannot_edit_a_public_profile(kind: str) -> None:
    venture = VentureFactory(is_public=True)
    with pytest.raises(AccessDenied):
        access_venture_by_id(
            actor=make_actor(kind=kind, role=Role.OWNER), venture_id=venture.pk, need=Need.EDIT
        )


def test_a_missing_venture_is_denied_like_a_forbidden_one() -> None:
    actor = make_actor()
    with pytest.raises(AccessDenied):
        access_venture_by_id(actor=actor, venture_id=987654, need=Need.VIEW)


@pytest.mark.parametrize(
    ("kind", "role", "allowed"),
    [
        (OrganizationKind.VENTURE, Role.OWNER, True),
        (OrganizationKind.VENTURE, Role.ADMIN, True),
        (OrganizationKind.VENTURE, Role.MEMBER, True),
        (OrganizationKind.VENTURE, Role.VIEWER, False),
        (OrganizationKind.INVESTOR, Role.OWNER, False),
        (OrganizationKind.INTERMEDIARY, Role.OWNER, False),
        (OrganizationKind.GOVERNMENT, Role.OWNER, False),
        (OrganizationKind.PLATFORM, Role.OWNER, False),
    ],
)
def test_only_venture_members_and_up_create_a_profile(kind: str, role: str, allowed: bool) -> None:
    assert VenturePolicy.can_create(make_actor(kind=kind, role=role)) is allowed


def test_own_venture_is_found_for_its_members_and_denied_when_there_is_none() -> None:
    venture = VentureFactory()
    assert (
        access_own_venture(actor=member_of(venture.organization, Role.VIEWER), need=Need.VIEW)
        == venture
    )
    with pytest.raises(AccessDenied):
        access_own_venture(actor=member_of(venture.organization, Role.VIEWER), need=Need.EDIT)
    with pytest.raises(AccessDenied):
        access_own_venture(actor=make_actor(), need=Need.VIEW)


@pytest.mark.parametrize("status", RoundStatus.values)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_venture_sees_its_rounds_in_every_status(status: str, role: str) -> None:
    funding_round = FundingRoundFactory(status=status, venture=VentureFactory(is_public=False))
    actor = member_of(funding_round.venture.organization, role)
    assert access_round_by_id(actor=actor, round_id=funding_round.pk, need=Need.VIEW)


@pytest.mark.parametrize("kind", OUTSIDE_KINDS)
@pytest.mark.parametrize(
    ("status", "is_public", "visible"),
    [
        (RoundStatus.OPEN, True, True),
        (RoundStatus.CLOSED, True, True),
        (RoundStatus.DRAFT, True, False),
        (RoundStatus.CANCELLED, True, False),
        (RoundStatus.OPEN, False, False),
        (RoundStatus.CLOSED, False, False),
    ],
)
def test_other_organizations_see_open_and_closed_rounds_of_public_profiles(
    kind: str, status: str, is_public: bool, visible: bool
) -> None:
    funding_round = FundingRoundFactory(status=status, venture=VentureFactory(is_public=is_public))
    outsider = make_actor(kind=kind)
    assert RoundPolicy.can_view(outsider, funding_round) is visible
    if visible:
        assert access_round_by_id(actor=outsider, round_id=funding_round.pk, need=Need.VIEW)
    else:
        with pytest.raises(AccessDenied):
            access_round_by_id(actor=outsider, round_id=funding_round.pk, need=Need.VIEW)


def test_platform_staff_see_draft_rounds_but_cannot_edit_them() -> None:
    staff = make_actor(kind=OrganizationKind.PLATFORM)
    draft = FundingRoundFactory(status=RoundStatus.DRAFT, venture=VentureFactory(is_public=False))
    assert access_round_by_id(actor=staff, round_id=draft.pk, need=Need.VIEW) == draft
    with pytest.raises(AccessDenied):
        access_round_by_id(actor=staff, round_id=draft.pk, need=Need.EDIT)


@pytest.mark.parametrize(
    ("role", "allowed"), [*((r, True) for r in WRITING_ROLES), (Role.VIEWER, False)]
)
def test_rounds_are_edited_by_the_ventures_members_and_up(role: str, allowed: bool) -> None:
    funding_round = FundingRoundFactory()
    actor = member_of(funding_round.venture.organization, role)
    assert RoundPolicy.can_edit(actor, funding_round) is allowed
    if not allowed:
        with pytest.raises(AccessDenied):
            access_round_by_id(actor=actor, round_id=funding_round.pk, need=Need.EDIT)


def test_an_investor_cannot_edit_an_open_round() -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.OPEN)
    investor = make_actor(kind=OrganizationKind.INVESTOR, role=Role.OWNER)
    with pytest.raises(AccessDenied):
        access_round_by_id(actor=investor, round_id=funding_round.pk, need=Need.EDIT)


def test_a_missing_round_is_denied_like_a_forbidden_one() -> None:
    with pytest.raises(AccessDenied):
        access_round_by_id(actor=make_actor(), round_id=987654, need=Need.VIEW)


def test_a_holder_sees_a_private_ventures_profile_and_open_rounds_not_its_drafts() -> None:
    from runway.portfolio.tests.factories import HoldingFactory, holder

    follow_on = FundingRoundFactory(status=RoundStatus.OPEN, venture__is_public=False)
    venture = follow_on.venture
    draft = FundingRoundFactory(venture=venture, status=RoundStatus.DRAFT)
    stake = HoldingFactory(venture=venture, funding_round=FundingRoundFactory(venture=venture))
    investor = holder(stake)
    outsider = make_actor(kind=OrganizationKind.INVESTOR, role=Role.MEMBER)

    assert VenturePolicy.can_view(investor, venture)
    assert RoundPolicy.can_view(investor, follow_on)
    assert access_round_by_id(actor=investor, round_id=follow_on.pk, need=Need.VIEW) == follow_on
    assert not RoundPolicy.can_view(investor, draft)
    assert not RoundPolicy.can_edit(investor, follow_on)
    assert not VenturePolicy.can_view(outsider, venture)
    with pytest.raises(AccessDenied):
        access_round_by_id(actor=outsider, round_id=follow_on.pk, need=Need.VIEW)
