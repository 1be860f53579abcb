"""What the policy calculator is asked about: a deal and the programs on offer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from runway.engine.money import Currency
from runway.engine.programs.fields import GRADES
from runway.engine.programs.params import ProgramKind, ProgramParams
from runway.engine.programs.risk import InstrumentKind
from runway.engine.programs.rules import Rules

DEBT = frozenset({InstrumentKind.LOAN, InstrumentKind.REVENUE_BASED})
# The taxonomy's instrument code for a deal that names only its kind.
DEFAULT_INSTRUMENT_CODE: Mapping[InstrumentKind, str] = {
    InstrumentKind.EQUITY: "equity",
    InstrumentKind.LOAN: "term-loan",
    InstrumentKind.REVENUE_BASED: "revenue-based",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Deal:
    """One investor's ticket or one lender's loan, in `currency`. `amount` is the investor's own
    money; `round_target` the whole round (co-investment needs it); `term_months` the loan term
    or the expected holding period of equity; `annual_rate` the simple annual interest rate of a
    loan (or the annual cost of revenue-based financing); `instrument_code` the taxonomy code
    ('convertible-note', 'credit-line', ...) when more precise than the kind."""

    instrument: InstrumentKind
    amount: Decimal
    currency: Currency
    term_months: int
    round_target: Decimal | None = None
    stage: str | None = None
    grade: str | None = None
    annual_rate: Decimal | None = None
    instrument_code: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "instrument", InstrumentKind(self.instrument))
        object.__setattr__(self, "currency", Currency(self.currency))
        if not isinstance(self.amount, Decimal) or self.amount <= 0:
            raise ValueError("Deal.amount must be a positive Decimal")
        if self.term_months <= 0:
            raise ValueError("Deal.term_months must be positive")
        if self.round_target is not None and self.round_target <= 0:
            raise ValueError("Deal.round_target must be positive")
        if self.annual_rate is not None and self.annual_rate < 0:
            raise ValueError("Deal.annual_rate must not be negative")
        if self.grade is not None and self.grade not in GRADES:
            raise ValueError(f"unknown grade {self.grade!r}")

    @property
    def instrument_codes(self) -> frozenset[str]:
        """What a rule's `instruments` may name to admit this deal: its kind ('loan') or its
        taxonomy code ('term-loan')."""
        code = self.instrument_code or DEFAULT_INSTRUMENT_CODE[self.instrument]
        return frozenset({self.instrument.value, code})

    @property
    def interest(self) -> Decimal:
        """Simple interest on the whole principal over the term: exact for a bullet loan, an
        upper bound for an amortizing one (call interest_subsidy with its schedule's interest)."""
        if self.instrument not in DEBT or self.annual_rate is None:
            return Decimal(0)
        return self.amount * self.annual_rate * self.term_months / 12


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramOffer:
    """A program as the calculator sees it, amounts in the program's currency. `budget_left` is
    what the program can still commit; `used_by_venture` what it has already committed to this
    venture (the per-venture caps); `used_by_investor_this_year` what this investor has already
    claimed from it this year (risk compensation)."""

    program_id: str
    kind: ProgramKind
    rules: Rules
    params: ProgramParams
    budget_left: Decimal
    used_by_venture: Decimal = Decimal(0)
    used_by_investor_this_year: Decimal = Decimal(0)
    # The venture's registration with this program; None falls back to VentureFacts, which can
    # hold only one date, while a venture registers with each program separately.
    pre_registered_on: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ProgramKind(self.kind))
        if self.params.kind is not self.kind:
            raise ValueError(f"{self.kind} program given {self.params.kind} parameters")
