"""Program rules, parameters and risk tables as stored data: round trips and named errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from runway.engine.money import Currency, Money
from runway.engine.programs import (
    DEFAULT_LGD,
    DEFAULT_PD,
    CoInvestment,
    Guarantee,
    ParamsError,
    ProgramKind,
    RiskCompensation,
    RiskTableError,
    Rules,
    RulesError,
    cumulative_pd,
    params_from_dict,
    risk_tables_from_toml,
)

RULES = {
    "sectors": ["cross-border-b2b"],
    "stages": ["seed", "angel"],
    "regions": ["shenzhen"],
    "districts": ["nanshan", "futian"],
    "max_company_age_months": 60,
    "min_company_age_months": None,
    "max_annual_revenue": {"amount": "50000000", "currency": "CNY"},
    "min_grade": "C",
    "instruments": ["equity"],
    "pre_registration_required": True,
}


def test_rules_read_from_their_stored_dict():
    rules = Rules.from_dict(RULES)
    assert rules.districts == frozenset({"nanshan", "futian"})
    assert rules.max_annual_revenue == Money(Decimal("50000000"), Currency.CNY)
    assert rules.pre_registration_required
    stored = rules.to_dict()
    assert stored["districts"] == ["futian", "nanshan"]
    assert Rules.from_dict(json.loads(json.dumps(stored))) == rules


def test_missing_keys_mean_no_restriction():
    assert Rules.from_dict({}) == Rules()
    assert Rules.from_dict({"sectors": None, "min_grade": None}) == Rules()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"sector": ["finance"]}, "sector", "unknown_field"),
        ({"sectors": "finance"}, "sectors", "not_a_list"),
        ({"stages": ["Seed Round"]}, "stages", "bad_code"),
        ({"districts": [7]}, "districts", "bad_code"),
        ({"max_company_age_months": "60"}, "max_company_age_months", "not_an_integer"),
        ({"max_company_age_months": True}, "max_company_age_months", "not_an_integer"),
        ({"min_company_age_months": -1}, "min_company_age_months", "must_not_be_negative"),
        ({"min_company_age_months": 61}, "min_company_age_months", "min_above_max"),
        ({"max_annual_revenue": "5000000"}, "max_annual_revenue", "not_an_object"),
        (
            {"max_annual_revenue": {"amount": 5e6, "currency": "CNY"}},
            "max_annual_revenue.amount",
            "not_a_decimal",
        ),
        (
            {"max_annual_revenue": {"amount": "-1", "currency": "CNY"}},
            "max_annual_revenue.amount",
            "must_not_be_negative",
        ),
        (
            {"max_annual_revenue": {"amount": "1", "currency": "JPY"}},
            "max_annual_revenue.currency",
            "unknown_currency",
        ),
        (
            {"max_annual_revenue": {"amount": "1", "currency": "CNY", "x": 1}},
            "max_annual_revenue.x",
            "unknown_field",
        ),
        ({"min_grade": "F"}, "min_grade", "unknown_grade"),
        ({"min_grade": 3}, "min_grade", "unknown_grade"),
        ({"pre_registration_required": "yes"}, "pre_registration_required", "not_a_boolean"),
    ],
)
def test_bad_rules_name_the_field(changes, field, code):
    with pytest.raises(RulesError) as caught:
        Rules.from_dict({**RULES, **changes})
    assert (caught.value.field, caught.value.code) == (field, code)


def test_rules_that_are_not_an_object():
    with pytest.raises(RulesError, match="not_an_object"):
        Rules.from_dict(["sectors"])


def test_rules_built_directly_are_validated_too():
    with pytest.raises(RulesError, match="min_grade"):
        Rules(min_grade="Z")


STORED_PARAMS: dict[ProgramKind, dict[str, object]] = {
    ProgramKind.CO_INVESTMENT: {
        "currency": "CNY",
        "ratio_public_to_private": "0.5",
        "max_share_of_round": "0.3",
        "cap_per_venture": "5000000",
    },
    ProgramKind.RISK_COMPENSATION: {
        "currency": "CNY",
        "share_by_stage": {"seed": "0.6", "angel": "0.6", "pre-a": "0.3", "series-a": "0.3"},
        "cap_per_project": "2000000",
        "cap_per_investor_per_year": "5000000",
    },
    ProgramKind.GUARANTEE: {
        "currency": "CNY",
        "coverage_share": "0.8",
        "fee_rate_annual": "0.01",
        "cap_per_loan": "3000000",
    },
    ProgramKind.INTEREST_SUBSIDY: {
        "currency": "CNY",
        "share_of_interest": "0.5",
        "cap_per_venture": "300000",
    },
    ProgramKind.GRANT: {"currency": "HKD", "amount_cap": "500000"},
}


@pytest.mark.parametrize("kind", list(ProgramKind))
def test_params_round_trip(kind):
    params = params_from_dict(kind, STORED_PARAMS[kind])
    assert params.kind is kind
    assert params.to_dict() == STORED_PARAMS[kind]
    assert type(params).from_dict(json.loads(json.dumps(params.to_dict()))) == params


def test_risk_compensation_shares_read_by_stage():
    params = RiskCompensation.from_dict(STORED_PARAMS[ProgramKind.RISK_COMPENSATION])
    assert params.share_by_stage["seed"] == Decimal("0.6")
    assert params.share_by_stage["series-a"] == Decimal("0.3")
    with pytest.raises(TypeError):
        params.share_by_stage["seed"] = Decimal(1)  # type: ignore[index]


@pytest.mark.parametrize(
    ("kind", "changes", "field", "code"),
    [
        (
            ProgramKind.CO_INVESTMENT,
            {"ratio_public_to_private": "0"},
            "ratio_public_to_private",
            "must_be_positive",
        ),
        (
            ProgramKind.CO_INVESTMENT,
            {"max_share_of_round": "1.2"},
            "max_share_of_round",
            "must_be_share",
        ),
        (ProgramKind.CO_INVESTMENT, {"cap_per_venture": 0.5}, "cap_per_venture", "not_a_decimal"),
        (ProgramKind.CO_INVESTMENT, {"cap_per_venture": None}, "cap_per_venture", "not_a_decimal"),
        (ProgramKind.CO_INVESTMENT, {"currency": "cny"}, "currency", "unknown_currency"),
        (ProgramKind.CO_INVESTMENT, {"ratio": "1"}, "ratio", "unknown_field"),
        (
            ProgramKind.RISK_COMPENSATION,
            {"share_by_stage": {}},
            "share_by_stage",
            "must_not_be_empty",
        ),
        (
            ProgramKind.RISK_COMPENSATION,
            {"share_by_stage": {"seed": "60%"}},
            "share_by_stage.seed",
            "not_a_decimal",
        ),
        (
            ProgramKind.RISK_COMPENSATION,
            {"share_by_stage": {"seed": "0"}},
            "share_by_stage.seed",
            "must_be_share",
        ),
        (
            ProgramKind.RISK_COMPENSATION,
            {"share_by_stage": {"Seed": "0.6"}},
            "share_by_stage",
            "bad_code",
        ),
        (
            ProgramKind.RISK_COMPENSATION,
            {"share_by_stage": ["seed"]},
            "share_by_stage",
            "not_an_object",
        ),
        (ProgramKind.GUARANTEE, {"fee_rate_annual": "1"}, "fee_rate_annual", "must_be_rate"),
        (ProgramKind.GUARANTEE, {"coverage_share": "NaN"}, "coverage_share", "not_a_decimal"),
        (
            ProgramKind.INTEREST_SUBSIDY,
            {"share_of_interest": "-0.5"},
            "share_of_interest",
            "must_be_share",
        ),
        (ProgramKind.GRANT, {"amount_cap": "-1"}, "amount_cap", "must_be_positive"),
    ],
)
def test_bad_params_name_the_field(kind, changes, field, code):
    with pytest.raises(ParamsError) as caught:
        params_from_dict(kind, {**STORED_PARAMS[kind], **changes})
    assert (caught.value.field, caught.value.code) == (field, code)


def test_unknown_kind():
    with pytest.raises(ParamsError, match="unknown_kind"):
        params_from_dict("loan_forgiveness", {})


def test_params_built_directly_refuse_floats():
    with pytest.raises(ParamsError, match="coverage_share"):
        Guarantee(
            currency=Currency.CNY,
            coverage_share=0.5,  # type: ignore[arg-type]
            fee_rate_annual=Decimal(0),
            cap_per_loan=Decimal(1),
        )
    with pytest.raises(ParamsError, match="max_share_of_round"):
        CoInvestment(
            currency=Currency.CNY,
            ratio_public_to_private=Decimal(1),
            max_share_of_round=Decimal(0),
            cap_per_venture=Decimal(1),
        )


def test_default_risk_tables():
    assert dict(DEFAULT_PD) == {
        "A": Decimal("0.01"),
        "B": Decimal("0.03"),
        "C": Decimal("0.06"),
        "D": Decimal("0.12"),
        "E": Decimal("0.25"),
    }
    assert dict(DEFAULT_LGD) == {
        "equity": Decimal("0.90"),
        "loan": Decimal("0.60"),
        "revenue_based": Decimal("0.70"),
    }
    # A worse grade never has a lower probability of default.
    assert list(DEFAULT_PD.values()) == sorted(DEFAULT_PD.values())


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[probability_of_default_annual]\nA = 0.01\n[loss_given_default]\nloan = 0.6\n", "keys"),
        (
            (
                "[probability_of_default_annual]\nA = 0.01\nB = 0.02\nC = 0.03\nD = 0.04\n"
                "E = 1.5\n[loss_given_default]\nloan = 0.6\nequity = 0.9\nrevenue_based = 0.7\n"
            ),
            "E must be",
        ),
    ],
)
def test_bad_risk_tables(text, problem):
    with pytest.raises(RiskTableError, match=problem):
        risk_tables_from_toml(text)


def test_cumulative_pd_compounds_the_annual_probability():
    assert cumulative_pd(Decimal("0.1"), 12) == Decimal("0.1")
    assert cumulative_pd(Decimal("0.1"), 24) == Decimal("0.19")  # 1 - 0.9^2
    six_months = cumulative_pd(Decimal("0.19"), 6)  # 1 - 0.81^0.5 = 0.1
    assert six_months == Decimal("0.1")
    with pytest.raises(ValueError, match="term_months"):
        cumulative_pd(Decimal("0.1"), 0)
