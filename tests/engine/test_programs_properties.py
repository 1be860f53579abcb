"""Invariants of program effects and the policy calculator (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runway.engine.money import Currency, Money
from runway.engine.programs import (
    GRADES,
    CoInvestment,
    Deal,
    Grant,
    Guarantee,
    InstrumentKind,
    InterestSubsidy,
    Party,
    ProgramKind,
    ProgramOffer,
    RiskCompensation,
    Rules,
    RulesError,
    VentureFacts,
    check_eligibility,
    co_investment_effect,
    guarantee_cover,
    interest_subsidy,
    params_from_dict,
    policy_calculator,
    risk_compensation,
)

ON = dt.date(2026, 6, 1)
CENT = Decimal("0.01")
SECTORS = ("cross-border-b2b", "apparel-wholesale", "flowers-gifts", "mother-baby", "finance")
STAGES = ("idea", "seed", "angel", "pre-a", "series-a", "series-b")
REGIONS = ("global", "china", "guangdong", "shenzhen", "hong-kong")
DISTRICTS = ("nanshan", "futian", "longgang", "baoan", "longhua")
INSTRUMENT_CODES = ("equity", "loan", "term-loan", "revenue-based", "convertible-note")

money = st.decimals(min_value=0, max_value=10**9, places=2)
positive = st.decimals(min_value=CENT, max_value=10**9, places=2)
# Mostly healthy budgets, sometimes exhausted or overcommitted.
budget = st.one_of(positive, st.decimals(min_value=-1000, max_value=1000, places=2))
# What a program has already given: mostly nothing, so that programs often apply.
used = st.one_of(st.just(Decimal(0)), money)
share = st.decimals(min_value=CENT, max_value=1, places=2)
rate = st.decimals(min_value=0, max_value=Decimal("0.3"), places=4)


def codes(pool: tuple[str, ...]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(pool), max_size=3)


rules_strategy = st.builds(
    Rules,
    sectors=codes(SECTORS),
    stages=codes(STAGES),
    regions=codes(REGIONS),
    districts=codes(DISTRICTS),
    max_company_age_months=st.none() | st.integers(24, 240),
    min_company_age_months=st.none() | st.integers(0, 23),
    max_annual_revenue=st.none() | st.builds(Money, positive, st.just(Currency.CNY)),
    min_grade=st.none() | st.sampled_from(GRADES),
    instruments=codes(INSTRUMENT_CODES),
    pre_registration_required=st.booleans(),
)
# Most programs have no rules, so plenty of them apply.
offer_rules = st.sampled_from([True, True, False]).flatmap(
    lambda open_to_all: st.just(Rules()) if open_to_all else rules_strategy
)

co_investment_params = st.builds(
    CoInvestment,
    currency=st.just(Currency.CNY),
    ratio_public_to_private=st.decimals(min_value=CENT, max_value=3, places=2),
    max_share_of_round=share,
    cap_per_venture=positive,
)
compensation_params = st.builds(
    RiskCompensation,
    currency=st.just(Currency.CNY),
    share_by_stage=st.one_of(
        st.dictionaries(st.sampled_from(STAGES), share, min_size=1),
        st.fixed_dictionaries(dict.fromkeys(STAGES, share)),
    ),
    cap_per_project=positive,
    cap_per_investor_per_year=positive,
)
guarantee_params = st.builds(
    Guarantee,
    currency=st.just(Currency.CNY),
    coverage_share=share,
    fee_rate_annual=rate,
    cap_per_loan=positive,
)
subsidy_params = st.builds(
    InterestSubsidy,
    currency=st.just(Currency.CNY),
    share_of_interest=share,
    cap_per_venture=positive,
)
grant_params = st.builds(Grant, currency=st.just(Currency.CNY), amount_cap=positive)
PARAMS = {
    ProgramKind.CO_INVESTMENT: co_investment_params,
    ProgramKind.RISK_COMPENSATION: compensation_params,
    ProgramKind.GUARANTEE: guarantee_params,
    ProgramKind.INTEREST_SUBSIDY: subsidy_params,
    ProgramKind.GRANT: grant_params,
}


@st.composite
def offers(draw, *, distinct_kinds: bool = False) -> list[ProgramOffer]:
    kinds = st.sampled_from(list(ProgramKind))
    chosen = draw(
        st.lists(kinds, max_size=5, unique=True) if distinct_kinds else st.lists(kinds, max_size=7)
    )
    return [
        ProgramOffer(
            program_id=f"p{index}",
            kind=kind,
            rules=draw(offer_rules),
            params=draw(PARAMS[kind]),
            budget_left=draw(budget),
            used_by_venture=draw(used),
            used_by_investor_this_year=draw(used),
        )
        for index, kind in enumerate(chosen)
    ]


@st.composite
def deals(draw) -> Deal:
    amount = draw(positive)
    return Deal(
        instrument=draw(st.sampled_from(list(InstrumentKind))),
        amount=amount,
        currency=Currency.CNY,
        term_months=draw(st.integers(1, 120)),
        round_target=draw(st.decimals(min_value=amount, max_value=2 * 10**9, places=2) | st.none()),
        stage=draw(st.sampled_from(STAGES) | st.none()),
        grade=draw(st.sampled_from(GRADES) | st.none()),
        annual_rate=draw(rate | st.none()),
    )


facts_strategy = st.builds(
    VentureFacts,
    sectors=codes(SECTORS),
    stage=st.sampled_from(STAGES) | st.none(),
    regions=codes(REGIONS),
    district=st.none() | st.sampled_from(DISTRICTS),
    founded_on=st.none() | st.dates(dt.date(2005, 1, 1), ON),
    ttm_revenue=st.none() | money,
    currency=st.just(Currency.CNY),
    grade=st.none() | st.sampled_from(GRADES),
    pre_registered_on=st.none() | st.dates(dt.date(2024, 1, 1), dt.date(2027, 1, 1)),
)


@given(deals(), offers(), facts_strategy)
def test_programs_never_raise_the_investors_expected_loss(deal, programs, facts):
    result = policy_calculator(deal, programs, facts, on=ON)
    without, with_programs = result.without[0], result.with_programs[0]
    assert without.party == with_programs.party == Party.INVESTOR
    assert with_programs.exposure == without.exposure == deal.amount.quantize(CENT)
    assert Decimal(0) <= with_programs.expected_loss <= without.expected_loss
    assert Decimal(0) <= with_programs.loss_given_default <= without.loss_given_default
    for row in (*result.without, *result.with_programs):
        assert row.exposure >= 0
        assert row.expected_loss >= 0
        assert 0 <= row.probability_of_default <= 1


@given(deals(), offers(), facts_strategy)
def test_guarantees_and_compensation_move_expected_loss_without_creating_or_erasing_it(
    deal, programs, facts
):
    result = policy_calculator(deal, programs, facts, on=ON)
    kinds = {offer.program_id: offer.kind for offer in programs}
    transfers = [
        row
        for row in result.with_programs
        if row.program_id is not None
        and kinds[row.program_id] in {ProgramKind.GUARANTEE, ProgramKind.RISK_COMPENSATION}
    ]
    moved = sum((row.expected_loss for row in transfers), Decimal(0))
    kept = result.expected_loss(Party.INVESTOR)
    before = result.expected_loss(Party.INVESTOR, with_programs=False)
    # Each row is rounded to the cent on its own: half a cent of error per row at most.
    assert abs(kept + moved - before) <= Decimal("0.005") * (len(transfers) + 2)


@given(deals(), offers(), facts_strategy)
def test_every_applied_program_stays_within_its_caps_and_budget(deal, programs, facts):
    result = policy_calculator(deal, programs, facts, on=ON)
    by_id = {offer.program_id: offer for offer in programs}
    for applied in result.applied:
        offer = by_id[applied.program_id]
        params, amount = offer.params, applied.amount
        assert Decimal(0) < amount <= offer.budget_left
        if isinstance(params, CoInvestment):
            assert deal.round_target is not None
            assert amount <= params.ratio_public_to_private * deal.amount
            assert amount <= params.max_share_of_round * deal.round_target
            assert amount <= params.cap_per_venture - offer.used_by_venture
        elif isinstance(params, Guarantee):
            assert amount <= params.coverage_share * deal.amount
            assert amount <= params.cap_per_loan
        elif isinstance(params, RiskCompensation):
            stage = deal.stage or facts.stage
            assert stage is not None
            assert amount <= params.share_by_stage[stage] * deal.amount
            assert amount <= params.cap_per_project
            assert amount <= params.cap_per_investor_per_year - offer.used_by_investor_this_year
        elif isinstance(params, InterestSubsidy):
            assert amount <= params.share_of_interest * deal.interest
            assert amount <= params.cap_per_venture - offer.used_by_venture
        else:
            assert amount <= params.amount_cap - offer.used_by_venture
    public = sum(
        (a.amount for a in result.applied if a.kind is ProgramKind.CO_INVESTMENT), Decimal(0)
    )
    if deal.round_target is not None:
        # Several co-investment programs together still respect each one's round share.
        shares = [
            o.params.max_share_of_round
            for o in programs
            if isinstance(o.params, CoInvestment)
            and o.program_id in {a.program_id for a in result.applied}
        ]
        if shares:
            assert public <= max(shares) * deal.round_target


@given(deals(), offers(distinct_kinds=True), facts_strategy, st.randoms(use_true_random=False))
def test_the_stacking_order_does_not_depend_on_the_order_programs_are_listed(
    deal, programs, facts, random
):
    shuffled = list(programs)
    random.shuffle(shuffled)
    first = policy_calculator(deal, programs, facts, on=ON)
    second = policy_calculator(deal, shuffled, facts, on=ON)
    assert first.with_programs == second.with_programs
    assert first.applied == second.applied
    assert sorted(first.not_applied, key=lambda n: n.program_id) == sorted(
        second.not_applied, key=lambda n: n.program_id
    )


@given(
    compensation_params,
    st.none() | st.sampled_from(STAGES),
    money,
    money,
    budget,
    st.booleans(),
)
def test_compensation_never_exceeds_its_caps(params, stage, loss, claimed, budget_left, registered):
    amount = risk_compensation(
        params,
        stage=stage,
        principal_loss=loss,
        investor_claimed_this_year=claimed,
        budget_left=budget_left,
        pre_registered_ok=registered,
    )
    assert amount >= 0
    assert amount == amount.quantize(CENT)
    assert amount <= params.cap_per_project
    assert amount <= max(params.cap_per_investor_per_year - claimed, Decimal(0))
    assert amount <= max(budget_left, Decimal(0))
    assert amount <= params.share_by_stage.get(stage or "", Decimal(0)) * loss
    if not registered:
        assert amount == 0


@given(co_investment_params, money, money, money, money, budget)
def test_co_investment_never_exceeds_ratio_share_cap_or_budget(
    params, private, target, committed, in_round, budget_left
):
    effect = co_investment_effect(
        params,
        private_amount=private,
        round_target=target,
        already_committed_public=committed,
        public_in_round=in_round,
        budget_left=budget_left,
    )
    amount = effect.amount
    limits = [
        params.ratio_public_to_private * private,
        params.max_share_of_round * target - in_round,
        params.cap_per_venture - committed,
        budget_left,
    ]
    assert amount >= 0
    assert all(amount <= max(limit, Decimal(0)) for limit in limits)
    # And it is the largest such amount, to the cent.
    assert amount > max(min(limits), Decimal(0)) - CENT


@given(guarantee_params, money, budget, st.integers(1, 120))
def test_guarantee_cover_within_share_cap_and_capacity(params, principal, capacity, months):
    covered, fee = guarantee_cover(
        params, loan_principal=principal, budget_left=capacity, term_months=months
    )
    assert Decimal(0) <= covered <= min(params.coverage_share * principal, params.cap_per_loan)
    assert covered <= max(capacity, Decimal(0))
    assert abs(fee - covered * params.fee_rate_annual * months / 12) <= Decimal("0.005")


@given(subsidy_params, money, money, budget)
def test_interest_subsidy_within_share_cap_and_budget(params, interest, already, budget_left):
    amount = interest_subsidy(
        params, interest=interest, already_subsidised=already, budget_left=budget_left
    )
    assert Decimal(0) <= amount <= params.share_of_interest * interest
    assert amount <= max(params.cap_per_venture - already, Decimal(0))
    assert amount <= max(budget_left, Decimal(0))


@given(rules_strategy, facts_strategy, st.randoms(use_true_random=False))
def test_eligibility_does_not_depend_on_the_order_of_list_fields(rules, facts, random):
    stored = rules.to_dict()
    for name in ("sectors", "stages", "regions", "districts", "instruments"):
        codes_list = list(stored[name])
        random.shuffle(codes_list)
        stored[name] = codes_list
    sectors, regions = list(facts.sectors), list(facts.regions)
    random.shuffle(sectors)
    random.shuffle(regions)
    reordered = VentureFacts(
        **{
            **{name: getattr(facts, name) for name in VentureFacts.__dataclass_fields__},
            "sectors": frozenset(sectors),
            "regions": frozenset(regions),
        }
    )
    deal_codes = ["loan", "term-loan"]
    expected = check_eligibility(rules, facts, on=ON, instruments=deal_codes)
    assert (
        check_eligibility(Rules.from_dict(stored), reordered, on=ON, instruments=deal_codes[::-1])
        == expected
    )


@given(rules_strategy)
def test_rules_round_trip_through_their_stored_dict(rules):
    stored = json.loads(json.dumps(rules.to_dict()))
    assert Rules.from_dict(stored) == rules
    assert Rules.from_dict(stored).to_dict() == stored


@given(st.sampled_from(list(ProgramKind)).flatmap(lambda kind: PARAMS[kind]))
def test_params_round_trip_through_their_stored_dict(params):
    stored = json.loads(json.dumps(params.to_dict()))
    assert params_from_dict(params.kind, stored) == params


BAD_VALUES = {
    "sectors": ["Finance", 3, "a b", ""],
    "stages": "seed",
    "regions": {"shenzhen": True},
    "districts": [None],
    "max_company_age_months": 1.5,
    "min_company_age_months": -3,
    "max_annual_revenue": {"amount": 1.5, "currency": "CNY"},
    "min_grade": "a",
    "instruments": [["equity"]],
    "pre_registration_required": 1,
    "sector": ["finance"],
}


@given(rules_strategy, st.sampled_from(sorted(BAD_VALUES)))
def test_a_bad_rule_dict_raises_rules_error_naming_the_field(rules, field):
    stored = rules.to_dict()
    stored[field] = BAD_VALUES[field]
    with pytest.raises(RulesError) as caught:
        Rules.from_dict(stored)
    assert caught.value.field.split(".")[0] == field
