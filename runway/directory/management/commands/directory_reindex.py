"""`manage.py directory_reindex`: rebuild the directory's entries and search index for every
venture (after a deploy that changes tokenization, or to repair it), or for one with --venture."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Rebuild the directory's search index for every venture, or for one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--venture", type=int, help="reindex only this venture id")

    def handle(self, *args: Any, **options: Any) -> None:
        from runway.directory import services

        started = time.perf_counter()
        if options["venture"] is not None:
            entry = services.venture_reindex(venture_id=options["venture"])
            self.stdout.write("indexed" if entry is not None else "removed (no such venture)")
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r{done}/{total} ventures", ending="")
            self.stdout.flush()

        rebuilt = services.directory_rebuild(progress=progress)
        self.stdout.write(
            f"\n{rebuilt.ventures} ventures indexed, {rebuilt.removed} stale rows removed "
            f"in {time.perf_counter() - started:.1f} s"
        )
