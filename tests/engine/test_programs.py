"""Government programs: hand-checked effects and a full policy calculator example."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from runway.engine.money import Currency
from runway.engine.programs import (
    CoInvestment,
    Deal,
    Exposure,
    FailureCode,
    Grant,
    Guarantee,
    InstrumentKind,
    InterestSubsidy,
    Party,
    ProgramKind,
    ProgramOffer,
    RiskCompensation,
    Rules,
    VentureFacts,
    co_investment_amount,
    co_investment_effect,
    grant_effect,
    guarantee_cover,
    interest_subsidy,
    policy_calculator,
    risk_compensation,
    risk_compensation_effect,
)

CNY = Currency.CNY
DEAL_ON = dt.date(2026, 6, 1)
SEED_SHARES = {
    "seed": Decimal("0.6"),
    "angel": Decimal("0.6"),
    "pre-a": Decimal("0.3"),
    "series-a": Decimal("0.3"),
}

FLOWER_SHOP = VentureFacts(
    sectors=frozenset({"flowers-gifts"}),
    stage="seed",
    regions=frozenset({"shenzhen", "guangdong", "china", "global"}),
    district="nanshan",
    founded_on=dt.date(2023, 3, 1),
    ttm_revenue=Decimal("8000000"),
    currency=CNY,
    grade="C",
    pre_registered_on=dt.date(2026, 5, 1),
)


def co_investment(**overrides: Decimal) -> CoInvestment:
    values = {
        "ratio_public_to_private": Decimal("0.5"),
        "max_share_of_round": Decimal("0.3"),
        "cap_per_venture": Decimal("1500000"),
    }
    values.update(overrides)
    return CoInvestment(currency=CNY, **values)


def compensation(**overrides: Decimal) -> RiskCompensation:
    values = {"cap_per_project": Decimal("200000"), "cap_per_investor_per_year": Decimal("1000000")}
    values.update(overrides)
    return RiskCompensation(currency=CNY, share_by_stage=SEED_SHARES, **values)


def guarantee(share: str = "0.5", cap: str = "400000") -> Guarantee:
    return Guarantee(
        currency=CNY,
        coverage_share=Decimal(share),
        fee_rate_annual=Decimal("0.01"),
        cap_per_loan=Decimal(cap),
    )


def offer(program_id, params, *, rules=None, budget="10000000", **used) -> ProgramOffer:
    return ProgramOffer(
        program_id=program_id,
        kind=params.kind,
        rules=rules or Rules(),
        params=params,
        budget_left=Decimal(budget),
        **used,
    )


class TestCoInvestment:
    def test_ratio_binds(self):
        """1:2 on a 2,000,000 ticket is 1,000,000; 30% of a 5,000,000 round is 1,500,000."""
        effect = co_investment_effect(
            co_investment(),
            private_amount=Decimal("2000000"),
            round_target=Decimal("5000000"),
            budget_left=Decimal("10000000"),
        )
        assert effect.amount == Decimal("1000000.00")
        assert effect.limits == ("ratio",)

    def test_round_share_binds_net_of_public_money_already_in_the_round(self):
        # ratio 1 x 2,000,000 = 2,000,000; 0.3 x 5,000,000 - 600,000 = 900,000.
        effect = co_investment_effect(
            co_investment(ratio_public_to_private=Decimal(1)),
            private_amount=Decimal("2000000"),
            round_target=Decimal("5000000"),
            public_in_round=Decimal("600000"),
            budget_left=Decimal("10000000"),
        )
        assert effect.amount == Decimal("900000.00")
        assert effect.limits == ("round_share",)

    def test_cap_per_venture_counts_what_the_program_already_committed(self):
        # cap 1,500,000 - 1,200,000 already = 300,000 < ratio 1,000,000 < share 1,500,000.
        amount = co_investment_amount(
            co_investment(),
            private_amount=Decimal("2000000"),
            round_target=Decimal("5000000"),
            already_committed_public=Decimal("1200000"),
            budget_left=Decimal("10000000"),
        )
        assert amount == Decimal("300000.00")

    def test_budget_binds_and_an_exhausted_program_gives_nothing(self):
        common = {"private_amount": Decimal("2000000"), "round_target": Decimal("5000000")}
        assert co_investment_amount(
            co_investment(), budget_left=Decimal("250000.50"), **common
        ) == Decimal("250000.50")
        effect = co_investment_effect(co_investment(), budget_left=Decimal("-10"), **common)
        assert effect.amount == Decimal(0)
        assert effect.limits == ("budget",)

    def test_ties_name_every_binding_limit(self):
        # ratio 0.3 x 5,000,000 = 1,500,000 = 0.3 x 5,000,000 = cap.
        effect = co_investment_effect(
            co_investment(ratio_public_to_private=Decimal("0.3")),
            private_amount=Decimal("5000000"),
            round_target=Decimal("5000000"),
            budget_left=Decimal("9000000"),
        )
        assert effect.limits == ("ratio", "round_share", "cap_per_venture")


class TestRiskCompensation:
    def test_share_by_stage_binds(self):
        # seed: 0.6 x 100,000 = 60,000 under every cap.
        amount = risk_compensation(
            compensation(),
            stage="seed",
            principal_loss=Decimal("100000"),
            investor_claimed_this_year=Decimal(0),
            budget_left=Decimal("5000000"),
            pre_registered_ok=True,
        )
        assert amount == Decimal("60000.00")

    def test_later_stage_gets_the_lower_share(self):
        # series-a: 0.3 x 100,000 = 30,000.
        amount = risk_compensation(
            compensation(),
            stage="series-a",
            principal_loss=Decimal("100000"),
            budget_left=Decimal("5000000"),
            pre_registered_ok=True,
        )
        assert amount == Decimal("30000.00")

    def test_cap_per_project_binds(self):
        # 0.6 x 1,000,000 = 600,000 > cap per project 200,000.
        effect = risk_compensation_effect(
            compensation(),
            stage="angel",
            principal_loss=Decimal("1000000"),
            budget_left=Decimal("5000000"),
            pre_registered_ok=True,
        )
        assert (effect.amount, effect.limits) == (Decimal("200000.00"), ("cap_per_project",))

    def test_what_the_investor_claimed_this_year_counts_against_its_cap(self):
        # year cap 1,000,000 - 950,000 claimed = 50,000 < 0.6 x 100,000 = 60,000.
        effect = risk_compensation_effect(
            compensation(),
            stage="seed",
            principal_loss=Decimal("100000"),
            investor_claimed_this_year=Decimal("950000"),
            budget_left=Decimal("5000000"),
            pre_registered_ok=True,
        )
        assert (effect.amount, effect.limits) == (
            Decimal("50000.00"),
            ("cap_per_investor_per_year",),
        )

    def test_rounds_down_to_the_cent(self):
        # 0.3 x 100.01 = 30.003 -> 30.00, never 30.01 above the share.
        amount = risk_compensation(
            compensation(),
            stage="pre-a",
            principal_loss=Decimal("100.01"),
            budget_left=Decimal("5000000"),
            pre_registered_ok=True,
        )
        assert amount == Decimal("30.00")

    def test_no_compensation_without_pre_registration_or_for_an_uncovered_stage(self):
        common = {"principal_loss": Decimal("100000"), "budget_left": Decimal("5000000")}
        late = risk_compensation_effect(
            compensation(), stage="seed", pre_registered_ok=False, **common
        )
        assert (late.amount, late.limits) == (Decimal(0), ("not_pre_registered",))
        series_b = risk_compensation_effect(
            compensation(), stage="series-b", pre_registered_ok=True, **common
        )
        assert (series_b.amount, series_b.limits) == (Decimal(0), ("stage_not_compensated",))


class TestGuaranteeAndSubsidy:
    def test_guarantee_covers_a_share_and_charges_its_fee_over_the_term(self):
        # 0.5 x 600,000 = 300,000 < cap 400,000; fee 300,000 x 1% x 18/12 = 4,500.
        covered, fee = guarantee_cover(
            guarantee(),
            loan_principal=Decimal("600000"),
            budget_left=Decimal("10000000"),
            term_months=18,
        )
        assert (covered, fee) == (Decimal("300000.00"), Decimal("4500.00"))

    def test_guarantee_within_cap_and_capacity(self):
        # 0.8 x 1,000,000 = 800,000 > cap 400,000 > capacity left 250,000.
        assert guarantee_cover(
            guarantee("0.8"), loan_principal=Decimal("1000000"), budget_left=Decimal("250000")
        ) == (Decimal("250000.00"), Decimal("2500.00"))

    def test_interest_subsidy(self):
        # 0.5 x 60,000 = 30,000 > cap 50,000 - 30,000 already = 20,000.
        params = InterestSubsidy(
            currency=CNY, share_of_interest=Decimal("0.5"), cap_per_venture=Decimal("50000")
        )
        common = {"interest": Decimal("60000"), "budget_left": Decimal("1000000")}
        assert interest_subsidy(params, **common) == Decimal("30000.00")
        assert interest_subsidy(params, already_subsidised=Decimal("30000"), **common) == Decimal(
            "20000.00"
        )

    def test_grant(self):
        params = Grant(currency=CNY, amount_cap=Decimal("300000"))
        assert grant_effect(params, budget_left=Decimal("1000000")).amount == Decimal("300000.00")
        assert grant_effect(
            params, requested=Decimal("120000"), budget_left=Decimal("1000000")
        ).limits == ("requested",)
        assert (
            grant_effect(params, already_granted=Decimal("300000"), budget_left=Decimal(9)).amount
            == 0
        )

    def test_negative_inputs_are_refused(self):
        with pytest.raises(ValueError, match="loan_principal"):
            guarantee_cover(guarantee(), loan_principal=Decimal(-1), budget_left=Decimal(1))


class TestPolicyCalculator:
    def loan(self) -> Deal:
        return Deal(
            instrument=InstrumentKind.LOAN,
            amount=Decimal("1000000"),
            currency=CNY,
            term_months=12,
            stage="seed",
            grade="C",
            annual_rate=Decimal("0.06"),
        )

    def loan_programs(self) -> list[ProgramOffer]:
        return [
            offer("co-invest", co_investment()),
            offer(
                "futian-guarantee",
                guarantee("0.8", "800000"),
                rules=Rules(districts=frozenset({"futian"})),
            ),
            offer(
                "subsidy",
                InterestSubsidy(
                    currency=CNY, share_of_interest=Decimal("0.5"), cap_per_venture=Decimal(50000)
                ),
                budget="1000000",
                used_by_venture=Decimal("30000"),
            ),
            offer(
                "angel-compensation",
                compensation(),
                rules=Rules(pre_registration_required=True),
                budget="5000000",
                used_by_investor_this_year=Decimal("900000"),
            ),
            offer("guarantee", guarantee(), rules=Rules(sectors=frozenset({"flowers-gifts"}))),
        ]

    def test_full_loan_example(self):
        """A 1,000,000 CNY one-year seed loan at 6% to a grade-C venture.

        PD(C) = 6% a year, LGD(loan) = 60%. Without programs the lender expects to lose
        0.06 x 0.60 x 1,000,000 = 36,000 and the venture pays 6% x 1,000,000 = 60,000 interest.

        Stacked in order (the list is given out of order on purpose):
        - co-investment: equity only -> not applied (and the loan has no round target);
        - Futian guarantee: the venture is in Nanshan -> not applied;
        - guarantee: min(0.5 x 1,000,000, cap 400,000) = 400,000 covered (cap_per_loan), fee
          400,000 x 1% = 4,000; the guarantor expects 0.06 x 0.60 x 400,000 = 14,400;
        - compensation: the lender's loss at default is 0.60 x (1,000,000 - 400,000) = 360,000;
          0.6 x 360,000 = 216,000, cap per project 200,000, but the lender already claimed
          900,000 of its 1,000,000 this year -> 100,000; expected 0.06 x 100,000 = 6,000;
        - subsidy: min(0.5 x 60,000, 50,000 - 30,000 already) = 20,000.
        The lender now expects 0.06 x (360,000 - 100,000) = 15,600 (LGD 260,000 / 1,000,000 =
        0.26); the venture pays 60,000 - 20,000 + 4,000 = 44,000. 15,600 + 14,400 + 6,000 =
        36,000: programs move expected loss, they do not make it vanish.
        """
        result = policy_calculator(self.loan(), self.loan_programs(), FLOWER_SHOP, on=DEAL_ON)
        pd, lgd = Decimal("0.060000"), Decimal("0.600000")
        one = Decimal("1.000000")
        assert result.probability_of_default == pd
        assert result.without == (
            Exposure(Party.INVESTOR, Decimal("1000000.00"), Decimal("36000.00"), pd, lgd),
            Exposure(Party.VENTURE, Decimal("60000.00"), Decimal("60000.00"), one, one),
        )
        assert result.with_programs == (
            Exposure(
                Party.INVESTOR, Decimal("1000000.00"), Decimal("15600.00"), pd, Decimal("0.260000")
            ),
            Exposure(
                Party.GOVERNMENT, Decimal("400000.00"), Decimal("14400.00"), pd, lgd, "guarantee"
            ),
            Exposure(
                Party.GOVERNMENT,
                Decimal("100000.00"),
                Decimal("6000.00"),
                pd,
                one,
                "angel-compensation",
            ),
            Exposure(
                Party.GOVERNMENT, Decimal("20000.00"), Decimal("20000.00"), one, one, "subsidy"
            ),
            Exposure(Party.VENTURE, Decimal("44000.00"), Decimal("44000.00"), one, one),
        )
        assert [(a.program_id, a.amount, a.fee, a.reason_codes) for a in result.applied] == [
            ("guarantee", Decimal("400000.00"), Decimal("4000.00"), ("cap_per_loan",)),
            (
                "angel-compensation",
                Decimal("100000.00"),
                Decimal("0.00"),
                ("cap_per_investor_per_year",),
            ),
            ("subsidy", Decimal("20000.00"), Decimal("0.00"), ("cap_per_venture",)),
        ]
        not_applied = {item.program_id: item for item in result.not_applied}
        assert [f.code for f in not_applied["co-invest"].failures] == [
            FailureCode.INSTRUMENT_NOT_SUPPORTED,
            FailureCode.UNKNOWN_ROUND_TARGET,
        ]
        assert [f.code for f in not_applied["futian-guarantee"].failures] == [
            FailureCode.DISTRICT_NOT_ELIGIBLE
        ]
        assert result.expected_loss(Party.INVESTOR, with_programs=False) == Decimal("36000.00")
        assert result.expected_loss(Party.GOVERNMENT) == Decimal("40400.00")

    def test_seed_equity_with_co_investment_and_compensation(self):
        """2,000,000 CNY of seed equity in a 5,000,000 round, grade B, one-year horizon.

        PD(B) = 3%, LGD(equity) = 90%: the investor expects 0.03 x 0.9 x 2,000,000 = 54,000.
        Co-investment min(0.5 x 2,000,000, 0.3 x 5,000,000, 1,500,000) = 1,000,000 beside it,
        expected loss 0.03 x 0.9 x 1,000,000 = 27,000. Compensation min(0.6 x 0.9 x 2,000,000 =
        1,080,000, 500,000, 1,000,000, budget 300,000) = 300,000; the investor now expects
        0.03 x (1,800,000 - 300,000) = 45,000 (LGD 0.75). A guarantee has nothing to cover.
        """
        deal = Deal(
            instrument=InstrumentKind.EQUITY,
            amount=Decimal("2000000"),
            currency=CNY,
            term_months=12,
            round_target=Decimal("5000000"),
            grade="B",
        )
        programs = [
            offer("guarantee", guarantee()),
            offer("compensation", compensation(cap_per_project=Decimal(500000)), budget="300000"),
            offer("co-invest", co_investment()),
        ]
        result = policy_calculator(deal, programs, FLOWER_SHOP, on=DEAL_ON)
        pd = Decimal("0.030000")
        assert result.without == (
            Exposure(
                Party.INVESTOR, Decimal("2000000.00"), Decimal("54000.00"), pd, Decimal("0.900000")
            ),
        )
        assert result.with_programs == (
            Exposure(
                Party.INVESTOR, Decimal("2000000.00"), Decimal("45000.00"), pd, Decimal("0.750000")
            ),
            Exposure(
                Party.CO_INVESTOR,
                Decimal("1000000.00"),
                Decimal("27000.00"),
                pd,
                Decimal("0.9"),
                "co-invest",
            ),
            Exposure(
                Party.GOVERNMENT,
                Decimal("300000.00"),
                Decimal("9000.00"),
                pd,
                Decimal(1),
                "compensation",
            ),
        )
        assert [(a.kind, a.reason_codes) for a in result.applied] == [
            (ProgramKind.CO_INVESTMENT, ("ratio",)),
            (ProgramKind.RISK_COMPENSATION, ("budget",)),
        ]
        assert result.not_applied[0].failures[0].code == FailureCode.INSTRUMENT_NOT_SUPPORTED

    def test_two_guarantees_stack_on_what_the_first_left(self):
        # 0.5 x 1,000,000 capped at 400,000; then 0.5 x the remaining 600,000 = 300,000. The
        # lender keeps 300,000 uncovered: 0.06 x 0.6 x 300,000 = 10,800.
        programs = [offer("city", guarantee()), offer("district", guarantee("0.5", "1000000"))]
        result = policy_calculator(self.loan(), programs, FLOWER_SHOP, on=DEAL_ON)
        assert [a.amount for a in result.applied] == [Decimal("400000.00"), Decimal("300000.00")]
        assert result.expected_loss(Party.INVESTOR) == Decimal("10800.00")
        # Fees 4,000 + 3,000 on top of 60,000 interest.
        assert result.with_programs[-1] == Exposure(
            Party.VENTURE, Decimal("67000.00"), Decimal("67000.00"), Decimal(1), Decimal(1)
        )

    def test_compensation_needs_pre_registration_on_or_before_the_deal_date(self):
        programs = [offer("comp", compensation(), rules=Rules(pre_registration_required=True))]
        on_the_day = policy_calculator(self.loan(), programs, FLOWER_SHOP, on=dt.date(2026, 5, 1))
        assert [a.program_id for a in on_the_day.applied] == ["comp"]
        day_before = policy_calculator(self.loan(), programs, FLOWER_SHOP, on=dt.date(2026, 4, 30))
        assert day_before.applied == ()
        assert day_before.not_applied[0].failures[0].code == FailureCode.NOT_PRE_REGISTERED

    def test_each_program_judges_its_own_registration_date(self):
        # The venture registered with "early" before the deal and with "late" after it; the
        # facts' single date (1 May) is overridden by each offer's own.
        rules = Rules(pre_registration_required=True)
        programs = [
            offer("early", compensation(), rules=rules, pre_registered_on=dt.date(2026, 3, 1)),
            offer("late", compensation(), rules=rules, pre_registered_on=dt.date(2026, 7, 1)),
        ]
        result = policy_calculator(self.loan(), programs, FLOWER_SHOP, on=DEAL_ON)
        assert [a.program_id for a in result.applied] == ["early"]
        assert [n.program_id for n in result.not_applied] == ["late"]
        assert result.not_applied[0].failures[0].code == FailureCode.NOT_PRE_REGISTERED

    def test_an_exhausted_budget_is_reported_as_the_limit(self):
        result = policy_calculator(
            self.loan(), [offer("guarantee", guarantee(), budget="0")], FLOWER_SHOP, on=DEAL_ON
        )
        assert result.applied == ()
        failure = result.not_applied[0].failures[0]
        assert (failure.code, failure.params) == (
            FailureCode.LIMIT_REACHED,
            {"limits": ("budget",)},
        )
        assert result.with_programs[0] == result.without[0]

    def test_program_in_another_currency_does_not_apply(self):
        usd = Guarantee(
            currency=Currency.USD,
            coverage_share=Decimal("0.5"),
            fee_rate_annual=Decimal(0),
            cap_per_loan=Decimal("100000"),
        )
        result = policy_calculator(self.loan(), [offer("usd", usd)], FLOWER_SHOP, on=DEAL_ON)
        assert result.not_applied[0].failures[0].code == FailureCode.CURRENCY_MISMATCH

    def test_unknown_grade_is_priced_as_the_worst(self):
        facts = VentureFacts(stage="seed")
        deal = Deal(
            instrument=InstrumentKind.LOAN, amount=Decimal("1000"), currency=CNY, term_months=24
        )
        result = policy_calculator(deal, [], facts, on=DEAL_ON)
        # PD(E) = 25% a year: 1 - 0.75^2 = 0.4375 over two years; 0.4375 x 0.6 x 1,000 = 262.50.
        assert result.without == (
            Exposure(
                Party.INVESTOR,
                Decimal("1000.00"),
                Decimal("262.50"),
                Decimal("0.437500"),
                Decimal("0.600000"),
            ),
        )

    def test_offer_kind_must_match_its_parameters(self):
        with pytest.raises(ValueError, match="guarantee"):
            ProgramOffer(
                program_id="x",
                kind=ProgramKind.GRANT,
                rules=Rules(),
                params=guarantee(),
                budget_left=Decimal(1),
            )

    def test_to_dict_is_json(self):
        import json

        result = policy_calculator(self.loan(), self.loan_programs(), FLOWER_SHOP, on=DEAL_ON)
        data = json.loads(json.dumps(result.to_dict()))
        assert data["with_programs"][0]["expected_loss"] == "15600.00"
        assert data["not_applied"][1]["failures"][0]["params"]["allowed"] == ["futian"]
