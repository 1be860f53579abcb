"""Indicative valuation band from sector multiples of trailing revenue or profit.

low/mid/high = the metric x the sector's low/mid/high multiple, rounded to the cent. Profit is
the basis when a trailing-12-month profit above zero is given and the sector row has profit
multiples; otherwise revenue. The table (data/valuation.toml) is indicative: see
docs/decisions.md, "Valuation band".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from runway.engine.financing.datafiles import read_table
from runway.engine.financing.history import cents
from runway.engine.money import Currency, Money

Multiples = tuple[Decimal, Decimal, Decimal]  # low, mid, high


@dataclass(frozen=True, slots=True)
class SectorMultiples:
    revenue: Multiples
    profit: Multiples | None = None

    def __post_init__(self) -> None:
        for multiples in (self.revenue, self.profit):
            if multiples is None:
                continue
            low, mid, high = multiples
            if not Decimal(0) <= low <= mid <= high:
                raise ValueError("multiples are low <= mid <= high and not negative")


@dataclass(frozen=True, slots=True)
class ValuationTable:
    sectors: Mapping[str, SectorMultiples]
    default: SectorMultiples

    def row(self, sector: str) -> tuple[str, SectorMultiples]:
        """The sector's row and its name, or "default" and the default row."""
        found = self.sectors.get(sector)
        return (sector, found) if found is not None else ("default", self.default)


@dataclass(frozen=True, slots=True)
class ValuationBand:
    low: Money
    mid: Money
    high: Money
    basis: Literal["revenue", "profit"]
    multiples: Multiples
    sector: str  # the table row used: the sector, or "default"


def load_table() -> ValuationTable:
    data = read_table("valuation.toml", exact=True)
    return ValuationTable(
        sectors=MappingProxyType({code: _row(row) for code, row in data["sectors"].items()}),
        default=_row(data["default"]),
    )


def _row(row: Mapping[str, list[Decimal]]) -> SectorMultiples:
    def triple(values: list[Decimal]) -> Multiples:
        low, mid, high = (Decimal(v) for v in values)
        return (low, mid, high)

    profit = row.get("profit")
    return SectorMultiples(triple(row["revenue"]), triple(profit) if profit else None)


DEFAULT_TABLE = load_table()


def valuation_band(
    sector: str,
    *,
    ttm_revenue: Decimal,
    ttm_profit: Decimal | None = None,
    currency: str,
    table: ValuationTable = DEFAULT_TABLE,
) -> ValuationBand:
    """Indicative low/mid/high value of a venture in `sector` (a platform sector code; an
    unknown code uses the default row) from trailing-12-month revenue or profit in `currency`."""
    if ttm_revenue < 0:
        raise ValueError("trailing revenue is not negative")
    name, row = table.row(sector)
    if ttm_profit is not None and ttm_profit > 0 and row.profit is not None:
        basis: Literal["revenue", "profit"] = "profit"
        metric, multiples = ttm_profit, row.profit
    else:
        basis, metric, multiples = "revenue", ttm_revenue, row.revenue
    money = Currency(currency)
    low, mid, high = (Money(cents(metric * m), money) for m in multiples)
    return ValuationBand(low, mid, high, basis, multiples, name)
