"""Top-k with unique keys: a pair's score units and the other side's index packed in a float64.

`key = units + (INDEX_LIMIT - index) / 2**32`. Units are whole numbers below 2**20 and the
fraction has 32 bits, so the key is exact; a higher key is a higher score, and among equal
scores the lower index (the lower id: tables are sorted by id). No two candidates of one row
share a key, so which k are kept never depends on the order they arrive in.

`Best` keeps the k best keys of many rows and `floor`, the whole units of each row's k-th: the
matcher only offers pairs whose units (and, before that, whose bound) exceed it. A pair with
units equal to the floor cannot win when pairs arrive in increasing index order (the matcher's
walk): the kept one has the lower index. Candidates are buffered and merged in batches; a floor
that lags behind only lets more candidates through, never fewer.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

FRACTION: Final = 2.0**32
INDEX_LIMIT: Final = 2**32 - 1
FEW: Final = 4  # candidates per row merged in the narrow tier

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def tie_breaks(start: int, stop: int) -> Floats:
    """The key fractions of indices start..stop-1."""
    if stop > INDEX_LIMIT:
        raise ValueError("more rows than matching keys can index")
    return (INDEX_LIMIT - np.arange(start, stop, dtype=np.float64)) / FRACTION


def tie_breaks_of(index: Ints) -> Floats:
    """The key fractions of the given indices (below INDEX_LIMIT: see tie_breaks)."""
    return (INDEX_LIMIT - index.astype(np.float64)) / FRACTION


def decode(keys: Floats) -> tuple[Ints, Ints, Bools]:
    """Units, index and validity of keys."""
    valid = np.isfinite(keys)
    safe = np.where(valid, keys, 0.0)
    units = np.floor(safe)
    index = INDEX_LIMIT - np.rint((safe - units) * FRACTION)
    return units.astype(np.int64), index.astype(np.int64), valid


def ranked(keys: Floats) -> Floats:
    """Each row's keys, largest first (-inf last)."""
    return np.sort(keys, axis=1)[:, ::-1]


class Best:
    """The k largest keys of each of `rows` rows, unordered, with `floor` = the whole units of
    each row's k-th key as of the last merge (-inf while a row holds fewer than k)."""

    def __init__(self, rows: int, k: int, *, batch: int | None = None) -> None:
        self.k = k
        self.keys: Floats = np.full((rows, k), -np.inf)
        self.floor: npt.NDArray[np.float32] = np.full(rows, -np.inf, dtype=np.float32)
        self.batch = batch if batch is not None else 2 * k * max(rows, 1)
        self._rows: list[Ints] = []
        self._keys: list[Floats] = []
        self._pending = 0

    def offer(self, rows: Ints, keys: Floats) -> None:
        """Candidate keys of the given rows (any order, several per row)."""
        if len(rows):
            self._rows.append(rows)
            self._keys.append(keys)
            self._pending += len(rows)
            if self._pending >= self.batch:
                self.flush()

    def flush(self) -> None:
        """Merges the buffered candidates."""
        if not self._pending:
            return
        rows, keys = np.concatenate(self._rows), np.concatenate(self._keys)
        self._rows, self._keys, self._pending = [], [], 0
        # Row numbers below 2**15 sort as int16, by radix sort: linear time.
        small = rows.astype(np.int16) if len(self.keys) <= np.iinfo(np.int16).max else rows
        order = np.argsort(small, kind="stable")
        rows, keys = rows[order], keys[order]
        starts = np.flatnonzero(np.diff(rows, prepend=-1))
        counts = np.diff(starts, append=len(rows))
        slot = np.arange(len(rows)) - np.repeat(starts, counts)
        # Most rows bring one or two candidates and a few bring many: rows are merged in tiers
        # of up to FEW, twice that, four times that... candidates, so that the few do not widen
        # the work of all.
        tier = np.maximum(counts - 1, FEW - 1) // FEW
        tier = np.frexp(tier.astype(np.float64))[1]  # 0 for up to FEW, then one per doubling
        for level in np.unique(tier).tolist():
            chosen = tier == level
            member = np.repeat(chosen, counts)
            self._merge(rows[starts[chosen]], counts[chosen], slot[member], keys[member])

    def _merge(self, touched: Ints, counts: Ints, slot: Ints, keys: Floats) -> None:
        k, width = self.k, int(counts.max())
        work = np.full((len(touched), k + width), -np.inf)
        work[:, :k] = self.keys[touched]
        work[np.repeat(np.arange(len(touched)), counts), k + slot] = keys
        work.partition(width, axis=1)
        kept = work[:, width:]
        self.keys[touched] = kept
        self.floor[touched] = np.floor(kept.min(axis=1))

    def merged(self, other: Best) -> Best:
        """The k best of two flushed states of the same rows (one per worker)."""
        both = Best(len(self.keys), self.k)
        pool = np.hstack([self.keys, other.keys])
        both.keys = np.partition(pool, pool.shape[1] - self.k, axis=1)[:, -self.k :]
        both.floor = np.floor(both.keys.min(axis=1)).astype(np.float32)
        return both
