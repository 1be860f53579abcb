"""The platform's recurring work: which task runs when, and when each is next due.

Jobs come from the `RUNWAY_SCHEDULE` setting as `(task path, when)`, `when` being `"daily HH:MM"`
or `"hourly :MM"` in the platform's time zone. The scheduler only queues tasks; the worker runs
them, so a slow job never delays the next one's queueing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_DAILY = re.compile(r"^daily (\d{2}):(\d{2})$")
_HOURLY = re.compile(r"^hourly :(\d{2})$")


@dataclass(frozen=True)
class Job:
    task_path: str
    hourly: bool
    hour: int
    minute: int

    @classmethod
    def parse(cls, task_path: str, when: str) -> Job:
        if daily := _DAILY.match(when):
            hour, minute = int(daily[1]), int(daily[2])
            if hour < 24 and minute < 60:
                return cls(task_path, hourly=False, hour=hour, minute=minute)
        elif (hourly := _HOURLY.match(when)) and int(hourly[1]) < 60:
            return cls(task_path, hourly=True, hour=0, minute=int(hourly[1]))
        raise ImproperlyConfigured(
            f"RUNWAY_SCHEDULE: {task_path} runs {when!r}; expected 'daily HH:MM' or 'hourly :MM'"
        )

    def next_run(self, now: dt.datetime) -> dt.datetime:
        """The next time this job is due, strictly after `now`, in `now`'s time zone."""
        if self.hourly:
            candidate = now.replace(minute=self.minute, second=0, microsecond=0)
            step = dt.timedelta(hours=1)
        else:
            candidate = now.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
            step = dt.timedelta(days=1)
        return candidate if candidate > now else candidate + step

    def task(self) -> Any:
        module, _, name = self.task_path.rpartition(".")
        try:
            return getattr(import_module(module), name)
        except (ImportError, AttributeError) as error:
            raise ImproperlyConfigured(f"RUNWAY_SCHEDULE: no task {self.task_path}") from error


def jobs_of(schedule: Iterable[tuple[str, str]]) -> list[Job]:
    return [Job.parse(task_path, when) for task_path, when in schedule]


def due(jobs: list[Job], now: dt.datetime) -> tuple[dt.datetime, list[Job]]:
    """The next moment anything is due after `now`, and the jobs due then."""
    runs = [(job.next_run(now), job) for job in jobs]
    soonest = min(at for at, _ in runs)
    return soonest, [job for at, job in runs if at == soonest]
