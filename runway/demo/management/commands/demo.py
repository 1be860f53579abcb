"""`manage.py demo [--reset] [--seed N]`: builds the demo platform and prints its logins."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from runway.demo.services import DEMO_SEED, demo_build

if TYPE_CHECKING:
    from runway.demo.services import DemoReport


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def login_table(report: DemoReport) -> list[str]:
    """The demo logins as aligned text lines: role, e-mail, password, organization."""
    rows = [[_("Role"), _("E-mail"), _("Password"), _("Organization")]]
    rows += [
        [login.role_label, login.email, login.password, login.organization_label]
        for login in report.logins
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


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

    def handle(self, *args: Any, reset: bool, seed: int, scale: float, **options: Any) -> None:
        report = demo_build(seed=seed, reset=reset, scale=scale)
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
        self.stdout.write("")
        for line in login_table(report):
            self.stdout.write(line)
