"""A venture's monthly history as scoring and financing read it: complete months in a row.

The KPI frame is the one `runway.engine.orders.monthly_kpis` returns, or the same columns rebuilt
from stored monthly rows; only `month` is required. Partial months (the first and last month of
a file usually are) and months not yet over at `as_of` are left out, and so is everything
before a gap: the history is the run of consecutive complete months ending with the last one.
A column that is absent is unknown, never zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from runway.engine.money import CENT


@dataclass(frozen=True, slots=True, eq=False)
class MonthlyHistory:
    """KPI rows of consecutive complete months, oldest first, and where the data begins.

    `first_month` is the first month of the whole frame, complete or not: the months just
    after it are when every buyer still looks new.
    """

    frame: pl.DataFrame
    first_month: dt.date | None

    @property
    def months(self) -> int:
        return self.frame.height

    @property
    def month_list(self) -> list[dt.date]:
        months: list[dt.date] = self.frame["month"].to_list()
        return months

    @property
    def last_month(self) -> dt.date | None:
        return self.month_list[-1] if self.months else None

    def has(self, column: str) -> bool:
        """Whether the column exists with at least one known value."""
        return column in self.frame.columns and self.frame[column].null_count() < self.months

    def floats(self, column: str) -> NDArray[np.float64] | None:
        """The column as floats (NaN where unknown), or None when the frame has no such column."""
        if column not in self.frame.columns:
            return None
        values: NDArray[np.float64] = (
            self.frame[column].cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64)
        )
        return values

    def exact(self, column: str) -> list[Decimal | None]:
        """The column as exact decimals (money), None where unknown."""
        return [None if v is None else Decimal(v) for v in self.frame[column].to_list()]

    def trailing(self, months: int) -> MonthlyHistory:
        """The last `months` months of this history."""
        return MonthlyHistory(self.frame.tail(months), self.first_month)

    def known(self, column: str) -> MonthlyHistory:
        """The months after the last one where `column` is unknown (none if it is absent)."""
        if column not in self.frame.columns:
            return MonthlyHistory(self.frame.clear(), self.first_month)
        unknown = np.flatnonzero(self.frame[column].is_null().to_numpy())
        start = int(unknown[-1]) + 1 if unknown.size else 0
        return MonthlyHistory(self.frame.slice(start), self.first_month)


def complete_history(kpis: pl.DataFrame, *, as_of: dt.date | None = None) -> MonthlyHistory:
    """The consecutive complete months of `kpis` ending with the last complete one.

    A month counts when its `complete` flag is true (every month, when the frame has no such
    column) and, with `as_of`, when its last day is before `as_of`. Row order does not matter;
    two rows of one month are an error (ValueError), and so is a frame without `month`.
    """
    if "month" not in kpis.columns:
        raise ValueError("a KPI frame needs a month column")
    month = pl.col("month").cast(pl.Date).dt.truncate("1mo")
    frame = kpis.with_columns(month).sort("month")
    if frame["month"].is_duplicated().any():
        raise ValueError("a KPI frame has one row per month")
    first_month: dt.date | None = frame["month"][0] if frame.height else None
    keep = pl.lit(True)
    if "complete" in frame.columns:
        keep = pl.col("complete").fill_null(value=False)
    if as_of is not None:
        keep = keep & (pl.col("month").dt.month_end() < as_of)
    complete = frame.filter(keep)
    numbers = month_numbers(complete["month"])
    breaks = np.flatnonzero(np.diff(numbers) != 1)
    start = int(breaks[-1]) + 1 if breaks.size else 0
    return MonthlyHistory(complete.slice(start), first_month)


def month_numbers(months: pl.Series) -> NDArray[np.int64]:
    """Months counted from year 0 (year x 12 + month - 1), so consecutive months differ by 1."""
    numbers: NDArray[np.int64] = (
        (months.dt.year().cast(pl.Int64) * 12 + months.dt.month().cast(pl.Int64) - 1)
        .to_numpy()
        .astype(np.int64)
    )
    return numbers


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after the month of `month`."""
    number = month.year * 12 + month.month - 1 + count
    return dt.date(number // 12, number % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """How many months `end`'s month is after `start`'s."""
    return (end.year - start.year) * 12 + end.month - start.month


def first_month_on_or_after(day: dt.date) -> dt.date:
    """The first month that starts on or after `day`: its own month when it is the 1st."""
    return day if day.day == 1 else add_months(day, 1)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)
