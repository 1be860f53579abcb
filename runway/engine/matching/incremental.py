"""One new or changed round or mandate against encoded tables, with the full run's numbers.

`match_round(round, mandates)` scores one round against every mandate of a `MandateTable`;
`match_mandate(mandate, rounds)` one mandate against every round of a `RoundTable`. Each returns
the same ranked pairs a full `match_all` would give that round or mandate (same units, same tie
breaks), so a caller can replace the stored rows of that one side. `score_round` and
`score_mandate` return the score against every row of the table (NaN where a filter fails), for
updating the other side's lists.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from runway.engine.matching.fit import (
    SCALE,
    MandateSide,
    RoundSide,
    categorical_units,
    pair_scores,
    reshaped,
    thresholds_ok,
    ticket_overlap,
)
from runway.engine.matching.results import Match, Matches
from runway.engine.matching.single import mandate_side, round_side
from runway.engine.matching.specs import MandateSpec, RoundSpec
from runway.engine.matching.tables import MandateTable, RoundTable
from runway.engine.matching.topk import tie_breaks

Floats = npt.NDArray[np.float64]


def _round_against(
    spec: RoundSpec, mandates: MandateTable
) -> tuple[RoundSide, MandateSide, Floats]:
    vocabularies = mandates.own_vocabularies()
    one = round_side(spec, mandates.fx, vocabularies)
    side = mandates.side(vocabularies)
    return one, side, pair_scores(side, one).total


def _mandate_against(spec: MandateSpec, rounds: RoundTable) -> tuple[MandateSide, Floats]:
    one = mandate_side(spec, rounds.fx, rounds.vocabularies)
    return one, mandate_units(one, rounds)


def mandate_units(m: MandateSide, rounds: RoundTable) -> Floats:
    """Units of one mandate (a side of one row) against every round, -inf where filtered:
    categorical parts once per signature, the rest per round, as the tiled matcher adds them."""
    r = rounds.side()
    total = np.zeros(len(rounds))
    for key in rounds.keys:
        table = categorical_units(m, reshaped(r, key.representative), key.fields)
        total += table[key.signature]
    ov = ticket_overlap(m.low, m.high, r.low, r.high)
    total += np.rint(np.clip(ov, 0, None) * m.ticket_rate()) + m.ticket_constant()
    total += m.weight(4) * r.traction
    return np.where((ov >= 0) & thresholds_ok(m, r), total, -np.inf)


def _ranked(units: Floats, top: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Indices and units of the `top` best rows (ties: lower index), best first."""
    keys = units + tie_breaks(0, len(units))
    valid = np.flatnonzero(np.isfinite(keys))
    if len(valid) > top:
        valid = valid[np.argpartition(-keys[valid], top - 1)[:top]]
    order = valid[np.argsort(-keys[valid])]
    return order, units[order].astype(np.int64)


def match_round(
    round_spec: RoundSpec, mandates: MandateTable, *, top: int = 20
) -> tuple[Match, ...]:
    """The `top` mandates best matching one round, best first, as `match_all(..., by=round)`
    would rank them. Codes no mandate names count in the round's sets but match nothing."""
    one, side, units = _round_against(round_spec, mandates)
    index, kept = _ranked(units, top)
    matches = Matches(
        "round",
        index,
        np.zeros(len(index), dtype=np.int64),
        np.arange(1, len(index) + 1),
        kept,
        mandates.ids,
        np.array([round_spec.round_id], dtype=np.str_),
        side,
        one,
    )
    return tuple(matches)


def match_mandate(
    mandate_spec: MandateSpec, rounds: RoundTable, *, top: int = 20
) -> tuple[Match, ...]:
    """The `top` rounds best matching one mandate, best first, as `match_all(..., by=mandate)`
    would rank them."""
    side, units = _mandate_against(mandate_spec, rounds)
    index, kept = _ranked(units, top)
    matches = Matches(
        "mandate",
        np.zeros(len(index), dtype=np.int64),
        index,
        np.arange(1, len(index) + 1),
        kept,
        np.array([mandate_spec.mandate_id], dtype=np.str_),
        rounds.ids,
        side,
        rounds.side(),
    )
    return tuple(matches)


def score_round(round_spec: RoundSpec, mandates: MandateTable) -> Floats:
    """The round's score 0-1 against every mandate, in table order (NaN where filtered)."""
    units = _round_against(round_spec, mandates)[2]
    return np.where(np.isfinite(units), units / SCALE, np.nan)


def score_mandate(mandate_spec: MandateSpec, rounds: RoundTable) -> Floats:
    """The mandate's score 0-1 against every round, in table order (NaN where filtered)."""
    units = _mandate_against(mandate_spec, rounds)[1]
    return np.where(np.isfinite(units), units / SCALE, np.nan)
