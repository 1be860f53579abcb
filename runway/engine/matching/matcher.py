"""Every mandate against every round, in tiles, keeping the top k both ways.

Rounds are cut into stripes and each worker thread owns every `threads`-th stripe; every worker
walks all mandates in blocks, in order. A block's categorical fields are scored once per round
signature (small tables, shared by the workers) and the most the ticket part can give is added.
A tile (stripe x block, rounds as rows, so that the gathers copy whole rows) is gathered from
those tables in float32 (whole units below 2**24 are exact) and gets the traction part: it then
holds an upper bound of every pair's units, -inf where a categorical filter fails. Only pairs
whose bound beats their mandate's or their round's current k-th units leave the tile (two
compares and a flatnonzero). They are settled a batch at a time: ticket overlap and traction
thresholds checked, the ticket part computed in float64 as the pair formula has it, and the
pairs still above a k-th get exact keys and go to the worker's per-mandate and per-round `Best`.
The per-pair work is a few float32 passes that stay in cache; the float64 work is done for the
few pairs that may rank. A round belongs to one worker, so its floor always reflects every
mandate seen so far; the workers' per-mandate states are merged at the end. numpy releases the
GIL in these loops, so workers run in parallel. No pair is ever a Python object.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Final

import numpy as np
import numpy.typing as npt

from runway.engine.matching.codes import members_overlap
from runway.engine.matching.fit import (
    SET_FIELDS,
    THRESHOLDS,
    UNIT_PER_WEIGHT,
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
from runway.engine.matching.topk import Best, decode, ranked, tie_breaks, tie_breaks_of

# mandates x rounds: a float32 tile of 512 KB and its scratch stay in a core's cache, and a
# tile is work enough that the Python between numpy calls (which holds the GIL) is a small
# share of it.
DEFAULT_TILE: Final = (128, 1024)
SETTLE_AT: Final = 1 << 15  # candidates settled at once
MAX_RUNS: Final = 4  # distinct traction weights in a block added column-wise; more: a product

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
class _Block:
    """A block of mandates laid out as tile columns (see _Columns), with its gather tables:
    categorical units plus the most the ticket part can give, per round signature."""

    start: int
    stop: int
    columns: _Columns
    m: MandateSide  # the block's mandates in column order
    gathered: tuple[Singles, ...]  # per gather group: (combinations, columns)
    ticket_most: Floats
    ties: Floats  # the mandates' key fractions, in column order


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

    def prepare(self, start: int, stop: int) -> _Block:
        """The tables of mandates start..stop."""
        columns = _Columns.of(reshaped(self.mandates, np.s_[start:stop]))
        m = reshaped(self.mandates, start + columns.order)
        tables = [
            self._categorical(m, key.fields, rows)
            for key, rows in zip(self.round_table.keys, self.representatives, strict=True)
        ]
        # The ticket part is at most its weight: with it the tables bound a pair from above.
        ticket_most = m.weight(3) * UNIT_PER_WEIGHT
        tables[0] += ticket_most.astype(np.float32)[None, :]
        gathered = tuple(
            tables[g.keys[0]] if len(g.keys) == 1 else _summed(tables, g)
            for g in self.round_table.groups
        )
        ties = tie_breaks(start, stop)[columns.order]
        return _Block(start, stop, columns, m, gathered, ticket_most, ties)

    def block(self, block: _Block, stripes: list[tuple[int, int]], round_best: Best) -> Floats:
        """The block's mandates against the rounds of `stripes`: their (mandates, k) best keys
        among those rounds; offers the rounds' candidates to `round_best`."""
        width, rows = block.stop - block.start, self.stripe
        best = Best(width, self.k)
        settle = _Settle(self, block, best, round_best)
        traction = self.rounds.traction.astype(np.float32)
        weights = block.m.weight(4).astype(np.float32)[None, :]
        runs = block.columns.runs if len(block.columns.runs) <= MAX_RUNS else None
        groups, gathered = self.round_table.groups, block.gathered
        s = np.empty((rows, width), dtype=np.float32)
        v = np.empty((rows, width), dtype=np.float32)
        hits = np.empty((rows, width), dtype=np.bool_)
        more = np.empty((rows, width), dtype=np.bool_)
        for r0, r1 in stripes:
            n = r1 - r0
            sn, vn = s[:n], v[:n]
            # mode="clip": the indices are valid, and a checked take would buffer `out`.
            np.take(gathered[0], groups[0].signature[r0:r1], axis=0, out=sn, mode="clip")
            for table, group in zip(gathered[1:], groups[1:], strict=True):
                np.take(table, group.signature[r0:r1], axis=0, out=vn, mode="clip")
                sn += vn
            if runs is None:
                np.multiply(traction[r0:r1, None], weights, out=vn)
                sn += vn
            else:
                for a, b, weight in runs:
                    part = (traction[r0:r1] * weight)[:, None]
                    if b - a == width:
                        sn += part
                    else:
                        sn[:, a:b] += part
            floor = round_best.floor[r0:r1] if self.by_round else None
            found = self._candidates(sn, best.floor, floor, hits[:n], more[:n])
            if len(found):
                settle.add(r0, found, sn.ravel()[found])
        settle.flush()
        best.flush()
        kept = np.empty_like(best.keys)
        kept[block.columns.order] = best.keys
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

    def _candidates(
        self,
        bound: Singles,
        mandate_floor: Singles,
        round_floor: Singles | None,
        hits: Bools,
        more: Bools,
    ) -> Ints:
        """Flat positions of the tile's pairs whose bound beats their mandate's or their
        round's current k-th units."""
        if self.by_mandate:
            np.greater(bound, mandate_floor[None, :], out=hits)
        if round_floor is not None:
            np.greater(bound, round_floor[:, None], out=more if self.by_mandate else hits)
            if self.by_mandate:
                hits |= more
        return np.flatnonzero(hits)


