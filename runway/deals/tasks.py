"""Background work for deals, run by the django-tasks worker.

`fail_overdue_rounds` runs nightly (RUNWAY_SCHEDULE, "daily 00:15"): every open round whose close
date has passed with hard commitments below its minimum becomes `failed`, its commitments and
co-investment reservations released, the venture and the committers notified. It is safe to run
any number of times: a failed round is no longer open.
"""

from __future__ import annotations

from django_tasks import task

from runway.deals.services.closing import rounds_fail_overdue


@task()
def fail_overdue_rounds() -> int:
    return rounds_fail_overdue()
