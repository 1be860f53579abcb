"""Traction score 0-100 and grade A-E from a venture's monthly KPIs.

    score = traction_score(result.kpis, cohorts=result.cohorts, verification="imported")
    score.value, score.grade, score.basis
    for c in score.components: c.name, c.value, c.normalized, c.weight, c.contribution

Ventures with revenue are scored on scale, growth, retention, consistency and verification;
ventures without revenue but with an audience on reach, growth, engagement, consistency and
verification; with neither the basis is "insufficient" (score 0, grade E). Only complete months
count (see financing.history.complete_history), so a partial last month changes nothing. Each
component is normalized to 0..1 and contributes 100 x weight x normalized points; weights,
scales and grade bands are data (data/score.toml). Every formula: docs/decisions.md.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from runway.engine.financing.datafiles import read_table
from runway.engine.financing.grids import GRADES
from runway.engine.financing.history import (
    MonthlyHistory,
    add_months,
    complete_history,
    month_numbers,
)
from runway.engine.financing.projection import DEFAULT_PROJECTION
from runway.engine.financing.seasonality import seasonal_index
from runway.engine.financing.trends import log_growth, log_slope, recent_yoy, seasonal_shortfall

Basis = Literal["revenue", "audience", "insufficient"]
COMPONENTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "revenue": ("scale", "growth", "retention", "consistency", "verification"),
        "audience": ("reach", "growth", "engagement", "consistency", "verification"),
    }
)
Parts = tuple[tuple[str, float | None], ...]


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    """Weights, scales and grade bands of the score (see data/score.toml for each field)."""

    weights: Mapping[str, Mapping[str, float]]  # basis -> component -> weight (sums to 1)
    parts: Mapping[str, Mapping[str, float]]  # component -> part -> weight
    unknown: float
    scale: Mapping[str, tuple[float, float]]  # currency -> TTM net revenue scoring 0 and 1
    growth: tuple[float, float]  # annual growth scoring 0 and 1
    trend_months: int
    unadjusted_trend_months: int
    unadjusted_trend_credibility: float
    yoy_months: int
    repeat_high: float
    month3_high: float
    warmup_months: int
    worst_shortfall: float
    min_yoy_pairs: int
    visits: tuple[float, float]
    members: tuple[float, float]
    active_high: float
    pages_per_visit: tuple[float, float]
    verification: Mapping[str, float]
    grades: tuple[tuple[str, float], ...]  # (letter, lowest score), best first


def load_weights(path: Path | None = None) -> ScoreWeights:
    """The score's parameters from a TOML file laid out like data/score.toml (the default)."""
    data = tomllib.loads(path.read_text("utf-8")) if path else read_table("score.toml")
    weights = ScoreWeights(
        weights=_frozen({basis: _frozen(data["weights"][basis]) for basis in COMPONENTS}),
        parts=_frozen({name: _frozen(part) for name, part in data["parts"].items()}),
        unknown=float(data["unknown"]),
        scale=_frozen({code: _pair(pair) for code, pair in data["scale"].items()}),
        growth=(float(data["growth"]["low"]), float(data["growth"]["high"])),
        trend_months=int(data["growth"]["trend_months"]),
        unadjusted_trend_months=int(data["growth"]["unadjusted_trend_months"]),
        unadjusted_trend_credibility=float(data["growth"]["unadjusted_trend_credibility"]),
        yoy_months=int(data["growth"]["yoy_months"]),
        repeat_high=float(data["retention"]["repeat_high"]),
        month3_high=float(data["retention"]["month3_high"]),
        warmup_months=int(data["retention"]["warmup_months"]),
        worst_shortfall=float(data["consistency"]["worst"]),
        min_yoy_pairs=int(data["consistency"]["min_yoy_pairs"]),
        visits=_pair(data["reach"]["visits"]),
        members=_pair(data["reach"]["members"]),
        active_high=float(data["engagement"]["active_high"]),
        pages_per_visit=_pair(data["engagement"]["pages_per_visit"]),
        verification=_frozen(data["verification"]),
        grades=tuple((letter, float(low)) for letter, low in data["grades"].items()),
    )
    _check(weights)
    return weights


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


def _pair(values: list[float]) -> tuple[float, float]:
    low, high = (float(v) for v in values)
    return low, high


