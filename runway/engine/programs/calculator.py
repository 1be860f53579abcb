"""The policy calculator: each party's exposure and expected loss on one deal, without and with
the government programs it qualifies for.

Expected loss = probability of default over the deal's term (from the grade) x loss given
default (from the instrument) x exposure. Programs are stacked in a fixed order, each within its
caps and budget (docs/decisions.md, "Policy calculator"):

1. co-investment: public money beside the investor's; the investor's own exposure is unchanged,
   the public co-investor carries the same PD and LGD on its share;
2. guarantee: the covered principal moves from the lender to the guarantor (the lender's LGD is
   zero on the covered share); the borrower pays the fee;
3. risk compensation: a share of the investor's remaining principal loss, paid on default;
4. interest subsidy: lowers the borrower's cost, not the lender's loss;
5. grant: money to the venture; changes no one's loss on the deal.

Guarantees come before compensation because compensation reimburses a loss, and the loss the
investor still bears is only known once the guarantee has paid its share. Two programs of one
kind stack in the order they are offered (e.g. municipal before district), each on what the one
before left. Certain outflows (subsidies, grants, the venture's interest and fees) are shown
with probability of default and loss given default 1, so their expected loss is the amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal

from runway.engine.money import CENT
from runway.engine.programs.deal import DEBT, Deal, ProgramOffer
from runway.engine.programs.eligibility import (
    Failure,
    FailureCode,
    VentureFacts,
    check_eligibility,
    pre_registration_ok,
)
from runway.engine.programs.exposures import Exposure, Party
from runway.engine.programs.fields import GRADES, decimal_text
from runway.engine.programs.params import CoInvestment, ProgramKind, RiskCompensation
from runway.engine.programs.risk import DEFAULT_LGD, DEFAULT_PD, InstrumentKind, cumulative_pd
from runway.engine.programs.stacking import Stack, apply_program

STACKING_ORDER = (
    ProgramKind.CO_INVESTMENT,
    ProgramKind.GUARANTEE,
    ProgramKind.RISK_COMPENSATION,
    ProgramKind.INTEREST_SUBSIDY,
    ProgramKind.GRANT,
)
SUPPORTED_INSTRUMENTS: Mapping[ProgramKind, frozenset[InstrumentKind]] = {
    ProgramKind.CO_INVESTMENT: frozenset({InstrumentKind.EQUITY}),
    ProgramKind.GUARANTEE: DEBT,
    ProgramKind.RISK_COMPENSATION: frozenset(InstrumentKind),
    ProgramKind.INTEREST_SUBSIDY: DEBT,
    ProgramKind.GRANT: frozenset(InstrumentKind),
}
# Programs that pay on a loss: only these honour `pre_registration_required`.
LOSS_CLAIMS = frozenset({ProgramKind.GUARANTEE, ProgramKind.RISK_COMPENSATION})
RATIO = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class AppliedProgram:
    """A program that changes the deal: `amount` is the co-investment, the principal covered,
    the compensation paid on default, the interest subsidised or the grant; `fee` the guarantee
    fee; `reason_codes` the limits that set the amount ('ratio', 'cap_per_loan', 'budget', ...)."""

    program_id: str
    kind: ProgramKind
    amount: Decimal
    reason_codes: tuple[str, ...]
    fee: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class NotApplied:
    program_id: str
    kind: ProgramKind
    failures: tuple[Failure, ...]


@dataclass(frozen=True, slots=True)
class PolicyResult:
    without: tuple[Exposure, ...]
    with_programs: tuple[Exposure, ...]
    applied: tuple[AppliedProgram, ...]
    not_applied: tuple[NotApplied, ...]
    probability_of_default: Decimal

    def expected_loss(self, party: Party | str, *, with_programs: bool = True) -> Decimal:
        """The party's expected loss summed over its rows."""
        rows = self.with_programs if with_programs else self.without
        return sum((row.expected_loss for row in rows if row.party == party), Decimal(0))

    def to_dict(self) -> dict[str, object]:
        """JSON-able: decimals as strings."""
        return {
            "probability_of_default": decimal_text(self.probability_of_default),
            "without": [_exposure_dict(row) for row in self.without],
            "with_programs": [_exposure_dict(row) for row in self.with_programs],
            "applied": [
                {
                    "program_id": item.program_id,
                    "kind": str(item.kind),
                    "amount": decimal_text(item.amount),
                    "fee": decimal_text(item.fee),
                    "reason_codes": list(item.reason_codes),
                }
                for item in self.applied
            ],
            "not_applied": [
                {
                    "program_id": item.program_id,
                    "kind": str(item.kind),
                    "failures": [failure.to_dict() for failure in item.failures],
                }
                for item in self.not_applied
            ],
        }