class _Settle:
    """A block's candidates, settled a batch at a time: the hard filters the tile left out
    (ticket overlap, traction thresholds), the exact ticket part in place of its bound, and
    the offers of the pairs that still beat a k-th. The floors read here only hold pairs of
    lower indices than the batch's (earlier stripes for mandates, earlier blocks for rounds),
    so the strict comparison is exact (see topk)."""

    def __init__(self, sweep: _Sweep, block: _Block, best: Best, round_best: Best) -> None:
        self.sweep, self.block, self.best, self.round_best = sweep, block, best, round_best
        m = block.m
        self.width = len(m.low)
        self.rate = m.ticket_rate()
        # The exact ticket part replaces the bound's: rint(overlap x rate) + constant - most.
        self.shift = m.ticket_constant() - block.ticket_most
        self.thresholds = [
            (getattr(sweep.rounds, figure), getattr(m, minimum))
            for figure, minimum in THRESHOLDS
            if np.isfinite(getattr(m, minimum)).any()
        ]
        self.parts: list[tuple[int, Ints, Singles]] = []
        self.pending = 0

    def add(self, r0: int, found: Ints, bounds: Singles) -> None:
        """The tile of rounds from `r0` on: its candidates' flat positions and bounds."""
        self.parts.append((r0, found, bounds))
        self.pending += len(found)
        if self.pending >= SETTLE_AT:
            self.flush()

    def flush(self) -> None:
        if not self.parts:
            return
        parts, self.parts, self.pending = self.parts, [], 0
        counts = [len(found) for _, found, _ in parts]
        local, column = np.divmod(np.concatenate([found for _, found, _ in parts]), self.width)
        row = local + np.repeat(np.array([r0 for r0, _, _ in parts], dtype=np.int64), counts)
        bounds = np.concatenate([bounds for _, _, bounds in parts])
        r, m = self.sweep.rounds, self.block.m
        ov = np.minimum(r.high[row], m.high[column]) - np.maximum(r.low[row], m.low[column])
        ok = ov >= 0
        for figure, minimum in self.thresholds:
            ok &= figure[row] >= minimum[column]
        kept = np.flatnonzero(ok)
        row, column, ov = row[kept], column[kept], ov[kept]
        units = bounds[kept].astype(np.float64)
        units += np.rint(ov * self.rate[column]) + self.shift[column]
        if self.sweep.by_mandate:
            mine = units > self.best.floor[column]
            self.best.offer(column[mine], units[mine] + tie_breaks_of(row[mine]))
        if self.sweep.by_round:
            theirs = units > self.round_best.floor[row]
            self.round_best.offer(row[theirs], units[theirs] + self.block.ties[column[theirs]])


class _Abandoned(RuntimeError):
    """Another worker failed; its own error is the one to report."""


