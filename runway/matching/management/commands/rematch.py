"""`runway rematch`: every open mandate against every open round, now; or, with `--nightly`, a
small scheduler that queues that full run for the worker every night at 03:00 local time."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

NIGHTLY_AT = dt.time(3, 0)


def next_run(now: dt.datetime, at: dt.time = NIGHTLY_AT) -> dt.datetime:
    """The next `at` o'clock in `now`'s time zone, strictly after `now`."""
    candidate = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + dt.timedelta(days=1)


class Command(BaseCommand):
    help = "Re-match every open mandate and round now, or every night with --nightly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--nightly", action="store_true", help="queue a full re-match every night at 03:00"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from runway.matching import services, tasks

        if not options["nightly"]:
            started = time.perf_counter()
            pairs = services.rematch_all()
            eligibility = services.program_eligibility_refresh()
            self.stdout.write(
                f"{pairs} matches, {eligibility} program checks in "
                f"{time.perf_counter() - started:.2f} s"
            )
            return
        while True:
            wake = next_run(timezone.localtime())
            time.sleep(max((wake - timezone.localtime()).total_seconds(), 1))
            tasks.rematch_all.enqueue()
            self.stdout.write(
                f"queued the nightly re-match at {timezone.localtime():%Y-%m-%d %H:%M}"
            )
