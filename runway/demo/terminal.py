"""The demo logins as a table for a terminal, aligned even with Chinese names."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from runway.demo.services import DemoLogin


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def login_table(logins: Sequence[DemoLogin]) -> list[str]:
    """The demo logins as aligned text lines: role, e-mail, password, organization."""
    rows = [[_("Role"), _("E-mail"), _("Password"), _("Organization")]]
    rows += [
        [login.role_label, login.email, login.password, login.organization_label]
        for login in logins
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]
