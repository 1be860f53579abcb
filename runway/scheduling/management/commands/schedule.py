"""`runway schedule`: queue the platform's recurring tasks for the worker, as `RUNWAY_SCHEDULE`
says (`runway up` and `runway worker` start it beside the worker). `--list` shows what runs when;
`--now TASK` queues one job at once."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from runway.scheduling.jobs import due, jobs_of


class Command(BaseCommand):
    help = "Queue the platform's recurring tasks (nightly re-match, alerts, reminders) on time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="show each job's next run")
        parser.add_argument("--now", metavar="TASK", help="queue this scheduled task once, now")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = jobs_of(settings.RUNWAY_SCHEDULE)
        if options["list"]:
            now = timezone.localtime()
            for job in sorted(jobs, key=lambda j: j.next_run(now)):
                self.stdout.write(f"{job.next_run(now):%Y-%m-%d %H:%M}  {job.task_path}")
            return
        if options["now"]:
            chosen = [job for job in jobs if job.task_path.endswith(options["now"])]
            if len(chosen) != 1:
                raise CommandError(f"{options['now']}: not exactly one scheduled task")
            chosen[0].task().enqueue()
            self.stdout.write(f"queued {chosen[0].task_path}")
            return
        for job in jobs:
            job.task()  # a misspelt task fails at start, not at three in the morning
        while True:
            wake, ready = due(jobs, timezone.localtime())
            time.sleep(max((wake - timezone.localtime()).total_seconds(), 1))
            for job in ready:
                job.task().enqueue()
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M} queued {job.task_path}")
