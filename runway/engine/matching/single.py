"""One spec straight to scoring arrays over another table's vocabularies, without frames.

The incremental matcher scores one round or mandate in a few milliseconds; building a one-row
polars frame and table would cost more than the scoring. Every value here is derived exactly as
`tables` derives it for a column, so the scores are the same (the tests hold them equal).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import numpy as np

from runway.engine.matching.codes import ABSENT, EMPTY, Masks, build_masks, words_for
from runway.engine.matching.fit import UNKNOWN_FIGURE, MandateSide, RoundSide
from runway.engine.matching.frames import (
    MUST_ORDER,
    UNKNOWN_TARGET,
    Fx,
    currency_group,
    quantize_weights,
)
from runway.engine.matching.specs import MandateSpec, RoundSpec
from runway.engine.matching.tables import RoundVocabularies


@lru_cache(maxsize=64)
def _index(vocabulary: tuple[str, ...]) -> dict[str, int]:
    return {code: i for i, code in enumerate(vocabulary)}


def _code(value: str | None, vocabulary: tuple[str, ...]) -> int:
    return EMPTY if value is None else _index(vocabulary).get(value, ABSENT)


def _mask(values: frozenset[str], vocabulary: tuple[str, ...]) -> Masks:
    index = _index(vocabulary)
    codes = np.array([index.get(v, ABSENT) for v in sorted(values)], dtype=np.int64)
    rows = np.zeros(len(codes), dtype=np.int64)
    return build_masks(rows, codes, 1, words_for(len(vocabulary)))


def _number(value: Decimal | int | None, missing: float) -> float:
    return missing if value is None else float(value)


def _one(value: str | None) -> frozenset[str]:
    return frozenset() if value is None else frozenset({value})


def round_side(spec: RoundSpec, fx: Fx | None, vocabularies: RoundVocabularies) -> RoundSide:
    """A one-row side of `spec`, its codes looked up in `vocabularies`."""
    voc = vocabularies
    group, factor = currency_group(spec.currency, fx)
    score = _number(spec.score, np.nan)
    target = spec.target_amount
    return RoundSide(
        instrument=_mask(_one(spec.instrument), voc.instrument),
        stage=_mask(_one(spec.stage), voc.stage),
        stage_known=np.array([spec.stage is not None]),
        sectors=_mask(spec.sectors, voc.sectors),
        sectors_count=np.array([len(spec.sectors)], dtype=np.int64),
        regions=_mask(spec.regions, voc.regions),
        regions_count=np.array([len(spec.regions)], dtype=np.int64),
        group=np.array([_code(group, voc.group)], dtype=np.int64),
        amount_known=np.array([target is not None]),
        low=np.array([_number(spec.min_ticket, 0.0) * factor]),
        high=np.array([UNKNOWN_TARGET if target is None else float(target) * factor]),
        gmv=np.array([_number(spec.gmv_12m, UNKNOWN_FIGURE) * factor]),
        growth=np.array([_number(spec.growth_yoy, UNKNOWN_FIGURE)]),
        months=np.array([_number(spec.months_history, UNKNOWN_FIGURE)]),
        repeat=np.array([_number(spec.repeat_rate, UNKNOWN_FIGURE)]),
        traction=np.array([500.0 if np.isnan(score) else float(np.rint(score * 10.0))]),
    )


def mandate_side(spec: MandateSpec, fx: Fx | None, vocabularies: RoundVocabularies) -> MandateSide:
    """A one-row side of `spec` over a round table's vocabularies."""
    voc = vocabularies
    group, factor = currency_group(spec.currency, fx)
    must = [name in spec.must for name in MUST_ORDER]
    return MandateSide(
        instruments=_mask(spec.instruments, voc.instrument),
        instruments_wanted=np.array([bool(spec.instruments)]),
        sectors=_mask(spec.sectors, voc.sectors),
        sectors_wanted=np.array([bool(spec.sectors)]),
        stages=_mask(spec.stages, voc.stage),
        stages_wanted=np.array([bool(spec.stages)]),
        regions=_mask(spec.regions, voc.regions),
        regions_wanted=np.array([bool(spec.regions)]),
        must_sectors=np.array([must[0]]),
        must_stages=np.array([must[1]]),
        must_regions=np.array([must[2]]),
        group=np.array([_code(group, voc.group)], dtype=np.int64),
        low=np.array([_number(spec.ticket_min, 0.0) * factor]),
        high=np.array([_number(spec.ticket_max, np.inf) * factor]),
        min_gmv=np.array([_number(spec.min_gmv_12m, -np.inf) * factor]),
        min_growth=np.array([_number(spec.min_growth_yoy, -np.inf)]),
        min_months=np.array([_number(spec.min_months_history, -np.inf)]),
        min_repeat=np.array([_number(spec.min_repeat_rate, -np.inf)]),
        weights=np.array([quantize_weights(spec.weight_values())], dtype=np.float64),
    )
