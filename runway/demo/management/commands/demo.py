"""`manage.py demo [--reset] [--seed N] [--scale X] [--months N]`: builds the demo platform and
prints its logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from runway.demo.services import DEMO_SEED, demo_build
from runway.demo.terminal import login_table


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Builds the demo platform: fictional Shenzhen ventures with order exports, investors, "
            "lenders, intermediaries, government funds and a login for each role."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help=_("Delete the demo data first."))
        parser.add_argument(
            "--seed", type=int, default=DEMO_SEED, help=_("Seed of the order histories.")
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=_("Multiplies every venture's order volume (e.g. 0.1 for a quick demo)."),
        )
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=_("Keeps only this many months of each venture's order history (quick demos)."),
        )

    def handle(
        self, *args: Any, reset: bool, seed: int, scale: float, months: int | None, **options: Any
    ) -> None:
        report = demo_build(seed=seed, reset=reset, scale=scale, months=months)
        if not report.built:
            self.stdout.write(self.style.WARNING(report.message))
            return
        self.stdout.write(self.style.SUCCESS(report.message))
        counts = {
            "organizations": sum(report.organizations.values()),
            "ventures": report.ventures,
            "rounds": sum(report.rounds.values()),
            "mandates": report.mandates,
            "users": report.users,
            "exports": report.exports,
            "orders": report.orders,
            "seconds": report.seconds,
        }
        self.stdout.write(
            _(
                "%(organizations)s organizations (%(ventures)s ventures), %(rounds)s rounds, "
                "%(mandates)s mandates, %(users)s users, %(exports)s order exports with "
                "%(orders)s orders, in %(seconds)s s."
            )
            % counts
        )
        self.stdout.write(
            _(
                "%(grids)s lender grids, %(programs)s government programs, %(registrations)s "
                "pre-registrations, %(applications)s applications, %(awards)s awards."
            )
            % {
                "grids": report.grids,
                "programs": report.programs,
                "registrations": report.registrations,
                "applications": sum(report.applications.values()),
                "awards": report.awards,
            }
        )
        self.stdout.write("")
        for line in login_table(report.logins):
            self.stdout.write(line)
