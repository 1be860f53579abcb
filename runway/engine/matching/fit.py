"""The score of a (mandate, round) pair, component by component, on arrays that broadcast.

Every contribution is a whole number of score units (`SCALE` units = a score of 1.0, shown as
100): weights are thousandths summing to 1000, so a component worth `value` adds
`rint(weight * 1000 * value)` units; the traction value is in thousandths too, so its product
with the weight is exact. Sums of whole numbers below 2**53 are exact in float64 in any order:
the tiled matcher, the incremental one and the explanation add up to the same score, bit for
bit. A pair that fails a hard filter scores -inf. Formulas are in docs/decisions.md ("Matching").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Final, TypeVar

import numpy as np
import numpy.typing as npt

from runway.engine.matching.codes import Masks, overlap

SCALE: Final = 1_000_000
WEIGHT_SCALE: Final = 1000
TRACTION_SCALE: Final = 1000
UNIT_PER_WEIGHT: Final = SCALE // WEIGHT_SCALE
NEUTRAL: Final = 0.5
# An unknown traction figure (gmv, growth, months, repeat rate): below every threshold, above
# "no threshold" (-inf), and finite so that `figure - threshold` is never inf - inf.
UNKNOWN_FIGURE: Final = -1e300

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class MandateSide:
    """Mandate arrays over the working vocabulary. Amounts are in the currency group's unit;
    `weights` (..., 5) are thousandths in `COMPONENTS` order."""

    instruments: Masks
    instruments_wanted: Bools
    sectors: Masks
    sectors_wanted: Bools
    stages: Masks
    stages_wanted: Bools
    regions: Masks
    regions_wanted: Bools
    must_sectors: Bools
    must_stages: Bools
    must_regions: Bools
    group: Ints
    low: Floats  # 0 when the mandate names no smallest ticket
    high: Floats  # inf when it names no largest
    min_gmv: Floats  # -inf: no threshold
    min_growth: Floats  # -inf: no threshold
    min_months: Floats  # -inf: no threshold
    min_repeat: Floats  # -inf: no threshold
    weights: Floats

    def weight(self, index: int) -> Floats:
        return self.weights[..., index]

    def has_ticket_range(self) -> Bools:
        return (self.low > 0) | np.isfinite(self.high)

    def ticket_rate(self) -> Floats:
        """Units per currency unit of overlap, for mandates with a finite range of some width."""
        span = self.high - self.low
        ranged = np.isfinite(span) & (span > 0)
        units = self.weight(3) * UNIT_PER_WEIGHT
        return np.where(ranged, units / np.where(ranged, span, 1.0), 0.0)

    def ticket_constant(self) -> Floats:
        """Units of a mandate whose range is open-ended or a single amount: any overlap fits."""
        span = self.high - self.low
        ranged = np.isfinite(span) & (span > 0)
        return np.where(ranged, 0.0, self.weight(3) * UNIT_PER_WEIGHT)


@dataclass(frozen=True, slots=True, eq=False)
class RoundSide:
    """Round arrays over the same vocabulary; `traction` is in thousandths (500 unknown)."""

    instrument: Masks  # one-hot
    stage: Masks  # one-hot
    stage_known: Bools
    sectors: Masks
    sectors_count: Ints
    regions: Masks
    regions_count: Ints
    group: Ints
    amount_known: Bools  # False: no target amount
    low: Floats  # 0 when the round names no minimum ticket
    high: Floats  # the target amount
    gmv: Floats  # UNKNOWN_FIGURE: not known
    growth: Floats  # UNKNOWN_FIGURE: not known
    months: Floats  # UNKNOWN_FIGURE: not known
    repeat: Floats  # UNKNOWN_FIGURE: not known
    traction: Floats


Side = TypeVar("Side", MandateSide, RoundSide)


def reshaped(side: Side, index: Any) -> Side:
    """Every array of a side indexed alike: rows (`rows`), or new axes to broadcast one side
    along the rows (`np.s_[:, None]`) or the columns (`np.s_[None]`) of a table of pairs."""
    return replace(side, **{f.name: getattr(side, f.name)[index] for f in fields(side)})


def units(weight: Floats, value: Floats) -> Floats:
    return np.rint(weight * UNIT_PER_WEIGHT * value)


def sector_value(shared: Ints, count: Ints, wanted: Bools) -> Floats:
    """Share of the venture's sectors the mandate wants; 1 for "any", neutral when unknown."""
    share = shared / np.maximum(count, 1)
    return np.where(~wanted, 1.0, np.where(count == 0, NEUTRAL, share))


def region_value(shared: Ints, count: Ints, wanted: Bools) -> Floats:
    """1 when the round is in any wanted region (regions nest: a city is in its country)."""
    return np.where(~wanted, 1.0, np.where(count == 0, NEUTRAL, (shared > 0).astype(np.float64)))


def stage_value(shared: Ints, known: Bools, wanted: Bools) -> Floats:
    return np.where(~wanted, 1.0, np.where(~known, NEUTRAL, (shared > 0).astype(np.float64)))


