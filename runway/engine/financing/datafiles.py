"""The engine's data tables (`runway/engine/data/*.toml`), read from the installed package."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files
from typing import Any


def read_table(name: str, *, exact: bool = False) -> dict[str, Any]:
    """The TOML file `name` of runway/engine/data; `exact` reads its floats as Decimal."""
    text = files("runway.engine").joinpath("data", name).read_text(encoding="utf-8")
    parse_float: Callable[[str], Any] = Decimal if exact else float
    return tomllib.loads(text, parse_float=parse_float)
