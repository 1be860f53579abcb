"""Free-string codes as integers: a sorted vocabulary per field, sets as bitmasks of uint64 words.

A set field (sectors, regions, a mandate's instruments and stages) becomes one row of `words`
uint64 per row, bit `c` set when the row holds code `c`; more than 64 codes take more words. A
single-valued field (a round's instrument, stage, currency) is one code per row, -1 when empty
and -2 when the value is not in the vocabulary it was encoded with (known, but nobody on the
other side names it). `counts` keep the number of distinct codes of each row, including codes
outside the vocabulary, so "a third of the venture's sectors" stays right after translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

EMPTY: Final = -1
ABSENT: Final = -2
WORD_BITS: Final = 64

Masks = npt.NDArray[np.uint64]
Ints = npt.NDArray[np.int64]


def words_for(size: int) -> int:
    return max(1, -(-size // WORD_BITS))


def build_masks(rows: Ints, codes: Ints, n: int, words: int) -> Masks:
    """Bitmasks (n, words) with bit `codes[i]` set in row `rows[i]` (negative codes skipped)."""
    masks = np.zeros((n, words), dtype=np.uint64)
    keep = codes >= 0
    rows, codes = rows[keep], codes[keep]
    bits = np.left_shift(np.uint64(1), (codes % WORD_BITS).astype(np.uint64))
    np.bitwise_or.at(masks, (rows, codes // WORD_BITS), bits)
    return masks


def overlap(a: Masks, b: Masks) -> npt.NDArray[np.int64]:
    """Shared codes of masks that broadcast against each other (last axis: the words)."""
    total = np.bitwise_count(np.bitwise_and(a[..., 0], b[..., 0])).astype(np.int64)
    for word in range(1, a.shape[-1]):
        total = total + np.bitwise_count(np.bitwise_and(a[..., word], b[..., word]))
    return total


def members_overlap(sets: Masks, others: Masks) -> npt.NDArray[np.int64]:
    """`overlap` of every row of `others` (u, words) with every row of `sets` (n, words), as
    (u, n), in time proportional to u x (codes held by `sets`) rather than u x n x words:
    a mandate names a few codes out of hundreds."""
    bits = np.unpackbits(sets.astype("<u8").view(np.uint8), axis=1, bitorder="little")
    owner, code = np.nonzero(bits)
    shift = (code % WORD_BITS).astype(np.uint64)
    hit = (others[:, code // WORD_BITS] >> shift) & np.uint64(1)
    running = np.zeros((len(others), len(code) + 1), dtype=np.int64)
    np.cumsum(hit, axis=1, out=running[:, 1:])
    bounds = np.searchsorted(owner, np.arange(len(sets) + 1))
    return running[:, bounds[1:]] - running[:, bounds[:-1]]


def _lookup(values: pl.Series, vocabulary: tuple[str, ...]) -> Ints:
    """Each value's index in the sorted vocabulary, ABSENT when it is not there."""
    known = pl.DataFrame(
        {
            "value": pl.Series(vocabulary, dtype=pl.String),
            "code": pl.Series(np.arange(len(vocabulary)), dtype=pl.Int64),
        }
    )
    found = pl.DataFrame({"value": values}).join(
        known, on="value", how="left", maintain_order="left"
    )
    return found["code"].fill_null(ABSENT).to_numpy().astype(np.int64)


@dataclass(frozen=True, slots=True, eq=False)
class CodeSets:
    """A set of codes per row: `masks` (n, words), `counts` (n,), and the (row, code) members
    kept for translating into another vocabulary."""

    vocabulary: tuple[str, ...]
    masks: Masks
    counts: Ints
    member_rows: Ints
    member_codes: Ints

    @classmethod
    def encode(cls, lists: pl.Series, vocabulary: tuple[str, ...] | None = None) -> CodeSets:
        """Lists of strings (null or empty = the empty set) -> sets; values are trimmed and
        empty ones dropped. Without a vocabulary, the sorted distinct values become it."""
        n = len(lists)
        members = (
            pl.DataFrame({"value": lists.cast(pl.List(pl.String))})
            .with_row_index("row")
            .explode("value")
            .with_columns(pl.col("value").str.strip_chars())
            .filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
            .unique(["row", "value"])
            .sort("row", "value")
        )
        if vocabulary is None:
            vocabulary = tuple(members["value"].unique().sort().to_list())
        rows = members["row"].to_numpy().astype(np.int64)
        codes = _lookup(members["value"], vocabulary)
        counts = np.bincount(rows, minlength=n).astype(np.int64)
        masks = build_masks(rows, codes, n, words_for(len(vocabulary)))
        return cls(vocabulary, masks, counts, rows, codes)

    def translate(self, vocabulary: tuple[str, ...]) -> CodeSets:
        """The same sets over another vocabulary; codes it lacks drop out of the masks, not out
        of the counts."""
        if vocabulary == self.vocabulary:
            return self
        mapping = _lookup(pl.Series(self.vocabulary, dtype=pl.String), vocabulary)
        valid = self.member_codes >= 0
        codes = np.full(len(self.member_codes), ABSENT, dtype=np.int64)
        codes[valid] = mapping[self.member_codes[valid]]
        n = len(self.counts)
        masks = build_masks(self.member_rows, codes, n, words_for(len(vocabulary)))
        return CodeSets(vocabulary, masks, self.counts, self.member_rows, codes)

    def take(self, rows: Ints) -> CodeSets:
        """A subset of rows (members are not carried: the result is for scoring only)."""
        empty = np.zeros(0, dtype=np.int64)
        return CodeSets(self.vocabulary, self.masks[rows], self.counts[rows], empty, empty)


@dataclass(frozen=True, slots=True, eq=False)
class CodeColumn:
    """One code per row: EMPTY for no value, ABSENT for a value outside the vocabulary."""

    vocabulary: tuple[str, ...]
    codes: Ints

    @classmethod
    def encode(cls, values: pl.Series, vocabulary: tuple[str, ...] | None = None) -> CodeColumn:
        cleaned = values.cast(pl.String).str.strip_chars()
        present = cleaned.is_not_null() & (cleaned != "")
        if vocabulary is None:
            vocabulary = tuple(cleaned.filter(present).unique().sort().to_list())
        codes = _lookup(cleaned, vocabulary)
        codes[~present.to_numpy()] = EMPTY
        return cls(vocabulary, codes)

    def translate(self, vocabulary: tuple[str, ...]) -> CodeColumn:
        if vocabulary == self.vocabulary:
            return self
        mapping = _lookup(pl.Series(self.vocabulary, dtype=pl.String), vocabulary)
        codes = self.codes.copy()
        known = codes >= 0
        codes[known] = mapping[codes[known]]
        return CodeColumn(vocabulary, codes)

    def masks(self) -> Masks:
        """One-hot masks (no bit for EMPTY or ABSENT), to test membership with `overlap`."""
        rows = np.arange(len(self.codes), dtype=np.int64)
        return build_masks(rows, self.codes, len(self.codes), words_for(len(self.vocabulary)))
