from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from runway.scheduling.jobs import Job, due, jobs_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def test_a_daily_job_is_due_at_its_time_strictly_after_now() -> None:
    job = Job.parse("x.y", "daily 03:00")
    assert job.next_run(_at(26, 22)) == _at(27, 3)
    assert job.next_run(_at(27, 2, 59)) == _at(27, 3)
    assert job.next_run(_at(27, 3)) == _at(28, 3)


def test_an_hourly_job_is_due_at_its_minute_every_hour() -> None:
    job = Job.parse("x.y", "hourly :05")
    assert job.next_run(_at(26, 22, 4)) == _at(26, 22, 5)
    assert job.next_run(_at(26, 22, 5)) == _at(26, 23, 5)
    assert job.next_run(_at(26, 23, 30)) == _at(27, 0, 5)


def test_the_soonest_jobs_are_due_together() -> None:
    jobs = jobs_of([("a.b", "daily 03:00"), ("c.d", "hourly :00"), ("e.f", "daily 02:00")])
    at, ready = due(jobs, _at(26, 1, 30))
    assert at == _at(26, 2)
    assert {job.task_path for job in ready} == {"c.d", "e.f"}


@pytest.mark.parametrize("when", ["daily 3:00", "daily 24:00", "hourly :60", "weekly", ""])
def test_a_malformed_time_is_a_configuration_error(when: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="expected 'daily HH:MM'"):
        Job.parse("x.y", when)


def test_every_scheduled_task_exists() -> None:
    for job in jobs_of(settings.RUNWAY_SCHEDULE):
        assert callable(job.task().enqueue), job.task_path
    with pytest.raises(ImproperlyConfigured, match="no task"):
        Job.parse("runway.matching.tasks.no_such_task", "daily 01:00").task()


def test_the_command_lists_the_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("schedule", "--list")
    assert "runway.matching.tasks.rematch_all" in capsys.readouterr().out
