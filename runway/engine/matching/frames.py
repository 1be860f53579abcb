"""Specs as frames, and the frames' schemas: the columnar form tables are built from.

`mandates_frame` / `rounds_frame` turn specs into frames of `MANDATE_SCHEMA` / `ROUND_SCHEMA`;
the batch reader builds the same frames from CSV. Amounts become float64 copies of the Decimal
values (the matcher compares them as floats; results carry no amounts); weights become
thousandths. `Fx` holds the rates to CNY and `currency_group` says how a currency compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from runway.engine.matching.specs import COMPONENTS, MandateSpec, RoundSpec

Floats = npt.NDArray[np.float64]

SETS = pl.List(pl.String())
# A round without a target overlaps every range; the group filter keeps it from mandates that
# have one. Finite, so that zero times it stays zero.
UNKNOWN_TARGET: Final = 1e300
_MANDATE_TYPES: dict[str, pl.DataType] = {
    "mandate_id": pl.String(),
    "investor": pl.String(),
    "instruments": SETS,
    "sectors": SETS,
    "stages": SETS,
    "regions": SETS,
    "ticket_min": pl.Float64(),
    "ticket_max": pl.Float64(),
    "currency": pl.String(),
    "must": SETS,
    "min_gmv_12m": pl.Float64(),
    "min_growth_yoy": pl.Float64(),
    "min_months_history": pl.Float64(),
    "min_repeat_rate": pl.Float64(),
    **{f"weight_{name}": pl.Int64() for name in COMPONENTS},  # thousandths, summing to 1000
}
MANDATE_SCHEMA: Final = pl.Schema(_MANDATE_TYPES)
_ROUND_TYPES: dict[str, pl.DataType] = {
    "round_id": pl.String(),
    "instrument": pl.String(),
    "sectors": SETS,
    "stage": pl.String(),
    "regions": SETS,
    "target_amount": pl.Float64(),
    "min_ticket": pl.Float64(),
    "currency": pl.String(),
    "gmv_12m": pl.Float64(),
    "growth_yoy": pl.Float64(),
    "months_history": pl.Float64(),
    "repeat_rate": pl.Float64(),
    "score": pl.Float64(),
}
ROUND_SCHEMA: Final = pl.Schema(_ROUND_TYPES)


def quantize_weights(raw: tuple[Decimal, ...]) -> tuple[int, ...]:
    """Weights normalized to thousandths that sum to exactly 1000: each takes the floor of its
    share, and the thousandths left go to the largest remainders (the earlier component first)."""
    total = sum(raw)
    shares = [Fraction(value) * 1000 / Fraction(total) for value in raw]
    floors = [int(share) for share in shares]
    left = 1000 - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return tuple(floors)


def _float(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def mandates_frame(specs: Iterable[MandateSpec]) -> pl.DataFrame:
    """Specs as a frame of `MANDATE_SCHEMA`."""
    rows = []
    for spec in specs:
        weights = quantize_weights(spec.weight_values())
        rows.append(
            (
                spec.mandate_id,
                spec.investor,
                sorted(spec.instruments),
                sorted(spec.sectors),
                sorted(spec.stages),
                sorted(spec.regions),
                _float(spec.ticket_min),
                _float(spec.ticket_max),
                spec.currency,
                sorted(spec.must),
                _float(spec.min_gmv_12m),
                _float(spec.min_growth_yoy),
                _float(spec.min_months_history),
                _float(spec.min_repeat_rate),
                *weights,
            )
        )
    return pl.DataFrame(rows, schema=MANDATE_SCHEMA, orient="row")


def rounds_frame(specs: Iterable[RoundSpec]) -> pl.DataFrame:
    """Specs as a frame of `ROUND_SCHEMA`."""
    rows = [
        (
            spec.round_id,
            spec.instrument,
            sorted(spec.sectors),
            spec.stage,
            sorted(spec.regions),
            _float(spec.target_amount),
            _float(spec.min_ticket),
            spec.currency,
            _float(spec.gmv_12m),
            _float(spec.growth_yoy),
            _float(spec.months_history),
            _float(spec.repeat_rate),
            _float(spec.score),
        )
        for spec in specs
    ]
    return pl.DataFrame(rows, schema=ROUND_SCHEMA, orient="row")


@dataclass(frozen=True, slots=True)
class Fx:
    """Rates to CNY. `of(None)` is None: no conversion, differing currencies never match."""

    rates: tuple[tuple[str, float], ...]

    @classmethod
    def of(cls, rates: Mapping[str, Decimal] | Fx | None) -> Fx | None:
        if rates is None or isinstance(rates, Fx):
            return rates
        return cls(tuple(sorted((c.strip().upper(), float(r)) for c, r in rates.items())))

    def table(self) -> dict[str, float]:
        return {"CNY": 1.0, **dict(self.rates)}


def currency_group(currency: str, fx: Fx | None) -> tuple[str, float]:
    """One currency's group and factor (what `_groups` does for a column)."""
    currency = currency.strip().upper()
    rate = fx.table().get(currency) if fx is not None else None
    return ("CNY", rate) if rate is not None else (currency, 1.0)


def currency_groups(currency: pl.Series, fx: Fx | None) -> tuple[pl.Series, Floats]:
    """Each row's currency group and the factor that takes its amounts into the group's unit."""
    currency = currency.str.strip_chars().str.to_uppercase()
    if fx is None:
        return currency, np.ones(len(currency))
    rate = currency.replace_strict(fx.table(), default=None, return_dtype=pl.Float64)
    group = pl.select(
        pl.when(rate.is_not_null()).then(pl.lit("CNY")).otherwise(currency)
    ).to_series()
    return group, rate.fill_null(1.0).to_numpy()


MUST_ORDER: Final = ("sectors", "stages", "regions")
