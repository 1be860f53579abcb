"""Rounds grouped by identical categorical fields, so set logic runs once per distinct value.

Thousands of rounds share a currency, an instrument, a stage, a set of sectors and a set of
regions. The matcher scores the categorical part once per distinct combination and mandate (a
small table) and then gathers it per round. Combining every field can give nearly one
combination per round, so fields are combined greedily in a fixed order while the number of
distinct combinations stays under `limit` (scoring a combination costs tens of operations);
the next field starts a new key. Keys are then grouped the same way under a larger limit, since
adding up two tables per combination costs one operation: the matcher gathers once per group.
The score is the same whatever the grouping: contributions are whole units (see fit.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

FIELD_ORDER: Final = ("group", "instrument", "stage", "sector", "region")
MIN_LIMIT: Final = 256
KEY_SHARE: Final = 64  # at most rounds / 64 combinations per key
GROUP_SHARE: Final = 8  # at most rounds / 8 combinations per gather group

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class SignatureKey:
    """`fields` share one signature per round: `signature[r]` indexes `representative`, a row
    holding that combination."""

    fields: tuple[str, ...]
    signature: Ints
    representative: Ints


def _dense(values: npt.NDArray[np.generic]) -> tuple[Ints, int]:
    """Values (n,) or rows (n, w) as dense codes 0..distinct-1, in sorted order of the values
    (rows: word by word, which sorts 1-D integers instead of rows)."""
    if values.ndim == 1:
        _, inverse = np.unique(values, return_inverse=True)
        codes = inverse.reshape(-1).astype(np.int64)
        return codes, int(codes.max(initial=-1)) + 1
    codes, size = _dense(values[:, 0])
    for word in range(1, values.shape[1]):
        more, more_size = _dense(values[:, word])
        codes, size = _dense(codes * max(more_size, 1) + more)
    return codes, size


def _key(fields: tuple[str, ...], codes: Ints) -> SignatureKey:
    _, first = np.unique(codes, return_index=True)
    return SignatureKey(fields, codes, first.astype(np.int64))


@dataclass(frozen=True, slots=True, eq=False)
class GatherGroup:
    """Consecutive keys gathered as one: `signature[r]` indexes `parts`, whose row holds the
    signature of each key in `keys` (indices into the table's keys)."""

    keys: tuple[int, ...]
    signature: Ints
    parts: Ints


def gather_groups(
    keys: tuple[SignatureKey, ...], *, limit: int | None = None
) -> tuple[GatherGroup, ...]:
    n = len(keys[0].signature)
    cap = max(MIN_LIMIT, n // GROUP_SHARE) if limit is None else limit
    groups: list[GatherGroup] = []
    members: tuple[int, ...] = ()
    current = np.zeros(n, dtype=np.int64)
    for index, key in enumerate(keys):
        size = len(key.representative)
        combined, combined_size = _dense(current * max(size, 1) + key.signature)
        if members and combined_size > cap:
            groups.append(_group(members, current, keys))
            members, current = (index,), key.signature
        else:
            members, current = (*members, index), combined
    groups.append(_group(members, current, keys))
    return tuple(groups)


def _group(members: tuple[int, ...], codes: Ints, keys: tuple[SignatureKey, ...]) -> GatherGroup:
    _, first = np.unique(codes, return_index=True)
    parts = np.column_stack([keys[i].signature[first] for i in members]).astype(np.int64)
    return GatherGroup(members, codes, parts)


def signature_keys(
    columns: Mapping[str, npt.NDArray[np.generic]], *, limit: int | None = None
) -> tuple[SignatureKey, ...]:
    """Keys over `columns` (field -> codes (n,) or masks (n, words)), in `FIELD_ORDER`."""
    n = len(next(iter(columns.values())))
    cap = max(MIN_LIMIT, n // KEY_SHARE) if limit is None else limit
    keys: list[SignatureKey] = []
    fields: tuple[str, ...] = ()
    current = np.zeros(n, dtype=np.int64)
    for name in FIELD_ORDER:
        codes, distinct = _dense(columns[name])
        combined, combined_size = _dense(current * max(distinct, 1) + codes)
        if fields and combined_size > cap:
            keys.append(_key(fields, current))
            fields, current = (name,), codes
        else:
            fields, current = (*fields, name), combined
    keys.append(_key(fields, current))
    return tuple(keys)
