"""Programs applied one after another to a deal, each on what the previous ones left."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from runway.engine.programs.deal import Deal, ProgramOffer
from runway.engine.programs.effects import (
    co_investment_effect,
    grant_effect,
    guarantee_effect,
    interest_subsidy_effect,
    risk_compensation_effect,
)
from runway.engine.programs.exposures import Exposure, Party
from runway.engine.programs.params import (
    CoInvestment,
    Guarantee,
    InterestSubsidy,
    RiskCompensation,
)

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Outcome:
    amount: Decimal
    limits: tuple[str, ...]
    fee: Decimal = ZERO


@dataclass(slots=True)
class Stack:
    """The running state while programs are applied; unrounded until the result is built."""

    deal: Deal
    pd: Decimal
    lgd: Decimal
    stage: str | None
    covered: Decimal = ZERO  # principal guaranteed so far
    compensated: Decimal = ZERO  # compensation paid on default so far
    public_in_round: Decimal = ZERO
    subsidised: Decimal = ZERO
    fees: Decimal = ZERO
    public_rows: list[Exposure] = field(default_factory=list)

    def investor_loss_at_default(self) -> Decimal:
        return self.lgd * (self.deal.amount - self.covered) - self.compensated

    def without_rows(self) -> list[Exposure]:
        amount = self.deal.amount
        rows = [Exposure(Party.INVESTOR, amount, self.pd * self.lgd * amount, self.pd, self.lgd)]
        if self._has_cost():
            rows.append(_certain(Party.VENTURE, self.deal.interest))
        return rows

    def with_rows(self) -> list[Exposure]:
        amount = self.deal.amount
        loss = self.investor_loss_at_default()
        investor = Exposure(Party.INVESTOR, amount, self.pd * loss, self.pd, loss / amount)
        rows = [investor, *self.public_rows]
        if self._has_cost():
            cost = self.deal.interest - self.subsidised + self.fees
            rows.append(_certain(Party.VENTURE, cost))
        return rows

    def _has_cost(self) -> bool:
        # The venture's row is shown with and without programs, or in neither.
        return self.deal.interest > 0 or self.fees > 0


def apply_program(stack: Stack, offer: ProgramOffer) -> Outcome:
    """Applies one qualifying program to `stack` and returns what it contributed."""
    deal, params = stack.deal, offer.params
    if isinstance(params, CoInvestment):
        effect = co_investment_effect(
            params,
            private_amount=deal.amount,
            round_target=deal.round_target if deal.round_target is not None else ZERO,
            already_committed_public=offer.used_by_venture,
            public_in_round=stack.public_in_round,
            budget_left=offer.budget_left,
        )
        stack.public_in_round += effect.amount
        row = _risky(Party.CO_INVESTOR, effect.amount, stack.pd, stack.lgd, offer.program_id)
        return _record(stack, row, Outcome(effect.amount, effect.limits))
    if isinstance(params, Guarantee):
        cover = guarantee_effect(
            params,
            loan_principal=deal.amount - stack.covered,
            budget_left=offer.budget_left,
            term_months=deal.term_months,
        )
        stack.covered += cover.covered
        stack.fees += cover.fee
        row = _risky(Party.GOVERNMENT, cover.covered, stack.pd, stack.lgd, offer.program_id)
        return _record(stack, row, Outcome(cover.covered, cover.limits, cover.fee))
    if isinstance(params, RiskCompensation):
        effect = risk_compensation_effect(
            params,
            stage=stack.stage,
            principal_loss=stack.investor_loss_at_default(),
            investor_claimed_this_year=offer.used_by_investor_this_year,
            budget_left=offer.budget_left,
            pre_registered_ok=True,  # checked with eligibility, to be listed among its failures
        )
        stack.compensated += effect.amount
        # Paid in full if, and only if, the venture defaults.
        row = _risky(Party.GOVERNMENT, effect.amount, stack.pd, ONE, offer.program_id)
        return _record(stack, row, Outcome(effect.amount, effect.limits))
    if isinstance(params, InterestSubsidy):
        effect = interest_subsidy_effect(
            params,
            interest=deal.interest - stack.subsidised,
            already_subsidised=offer.used_by_venture,
            budget_left=offer.budget_left,
        )
        stack.subsidised += effect.amount
        row = _certain(Party.GOVERNMENT, effect.amount, offer.program_id)
        return _record(stack, row, Outcome(effect.amount, effect.limits))
    effect = grant_effect(
        params, already_granted=offer.used_by_venture, budget_left=offer.budget_left
    )
    return _record(
        stack,
        _certain(Party.GOVERNMENT, effect.amount, offer.program_id),
        Outcome(effect.amount, effect.limits),
    )


def _record(stack: Stack, row: Exposure, outcome: Outcome) -> Outcome:
    if outcome.amount > 0:
        stack.public_rows.append(row)
    return outcome


def _risky(
    party: Party, amount: Decimal, pd: Decimal, lgd: Decimal, program_id: str | None = None
) -> Exposure:
    return Exposure(party, amount, pd * lgd * amount, pd, lgd, program_id)


def _certain(party: Party, amount: Decimal, program_id: str | None = None) -> Exposure:
    return Exposure(party, amount, amount, ONE, ONE, program_id)
