"""Every mandate against every round, in tiles, keeping the top k both ways.

Mandates are cut into blocks and each worker thread takes every `threads`-th block, in order.
For a block it scores the categorical fields once per round signature (small tables), then
walks the rounds in stripes, in order. A tile (stripe x block, rounds as rows, so that the
gathers copy whole rows) is gathered from those tables in float32 (whole units below 2**24
are exact), completed with the ticket part (float64, as the pair formula has it) and the
traction part, and failing pairs get -inf. Only pairs above a row's or a column's current
k-th units leave the tile (a compare and a flatnonzero): they get exact keys and go to the
block's per-mandate `Best` and the worker's per-round `Best`. numpy releases the GIL in these
loops, so workers run in parallel; their per-round states are merged at the end. No pair is
ever a Python object.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import numpy as np
import numpy.typing as npt

from runway.engine.matching.codes import members_overlap
from runway.engine.matching.fit import (
    SET_FIELDS,
    MandateSide,
    RoundSide,
    categorical_units,
    reshaped,
)
from runway.engine.matching.frames import Fx
from runway.engine.matching.results import Direction, Matches, MatchResult
from runway.engine.matching.signatures import GatherGroup
from runway.engine.matching.specs import MandateSpec, RoundSpec
from runway.engine.matching.tables import MandateTable, RoundTable
from runway.engine.matching.topk import Best, decode, ranked, tie_breaks

# mandates x rounds: float64 scratch of 1 MB stays in cache, and a tile is work enough that
# the Python between numpy calls (which holds the GIL) is a small share of it.
DEFAULT_TILE: Final = (128, 1024)

Floats = npt.NDArray[np.float64]
Singles = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


def tables(
    mandates: Sequence[MandateSpec] | MandateTable,
    rounds: Sequence[RoundSpec] | RoundTable,
    fx: Mapping[str, Decimal] | Fx | None,
) -> tuple[MandateTable, RoundTable]:
    """Specs encoded (tables passed through); both must use the same FX rates."""
    rates = Fx.of(fx)
    if not isinstance(rounds, RoundTable):
        rounds = RoundTable.from_specs(rounds, fx=rates)
    if not isinstance(mandates, MandateTable):
        mandates = MandateTable.from_specs(mandates, fx=rates)
    if rounds.fx != mandates.fx or (fx is not None and rounds.fx != rates):
        raise ValueError("mandates and rounds were encoded with different FX rates")
    return mandates, rounds


@dataclass(frozen=True, slots=True, eq=False)
class _Sweep:
    mandates: MandateSide
    rounds: RoundSide
    round_table: RoundTable
    representatives: tuple[RoundSide, ...]  # per signature key: one round per signature
    k: int
    stripe: int
    by_mandate: bool
    by_round: bool

    def stripes(self) -> list[tuple[int, int]]:
        total = len(self.rounds.low)
        return [(s, min(s + self.stripe, total)) for s in range(0, total, self.stripe)]

    def block(self, start: int, stop: int, round_bests: list[Best]) -> Floats:
        """Mandates start..stop against every round: their (mandates, k) best keys; offers the
        rounds' candidates to the worker's per-stripe `round_bests`."""
        plan = _Columns.of(reshaped(self.mandates, np.s_[start:stop]))
        m = reshaped(self.mandates, start + plan.order)
        keys = self.round_table.keys
        tables = [
            self._categorical(m, key.fields, rows)
            for key, rows in zip(keys, self.representatives, strict=True)
        ]
        tables[0] += m.ticket_constant().astype(np.float32)[None, :]
        groups = self.round_table.groups
        gathered = [tables[g.keys[0]] if len(g.keys) == 1 else _summed(tables, g) for g in groups]
        width, rows = stop - start, self.stripe
        # Mandate-side rows repeated down a whole tile once per block: same-shape operations
        # run faster than broadcasting a column against a row, and the column broadcasts left
        # are plain copies.
        high, low, rate = (
            np.broadcast_to(a, (rows, width)).copy() for a in (m.high, m.low, m.ticket_rate())
        )
        weights = m.weight(4).astype(np.float32)
        # Most blocks share one traction weight: then traction is one column added.
        uniform = weights[0] if np.all(weights == weights[0]) else None
        weight = np.broadcast_to(weights, (rows, width)).copy()
        gated, marked = plan.gated, plan.marked
        min_gmv, min_growth = m.min_gmv[None, :gated], m.min_growth[None, :gated]
        mandate_ties = tie_breaks(start, stop)[plan.order]
        best = Best(width, self.k)
        r = self.rounds
        traction = r.traction.astype(np.float32)
        t, u = np.empty((rows, width)), np.empty((rows, width))
        v = np.empty((rows, width), dtype=np.float32)
        hits = (np.empty((rows, width), dtype=np.bool_), np.empty((rows, width), dtype=np.bool_))
        for (r0, r1), round_best in zip(self.stripes(), round_bests, strict=True):
            n = r1 - r0
            tn, un, vn = t[:n], u[:n], v[:n]
            s = gathered[0][groups[0].signature[r0:r1]]
            for table, group in zip(gathered[1:], groups[1:], strict=True):
                np.take(table, group.signature[r0:r1], axis=0, out=vn)
                s += vn
            np.copyto(tn, r.high[r0:r1, None])
            np.minimum(tn, high[:n], out=tn)
            np.copyto(un, r.low[r0:r1, None])
            np.maximum(un, low[:n], out=un)
            np.subtract(tn, un, out=tn)  # the overlap of the ticket ranges, < 0: none
            if marked:
                # -inf where the ranges do not meet, for the columns whose ticket part cannot
                # show it (see _Columns) ...
                np.copysign(np.inf, tn[:, :marked], out=un[:, :marked])
            if gated:
                # ... and where a traction threshold fails (a figure minus its threshold < 0)
                below = np.minimum(r.gmv[r0:r1, None] - min_gmv, r.growth[r0:r1, None] - min_growth)
                np.minimum(un[:, :gated], np.copysign(np.inf, below), out=un[:, :gated])
            np.multiply(tn, rate[:n], out=tn)
            np.rint(tn, out=tn)
            if marked:
                np.minimum(tn[:, :marked], un[:, :marked], out=tn[:, :marked])
            np.copyto(vn, tn, casting="same_kind")
            s += vn
            if uniform is not None:
                s += (uniform * traction[r0:r1])[:, None]
            else:
                np.copyto(vn, traction[r0:r1, None])
                np.multiply(vn, weight[:n], out=vn)
                s += vn
            self._offer(
                s, mandate_ties, r0, best, round_best, m, marked, (hits[0][:n], hits[1][:n])
            )
        best.flush()
        kept = np.empty_like(best.keys)
        kept[plan.order] = best.keys
        return kept

    def _categorical(self, m: MandateSide, fields: tuple[str, ...], rows: RoundSide) -> Singles:
        """(signatures, mandates) units of the block's mandates against each signature."""
        shared = {
            field: members_overlap(getattr(m, mine), getattr(rows, theirs))
            for field, (mine, theirs) in SET_FIELDS.items()
            if field in fields
        }
        units = categorical_units(
            reshaped(m, np.s_[None]), reshaped(rows, np.s_[:, None]), fields, shared
        )
        return np.ascontiguousarray(units, dtype=np.float32)

    def _offer(
        self,
        s: Singles,
        mandate_ties: Floats,
        r0: int,
        best: Best,
        round_best: Best,
        m: MandateSide,
        marked: int,
        scratch: tuple[Bools, Bools],
    ) -> None:
        """Hands the tile's pairs (rounds as rows) that beat a current k-th on to the two
        `Best` states."""
        hits, more = scratch
        if self.by_mandate:
            np.greater(s, best.floor[None, :], out=hits)
        if self.by_round:
            np.greater(s, round_best.floor[:, None], out=more if self.by_mandate else hits)
            if self.by_mandate:
                hits |= more
        found = np.flatnonzero(hits)
        if not len(found):
            return
        row, column = np.divmod(found, s.shape[1])
        units = s.ravel()[found].astype(np.float64)
        unmarked = column >= marked
        if np.any(unmarked):
            # A ranged mandate's ticket part is negative where the ranges do not meet, not
            # -inf: such a pair can still pass a floor, and is dropped here.
            r = self.rounds
            index = r0 + row
            ov = np.minimum(r.high[index], m.high[column]) - np.maximum(r.low[index], m.low[column])
            keep = ~unmarked | (ov >= 0)
            row, column, units = row[keep], column[keep], units[keep]
        if self.by_mandate:
            mine = units > best.floor[column]
            best.offer(column[mine], units[mine] + tie_breaks(r0, r0 + s.shape[0])[row[mine]])
        if self.by_round:
            theirs = units > round_best.floor[row]
            round_best.offer(row[theirs], units[theirs] + mandate_ties[column[theirs]])


