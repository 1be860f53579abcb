"""Reading one value of a catalogue table, or saying exactly where and why it cannot be read.

Every problem is a CatalogueError naming the file, the entry and the key, raised while the
catalogue loads: a misspelt key would otherwise silently mean a default, and a bad value would only
surface halfway through a build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


class CatalogueError(ValueError):
    """A catalogue entry that cannot be built; the message says where and what."""


def problem(where: str, what: str) -> CatalogueError:
    return CatalogueError(f"demo_organizations.toml, {where}: {what}")


def refuse_unknown(row: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(row) - known)
    if unknown:
        raise problem(where, f"unknown key {unknown[0]!r}; the keys are {', '.join(sorted(known))}")


def text(row: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    """A text; without a default it is required and must not be blank."""
    value = row.get(key, default)
    if value is None:
        raise problem(where, f"{key!r} is missing")
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise problem(where, f"{key!r} must be a text, not {value!r}")
    return value


def choice(row: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = row.get(key)
    if value not in choices:
        raise problem(where, f"{key!r} must be one of {', '.join(choices)}, not {value!r}")
    return str(value)


def number(row: Mapping[str, Any], key: str, where: str, default: int | None = None) -> Decimal:
    """An integer or a decimal (the catalogue reads TOML floats as Decimal), never a bool."""
    value = row.get(key, default)
    if value is None:
        raise problem(where, f"{key!r} is missing")
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise problem(where, f"{key!r} must be a number, not {value!r}")
    return Decimal(value)


def whole(row: Mapping[str, Any], key: str, where: str, *, least: int) -> int:
    value = number(row, key, where)
    if value != value.to_integral_value() or value < least:
        raise problem(where, f"{key!r} must be a whole number of at least {least}, not {value}")
    return int(value)


def optional_date(row: Mapping[str, Any], key: str, where: str) -> dt.date | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise problem(where, f"{key!r} must be a date such as 2026-03-01, not {value!r}")
    return value


def flag(row: Mapping[str, Any], key: str, where: str, *, default: bool) -> bool:
    value = row.get(key, default)
    if not isinstance(value, bool):
        raise problem(where, f"{key!r} must be true or false, not {value!r}")
    return value


def entries(row: Mapping[str, Any], key: str, *, owner: str) -> list[Mapping[str, Any]]:
    """The organization's `key` tables (grid, program), which only an `owner` kind may have,
    each with its own title."""
    found = list(row.get(key, ()))
    where = f"organization {row['slug']!r}"
    if found and row["kind"] != owner:
        raise problem(
            where, f"only an organization of kind {owner} has a {key}, not a {row['kind']}"
        )
    titles = [entry.get("title") for entry in found]
    if len(set(titles)) != len(titles):
        raise problem(where, f"two of its {key}s share a title")
    return found
