"""Projected monthly net revenue from a venture's own level, growth and seasonality.

level: the average of the last `level_months` complete months (seasonally adjusted where an index
exists), which is neutral to the season it ends in; it stands for the middle of that window and is
carried forward to the last complete month at the estimated growth.
growth: monthly, implied by the last three months against the same months a year before when
15 months exist; otherwise the log-linear trend of the window, of which only a part is believed
(`trend_credibility_up` of a rise, `trend_credibility_down` of a fall: the trend of a short
history holds the season too); clamped between `min_monthly_growth` and `max_monthly_growth`.
future: growth fades, month h after the last complete month grows by damping^h (Holt's damped
trend), so the level approaches (1 + g)^(damping / (1 - damping)) of today's and stops; then the
month-of-year index (24+ months of history) puts the season back.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from runway.engine.financing.datafiles import read_table
from runway.engine.financing.history import (
    MonthlyHistory,
    add_months,
    month_numbers,
    months_between,
)
from runway.engine.financing.seasonality import SeasonalityParams, seasonal_index
from runway.engine.financing.trends import log_slope, recent_yoy


@dataclass(frozen=True, slots=True)
class ProjectionParams:
    level_months: int = 12
    damping: float = 0.9
    max_monthly_growth: float = 0.05
    min_monthly_growth: float = -0.10
    trend_credibility_up: float = 0.25
    trend_credibility_down: float = 1.0
    seasonality: SeasonalityParams = field(default_factory=SeasonalityParams)


def load_projection_params() -> ProjectionParams:
    table = read_table("financing.toml")
    return ProjectionParams(
        **table["projection"], seasonality=SeasonalityParams(**table["seasonality"])
    )


DEFAULT_PROJECTION = load_projection_params()


@dataclass(frozen=True, slots=True, eq=False)
class RevenueProjection:
    """Projected net revenue (floats, currency units) of consecutive months from `start`."""

    start: dt.date
    revenue: NDArray[np.float64]
    monthly_growth: float  # before damping
    growth_basis: str  # "yoy", "trend" or "none"
    index: NDArray[np.float64] | None  # month-of-year index used, January first

    @property
    def months(self) -> list[dt.date]:
        return [add_months(self.start, h) for h in range(self.revenue.size)]


def project_revenue(
    history: MonthlyHistory,
    *,
    start: dt.date,
    months: int,
    params: ProjectionParams = DEFAULT_PROJECTION,
) -> RevenueProjection:
    """Net revenue of the `months` months from `start` (a month after the history's last)."""
    values = history.floats("net_revenue")
    last = history.last_month
    if values is None or last is None or np.isnan(values).any():
        raise ValueError("a projection needs a history of known net revenue")
    lead = months_between(last, start)
    if lead < 1:
        raise ValueError("a projection starts after the last month of history")
    numbers = month_numbers(history.frame["month"])
    index = seasonal_index(numbers, values, params.seasonality)
    adjusted = values / index[numbers % 12] if index is not None else values
    window = adjusted[-params.level_months :]
    log_g, basis = _monthly_log_growth(values, window, params)
    now = float(window.mean()) * math.exp(log_g * (window.size - 1) / 2)
    ahead = np.arange(lead, lead + months, dtype=np.float64)
    phi = params.damping
    faded = phi * (1 - phi**ahead) / (1 - phi) if phi < 1 else ahead
    revenue = now * np.exp(log_g * faded)
    if index is not None:
        revenue *= index[(numbers[-1] + ahead.astype(np.int64)) % 12]
    return RevenueProjection(
        start=start,
        revenue=np.maximum(revenue, 0.0),
        monthly_growth=math.expm1(log_g),
        growth_basis=basis,
        index=index,
    )


def _monthly_log_growth(
    values: NDArray[np.float64], window: NDArray[np.float64], params: ProjectionParams
) -> tuple[float, str]:
    yoy = recent_yoy(values)
    if yoy is not None and yoy > -1:
        log_g, basis = math.log1p(yoy) / 12, "yoy"
    else:
        slope = log_slope(window, months=window.size) if window.min() > 0 else None
        if slope is None:
            return 0.0, "none"
        credibility = params.trend_credibility_up if slope > 0 else params.trend_credibility_down
        log_g, basis = slope * credibility, "trend"
    low, high = math.log1p(params.min_monthly_growth), math.log1p(params.max_monthly_growth)
    return min(max(log_g, low), high), basis
