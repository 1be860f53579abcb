"""What matching returns: ranked pairs as columns, each with its score and explanation.

A `Matches` holds the top pairs of one direction (`by="mandate"`: each mandate's best rounds;
`by="round"`: each round's best mandates) as numpy columns, sorted by that side's id and rank.
Components are computed for the kept pairs only, when asked (`scores`, `frame`, iteration).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, NamedTuple

import numpy as np
import numpy.typing as npt
import polars as pl

from runway.engine.matching.fit import (
    SCALE,
    WEIGHT_SCALE,
    MandateSide,
    PairScores,
    RoundSide,
    pair_scores,
    reshaped,
)
from runway.engine.matching.specs import COMPONENTS

ENGINE_VERSION: Final = "matching-1"

Direction = Literal["mandate", "round"]
Ints = npt.NDArray[np.int64]
Names = npt.NDArray[np.str_]


class Component(NamedTuple):
    """One line of an explanation: value 0-1, weight 0-1, contribution = its share of the
    score (0-1; the contributions add up to the score)."""

    component: str
    value: float
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked pair. `score` is 0-1 (shown as 0-100); `rank` 1 is the best of its side."""

    mandate_id: str
    round_id: str
    rank: int
    score: float
    components: tuple[Component, ...]
    explanation: str  # compact: sector=1.00*0.30;stage=...


@lru_cache(maxsize=4)
def _labels(largest: int) -> pl.Series:
    """The texts 0.00, 0.01, ... up to `largest` hundredths."""
    return pl.Series([f"{h // 100}.{h % 100:02d}" for h in range(largest + 1)], dtype=pl.String)


def _two_decimals(hundredths: Ints, largest: int = 100) -> pl.Series:
    """Whole hundredths (0..largest) as text with two decimals, by lookup."""
    return _labels(largest).gather(pl.Series(hundredths, dtype=pl.Int64))


def explanations(values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]) -> pl.Series:
    """`sector=<value>*<weight>;stage=...;traction=...`, two decimals each: values (5, n) 0-1,
    weights (n, 5) in thousandths."""
    parts: list[pl.Series | pl.Expr] = []
    for i, name in enumerate(COMPONENTS):
        parts.append(pl.lit(f"{';' if i else ''}{name}="))
        parts.append(_two_decimals(np.rint(values[i] * 100).astype(np.int64)))
        parts.append(pl.lit("*"))
        parts.append(_two_decimals(np.rint(weights[:, i] / 10).astype(np.int64)))
    return pl.select(pl.concat_str(parts).alias("explanation")).to_series()


CHUNK: Final = 100_000  # pairs scored at once when explaining
SMALL: Final = 2000  # below this many rows, strings are formatted in Python (no frame overhead)


def _two_decimals_text(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def explanation_texts(
    values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]
) -> list[str]:
    """`explanations` as a list; the same digits, formatted in Python for a few rows."""
    if values.shape[1] > SMALL:
        return explanations(values, weights).to_list()
    value_h = np.rint(values * 100).astype(np.int64).T.tolist()
    weight_h = np.rint(weights / 10).astype(np.int64).tolist()
    return [
        ";".join(
            f"{name}={_two_decimals_text(v)}*{_two_decimals_text(w)}"
            for name, v, w in zip(COMPONENTS, row_values, row_weights, strict=True)
        )
        for row_values, row_weights in zip(value_h, weight_h, strict=True)
    ]


