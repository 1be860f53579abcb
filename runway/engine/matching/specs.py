"""What the matcher takes: one mandate, one round, the score components and their weights.

Codes (instruments, sectors, stages, regions) are free strings compared exactly after trimming
spaces; an empty set on a mandate means "any", an empty set or None on a round means "unknown".
Amounts are Decimal in the row's own currency; growth is a ratio (0.3 = +30% year on year); the
repeat-buyer rate is a share (0.35 = 35% of buyers bought before); months of history are whole
complete months; the traction score is 0-100.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final

COMPONENTS: Final = ("sector", "stage", "region", "ticket", "traction")
DEFAULT_WEIGHTS: Final[Mapping[str, Decimal]] = {
    "sector": Decimal("0.30"),
    "stage": Decimal("0.20"),
    "region": Decimal("0.15"),
    "ticket": Decimal("0.15"),
    "traction": Decimal("0.20"),
}
MUST_FIELDS: Final = frozenset({"sectors", "stages", "regions"})


class SpecProblem(StrEnum):
    EMPTY_ID = "empty_id"
    NOT_DECIMAL = "not_decimal"  # a float or another type where a Decimal amount belongs
    NEGATIVE_AMOUNT = "negative_amount"
    TARGET_NOT_POSITIVE = "target_not_positive"
    TICKET_RANGE_INVERTED = "ticket_range_inverted"  # ticket_min > ticket_max
    MIN_TICKET_ABOVE_TARGET = "min_ticket_above_target"
    UNKNOWN_MUST = "unknown_must"  # a must criterion other than sectors, stages, regions
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    EMPTY_CURRENCY = "empty_currency"
    BAD_WEIGHTS = "bad_weights"  # an unknown component, a negative weight, or all zero
    NOT_MONTHS = "not_months"  # months of history: a whole number >= 0 (an int, not a bool)
    SHARE_OUT_OF_RANGE = "share_out_of_range"  # a repeat-buyer rate outside 0..1


class SpecError(ValueError):
    """A spec that cannot be matched; `problem` is the code, `field_name` the offending field."""

    def __init__(self, problem: SpecProblem, field_name: str) -> None:
        super().__init__(f"{field_name}: {problem.value}")
        self.problem = problem
        self.field_name = field_name


def codes(values: Iterable[str] | None) -> frozenset[str]:
    """A set of codes, trimmed, without empty ones."""
    return frozenset(v.strip() for v in values or () if v and v.strip())


def _code(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _amount(value: object, name: str, *, signed: bool = False) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise SpecError(SpecProblem.NOT_DECIMAL, name)
    amount = Decimal(value)
    if not amount.is_finite():
        raise SpecError(SpecProblem.NOT_DECIMAL, name)
    if not signed and amount < 0:
        raise SpecError(SpecProblem.NEGATIVE_AMOUNT, name)
    return amount


def _months(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SpecError(SpecProblem.NOT_MONTHS, name)
    return value


def _share(value: object, name: str) -> Decimal | None:
    share = _amount(value, name)
    if share is not None and share > 1:
        raise SpecError(SpecProblem.SHARE_OUT_OF_RANGE, name)
    return share


def _currency(value: str) -> str:
    currency = value.strip().upper()
    if not currency:
        raise SpecError(SpecProblem.EMPTY_CURRENCY, "currency")
    return currency


@dataclass(frozen=True, slots=True, kw_only=True)
class MandateSpec:
    """One investor mandate. `must` names which of sectors, stages, regions are hard filters;
    instrument and ticket range always are, and so are the traction thresholds when given:
    `min_gmv_12m` (in `currency`), `min_growth_yoy` (a ratio), `min_months_history` (complete
    months) and `min_repeat_rate` (a share 0-1). `weights` overrides some of `DEFAULT_WEIGHTS`."""

    mandate_id: str
    investor: str = ""
    instruments: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    ticket_min: Decimal | None = None
    ticket_max: Decimal | None = None
    currency: str = "CNY"
    must: frozenset[str] = frozenset()
    min_gmv_12m: Decimal | None = None
    min_growth_yoy: Decimal | None = None
    min_months_history: int | None = None
    min_repeat_rate: Decimal | None = None
    weights: Mapping[str, Decimal | int | float] | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        if not self.mandate_id or not self.mandate_id.strip():
            raise SpecError(SpecProblem.EMPTY_ID, "mandate_id")
        for name in ("instruments", "sectors", "stages", "regions", "must"):
            object.__setattr__(self, name, codes(getattr(self, name)))
        if not self.must <= MUST_FIELDS:
            raise SpecError(SpecProblem.UNKNOWN_MUST, "must")
        low = _amount(self.ticket_min, "ticket_min")
        high = _amount(self.ticket_max, "ticket_max")
        if low is not None and high is not None and low > high:
            raise SpecError(SpecProblem.TICKET_RANGE_INVERTED, "ticket_max")
        object.__setattr__(self, "ticket_min", low)
        object.__setattr__(self, "ticket_max", high)
        object.__setattr__(self, "min_gmv_12m", _amount(self.min_gmv_12m, "min_gmv_12m"))
        growth = _amount(self.min_growth_yoy, "min_growth_yoy", signed=True)
        object.__setattr__(self, "min_growth_yoy", growth)
        months = _months(self.min_months_history, "min_months_history")
        object.__setattr__(self, "min_months_history", months)
        object.__setattr__(self, "min_repeat_rate", _share(self.min_repeat_rate, "min_repeat_rate"))
        object.__setattr__(self, "currency", _currency(self.currency))
        if self.weights is not None:
            weights(self.weights)

    def weight_values(self) -> tuple[Decimal, ...]:
        """The raw weights in `COMPONENTS` order, before normalizing."""
        return weights(self.weights)


def weights(overrides: Mapping[str, Decimal | int | float] | None) -> tuple[Decimal, ...]:
    """`DEFAULT_WEIGHTS` with `overrides` applied, in `COMPONENTS` order (not yet normalized)."""
    given = dict(overrides or {})
    if not set(given) <= set(COMPONENTS):
        raise SpecError(SpecProblem.BAD_WEIGHTS, "weights")
    values = []
    for name in COMPONENTS:
        value = given.get(name, DEFAULT_WEIGHTS[name])
        if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
            raise SpecError(SpecProblem.BAD_WEIGHTS, "weights")
        # A weight is a preference, not money: a float is read as the decimal it prints as.
        values.append(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    if any(not v.is_finite() or v < 0 for v in values) or sum(values) <= 0:
        raise SpecError(SpecProblem.BAD_WEIGHTS, "weights")
    return tuple(values)


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundSpec:
    """One open funding round. `min_ticket` None means any ticket up to `target_amount`; a round
    without a target matches only mandates without a ticket range. `gmv_12m` is in `currency`;
    `months_history` is the venture's run of complete months, `repeat_rate` its trailing
    repeat-buyer rate (0-1), `score` its traction score 0-100; None is unknown."""

    round_id: str
    venture_id: str = ""
    venture: str = ""
    instrument: str | None = None
    sectors: frozenset[str] = frozenset()
    stage: str | None = None
    regions: frozenset[str] = frozenset()
    target_amount: Decimal | None = None
    min_ticket: Decimal | None = None
    currency: str = "CNY"
    gmv_12m: Decimal | None = None
    growth_yoy: Decimal | None = None
    months_history: int | None = None
    repeat_rate: Decimal | None = None
    score: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.round_id or not self.round_id.strip():
            raise SpecError(SpecProblem.EMPTY_ID, "round_id")
        object.__setattr__(self, "instrument", _code(self.instrument))
        object.__setattr__(self, "stage", _code(self.stage))
        object.__setattr__(self, "sectors", codes(self.sectors))
        object.__setattr__(self, "regions", codes(self.regions))
        target = _amount(self.target_amount, "target_amount")
        if target is not None and target <= 0:
            raise SpecError(SpecProblem.TARGET_NOT_POSITIVE, "target_amount")
        minimum = _amount(self.min_ticket, "min_ticket")
        if minimum is not None and target is not None and minimum > target:
            raise SpecError(SpecProblem.MIN_TICKET_ABOVE_TARGET, "min_ticket")
        object.__setattr__(self, "target_amount", target)
        object.__setattr__(self, "min_ticket", minimum)
        object.__setattr__(self, "gmv_12m", _amount(self.gmv_12m, "gmv_12m"))
        object.__setattr__(self, "growth_yoy", _amount(self.growth_yoy, "growth_yoy", signed=True))
        object.__setattr__(self, "months_history", _months(self.months_history, "months_history"))
        object.__setattr__(self, "repeat_rate", _share(self.repeat_rate, "repeat_rate"))
        score = _amount(self.score, "score")
        if score is not None and score > 100:
            raise SpecError(SpecProblem.SCORE_OUT_OF_RANGE, "score")
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "currency", _currency(self.currency))
