"""Growth and shortfall measures of a monthly series (net revenue or visits), as floats.

Every measure here moves the right way when later months are scaled up by factors that never
decrease over time (a venture that grew faster): year-over-year and trend growth rise, and
shortfalls, which count only falls, shrink. The traction score relies on that.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

# Logs of months with no revenue: one currency unit, so an empty month is a deep but finite
# fall rather than minus infinity.
LOG_FLOOR = 1.0
MIN_TREND_MONTHS = 3
MIN_SHORTFALL_PAIRS = 3


def recent_yoy(values: NDArray[np.float64], *, months: int = 3) -> float | None:
    """Growth of the last `months` months over the same months a year before (sum against sum).

    None with fewer than 12 + `months` months, an unknown month, or nothing a year before.
    """
    if values.size < 12 + months:
        return None
    now = float(values[-months:].sum())
    before = float(values[-12 - months : -12].sum())
    if math.isnan(now) or math.isnan(before) or before <= 0:
        return None
    return now / before - 1


def log_slope(values: NDArray[np.float64], *, months: int = 6) -> float | None:
    """Least-squares slope of log(value) per month over the last `months` months.

    Values below LOG_FLOOR count as LOG_FLOOR. None with fewer than three months or an unknown
    month in the window.
    """
    window = values[-months:]
    if window.size < MIN_TREND_MONTHS or np.isnan(window).any():
        return None
    logs = np.log(np.maximum(window, LOG_FLOOR))
    t = np.arange(window.size, dtype=np.float64)
    t -= t.mean()
    return float((t * (logs - logs.mean())).sum() / (t * t).sum())


def shortfall(values: NDArray[np.float64], *, lag: int, months: int = 12) -> float | None:
    """Root mean square of the monthly shortfall against `lag` months before, over the last
    `months` months.

    A month's shortfall is the share of the earlier month's value it lost, between 0 (no fall)
    and 1 (all of it); against an earlier month of zero or less it is 0. None with fewer than
    MIN_SHORTFALL_PAIRS known pairs.
    """
    if values.size <= lag:
        return None
    now, before = values[lag:][-months:], values[:-lag][-months:]
    known = ~(np.isnan(now) | np.isnan(before))
    now, before = now[known], before[known]
    if now.size < MIN_SHORTFALL_PAIRS:
        return None
    ratio = np.divide(now, before, out=np.ones_like(now), where=before > 0)
    lost = np.clip(1.0 - ratio, 0.0, 1.0)
    return float(np.sqrt((lost * lost).mean()))


def seasonal_shortfall(
    values: NDArray[np.float64], *, min_yoy_pairs: int = 6
) -> tuple[float | None, str]:
    """Shortfall against the same month a year before when at least `min_yoy_pairs` such pairs
    exist (seasonality cancels out), else against the month before; with the lag's name."""
    if values.size - 12 >= min_yoy_pairs:
        return shortfall(values, lag=12), "yoy"
    return shortfall(values, lag=1), "mom"


def log_growth(growth: float) -> float:
    """log(1 + growth); a loss of everything or more is a very large finite fall."""
    return math.log(max(1.0 + growth, 1e-6))