def score_text(units: Ints) -> pl.Series:
    """Scores 0-100 with two decimals."""
    return _two_decimals(np.rint(units / (SCALE // 10_000)).astype(np.int64), largest=10_000)


@dataclass(frozen=True, slots=True, eq=False)
class Matches:
    """The kept pairs of one direction. `mandates` and `rounds` are the full scoring sides the
    indices point into."""

    by: Direction
    mandate_index: Ints
    round_index: Ints
    rank: Ints
    units: Ints
    mandate_ids: Names
    round_ids: Names
    mandates: MandateSide
    rounds: RoundSide

    def __len__(self) -> int:
        return len(self.rank)

    def scores(self) -> PairScores:
        """Component values and units of every kept pair (their units add up to `units`),
        computed in chunks: a pair's sets take a few words each."""
        parts = [
            pair_scores(
                reshaped(self.mandates, self.mandate_index[i : i + CHUNK]),
                reshaped(self.rounds, self.round_index[i : i + CHUNK]),
            )
            for i in range(0, len(self), CHUNK)
        ]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            empty = np.zeros((5, 0))
            return PairScores(empty, empty, np.zeros(0), np.zeros(0, dtype=np.bool_))
        return PairScores(
            np.hstack([p.values for p in parts]),
            np.hstack([p.units for p in parts]),
            np.concatenate([p.total for p in parts]),
            np.concatenate([p.ok for p in parts]),
        )

    def frame(self) -> pl.DataFrame:
        """mandate_id, round_id, rank, score (0-1), explanation, and per component
        `<name>_value`, `<name>_weight`, `<name>_contribution`."""
        scores = self.scores()
        weights = self.mandates.weights[self.mandate_index]
        columns: dict[str, object] = {
            "mandate_id": self.mandate_ids[self.mandate_index],
            "round_id": self.round_ids[self.round_index],
            "rank": self.rank,
            "score": self.units / SCALE,
            "explanation": explanations(scores.values, weights),
        }
        for i, name in enumerate(COMPONENTS):
            columns[f"{name}_value"] = scores.values[i]
            columns[f"{name}_weight"] = weights[:, i] / WEIGHT_SCALE
            columns[f"{name}_contribution"] = scores.units[i] / SCALE
        return pl.DataFrame(columns)

    def __iter__(self) -> Iterator[Match]:
        scores = self.scores()
        weights = self.mandates.weights[self.mandate_index]
        texts = explanation_texts(scores.values, weights)
        values = scores.values.T.tolist()
        shares = (weights / WEIGHT_SCALE).tolist()
        contributions = (scores.units.T / SCALE).tolist()
        rows = zip(
            self.mandate_ids[self.mandate_index].tolist(),
            self.round_ids[self.round_index].tolist(),
            self.rank.tolist(),
            (self.units / SCALE).tolist(),
            values,
            shares,
            contributions,
            texts,
            strict=True,
        )
        for mandate_id, round_id, rank, score, value, weight, contribution, text in rows:
            yield Match(
                mandate_id=mandate_id,
                round_id=round_id,
                rank=rank,
                score=score,
                components=tuple(
                    Component(*parts)
                    for parts in zip(COMPONENTS, value, weight, contribution, strict=True)
                ),
                explanation=text,
            )

    def subset(self, rows: Ints) -> Matches:
        return Matches(
            self.by,
            self.mandate_index[rows],
            self.round_index[rows],
            self.rank[rows],
            self.units[rows],
            self.mandate_ids,
            self.round_ids,
            self.mandates,
            self.rounds,
        )

    def for_mandate(self, mandate_id: str) -> tuple[Match, ...]:
        """The kept pairs of one mandate, best first (ties: round id)."""
        rows = np.flatnonzero(self.mandate_index == _position(self.mandate_ids, mandate_id))
        order = np.lexsort((self.round_index[rows], -self.units[rows]))
        return tuple(self.subset(rows[order]))

    def for_round(self, round_id: str) -> tuple[Match, ...]:
        """The kept pairs of one round, best first (ties: mandate id)."""
        rows = np.flatnonzero(self.round_index == _position(self.round_ids, round_id))
        order = np.lexsort((self.mandate_index[rows], -self.units[rows]))
        return tuple(self.subset(rows[order]))


def _position(ids: Names, wanted: str) -> int:
    position = int(np.searchsorted(ids, wanted))
    if position >= len(ids) or ids[position] != wanted:
        raise KeyError(wanted)
    return position


@dataclass(frozen=True, slots=True, eq=False)
class MatchResult:
    """Both directions of a full run (a direction not asked for is None)."""

    by_mandate: Matches | None
    by_round: Matches | None
    engine_version: str = ENGINE_VERSION
