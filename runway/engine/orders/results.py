"""What an import returns: figures, problems and how the file was read, as plain values."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from runway.engine.orders.cohorts import COHORT_SCHEMA
from runway.engine.orders.kpis import empty_kpis
from runway.engine.orders.layouts import Shape
from runway.engine.orders.problems import Rejection, no_problems
from runway.engine.orders.reading import Source

DEFAULT_TZ = "Asia/Shanghai"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import found.

    `kpis` and `cohorts` are as `monthly_kpis` and `cohort_retention` return them (empty when
    rejected). `orders`, filled only with `keep_orders=True`, holds the accepted lines: row,
    order_id, ordered_at (aware), month, customer_id, amount (Decimal(18, 4), a sale line's gross
    value), line ("sale" or "reversal") and, when the file has them, quantity, status,
    refund_amount, country, channel, sku. Problems are frames of row, column, value, reason.
    """

    content_hash: str  # sha256 of the bytes: the same content imports once
    rejection: Rejection | None = None
    kpis: pl.DataFrame = field(default_factory=empty_kpis)
    cohorts: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=COHORT_SCHEMA))
    orders: pl.DataFrame = field(default_factory=pl.DataFrame)
    problems: pl.DataFrame = field(default_factory=no_problems)  # the first `max_listed`
    warnings: pl.DataFrame = field(default_factory=no_problems)
    problem_counts: Mapping[str, int] = field(default_factory=dict)  # every problem, by reason
    warning_counts: Mapping[str, int] = field(default_factory=dict)
    rows: int = 0  # data rows in the file
    excluded_rows: int = 0  # rows left out: problems and repeated orders
    layout: str | None = None
    shape: Shape | None = None
    columns: Mapping[str, str] = field(default_factory=dict)  # field -> the file's header
    formats: Mapping[str, str] = field(default_factory=dict)
    file_format: str | None = None
    encoding: str | None = None
    currency: str | None = None
    time_zone: str = DEFAULT_TZ

    @property
    def accepted(self) -> bool:
        return self.rejection is None


def content_hash(source: Source) -> str:
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    with source.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
