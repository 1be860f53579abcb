"""`manage.py fx_load rates.csv`: load dated exchange rates (currency, rate_to_cny, date)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from runway.fx.services import rates_load


class Command(BaseCommand):
    help = "Load exchange rates from a CSV file with the columns currency, rate_to_cny, date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        try:
            loaded = rates_load(rows=rows, source=path.name)
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)} Nothing was loaded.") from error
        self.stdout.write(f"{loaded.created} rates added, {loaded.updated} replaced.")
