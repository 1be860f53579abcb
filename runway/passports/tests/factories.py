"""A venture with imported traction, and passports issued for it."""

from __future__ import annotations

import datetime as dt

from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import ORDERS_CSV, upload
from runway.orgs.access import Actor
from runway.orgs.models import Role
from runway.passports.models import Passport
from runway.passports.services import passport_issue
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

JANUARY = dt.date(2025, 1, 1)
MARCH = dt.date(2025, 3, 1)


def venture_with_traction(content: bytes = ORDERS_CSV) -> Venture:
    """A venture whose orders (January to March 2025) were imported."""
    venture = VentureFactory()
    job = import_job_create(actor=None, venture=venture, upload=upload(content), enqueue=False)
    import_job_run(job=job)
    return venture


def issued(
    venture: Venture | None = None, *, actor: Actor | None = None, valid_days: int = 90
) -> tuple[Passport, str]:
    """A passport over January to March 2025 and its share token."""
    venture = venture or venture_with_traction()
    actor = actor or member_of(venture.organization, Role.MEMBER)
    return passport_issue(
        actor=actor, venture=venture, period_from=JANUARY, period_to=MARCH, valid_days=valid_days
    )
