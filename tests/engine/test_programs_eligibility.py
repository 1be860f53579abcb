"""Program eligibility: every failing rule listed, unknown facts told apart from failing ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from runway.engine.money import Currency, Money
from runway.engine.programs import (
    Failure,
    FailureCode,
    Rules,
    VentureFacts,
    check_eligibility,
    company_age_months,
    pre_registration_ok,
)

ON = dt.date(2026, 6, 1)
STRICT = Rules(
    sectors=frozenset({"cross-border-b2b", "electronic-components-b2b"}),
    stages=frozenset({"seed", "angel"}),
    regions=frozenset({"shenzhen"}),
    districts=frozenset({"nanshan", "futian"}),
    max_company_age_months=36,
    min_company_age_months=6,
    max_annual_revenue=Money(Decimal("20000000"), Currency.CNY),
    min_grade="C",
    instruments=frozenset({"equity"}),
)
FITS = VentureFacts(
    sectors=frozenset({"cross-border-b2b", "apparel-wholesale"}),
    stage="angel",
    regions=frozenset({"shenzhen", "guangdong", "china", "global"}),
    district="futian",
    founded_on=dt.date(2024, 1, 15),
    ttm_revenue=Decimal("20000000"),
    grade="B",
)


def codes(facts: VentureFacts, rules: Rules = STRICT, **kwargs) -> list[FailureCode]:
    return [failure.code for failure in check_eligibility(rules, facts, on=ON, **kwargs).failures]


def test_a_venture_meeting_every_rule_is_eligible():
    result = check_eligibility(STRICT, FITS, on=ON, instruments={"equity"})
    assert result.eligible
    assert result.failures == ()


def test_empty_rules_admit_a_venture_nothing_is_known_about():
    assert check_eligibility(Rules(), VentureFacts(), on=ON).eligible


def test_every_failing_rule_is_listed_with_its_parameters():
    facts = VentureFacts(
        sectors=frozenset({"flowers-gifts"}),
        stage="series-b",
        regions=frozenset({"guangzhou", "guangdong"}),
        district="tianhe",
        founded_on=dt.date(2020, 1, 1),
        ttm_revenue=Decimal("20000000.01"),
        grade="D",
    )
    result = check_eligibility(STRICT, facts, on=ON, instruments={"loan", "term-loan"})
    assert not result.eligible
    assert result.failures == (
        Failure(
            FailureCode.SECTOR_NOT_ELIGIBLE,
            {
                "sectors": ("flowers-gifts",),
                "allowed": ("cross-border-b2b", "electronic-components-b2b"),
            },
        ),
        Failure(
            FailureCode.STAGE_NOT_ELIGIBLE, {"stages": ("series-b",), "allowed": ("angel", "seed")}
        ),
        Failure(
            FailureCode.REGION_NOT_ELIGIBLE,
            {"regions": ("guangdong", "guangzhou"), "allowed": ("shenzhen",)},
        ),
        Failure(
            FailureCode.DISTRICT_NOT_ELIGIBLE,
            {"districts": ("tianhe",), "allowed": ("futian", "nanshan")},
        ),
        # 2020-01-01 to 2026-06-01 is 77 completed months.
        Failure(FailureCode.COMPANY_TOO_OLD, {"age_months": 77, "max_months": 36}),
        Failure(
            FailureCode.REVENUE_ABOVE_CEILING,
            {"revenue": "20000000.01", "ceiling": "20000000", "currency": "CNY"},
        ),
        Failure(FailureCode.GRADE_BELOW_MINIMUM, {"grade": "D", "min_grade": "C"}),
        Failure(
            FailureCode.INSTRUMENT_NOT_ELIGIBLE,
            {"instruments": ("loan", "term-loan"), "allowed": ("equity",)},
        ),
    )


def test_unknown_facts_fail_with_their_own_codes():
    assert codes(VentureFacts()) == [
        FailureCode.UNKNOWN_SECTOR,
        FailureCode.UNKNOWN_STAGE,
        FailureCode.UNKNOWN_REGION,
        FailureCode.UNKNOWN_DISTRICT,
        FailureCode.UNKNOWN_FOUNDING_DATE,
        FailureCode.UNKNOWN_REVENUE,
        FailureCode.UNKNOWN_GRADE,
    ]


def test_too_young_is_reported_apart_from_too_old():
    young = replace(FITS, founded_on=dt.date(2026, 1, 2))
    [failure] = check_eligibility(STRICT, young, on=ON).failures
    # 2026-01-02 to 2026-06-01: four completed months (the fifth completes on 2 June).
    assert failure == Failure(FailureCode.COMPANY_TOO_YOUNG, {"age_months": 4, "min_months": 6})


def test_revenue_in_another_currency_is_not_compared_without_a_rate():
    usd = replace(FITS, currency=Currency.USD, ttm_revenue=Decimal(1))
    assert codes(usd) == [FailureCode.REVENUE_CURRENCY_MISMATCH]


def test_the_instrument_rule_is_skipped_when_no_deal_is_considered():
    assert check_eligibility(STRICT, FITS, on=ON).eligible
    assert codes(FITS, instruments="term-loan") == [FailureCode.INSTRUMENT_NOT_ELIGIBLE]


@pytest.mark.parametrize(
    ("founded", "on", "months"),
    [
        (dt.date(2023, 1, 31), dt.date(2023, 2, 28), 0),
        (dt.date(2023, 1, 31), dt.date(2023, 3, 31), 2),
        (dt.date(2023, 1, 15), dt.date(2026, 1, 15), 36),
        (dt.date(2023, 1, 15), dt.date(2026, 1, 14), 35),
    ],
)
def test_company_age_counts_completed_months(founded, on, months):
    assert company_age_months(founded, on) == months


def test_age_limits_are_inclusive():
    rules = Rules(max_company_age_months=36, min_company_age_months=36)
    facts = VentureFacts(founded_on=dt.date(2023, 6, 1))
    assert check_eligibility(rules, facts, on=ON).eligible


def test_pre_registration_must_come_on_or_before_the_deal():
    rules = Rules(pre_registration_required=True)
    registered = VentureFacts(pre_registered_on=dt.date(2026, 6, 1))
    assert pre_registration_ok(rules, registered, deal_on=dt.date(2026, 6, 1))
    assert not pre_registration_ok(rules, registered, deal_on=dt.date(2026, 5, 31))
    assert not pre_registration_ok(rules, VentureFacts(), deal_on=ON)
    assert pre_registration_ok(Rules(), VentureFacts(), deal_on=ON)


def test_facts_refuse_a_bad_grade_and_a_bare_string_of_codes():
    with pytest.raises(ValueError, match="grade"):
        VentureFacts(grade="F")
    with pytest.raises(TypeError, match="sectors"):
        VentureFacts(sectors="finance")  # type: ignore[arg-type]
