"""Month-of-year index of net revenue, and the remittance holidays of the Chinese calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray

from runway.engine.financing.datafiles import read_table

Holiday = Literal["singles_day", "spring_festival"]
HOLIDAYS: frozenset[str] = frozenset(get_args(Holiday))
MIN_PER_MONTH = 2  # observations of each calendar month an index needs


@dataclass(frozen=True, slots=True)
class SeasonalityParams:
    min_months: int = 24
    max_months: int = 36
    min_index: float = 0.25
    max_index: float = 4.0


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """Singles' Day's month and the date of 正月初一 by year (data/calendar.toml)."""

    singles_day_month: int
    spring_festival: Mapping[int, dt.date]
    fallback_month: int

    def spring_festival_month(self, year: int) -> int:
        day = self.spring_festival.get(year)
        return day.month if day is not None else self.fallback_month

    def is_holiday(self, month: dt.date, holidays: Iterable[str]) -> bool:
        """Whether remittances pause in `month` under the given holidays."""
        chosen = frozenset(holidays)
        if "singles_day" in chosen and month.month == self.singles_day_month:
            return True
        return "spring_festival" in chosen and month.month == self.spring_festival_month(month.year)


def load_calendar() -> HolidayCalendar:
    table = read_table("calendar.toml")
    dates = {int(year): day for year, day in table["spring_festival"].items()}
    return HolidayCalendar(
        singles_day_month=int(table["singles_day_month"]),
        spring_festival=MappingProxyType(dates),
        fallback_month=int(table["spring_festival_fallback_month"]),
    )


DEFAULT_CALENDAR = load_calendar()


def seasonal_index(
    numbers: NDArray[np.int64],
    values: NDArray[np.float64],
    params: SeasonalityParams = SeasonalityParams(),
) -> NDArray[np.float64] | None:
    """Multiplicative month-of-year index (12 values, January first, geometric mean 1).

    `numbers` are consecutive month numbers (`history.month_numbers`) of `values`. Fitted on
    the last `max_months` months by least squares of log(value) on a linear trend and one level
    per calendar month, so steady growth does not leak into the index. None with fewer than
    `min_months` months or fewer than two months above zero for some calendar month.
    """
    numbers, values = numbers[-params.max_months :], values[-params.max_months :]
    if values.size < params.min_months:
        return None
    usable = np.isfinite(values) & (values > 0)
    calendar = numbers % 12
    counts = np.bincount(calendar[usable], minlength=12)
    if (counts < MIN_PER_MONTH).any():
        return None
    t = (numbers - numbers[0]).astype(np.float64)
    design = np.column_stack([t, np.eye(12)[calendar]])[usable]
    coefficients, *_ = np.linalg.lstsq(design, np.log(values[usable]), rcond=None)
    levels = coefficients[1:] - coefficients[1:].mean()
    index: NDArray[np.float64] = np.clip(np.exp(levels), params.min_index, params.max_index)
    return index