class _Blocks:
    """Blocks prepared once and shared by the workers, who take them in the same order:
    worker w prepares every w-th block, the others wait for it; a block is dropped when every
    worker has taken it, so only a few are held at a time."""

    def __init__(self, sweep: _Sweep, bounds: list[tuple[int, int]], workers: int) -> None:
        self.sweep, self.bounds, self.workers = sweep, bounds, workers
        self.ready = [threading.Event() for _ in bounds]
        self.prepared: dict[int, _Block] = {}
        self.taken = [0] * len(bounds)
        self.lock = threading.Lock()

    def take(self, index: int, worker: int) -> _Block:
        if index % self.workers == worker:
            try:
                prepared = self.sweep.prepare(*self.bounds[index])
                with self.lock:
                    self.prepared[index] = prepared
            finally:  # the others must not wait for a block that failed
                self.ready[index].set()
        self.ready[index].wait()
        with self.lock:
            block = self.prepared.get(index)
            self.taken[index] += 1
            if block is not None and self.taken[index] == self.workers:
                del self.prepared[index]
        if block is None:
            raise _Abandoned
        return block

    def abandon(self) -> None:
        """A worker failed: the others stop waiting for its blocks (and fail too)."""
        for event in self.ready:
            event.set()


@dataclass(frozen=True, slots=True, eq=False)
class _Columns:
    """A block's mandates as tile columns, ordered by traction weight: each run of equal
    weights gets the traction part as one broadcast column (most blocks have a single run).
    Ties still break by mandate index."""

    order: Ints
    runs: tuple[tuple[int, int, np.float32], ...]

    @classmethod
    def of(cls, m: MandateSide) -> _Columns:
        weights = m.weight(4)
        order = np.argsort(weights, kind="stable").astype(np.int64)
        ordered = weights[order]
        cuts = [0, *(np.flatnonzero(np.diff(ordered)) + 1).tolist(), len(ordered)]
        runs = tuple((a, b, np.float32(ordered[a])) for a, b in pairwise(cuts))
        return cls(order, runs)


def _summed(tables: list[Singles], group: GatherGroup) -> Singles:
    """One table per combination of the group's keys: the sum of theirs."""
    total = tables[group.keys[0]][group.parts[:, 0]]
    for column, key in enumerate(group.keys[1:], start=1):
        total += tables[key][group.parts[:, column]]
    return total


def _merged(keys: list[Floats], k: int) -> Floats:
    """The k best keys of each row over the workers' states."""
    if len(keys) == 1:
        return keys[0]
    pool = np.hstack(keys)
    return np.partition(pool, pool.shape[1] - k, axis=1)[:, -k:]


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
    rate to CNY. `tile` is (mandates, rounds) per tile; `threads` workers share the rounds.
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
    stripes = sweep.stripes()
    workers = max(1, min(threads, len(stripes)))
    prepared = _Blocks(sweep, blocks, workers)
    mandate_bests = [np.full((total_m, top), -np.inf) for _ in range(workers)]
    # Rounds' candidates are merged about twice per round, so that their floors keep up.
    round_bests = [
        Best(total_r, top, batch=2 * stripe * len(stripes[w::workers])) for w in range(workers)
    ]

    def work(worker: int) -> None:
        # Each worker takes the blocks, and its stripes within each, in increasing order: equal
        # units never displace a kept pair (see topk), so the strict thresholds stay exact.
        share = stripes[worker::workers]
        try:
            for index, (start, stop) in enumerate(blocks):
                block = prepared.take(index, worker)
                mandate_bests[worker][start:stop] = sweep.block(block, share, round_bests[worker])
        except BaseException:
            prepared.abandon()
            raise
        round_bests[worker].flush()

    if total_r and total_m:
        if workers == 1:
            work(0)
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="matching") as pool:
                futures = [pool.submit(work, w) for w in range(workers)]
            errors = [e for e in (f.exception() for f in futures) if e is not None]
            if errors:
                raise next((e for e in errors if not isinstance(e, _Abandoned)), errors[0])
    by_mandate = by_round = None
    if sweep.by_mandate:
        best = _merged(mandate_bests, top)
        by_mandate = _matches("mandate", best, mandate_table, round_table, side)
    if sweep.by_round:
        best = _merged([state.keys for state in round_bests], top)
        by_round = _matches("round", best, mandate_table, round_table, side)
    return MatchResult(by_mandate, by_round)