SET_FIELDS: Final = {
    "instrument": ("instruments", "instrument"),
    "sector": ("sectors", "sectors"),
    "stage": ("stages", "stage"),
    "region": ("regions", "regions"),
}


def shared_codes(m: MandateSide, r: RoundSide, field: str) -> Ints:
    """Codes a mandate's set and a round's value(s) of `field` have in common."""
    mandate_name, round_name = SET_FIELDS[field]
    return overlap(getattr(m, mandate_name), getattr(r, round_name))


def categorical_units(
    m: MandateSide, r: RoundSide, fields: tuple[str, ...], shared: Mapping[str, Ints] | None = None
) -> Floats:
    """Units of the categorical components in `fields`, -inf where a hard filter among them
    fails (currency group and known target, instrument, and sectors / stages / regions marked
    must). `shared` may bring the common-code counts, computed more cheaply by the caller."""

    def common(field: str) -> Ints:
        return shared[field] if shared is not None else shared_codes(m, r, field)

    total: Floats = np.zeros(np.broadcast_shapes(m.group.shape, r.group.shape))
    ok: Bools = np.ones(total.shape, dtype=np.bool_)
    if "group" in fields:
        ok &= (m.group == r.group) & (r.group >= 0) & (r.amount_known | ~m.has_ticket_range())
    if "instrument" in fields:
        ok &= ~m.instruments_wanted | (common("instrument") > 0)
    if "sector" in fields:
        count = common("sector")
        total += units(m.weight(0), sector_value(count, r.sectors_count, m.sectors_wanted))
        ok &= ~(m.must_sectors & m.sectors_wanted & (count == 0))
    if "stage" in fields:
        count = common("stage")
        total += units(m.weight(1), stage_value(count, r.stage_known, m.stages_wanted))
        ok &= ~(m.must_stages & m.stages_wanted & (count == 0))
    if "region" in fields:
        count = common("region")
        total += units(m.weight(2), region_value(count, r.regions_count, m.regions_wanted))
        ok &= ~(m.must_regions & m.regions_wanted & (count == 0))
    return np.where(ok, total, -np.inf)


def ticket_overlap(m_low: Floats, m_high: Floats, r_low: Floats, r_high: Floats) -> Floats:
    """Width of the common ticket range; negative when the ranges do not meet."""
    return np.minimum(m_high, r_high) - np.maximum(m_low, r_low)


# (round figure, mandate threshold) of each traction threshold: the figure must reach it.
THRESHOLDS: Final = (
    ("gmv", "min_gmv"),
    ("growth", "min_growth"),
    ("months", "min_months"),
    ("repeat", "min_repeat"),
)


def thresholds_ok(m: MandateSide, r: RoundSide) -> Bools:
    """Traction thresholds: an unknown figure fails a threshold that is set."""
    ok = np.ones(np.broadcast_shapes(m.min_gmv.shape, r.gmv.shape), dtype=np.bool_)
    for figure, minimum in THRESHOLDS:
        ok &= getattr(r, figure) >= getattr(m, minimum)
    return ok


@dataclass(frozen=True, slots=True, eq=False)
class PairScores:
    """Per pair: `values` and `units` (5, ...) in `COMPONENTS` order, `total` units (-inf when a
    hard filter fails) and `ok`."""

    values: Floats
    units: Floats
    total: Floats
    ok: Bools


def pair_scores(m: MandateSide, r: RoundSide) -> PairScores:
    """Every component of aligned (or broadcasting) mandates and rounds."""
    hard = categorical_units(m, r, ("group", "instrument"))
    sector_shared = shared_codes(m, r, "sector")
    stage_shared = shared_codes(m, r, "stage")
    region_shared = shared_codes(m, r, "region")
    ov = ticket_overlap(m.low, m.high, r.low, r.high)
    span = m.high - m.low
    ranged = np.isfinite(span) & (span > 0)
    values = np.stack(
        np.broadcast_arrays(
            sector_value(sector_shared, r.sectors_count, m.sectors_wanted),
            stage_value(stage_shared, r.stage_known, m.stages_wanted),
            region_value(region_shared, r.regions_count, m.regions_wanted),
            np.where(ranged, np.clip(ov, 0, None) / np.where(ranged, span, 1.0), 1.0),
            r.traction / TRACTION_SCALE,
        )
    )
    ticket = np.rint(np.clip(ov, 0, None) * m.ticket_rate()) + m.ticket_constant()
    parts = np.stack(
        np.broadcast_arrays(
            units(m.weight(0), values[0]),
            units(m.weight(1), values[1]),
            units(m.weight(2), values[2]),
            ticket,
            m.weight(4) * r.traction,
        )
    )
    ok = (
        np.isfinite(hard)
        & ~(m.must_sectors & m.sectors_wanted & (sector_shared == 0))
        & ~(m.must_stages & m.stages_wanted & (stage_shared == 0))
        & ~(m.must_regions & m.regions_wanted & (region_shared == 0))
        & (ov >= 0)
        & thresholds_ok(m, r)
    )
    total = np.where(ok, parts.sum(axis=0), -np.inf)
    return PairScores(values, parts, total, np.asarray(ok))
