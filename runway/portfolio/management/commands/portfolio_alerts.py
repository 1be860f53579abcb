"""`runway portfolio_alerts`: find today's portfolio alerts and e-mail the digests, by hand (the
worker does both every night). `--date` runs the alert rules as of another day; `--no-digests`
and `--no-alerts` run one half."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.services.digests import digests_send


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--date: {text!r} is not a date like 2026-11-11") from error


class Command(BaseCommand):
    help = "Find today's portfolio alerts and e-mail the digests now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="run the alert rules as of this day (YYYY-MM-DD)")
        parser.add_argument("--no-alerts", action="store_true", help="only send the digests")
        parser.add_argument("--no-digests", action="store_true", help="only find the alerts")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else None
        if not options["no_alerts"]:
            run = portfolio_alerts_run(today=today)
            self.stdout.write(
                f"{run.today}: {len(run.created)} new alerts over {run.holdings} holdings "
                f"in {run.ventures} ventures"
            )
        if not options["no_digests"]:
            sent = digests_send()
            self.stdout.write(
                f"{sent.day}: {sent.sent} digests sent, {sent.already_sent} already sent today, "
                f"{sent.nothing_new} with nothing new, {sent.failed} failed"
            )