@dataclass(frozen=True, slots=True, eq=False)
class _Columns:
    """How a block's mandates are laid out as tile columns: those with traction thresholds
    first (`gated`), then those without a ticket range of some width, then the rest. The first
    `marked` columns get -inf where the ticket ranges do not meet; the others (a range of some
    width) get a negative ticket part there instead, which saves two passes over the tile, and
    the candidates they hand over are checked. Ties still break by mandate index."""

    order: Ints
    gated: int
    marked: int

    @classmethod
    def of(cls, m: MandateSide) -> _Columns:
        gated = np.isfinite(m.min_gmv) | np.isfinite(m.min_growth)
        ranged = (m.ticket_rate() > 0) & ~gated
        order = np.lexsort((ranged, ~gated))
        return cls(order, int(np.count_nonzero(gated)), int(np.count_nonzero(~ranged)))


def _summed(tables: list[Singles], group: GatherGroup) -> Singles:
    """One table per combination of the group's keys: the sum of theirs."""
    total = tables[group.keys[0]][group.parts[:, 0]]
    for column, key in enumerate(group.keys[1:], start=1):
        total += tables[key][group.parts[:, column]]
    return total


def _matches(
    by: Direction, best: Floats, mandates: MandateTable, rounds: RoundTable, m: MandateSide
) -> Matches:
    units, other, valid = decode(ranked(best))
    owner = np.repeat(np.arange(best.shape[0]), best.shape[1]).reshape(best.shape)
    rank = np.broadcast_to(np.arange(1, best.shape[1] + 1), best.shape)
    owner, other, rank, units = owner[valid], other[valid], rank[valid], units[valid]
    mandate_index, round_index = (owner, other) if by == "mandate" else (other, owner)
    return Matches(
        by, mandate_index, round_index, rank, units, mandates.ids, rounds.ids, m, rounds.side()
    )


