"""Mandates and rounds encoded once, as columns, sorted by id: the matcher's inputs.

Build a table from specs (`MandateTable.from_specs`) or from a frame with the columns of
`MANDATE_SCHEMA` / `ROUND_SCHEMA` (the batch reader does). Rows are sorted by id (code point
order), so a row's index is its rank among ids and ties between equal scores break by id.
Amounts become float64 in their currency group: with an FX table every currency that has a rate
is converted to CNY (`float(amount) * float(rate)`); a currency without one, or every currency
when there is no table, stays its own group, and groups never match each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import polars as pl

from runway.engine.matching.codes import EMPTY, CodeColumn, CodeSets
from runway.engine.matching.fit import UNKNOWN_FIGURE, MandateSide, RoundSide, reshaped
from runway.engine.matching.frames import (
    MANDATE_SCHEMA,
    MUST_ORDER,
    ROUND_SCHEMA,
    UNKNOWN_TARGET,
    Fx,
    currency_groups,
    mandates_frame,
    rounds_frame,
)
from runway.engine.matching.signatures import (
    GatherGroup,
    SignatureKey,
    gather_groups,
    signature_keys,
)
from runway.engine.matching.specs import COMPONENTS, MandateSpec, RoundSpec

Floats = npt.NDArray[np.float64]
Names = npt.NDArray[np.str_]


class DuplicateIdError(ValueError):
    def __init__(self, column: str, value: str) -> None:
        super().__init__(f"{column}: duplicate {value!r}")
        self.column = column
        self.value = value


def _column(frame: pl.DataFrame, name: str, missing: float) -> Floats:
    return frame[name].fill_null(missing).to_numpy().astype(np.float64)


def _vocabulary(vocabularies: RoundVocabularies | None, name: str) -> tuple[str, ...] | None:
    return None if vocabularies is None else tuple(getattr(vocabularies, name))


def _sorted(frame: pl.DataFrame, id_column: str) -> pl.DataFrame:
    frame = frame.sort(id_column)
    repeated = frame.filter(pl.col(id_column).is_duplicated())
    if repeated.height:
        raise DuplicateIdError(id_column, str(repeated[id_column][0]))
    return frame


@dataclass(frozen=True, slots=True)
class RoundVocabularies:
    instrument: tuple[str, ...]
    stage: tuple[str, ...]
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    group: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class RoundTable:
    """Open rounds as columns; `keys` group identical categorical fields (see signatures)."""

    ids: Names
    fx: Fx | None
    instrument: CodeColumn
    stage: CodeColumn
    sectors: CodeSets
    regions: CodeSets
    group: CodeColumn
    low: Floats
    high: Floats
    gmv: Floats
    growth: Floats
    months: Floats
    repeat: Floats
    traction: Floats  # thousandths
    keys: tuple[SignatureKey, ...]
    groups: tuple[GatherGroup, ...]
    scoring: RoundSide

    @classmethod
    def from_specs(
        cls, specs: Iterable[RoundSpec], *, fx: Mapping[str, Decimal] | Fx | None = None
    ) -> RoundTable:
        return cls.from_frame(rounds_frame(specs), fx=fx)

    @classmethod
    def from_frame(
        cls,
        frame: pl.DataFrame,
        *,
        fx: Mapping[str, Decimal] | Fx | None = None,
        vocabularies: RoundVocabularies | None = None,
        signature_limit: int | None = None,
        group_limit: int | None = None,
    ) -> RoundTable:
        """A frame of `ROUND_SCHEMA` encoded; `vocabularies` (another table's) make a round
        comparable with that table's mandates without re-encoding them. The limits tune how
        rounds are grouped for scoring (see signatures); they never change a score."""
        rates = Fx.of(fx)
        frame = _sorted(frame.select(ROUND_SCHEMA.names()).cast(ROUND_SCHEMA), "round_id")
        voc = vocabularies
        group_names, factor = currency_groups(frame["currency"], rates)
        score = frame["score"].to_numpy().astype(np.float64)
        instrument = CodeColumn.encode(frame["instrument"], _vocabulary(voc, "instrument"))
        stage = CodeColumn.encode(frame["stage"], _vocabulary(voc, "stage"))
        sectors = CodeSets.encode(frame["sectors"], _vocabulary(voc, "sectors"))
        regions = CodeSets.encode(frame["regions"], _vocabulary(voc, "regions"))
        group = CodeColumn.encode(group_names, _vocabulary(voc, "group"))
        low = _column(frame, "min_ticket", 0.0) * factor
        known = frame["target_amount"].is_not_null().to_numpy()
        high = np.where(known, _column(frame, "target_amount", 0.0) * factor, UNKNOWN_TARGET)
        gmv = _column(frame, "gmv_12m", UNKNOWN_FIGURE) * factor
        growth = _column(frame, "growth_yoy", UNKNOWN_FIGURE)
        months = _column(frame, "months_history", UNKNOWN_FIGURE)
        repeat = _column(frame, "repeat_rate", UNKNOWN_FIGURE)
        traction = np.where(np.isnan(score), 500.0, np.rint(score * 10.0))
        keys = signature_keys(
            {
                "group": group.codes * 2 + known,
                "instrument": instrument.codes,
                "stage": stage.codes,
                "sector": sectors.masks,
                "region": regions.masks,
            },
            limit=signature_limit,
        )
        scoring = RoundSide(
            instrument=instrument.masks(),
            stage=stage.masks(),
            stage_known=stage.codes != EMPTY,
            sectors=sectors.masks,
            sectors_count=sectors.counts,
            regions=regions.masks,
            regions_count=regions.counts,
            group=group.codes,
            amount_known=known,
            low=low,
            high=high,
            gmv=gmv,
            growth=growth,
            months=months,
            repeat=repeat,
            traction=traction,
        )
        return cls(
            ids=frame["round_id"].to_numpy().astype(np.str_),
            fx=rates,
            instrument=instrument,
            stage=stage,
            sectors=sectors,
            regions=regions,
            group=group,
            low=low,
            high=high,
            gmv=gmv,
            growth=growth,
            months=months,
            repeat=repeat,
            traction=traction,
            scoring=scoring,
            keys=keys,
            groups=gather_groups(keys, limit=group_limit),
        )

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def vocabularies(self) -> RoundVocabularies:
        return RoundVocabularies(
            self.instrument.vocabulary,
            self.stage.vocabulary,
            self.sectors.vocabulary,
            self.regions.vocabulary,
            self.group.vocabulary,
        )

    def side(self, rows: npt.NDArray[np.int64] | None = None) -> RoundSide:
        """Scoring arrays of all rows, or of `rows`, over this table's vocabularies."""
        return self.scoring if rows is None else reshaped(self.scoring, rows)


@dataclass(frozen=True, slots=True, eq=False)
class MandateTable:
    """Mandates as columns, sets over their own vocabularies; `side` translates them."""

    ids: Names
    fx: Fx | None
    instruments: CodeSets
    sectors: CodeSets
    stages: CodeSets
    regions: CodeSets
    must: npt.NDArray[np.bool_]  # (n, 3): sectors, stages, regions
    group: CodeColumn
    low: Floats
    high: Floats
    min_gmv: Floats
    min_growth: Floats
    min_months: Floats
    min_repeat: Floats
    weights: Floats  # (n, 5) thousandths

    @classmethod
    def from_specs(
        cls, specs: Iterable[MandateSpec], *, fx: Mapping[str, Decimal] | Fx | None = None
    ) -> MandateTable:
        return cls.from_frame(mandates_frame(specs), fx=fx)

    @classmethod
    def from_frame(
        cls,
        frame: pl.DataFrame,
        *,
        fx: Mapping[str, Decimal] | Fx | None = None,
        vocabularies: RoundVocabularies | None = None,
    ) -> MandateTable:
        """A frame of `MANDATE_SCHEMA` encoded; with `vocabularies`, over a round table's."""
        rates = Fx.of(fx)
        schema = MANDATE_SCHEMA
        frame = _sorted(frame.select(schema.names()).cast(schema), "mandate_id")
        voc = vocabularies
        group_names, factor = currency_groups(frame["currency"], rates)
        must = frame["must"].list
        return cls(
            ids=frame["mandate_id"].to_numpy().astype(np.str_),
            fx=rates,
            instruments=CodeSets.encode(frame["instruments"], _vocabulary(voc, "instrument")),
            sectors=CodeSets.encode(frame["sectors"], _vocabulary(voc, "sectors")),
            stages=CodeSets.encode(frame["stages"], _vocabulary(voc, "stage")),
            regions=CodeSets.encode(frame["regions"], _vocabulary(voc, "regions")),
            must=np.column_stack(
                [must.contains(name).fill_null(False).to_numpy() for name in MUST_ORDER]
            ),
            group=CodeColumn.encode(group_names, _vocabulary(voc, "group")),
            low=_column(frame, "ticket_min", 0.0) * factor,
            high=_column(frame, "ticket_max", np.inf) * factor,
            min_gmv=_column(frame, "min_gmv_12m", -np.inf) * factor,
            min_growth=_column(frame, "min_growth_yoy", -np.inf),
            min_months=_column(frame, "min_months_history", -np.inf),
            min_repeat=_column(frame, "min_repeat_rate", -np.inf),
            weights=frame.select(f"weight_{c}" for c in COMPONENTS).to_numpy().astype(np.float64),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def side(
        self, vocabularies: RoundVocabularies, rows: npt.NDArray[np.int64] | None = None
    ) -> MandateSide:
        """Scoring arrays over a round table's vocabularies (codes it lacks match nothing)."""
        pick = slice(None) if rows is None else rows
        voc = vocabularies
        instruments = self.instruments.translate(voc.instrument)
        sectors = self.sectors.translate(voc.sectors)
        stages = self.stages.translate(voc.stage)
        regions = self.regions.translate(voc.regions)
        return MandateSide(
            instruments=instruments.masks[pick],
            instruments_wanted=instruments.counts[pick] > 0,
            sectors=sectors.masks[pick],
            sectors_wanted=sectors.counts[pick] > 0,
            stages=stages.masks[pick],
            stages_wanted=stages.counts[pick] > 0,
            regions=regions.masks[pick],
            regions_wanted=regions.counts[pick] > 0,
            must_sectors=self.must[pick, 0],
            must_stages=self.must[pick, 1],
            must_regions=self.must[pick, 2],
            group=self.group.translate(voc.group).codes[pick],
            low=self.low[pick],
            high=self.high[pick],
            min_gmv=self.min_gmv[pick],
            min_growth=self.min_growth[pick],
            min_months=self.min_months[pick],
            min_repeat=self.min_repeat[pick],
            weights=self.weights[pick],
        )

    def own_vocabularies(self) -> RoundVocabularies:
        """The vocabularies to encode a single round in, so it compares with these mandates."""
        return RoundVocabularies(
            self.instruments.vocabulary,
            self.stages.vocabulary,
            self.sectors.vocabulary,
            self.regions.vocabulary,
            self.group.vocabulary,
        )
