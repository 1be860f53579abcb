"""`runway import_orders FILE --venture SLUG [--mapping JSON] [--tz TZ]`: import an export now,
in this process, with a progress bar; the venture's traction is replaced when it is accepted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from runway.engine.orders import DEFAULT_TZ
from runway.metrics.models import JobStatus
from runway.metrics.services import import_job_create, import_job_run
from runway.ventures.models import Venture

BAR = 30


class Command(BaseCommand):
    help = "Import an order export for a venture (by its organization's slug)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--venture", required=True, help="the organization's slug")
        parser.add_argument("--mapping", help='JSON: {"order_id": "Your header", ...}')
        parser.add_argument("--tz", default=DEFAULT_TZ, help="time zone of naive times")
        parser.add_argument("--currency", help="when the file names none")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        venture = Venture.objects.filter(organization__slug=options["venture"]).first()
        if venture is None:
            raise CommandError(f"No venture with the slug {options['venture']!r}")
        mapping = self._mapping(options["mapping"])
        with path.open("rb") as handle:
            job = import_job_create(
                actor=None,
                venture=venture,
                upload=File(handle, name=path.name),
                mapping=mapping,
                tz=options["tz"],
                currency=options["currency"],
                enqueue=False,
            )
        if job.status == JobStatus.QUEUED:
            job = import_job_run(job=job, on_progress=self._bar)
            self.stdout.write("")
        else:
            self.stdout.write(f"Already imported as job {job.pk}: nothing to do.")
        for reason, count in sorted({**job.problem_counts, **job.warning_counts}.items()):
            self.stderr.write(f"{count:>10}  {reason}")
        if job.status != JobStatus.SUCCEEDED:
            detail = ", ".join(f"{k}={v}" for k, v in job.rejection_params.items())
            raise CommandError(f"{job.status}: {job.rejection_reason} {detail}".strip())
        months = job.kpis.count()
        self.stdout.write(
            f"Imported {job.rows} rows ({job.excluded_rows} excluded), {months} months, "
            f"layout {job.layout}, currency {job.currency}: job {job.pk}."
        )

    def _mapping(self, text: str | None) -> dict[str, str] | None:
        if not text:
            return None
        try:
            mapping = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"--mapping is not JSON: {error}") from error
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise CommandError('--mapping must be an object of strings: {"field": "header"}')
        return mapping

    def _bar(self, percent: int) -> None:
        filled = BAR * percent // 100
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {percent:>3}%", ending="")
        self.stdout.flush()