def match_all(
    mandates: Sequence[MandateSpec] | MandateTable,
    rounds: Sequence[RoundSpec] | RoundTable,
    *,
    top: int = 20,
    by: Collection[Direction] = ("mandate", "round"),
    threads: int = 2,
    fx: Mapping[str, Decimal] | Fx | None = None,
    tile: tuple[int, int] = DEFAULT_TILE,
) -> MatchResult:
    """The `top` best rounds of every mandate and/or the `top` best mandates of every round.

    Specs are encoded here (pass tables to encode once and reuse them); `fx` maps currency ->
    rate to CNY. `tile` is (mandates, rounds) per tile; `threads` workers share the blocks.
    The result does not depend on the order of the inputs, the tile or the thread count.
    """
    if top < 1 or not set(by) or not set(by) <= {"mandate", "round"}:
        raise ValueError("top must be positive and by a non-empty subset of mandate, round")
    mandate_table, round_table = tables(mandates, rounds, fx)
    side = mandate_table.side(round_table.vocabularies)
    round_side = round_table.side()
    block_size, stripe = max(1, tile[0]), max(1, tile[1])
    sweep = _Sweep(
        side,
        round_side,
        round_table,
        tuple(reshaped(round_side, key.representative) for key in round_table.keys),
        top,
        stripe,
        "mandate" in by,
        "round" in by,
    )
    total_m, total_r = len(mandate_table), len(round_table)
    blocks = [(s, min(s + block_size, total_m)) for s in range(0, total_m, block_size)]
    workers = max(1, min(threads, len(blocks)))
    stripes = sweep.stripes()
    # Rounds' candidates are merged about every block, so that their floors keep up.
    round_bests = [
        [Best(b - a, top, batch=2 * (b - a)) for a, b in stripes] for _ in range(workers)
    ]
    mandate_best = np.full((total_m, top), -np.inf)

    def work(worker: int) -> None:
        # Each worker takes its blocks in increasing order: equal units never displace a kept
        # pair (see topk), so the strict thresholds stay exact.
        for start, stop in blocks[worker::workers]:
            mandate_best[start:stop] = sweep.block(start, stop, round_bests[worker])
        for state in round_bests[worker]:
            state.flush()

    if total_r:
        if workers == 1:
            work(0)
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="matching") as pool:
                for done in [pool.submit(work, w) for w in range(workers)]:
                    done.result()
    by_mandate = by_round = None
    if sweep.by_mandate:
        by_mandate = _matches("mandate", mandate_best, mandate_table, round_table, side)
    if sweep.by_round:
        per_stripe = []
        for states in zip(*round_bests, strict=True):
            merged = states[0]
            for other in states[1:]:
                merged = merged.merged(other)
            per_stripe.append(merged.keys)
        best = np.vstack(per_stripe) if per_stripe else np.full((0, top), -np.inf)
        by_round = _matches("round", best, mandate_table, round_table, side)
    return MatchResult(by_mandate, by_round)