def _check(weights: ScoreWeights) -> None:
    for basis, names in COMPONENTS.items():
        given = weights.weights[basis]
        if set(given) != set(names) or min(given.values()) < 0:
            raise ValueError(f"{basis} weights are {names}, none negative")
        if not math.isclose(sum(given.values()), 1.0):
            raise ValueError(f"{basis} weights add up to 1")
    letters = tuple(letter for letter, _ in weights.grades)
    lows = [low for _, low in weights.grades]
    if letters != GRADES or lows != sorted(lows, reverse=True) or lows[-1] != 0:
        raise ValueError(f"grade bands are {GRADES}, best first, falling to 0")
    if not 0 <= weights.unknown <= 1:
        raise ValueError("the value of an unknown component is in 0..1")


DEFAULT_WEIGHTS = load_weights()


@dataclass(frozen=True, slots=True)
class Audience:
    """What a community or content site says about its audience (self-declared)."""

    members: int | None = None
    engagement: float | None = None  # monthly active share of members, 0..1
    members_year_ago: int | None = None


@dataclass(frozen=True, slots=True)
class Component:
    """One line of the score: its headline measure (None when unknown), 0..1 position,
    weight and points (100 x weight x normalized), with the raw parts behind it."""

    name: str
    value: float | str | None
    normalized: float
    weight: float
    contribution: float
    parts: Parts = ()


@dataclass(frozen=True, slots=True)
class Score:
    value: float  # 0..100, one decimal
    grade: str  # "A" (best) .. "E"
    basis: Basis
    components: tuple[Component, ...]
    as_of_month: dt.date | None  # the last complete month scored
    months: int  # complete months scored


def grade_for(score: float, weights: ScoreWeights = DEFAULT_WEIGHTS) -> str:
    """The grade whose band holds `score`: the best letter whose lowest score it reaches."""
    return next((letter for letter, low in weights.grades if score >= low), GRADES[-1])


def traction_score(
    kpis: pl.DataFrame,
    *,
    cohorts: pl.DataFrame | None = None,
    verification: str = "imported",
    audience: Audience | None = None,
    weights: ScoreWeights = DEFAULT_WEIGHTS,
    currency: str = "CNY",
) -> Score:
    """Score and grade of monthly KPIs (columns used when present: month, complete,
    net_revenue, buyers, returning_buyers, repeat_buyer_rate, visits, page_views), cohort
    retention (cohort, months_since, buyers) and the data's verification level
    ("self_reported", "imported" or "connected"). `currency` is that of the KPIs. A column
    that is absent or empty is unknown. Deterministic; row order does not matter.
    """
    if verification not in weights.verification:
        raise ValueError(f"verification is one of {sorted(weights.verification)}")
    if currency not in weights.scale:
        raise ValueError(f"no revenue scale for {currency}")
    history = complete_history(kpis)
    revenue = history.known("net_revenue")
    values = revenue.floats("net_revenue")
    if values is not None and (values[-12:] > 0).any():
        measures = _revenue_measures(revenue, values, history, cohorts, weights, currency)
        return _total("revenue", measures, verification, revenue, weights)
    visits = history.known("visits")
    seen = visits.floats("visits")
    facts = audience is not None and (audience.members, audience.engagement) != (None, None)
    if (seen is not None and (seen > 0).any()) or facts:
        measures = _audience_measures(visits, audience or Audience(), weights)
        return _total("audience", measures, verification, visits, weights)
    return Score(0.0, GRADES[-1], "insufficient", (), history.last_month, history.months)


Measure = tuple[float | str | None, float | None, Parts]  # value, normalized, parts


def _total(
    basis: Basis,
    measures: dict[str, Measure],
    verification: str,
    history: MonthlyHistory,
    weights: ScoreWeights,
) -> Score:
    measures["verification"] = (verification, weights.verification[verification], ())
    components = []
    for name in COMPONENTS[basis]:
        value, normalized, parts = measures[name]
        position = weights.unknown if normalized is None else normalized
        weight = weights.weights[basis][name]
        components.append(Component(name, value, position, weight, 100 * weight * position, parts))
    points = min(max(round(sum(c.contribution for c in components), 1), 0.0), 100.0)
    return Score(
        points,
        grade_for(points, weights),
        basis,
        tuple(components),
        history.last_month,
        history.months,
    )


