"""Mandate access, branch by branch: a mandate is its investor's private strategy."""

from __future__ import annotations

import pytest

from runway.investors.access import MandatePolicy, access_mandate_by_id
from runway.investors.tests.factories import MandateFactory
from runway.orgs.access import AccessDenied, Need
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db

ALL_ROLES = [Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER]
OUTSIDE_KINDS = [
    OrganizationKind.VENTURE,
    OrganizationKind.INVESTOR,
    OrganizationKind.INTERMEDIARY,
    OrganizationKind.GOVERNMENT,
]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_of_the_investor_sees_its_mandate(role: str) -> None:
    mandate = MandateFactory()
    actor = member_of(mandate.organization, role)
    assert access_mandate_by_id(actor=actor, mandate_id=mandate.pk, need=Need.VIEW) == mandate


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.OWNER, True), (Role.ADMIN, True), (Role.MEMBER, True), (Role.VIEWER, False)],
)
def test_members_and_up_edit_the_mandate(role: str, allowed: bool) -> None:
    mandate = MandateFactory()
    actor = member_of(mandate.organization, role)
    assert MandatePolicy.can_edit(actor, mandate) is allowed
    if allowed:
        assert access_mandate_by_id(actor=actor, mandate_id=mandate.pk, need=Need.EDIT) == mandate
    else:
        with pytest.raises(AccessDenied):
            access_mandate_by_id(actor=actor, mandate_id=mandate.pk, need=Need.EDIT)


@pytest.mark.parametrize("kind", OUTSIDE_KINDS)
@pytest.mark.parametrize("need", [Need.VIEW, Need.EDIT])
def test_other_organizations_never_see_a_mandate(kind: str, need: Need) -> None:
    mandate = MandateFactory()
    with pytest.raises(AccessDenied):
        access_mandate_by_id(
            actor=make_actor(kind=kind, role=Role.OWNER), mandate_id=mandate.pk, need=need
        )


def test_platform_staff_read_mandates_but_do_not_edit_them() -> None:
    mandate = MandateFactory()
    staff = make_actor(kind=OrganizationKind.PLATFORM, role=Role.OWNER)
    assert access_mandate_by_id(actor=staff, mandate_id=mandate.pk, need=Need.VIEW) == mandate
    with pytest.raises(AccessDenied):
        access_mandate_by_id(actor=staff, mandate_id=mandate.pk, need=Need.EDIT)


def test_a_missing_mandate_is_denied_like_a_forbidden_one() -> None:
    with pytest.raises(AccessDenied):
        access_mandate_by_id(
            actor=make_actor(kind=OrganizationKind.INVESTOR), mandate_id=987654, need=Need.VIEW
        )


@pytest.mark.parametrize(
    ("kind", "role", "can_create", "can_list"),
    [
        (OrganizationKind.INVESTOR, Role.OWNER, True, True),
        (OrganizationKind.INVESTOR, Role.ADMIN, True, True),
        (OrganizationKind.INVESTOR, Role.MEMBER, True, True),
        (OrganizationKind.INVESTOR, Role.VIEWER, False, True),
        (OrganizationKind.PLATFORM, Role.OWNER, False, True),
        (OrganizationKind.VENTURE, Role.OWNER, False, False),
        (OrganizationKind.INTERMEDIARY, Role.OWNER, False, False),
        (OrganizationKind.GOVERNMENT, Role.OWNER, False, False),
    ],
)
def test_who_creates_and_lists_mandates(
    kind: str, role: str, can_create: bool, can_list: bool
) -> None:
    actor = make_actor(kind=kind, role=role)
    assert MandatePolicy.can_create(actor) is can_create
    assert MandatePolicy.can_list(actor) is can_list
