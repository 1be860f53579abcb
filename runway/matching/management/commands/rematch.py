"""`runway rematch`: every open mandate against every open round, now. The scheduler
(`runway schedule`) queues the same full run for the worker every night."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Re-match every open mandate and round now."

    def handle(self, *args: Any, **options: Any) -> None:
        from runway.matching import services

        started = time.perf_counter()
        pairs = services.rematch_all()
        eligibility = services.program_eligibility_refresh()
        self.stdout.write(
            f"{pairs} matches, {eligibility} program checks in "
            f"{time.perf_counter() - started:.2f} s"
        )