def _revenue_measures(
    revenue: MonthlyHistory,
    values: NDArray[np.float64],
    history: MonthlyHistory,
    cohorts: pl.DataFrame | None,
    weights: ScoreWeights,
    currency: str,
) -> dict[str, Measure]:
    window = values[-12:]
    ttm = round(float(window.sum()) * 12 / window.size, 2)
    scale = _log_position(ttm, weights.scale[currency])
    numbers = month_numbers(revenue.frame["month"])
    index = seasonal_index(numbers, values, DEFAULT_PROJECTION.seasonality)
    adjusted = values / index[numbers % 12] if index is not None else None
    growth = _growth(values, adjusted, weights, "growth", {})
    repeat = _repeat_rate(history, weights)
    month3 = _month3_retention(cohorts, history)
    retention = _blend(
        weights.parts["retention"],
        {"repeat": repeat, "month3": month3},
        {
            "repeat": _linear(repeat, (0.0, weights.repeat_high)),
            "month3": _linear(month3, (0.0, weights.month3_high)),
        },
    )
    return {
        "scale": (ttm, scale, (("ttm_net_revenue", ttm), ("months", float(window.size)))),
        "growth": growth,
        "retention": retention,
        "consistency": _consistency(values, weights),
    }


def _audience_measures(
    visits: MonthlyHistory, audience: Audience, weights: ScoreWeights
) -> dict[str, Measure]:
    seen = visits.floats("visits")
    average = float(seen[-12:].mean()) if seen is not None and seen.size else None
    members = None if audience.members is None else float(audience.members)
    reach = _blend(
        weights.parts["reach"],
        {"visits": average, "members": members},
        {
            "visits": _log_position(average, weights.visits),
            "members": _log_position(members, weights.members),
        },
    )
    extra: dict[str, tuple[float | None, float | None]] = {}
    if audience.members and audience.members_year_ago:
        change = audience.members / audience.members_year_ago - 1
        extra["members"] = (change, _growth_position(log_growth(change), weights))
    series = seen if seen is not None else np.zeros(0, dtype=np.float64)
    growth = _growth(series, None, weights, "audience_growth", extra)
    pages = visits.floats("page_views")
    per_visit = None
    if pages is not None:
        both = np.isfinite(pages[-12:]) & np.isfinite(series[-12:])
        shown, viewed = series[-12:][both].sum(), pages[-12:][both].sum()
        per_visit = float(viewed / shown) if shown > 0 else None
    engagement = _blend(
        weights.parts["engagement"],
        {"active": audience.engagement, "pages_per_visit": per_visit},
        {
            "active": _linear(audience.engagement, (0.0, weights.active_high)),
            "pages_per_visit": _linear(per_visit, weights.pages_per_visit),
        },
    )
    return {
        "reach": reach,
        "growth": growth,
        "engagement": engagement,
        "consistency": _consistency(series, weights),
    }


def _growth(
    values: NDArray[np.float64],
    adjusted: NDArray[np.float64] | None,
    weights: ScoreWeights,
    parts: str,
    extra: dict[str, tuple[float | None, float | None]],
) -> Measure:
    """Year-over-year growth of the last months and the annualized log-linear trend of recent
    months, each placed on the growth scale, then blended. The trend is over `trend_months` of
    seasonally adjusted values, or, without a seasonal index, over up to
    `unadjusted_trend_months` raw values, of which `unadjusted_trend_credibility` is believed."""
    yoy = recent_yoy(values, months=weights.yoy_months)
    if adjusted is not None:
        slope = log_slope(adjusted, months=weights.trend_months)
    else:
        slope = log_slope(values, months=weights.unadjusted_trend_months)
        slope = None if slope is None else slope * weights.unadjusted_trend_credibility
    trend = None if slope is None else math.expm1(12 * slope)
    raw = {"yoy": yoy, "trend": trend} | {name: v for name, (v, _) in extra.items()}
    positions = {
        "yoy": None if yoy is None else _growth_position(log_growth(yoy), weights),
        "trend": None if slope is None else _growth_position(12 * slope, weights),
    } | {name: p for name, (_, p) in extra.items()}
    _, normalized, listed = _blend(weights.parts[parts], raw, positions)
    # The headline: the parts' growth rates averaged the way the positions are, on log(1 + g).
    known = [(weights.parts[parts][n], log_growth(v)) for n, v in raw.items() if v is not None]
    total = sum(w for w, _ in known)
    blended = math.expm1(sum(w * g for w, g in known) / total) if total > 0 else None
    return blended, normalized, listed


