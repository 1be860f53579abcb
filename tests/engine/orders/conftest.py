"""Shared fixtures of the order-import tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

import pytest

AS_OF = dt.datetime(2026, 11, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def as_of() -> dt.datetime:
    return AS_OF


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]], separator: str = ",") -> bytes:
    lines = [separator.join(header)]
    lines += [separator.join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def csv() -> Callable[..., bytes]:
    """csv(header, rows, separator=",") -> UTF-8 bytes; None is an empty cell."""
    return _csv
