"""Who sees a venture's detailed metrics and jobs, and who imports: branch by branch."""

from __future__ import annotations

import pytest

from runway.metrics.access import (
    access_import_job_by_id,
    access_own_venture_metrics,
    access_venture_metrics,
)
from runway.metrics.services import import_job_create
from runway.metrics.tests.factories import upload
from runway.orgs.access import AccessDenied, Need
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER, Role.ADMIN, Role.OWNER])
def test_own_members_see_metrics_and_jobs(role: str) -> None:
    venture = VentureFactory()
    actor = member_of(venture.organization, role)
    job = import_job_create(actor=None, venture=venture, upload=upload(), enqueue=False)
    assert access_venture_metrics(actor=actor, venture_id=venture.pk, need=Need.VIEW) == venture
    assert access_own_venture_metrics(actor=actor, need=Need.VIEW) == venture
    assert access_import_job_by_id(actor=actor, job_id=job.pk) == job


@pytest.mark.parametrize(("role", "allowed"), [(Role.VIEWER, False), (Role.MEMBER, True)])
def test_members_and_up_import_viewers_do_not(role: str, allowed: bool) -> None:
    venture = VentureFactory()
    actor = member_of(venture.organization, role)
    if allowed:
        assert access_venture_metrics(actor=actor, venture_id=venture.pk, need=Need.EDIT)
    else:
        with pytest.raises(AccessDenied):
            access_venture_metrics(actor=actor, venture_id=venture.pk, need=Need.EDIT)


@pytest.mark.parametrize("kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR])
def test_other_organizations_see_nothing_even_of_a_public_venture(kind: str) -> None:
    venture = VentureFactory(is_public=True)
    job = import_job_create(actor=None, venture=venture, upload=upload(), enqueue=False)
    stranger = make_actor(kind=kind, role=Role.OWNER)
    with pytest.raises(AccessDenied):
        access_venture_metrics(actor=stranger, venture_id=venture.pk, need=Need.VIEW)
    with pytest.raises(AccessDenied):
        access_import_job_by_id(actor=stranger, job_id=job.pk)


def test_platform_staff_read_but_do_not_import() -> None:
    venture = VentureFactory(is_public=False)
    job = import_job_create(actor=None, venture=venture, upload=upload(), enqueue=False)
    staff = make_actor(kind=OrganizationKind.PLATFORM, role=Role.OWNER)
    assert access_venture_metrics(actor=staff, venture_id=venture.pk, need=Need.VIEW) == venture
    assert access_import_job_by_id(actor=staff, job_id=job.pk) == job
    with pytest.raises(AccessDenied):
        access_venture_metrics(actor=staff, venture_id=venture.pk, need=Need.EDIT)
    with pytest.raises(AccessDenied):
        access_import_job_by_id(actor=staff, job_id=job.pk, need=Need.EDIT)


def test_missing_things_answer_like_forbidden_ones() -> None:
    actor = make_actor(kind=OrganizationKind.VENTURE)
    with pytest.raises(AccessDenied):
        access_venture_metrics(actor=actor, venture_id=987654, need=Need.VIEW)
    with pytest.raises(AccessDenied):
        access_import_job_by_id(actor=actor, job_id=987654)
    with pytest.raises(AccessDenied):
        access_own_venture_metrics(actor=actor, need=Need.VIEW)  # no profile yet
