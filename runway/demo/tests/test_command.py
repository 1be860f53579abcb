"""`manage.py demo`: prints the report and a table of logins; refuses to add twice."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from runway.demo.catalogue import DEMO_PASSWORD
from runway.demo.terminal import _width
from runway.orgs.models import Organization

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--scale", "0.02", "--months", "2", *args, stdout=out)
    return out.getvalue()


def test_prints_counts_and_logins_then_refuses_to_add_twice(media: Path) -> None:
    output = run()
    assert "43 ventures" in output
    assert (
        "11 lender grids, 4 government programs, 6 pre-registrations, 10 applications, " in output
    )
    lines = output.splitlines()
    table = lines[lines.index("") + 1 :]
    for email in ("venture@", "investor@", "lender@", "intermediary@", "government@", "admin@",
                  "viewer@"):  # fmt: skip
        row = next(line for line in table if f" {email}demo.runway.cn " in line)
        assert DEMO_PASSWORD in row
    admin = next(line for line in table if "admin@demo.runway.cn" in line)
    assert "platform staff" in admin
    assert "丝路通商" in output
    widths = {_width(line.split(DEMO_PASSWORD)[0]) for line in table[2:]}
    assert len(widths) == 1  # the password column lines up, Chinese names included
    count = Organization.objects.count()
    assert "--reset" in run()
    assert Organization.objects.count() == count
    assert "43 ventures" in run("--reset", "--seed", "5")
    assert Organization.objects.count() == count
