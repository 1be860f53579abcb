"""What each kind of program does to one deal, within its caps and its budget.

Each effect is the smallest of a few limits (a share of something, caps, the budget left), never
negative, rounded down to the cent so that rounding can never lift it over a cap. The `*_effect`
functions also say which limits bound the amount (`limits`, in the order they are listed in each
docstring; several when they tie), which the calculator shows as the reason for the amount; the
plain functions return the amount only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from runway.engine.money import CENT
from runway.engine.programs.params import (
    CoInvestment,
    Grant,
    Guarantee,
    InterestSubsidy,
    RiskCompensation,
)

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Effect:
    amount: Decimal
    limits: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GuaranteeEffect:
    covered: Decimal
    fee: Decimal
    limits: tuple[str, ...]


def co_investment_effect(
    params: CoInvestment,
    *,
    private_amount: Decimal,
    round_target: Decimal,
    already_committed_public: Decimal = ZERO,
    public_in_round: Decimal = ZERO,
    budget_left: Decimal,
) -> Effect:
    """Public money invested beside `private_amount`. Limits: 'ratio' (ratio x private),
    'round_share' (max share x round target, less the public money already in this round from
    any program), 'cap_per_venture' (less what this program has already committed to the
    venture), 'budget'."""
    _not_negative(private_amount=private_amount, round_target=round_target)
    _not_negative(already_committed_public=already_committed_public)
    _not_negative(public_in_round=public_in_round)
    return _smallest(
        ratio=params.ratio_public_to_private * private_amount,
        round_share=params.max_share_of_round * round_target - public_in_round,
        cap_per_venture=params.cap_per_venture - already_committed_public,
        budget=budget_left,
    )


def co_investment_amount(
    params: CoInvestment,
    *,
    private_amount: Decimal,
    round_target: Decimal,
    already_committed_public: Decimal = ZERO,
    budget_left: Decimal,
) -> Decimal:
    """The co-investment beside `private_amount`: min(ratio x private, max share x target, cap
    per venture - already committed, budget left), never negative."""
    return co_investment_effect(
        params,
        private_amount=private_amount,
        round_target=round_target,
        already_committed_public=already_committed_public,
        budget_left=budget_left,
    ).amount


def risk_compensation_effect(
    params: RiskCompensation,
    *,
    stage: str | None,
    principal_loss: Decimal,
    investor_claimed_this_year: Decimal = ZERO,
    budget_left: Decimal,
    pre_registered_ok: bool,
) -> Effect:
    """The reimbursement of a principal loss. Zero with limit 'not_pre_registered' when the
    deal was not pre-registered in time, 'stage_not_compensated' when the stage has no share.
    Limits: 'share' (share for the stage x loss), 'cap_per_project', 'cap_per_investor_per_year'
    (less what the investor has already claimed this year), 'budget'."""
    _not_negative(principal_loss=principal_loss)
    _not_negative(investor_claimed_this_year=investor_claimed_this_year)
    if not pre_registered_ok:
        return Effect(ZERO, ("not_pre_registered",))
    share = params.share_by_stage.get(stage) if stage is not None else None
    if share is None:
        return Effect(ZERO, ("stage_not_compensated",))
    return _smallest(
        share=share * principal_loss,
        cap_per_project=params.cap_per_project,
        cap_per_investor_per_year=params.cap_per_investor_per_year - investor_claimed_this_year,
        budget=budget_left,
    )


def risk_compensation(
    params: RiskCompensation,
    *,
    stage: str | None,
    principal_loss: Decimal,
    investor_claimed_this_year: Decimal = ZERO,
    budget_left: Decimal,
    pre_registered_ok: bool,
) -> Decimal:
    """The reimbursement of `principal_loss`: min(share by stage x loss, cap per project, cap
    per investor per year - claimed this year, budget left); zero for a stage without a share or
    a deal not pre-registered when the program requires it."""
    return risk_compensation_effect(
        params,
        stage=stage,
        principal_loss=principal_loss,
        investor_claimed_this_year=investor_claimed_this_year,
        budget_left=budget_left,
        pre_registered_ok=pre_registered_ok,
    ).amount


def guarantee_effect(
    params: Guarantee, *, loan_principal: Decimal, budget_left: Decimal, term_months: int = 12
) -> GuaranteeEffect:
    """The principal covered and the borrower's fee over the term. Limits: 'coverage_share'
    (share x principal), 'cap_per_loan', 'budget' (the guarantee capacity left)."""
    _not_negative(loan_principal=loan_principal)
    if term_months <= 0:
        raise ValueError("term_months must be positive")
    cover = _smallest(
        coverage_share=params.coverage_share * loan_principal,
        cap_per_loan=params.cap_per_loan,
        budget=budget_left,
    )
    fee = cover.amount * params.fee_rate_annual * term_months / 12
    return GuaranteeEffect(cover.amount, fee.quantize(CENT, rounding=ROUND_HALF_EVEN), cover.limits)


def guarantee_cover(
    params: Guarantee, *, loan_principal: Decimal, budget_left: Decimal, term_months: int = 12
) -> tuple[Decimal, Decimal]:
    """(covered principal, fee): covered = min(coverage share x principal, cap per loan, budget
    left); fee = covered x annual fee rate x term_months / 12, rounded to the cent."""
    effect = guarantee_effect(
        params, loan_principal=loan_principal, budget_left=budget_left, term_months=term_months
    )
    return effect.covered, effect.fee


def interest_subsidy_effect(
    params: InterestSubsidy,
    *,
    interest: Decimal,
    already_subsidised: Decimal = ZERO,
    budget_left: Decimal,
) -> Effect:
    """The interest paid by the program. Limits: 'share' (share x interest), 'cap_per_venture'
    (less what this program has already paid for the venture), 'budget'."""
    _not_negative(interest=interest, already_subsidised=already_subsidised)
    return _smallest(
        share=params.share_of_interest * interest,
        cap_per_venture=params.cap_per_venture - already_subsidised,
        budget=budget_left,
    )


def interest_subsidy(
    params: InterestSubsidy,
    *,
    interest: Decimal,
    already_subsidised: Decimal = ZERO,
    budget_left: Decimal,
) -> Decimal:
    """min(share x interest, cap per venture - already subsidised, budget left), never negative."""
    return interest_subsidy_effect(
        params, interest=interest, already_subsidised=already_subsidised, budget_left=budget_left
    ).amount


def grant_effect(
    params: Grant,
    *,
    requested: Decimal | None = None,
    already_granted: Decimal = ZERO,
    budget_left: Decimal,
) -> Effect:
    """The grant. Limits: 'requested' (when given), 'amount_cap' (less what the venture has
    already been granted), 'budget'."""
    _not_negative(already_granted=already_granted)
    limits = {} if requested is None else {"requested": requested}
    return _smallest(**limits, amount_cap=params.amount_cap - already_granted, budget=budget_left)


def _smallest(**limits: Decimal) -> Effect:
    smallest = min(limits.values())
    binding = tuple(name for name, value in limits.items() if value == smallest)
    amount = max(smallest, ZERO).quantize(CENT, rounding=ROUND_DOWN)
    return Effect(amount, binding)


def _not_negative(**amounts: Decimal) -> None:
    for name, amount in amounts.items():
        if amount < 0:
            raise ValueError(f"{name} must not be negative")
