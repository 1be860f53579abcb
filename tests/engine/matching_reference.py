"""A straightforward pure-Python scorer of one (mandate, round) pair, written from the rules in
docs/decisions.md ("Matching") and not from the engine: the tests hold the engine to it, and the
matching benchmark times it for the naive cost per pair.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from runway.engine.matching import MandateSpec, RoundSpec

COMPONENTS = ("sector", "stage", "region", "ticket", "traction")
DEFAULTS = {"sector": 300, "stage": 200, "region": 150, "ticket": 150, "traction": 200}


@dataclass(frozen=True)
class Scored:
    units: int  # millionths of a score of 1.0
    values: tuple[float, ...]
    weights: tuple[int, ...]  # thousandths
    parts: tuple[int, ...]  # units per component


def thousandths(mandate: MandateSpec) -> tuple[int, ...]:
    """Normalized weights in thousandths summing to 1000, largest remainders first."""
    given = {**{k: Fraction(v, 1000) for k, v in DEFAULTS.items()}}
    for name, value in (mandate.weights or {}).items():
        given[name] = Fraction(str(value))
    total = sum(given.values())
    shares = [given[name] * 1000 / total for name in COMPONENTS]
    floors = [math.floor(share) for share in shares]
    by_remainder = sorted(range(5), key=lambda i: (floors[i] - shares[i], i))
    for i in by_remainder[: 1000 - sum(floors)]:
        floors[i] += 1
    return tuple(floors)


def _group(currency: str, fx: Mapping[str, Decimal] | None) -> tuple[str, float]:
    if fx is None:
        return currency, 1.0
    rates = {"CNY": 1.0, **{c: float(r) for c, r in fx.items()}}
    return ("CNY", rates[currency]) if currency in rates else (currency, 1.0)


def score(
    mandate: MandateSpec, round_: RoundSpec, fx: Mapping[str, Decimal] | None = None
) -> Scored | None:
    """The pair's score, or None when a hard filter fails."""
    m_group, m_factor = _group(mandate.currency, fx)
    r_group, r_factor = _group(round_.currency, fx)
    if m_group != r_group:
        return None
    m_low = float(mandate.ticket_min or 0) * m_factor
    m_high = math.inf if mandate.ticket_max is None else float(mandate.ticket_max) * m_factor
    if round_.target_amount is None:
        if m_low > 0 or not math.isinf(m_high):
            return None
        r_high = math.inf
    else:
        r_high = float(round_.target_amount) * r_factor
    r_low = float(round_.min_ticket or 0) * r_factor
    overlap = min(m_high, r_high) - max(m_low, r_low)
    if overlap < 0:
        return None
    if mandate.instruments and round_.instrument not in mandate.instruments:
        return None
    shared_sectors = len(mandate.sectors & round_.sectors)
    stage_in = round_.stage in mandate.stages
    shared_regions = len(mandate.regions & round_.regions)
    must = mandate.must
    if "sectors" in must and mandate.sectors and not shared_sectors:
        return None
    if "stages" in must and mandate.stages and not stage_in:
        return None
    if "regions" in must and mandate.regions and not shared_regions:
        return None
    if mandate.min_gmv_12m is not None and (
        round_.gmv_12m is None
        or float(round_.gmv_12m) * r_factor < float(mandate.min_gmv_12m) * m_factor
    ):
        return None
    if mandate.min_growth_yoy is not None and (
        round_.growth_yoy is None or float(round_.growth_yoy) < float(mandate.min_growth_yoy)
    ):
        return None
    if mandate.min_months_history is not None and (
        round_.months_history is None or round_.months_history < mandate.min_months_history
    ):
        return None
    if mandate.min_repeat_rate is not None and (
        round_.repeat_rate is None or float(round_.repeat_rate) < float(mandate.min_repeat_rate)
    ):
        return None

    weights = thousandths(mandate)
    if not mandate.sectors:
        sector = 1.0
    elif not round_.sectors:
        sector = 0.5
    else:
        sector = shared_sectors / len(round_.sectors)
    stage = 1.0 if not mandate.stages else 0.5 if round_.stage is None else float(stage_in)
    if not mandate.regions:
        region = 1.0
    elif not round_.regions:
        region = 0.5
    else:
        region = float(shared_regions > 0)
    span = m_high - m_low
    traction = 500 if round_.score is None else round(float(round_.score) * 10.0)
    parts = [round(w * 1000 * v) for w, v in zip(weights[:3], (sector, stage, region), strict=True)]
    if math.isfinite(span) and span > 0:
        ticket = overlap / span
        parts.append(round(overlap * (weights[3] * 1000 / span)))
    else:
        ticket = 1.0
        parts.append(weights[3] * 1000)
    parts.append(weights[4] * traction)
    values = (sector, stage, region, ticket, traction / 1000)
    return Scored(sum(parts), values, weights, tuple(parts))


def ranked(
    mandates: Sequence[MandateSpec],
    rounds: Sequence[RoundSpec],
    *,
    top: int,
    fx: Mapping[str, Decimal] | None = None,
) -> tuple[dict[str, list[tuple[str, int]]], dict[str, list[tuple[str, int]]]]:
    """Every pair scored; per mandate its `top` (round_id, units) and per round its `top`
    (mandate_id, units), best first, ties to the lower id."""
    per_mandate: dict[str, list[tuple[str, int]]] = {m.mandate_id: [] for m in mandates}
    per_round: dict[str, list[tuple[str, int]]] = {r.round_id: [] for r in rounds}
    for mandate in mandates:
        for round_ in rounds:
            scored = score(mandate, round_, fx)
            if scored is not None:
                per_mandate[mandate.mandate_id].append((round_.round_id, scored.units))
                per_round[round_.round_id].append((mandate.mandate_id, scored.units))
    for table in (per_mandate, per_round):
        for key, pairs in table.items():
            table[key] = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:top]
    return per_mandate, per_round
