"""Who lists, reads, issues and revokes a venture's passports: branch by branch."""

from __future__ import annotations

import uuid

import pytest

from runway.orgs.access import AccessDenied, Need
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.passports.access import access_passport_by_id, access_venture_passports
from runway.passports.tests.factories import issued, venture_with_traction
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER, Role.ADMIN, Role.OWNER])
def test_every_member_lists_and_reads(role: str) -> None:
    venture = venture_with_traction()
    passport, _token = issued(venture)
    actor = member_of(venture.organization, role)
    assert access_venture_passports(actor=actor, venture_id=venture.pk, need=Need.VIEW) == venture
    found = access_passport_by_id(actor=actor, passport_id=passport.passport_id, need=Need.VIEW)
    assert found == passport


@pytest.mark.parametrize(("role", "allowed"), [(Role.VIEWER, False), (Role.MEMBER, True)])
def test_members_and_up_issue_and_revoke_viewers_do_not(role: str, allowed: bool) -> None:
    venture = venture_with_traction()
    passport, _token = issued(venture)
    actor = member_of(venture.organization, role)
    if allowed:
        assert access_venture_passports(actor=actor, venture_id=venture.pk, need=Need.EDIT)
        assert access_passport_by_id(actor=actor, passport_id=passport.passport_id, need=Need.EDIT)
    else:
        with pytest.raises(AccessDenied):
            access_venture_passports(actor=actor, venture_id=venture.pk, need=Need.EDIT)
        with pytest.raises(AccessDenied):
            access_passport_by_id(actor=actor, passport_id=passport.passport_id, need=Need.EDIT)


@pytest.mark.parametrize(
    "kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR, OrganizationKind.PLATFORM]
)
def test_nobody_else_sees_them_not_even_platform_staff(kind: str) -> None:
    venture = venture_with_traction()
    passport, _token = issued(venture)
    stranger = make_actor(kind=kind, role=Role.OWNER)
    with pytest.raises(AccessDenied):
        access_venture_passports(actor=stranger, venture_id=venture.pk, need=Need.VIEW)
    with pytest.raises(AccessDenied):
        access_passport_by_id(actor=stranger, passport_id=passport.passport_id, need=Need.VIEW)


def test_missing_is_denied_alike() -> None:
    actor = make_actor(role=Role.OWNER)
    with pytest.raises(AccessDenied):
        access_venture_passports(actor=actor, venture_id=987654, need=Need.VIEW)
    with pytest.raises(AccessDenied):
        access_passport_by_id(actor=actor, passport_id=uuid.uuid4(), need=Need.VIEW)
