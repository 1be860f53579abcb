"""`runway event_reminders`: e-mails the reminders due now (events starting within a day, each
participant once). Safe to run as often as wanted; the scheduler runs the task hourly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "E-mail reminders for events starting within 24 hours (each participant once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="the site's address for links in the e-mails, e.g. https://runway.example.cn",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from runway.events.reminders import event_reminders_send

        sent = event_reminders_send(base_url=options["base_url"])
        self.stdout.write(f"{sent} reminders sent")
