"""Follow-on pro-rata allowances: how much of a new round each existing holder may take first.

Pure arithmetic over the venture's holdings (no database here; services.commitments loads them).

For an equity round a holder's allowance is its ownership today times the new round's target.
Ownership today is each holding's stake after its own round, diluted by every later round: a
round whose holdings took a fraction f of the company leaves earlier holders (1 - f) of what they
had. A holder with no stake on record (its holdings are debt or revenue-based), and every holder
of a round that is not equity, gets its share of all the amounts held in the venture instead.
Allowances are rounded down to the cent, so together they never exceed the target.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Held:
    """One holding: `holder_id` is None for a government program's."""

    holder_id: int | None
    round_id: int
    acquired_on: dt.date
    amount: Decimal
    ownership: Decimal | None


def current_ownership(held: Iterable[Held]) -> dict[int, Decimal]:
    """Each private holder's stake today, after the dilution of the rounds that followed."""
    rows = list(held)
    order = sorted({(row.acquired_on, row.round_id) for row in rows})
    issued: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.ownership is not None:
            issued[row.round_id] += row.ownership
    owned: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.holder_id is None or row.ownership is None:
            continue
        stake = row.ownership
        later = order[order.index((row.acquired_on, row.round_id)) + 1 :]
        for _day, round_id in later:
            stake *= ONE - min(issued[round_id], ONE)
        owned[row.holder_id] += stake
    return dict(owned)


def allowances(held: Iterable[Held], *, target: Decimal, equity: bool) -> dict[int, Decimal]:
    """Each private holder's pro-rata allowance in a new round of `target`."""
    rows = list(held)
    stakes = current_ownership(rows) if equity else {}
    amounts: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.holder_id is not None:
            amounts[row.holder_id] += row.amount
    total_held = sum((row.amount for row in rows), ZERO)
    result: dict[int, Decimal] = {}
    for holder_id, amount in amounts.items():
        stake = stakes.get(holder_id)
        if stake:
            share = stake
        elif total_held > 0:
            share = amount / total_held
        else:
            share = ZERO
        result[holder_id] = min(target * share, target).quantize(CENT, rounding=ROUND_DOWN)
    return result