def _consistency(values: NDArray[np.float64], weights: ScoreWeights) -> Measure:
    """Root mean square monthly shortfall: against the same month a year before where enough
    such months exist, else against the month before. 0 scores 1; `worst_shortfall` scores 0."""
    shortfall, lag = seasonal_shortfall(values, min_yoy_pairs=weights.min_yoy_pairs)
    normalized = None if shortfall is None else 1 - _clip(shortfall / weights.worst_shortfall)
    lag_months = 12.0 if lag == "yoy" else 1.0
    return shortfall, normalized, (("shortfall", shortfall), ("lag_months", lag_months))


def _repeat_rate(history: MonthlyHistory, weights: ScoreWeights) -> float | None:
    """Share of buyers who bought before, over the last 12 complete months past the first
    `warmup_months` of the data (where every buyer is new to the file)."""
    first = history.first_month
    if first is None or not history.months:
        return None
    frame = history.frame.tail(12).filter(
        pl.col("month") >= add_months(first, weights.warmup_months)
    )
    if frame.height == 0:
        return None
    if {"buyers", "returning_buyers"} <= set(frame.columns):
        known = frame.drop_nulls(["buyers", "returning_buyers"])
        buyers = int(known["buyers"].sum())
        return int(known["returning_buyers"].sum()) / buyers if buyers else None
    if "repeat_buyer_rate" not in frame.columns:
        return None
    rates = frame.drop_nulls("repeat_buyer_rate")
    if rates.height == 0:
        return None
    rate = pl.col("repeat_buyer_rate").cast(pl.Float64)
    weight = pl.col("buyers").cast(pl.Float64)
    if "buyers" in rates.columns and rates["buyers"].null_count() == 0 and rates["buyers"].sum():
        return float(rates.select((rate * weight).sum() / weight.sum()).item())
    return float(rates.select(rate.mean()).item())


def _month3_retention(cohorts: pl.DataFrame | None, history: MonthlyHistory) -> float | None:
    """Share of the last 12 cohorts' buyers who bought again in their fourth month
    (months_since 3). Cohorts count when that month is complete; the cohort of the data's first
    month is left out, as it holds every earlier customer, not new ones."""
    last, first = history.last_month, history.first_month
    needed = {"cohort", "months_since", "buyers"}
    if cohorts is None or last is None or first is None or not needed <= set(cohorts.columns):
        return None
    cohort = pl.col("cohort").cast(pl.Date)
    eligible = cohorts.filter((cohort > first) & (cohort <= add_months(last, -3)))
    size = pl.col("buyers").filter(pl.col("months_since") == 0).sum()
    back = pl.col("buyers").filter(pl.col("months_since") == 3).sum()
    by_cohort = (
        eligible.group_by(cohort).agg(size.alias("size"), back.alias("back")).sort("cohort")
    ).tail(12)
    total = int(by_cohort["size"].sum())
    return int(by_cohort["back"].sum()) / total if total else None


def _blend(
    weights: Mapping[str, float],
    raw: Mapping[str, float | None],
    positions: Mapping[str, float | None],
) -> Measure:
    """Weighted mean of the known parts' positions; the headline value is the first known part."""
    known = [(weights[name], p) for name, p in positions.items() if p is not None]
    total = sum(w for w, _ in known)
    normalized = sum(w * p for w, p in known) / total if known and total > 0 else None
    value = next((v for v in raw.values() if v is not None), None)
    return value, normalized, tuple(raw.items())


def _growth_position(log_change: float, weights: ScoreWeights) -> float:
    low, high = (log_growth(g) for g in weights.growth)
    return _clip((log_change - low) / (high - low))


def _log_position(value: float | None, bounds: tuple[float, float]) -> float | None:
    if value is None or math.isnan(value):
        return None
    if value <= bounds[0]:
        return 0.0
    low, high = math.log(bounds[0]), math.log(bounds[1])
    return _clip((math.log(value) - low) / (high - low))


def _linear(value: float | None, bounds: tuple[float, float]) -> float | None:
    if value is None or math.isnan(value):
        return None
    return _clip((value - bounds[0]) / (bounds[1] - bounds[0]))


def _clip(value: float) -> float:
    return min(max(value, 0.0), 1.0)