def policy_calculator(
    deal: Deal,
    programs: Sequence[ProgramOffer],
    facts: VentureFacts,
    *,
    on: dt.date,
    pd_table: Mapping[str, Decimal] = DEFAULT_PD,
    lgd: Mapping[str, Decimal] = DEFAULT_LGD,
) -> PolicyResult:
    """Exposures without and with the programs `deal` qualifies for on `on`, the deal's date
    (eligibility and pre-registration are judged on it). The grade is the deal's, else the
    venture's, else E (unknown credit is priced as the worst); the stage likewise."""
    grade = deal.grade or facts.grade or GRADES[-1]
    pd = cumulative_pd(pd_table[grade], deal.term_months)
    loss_share = lgd[deal.instrument.value]
    stage = deal.stage or facts.stage
    stack = Stack(deal=deal, pd=pd, lgd=loss_share, stage=stage)
    not_applied = []
    qualifying = []
    for offer in programs:
        failures = _failures(offer, deal, facts, on=on, stage=stage)
        if failures:
            not_applied.append(NotApplied(offer.program_id, offer.kind, failures))
        else:
            qualifying.append(offer)
    qualifying.sort(key=lambda offer: STACKING_ORDER.index(offer.kind))
    applied = []
    for offer in qualifying:
        outcome = apply_program(stack, offer)
        if outcome.amount > 0:
            applied.append(
                AppliedProgram(
                    offer.program_id, offer.kind, outcome.amount, outcome.limits, outcome.fee
                )
            )
        else:
            failure = Failure(FailureCode.LIMIT_REACHED, {"limits": outcome.limits})
            not_applied.append(NotApplied(offer.program_id, offer.kind, (failure,)))
    return PolicyResult(
        without=_rows(stack.without_rows()),
        with_programs=_rows(stack.with_rows()),
        applied=tuple(applied),
        not_applied=tuple(not_applied),
        probability_of_default=pd.quantize(RATIO, rounding=ROUND_HALF_EVEN),
    )


def _failures(
    offer: ProgramOffer, deal: Deal, facts: VentureFacts, *, on: dt.date, stage: str | None
) -> tuple[Failure, ...]:
    failures = []
    if offer.params.currency != deal.currency:
        failures.append(
            Failure(
                FailureCode.CURRENCY_MISMATCH,
                {"currency": str(deal.currency), "program_currency": str(offer.params.currency)},
            )
        )
    if deal.instrument not in SUPPORTED_INSTRUMENTS[offer.kind]:
        failures.append(
            Failure(FailureCode.INSTRUMENT_NOT_SUPPORTED, {"instrument": deal.instrument.value})
        )
    eligibility = check_eligibility(offer.rules, facts, on=on, instruments=deal.instrument_codes)
    failures.extend(eligibility.failures)
    registered = (
        facts if offer.pre_registered_on is None
        else replace(facts, pre_registered_on=offer.pre_registered_on)
    )  # fmt: skip
    if offer.kind in LOSS_CLAIMS and not pre_registration_ok(offer.rules, registered, deal_on=on):
        failures.append(Failure(FailureCode.NOT_PRE_REGISTERED, {"deal_on": on.isoformat()}))
    params = offer.params
    if isinstance(params, CoInvestment) and deal.round_target is None:
        failures.append(Failure(FailureCode.UNKNOWN_ROUND_TARGET))
    if isinstance(params, RiskCompensation) and stage not in params.share_by_stage:
        covered = tuple(params.share_by_stage)
        if stage is None:
            failures.append(Failure(FailureCode.UNKNOWN_STAGE, {"allowed": covered}))
        else:
            failures.append(
                Failure(FailureCode.STAGE_NOT_COMPENSATED, {"stage": stage, "allowed": covered})
            )
    if offer.kind is ProgramKind.INTEREST_SUBSIDY and deal.annual_rate is None:
        failures.append(Failure(FailureCode.UNKNOWN_INTEREST_RATE))
    return tuple(failures)


def _rows(rows: Sequence[Exposure]) -> tuple[Exposure, ...]:
    return tuple(
        Exposure(
            row.party,
            row.exposure.quantize(CENT, rounding=ROUND_HALF_EVEN),
            row.expected_loss.quantize(CENT, rounding=ROUND_HALF_EVEN),
            row.probability_of_default.quantize(RATIO, rounding=ROUND_HALF_EVEN),
            row.loss_given_default.quantize(RATIO, rounding=ROUND_HALF_EVEN),
            row.program_id,
        )
        for row in rows
    )


def _exposure_dict(row: Exposure) -> dict[str, object]:
    return {
        "party": str(row.party),
        "program_id": row.program_id,
        "exposure": decimal_text(row.exposure),
        "expected_loss": decimal_text(row.expected_loss),
        "probability_of_default": decimal_text(row.probability_of_default),
        "loss_given_default": decimal_text(row.loss_given_default),
    }
