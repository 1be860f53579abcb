"""Background work for the portfolio, run by the django-tasks worker every night (the schedule
is the RUNWAY_SCHEDULE setting): find alerts, then e-mail the digests. Both are safe to run
again: alerts are unique per holder, venture, kind and month, digests per person, organization
and day."""

from __future__ import annotations

from django_tasks import task

from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.services.digests import digests_send

__all__ = ["digests_send", "portfolio_alerts", "portfolio_alerts_run", "portfolio_digests"]


@task()
def portfolio_alerts() -> int:
    """Stores today's new alerts (with their notifications); returns how many."""
    return len(portfolio_alerts_run().created)


@task()
def portfolio_digests() -> int:
    """E-mails today's digests; returns how many were sent."""
    return digests_send().sent
