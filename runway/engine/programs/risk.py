"""Probability of default by grade and loss given default by instrument.

The tables are data (runway/engine/data/risk_tables.toml); a platform that has observed its own
outcomes passes its own to the calculator. Probabilities are annual: a deal's probability of
default over its term compounds the annual one, 1 - (1 - pd) ** (term_months / 12).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum
from importlib.resources import files
from types import MappingProxyType

from runway.engine.programs.fields import GRADES


class InstrumentKind(StrEnum):
    EQUITY = "equity"
    LOAN = "loan"
    REVENUE_BASED = "revenue_based"


class RiskTableError(ValueError):
    """A risk table that is incomplete or holds a value outside [0, 1]."""


@dataclass(frozen=True, slots=True)
class RiskTables:
    pd_annual: Mapping[str, Decimal]
    lgd: Mapping[str, Decimal]


def risk_tables_from_toml(text: str) -> RiskTables:
    """Both tables from TOML text laid out as runway/engine/data/risk_tables.toml."""
    data = tomllib.loads(text, parse_float=Decimal)
    return RiskTables(
        pd_annual=_table(data, "probability_of_default_annual", GRADES),
        lgd=_table(data, "loss_given_default", tuple(kind.value for kind in InstrumentKind)),
    )


def cumulative_pd(pd_annual: Decimal, term_months: int) -> Decimal:
    """Probability of default within `term_months`, compounding the annual probability."""
    if term_months <= 0:
        raise ValueError("term_months must be positive")
    if term_months % 12 == 0:
        # Integer powers are exact in Decimal, which keeps hand-checked examples exact.
        return 1 - (1 - pd_annual) ** (term_months // 12)
    with localcontext() as context:
        context.prec = 28
        return 1 - (1 - pd_annual) ** (Decimal(term_months) / 12)


def _table(data: Mapping[str, object], name: str, keys: tuple[str, ...]) -> Mapping[str, Decimal]:
    table = data.get(name)
    if not isinstance(table, dict) or set(table) != set(keys):
        raise RiskTableError(f"{name} must have exactly the keys {', '.join(keys)}")
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, Decimal | int) or not 0 <= value <= 1:
            raise RiskTableError(f"{name}.{key} must be a number from 0 to 1")
    return MappingProxyType({key: Decimal(table[key]) for key in keys})


_DEFAULTS = risk_tables_from_toml(
    files("runway.engine").joinpath("data", "risk_tables.toml").read_text(encoding="utf-8")
)
DEFAULT_PD: Mapping[str, Decimal] = _DEFAULTS.pd_annual
DEFAULT_LGD: Mapping[str, Decimal] = _DEFAULTS.lgd
