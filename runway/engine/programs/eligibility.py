"""Which programs a venture qualifies for, and every reason it does not.

`check_eligibility` evaluates every rule and lists each failing one, so the shell can explain
all of them at once ("too old AND outside the district") instead of one per attempt. Failures
are codes with parameters, never sentences. A rule that needs a fact the platform does not have
(no founding date, no revenue figure) fails with an `unknown_*` code: the venture may well
qualify, and the UI asks for the missing fact instead of saying "not eligible".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from runway.engine.money import Currency
from runway.engine.programs.fields import GRADES, decimal_text
from runway.engine.programs.rules import Rules, grade_rank

FailureParam = str | int | tuple[str, ...]


class FailureCode(StrEnum):
    SECTOR_NOT_ELIGIBLE = "sector_not_eligible"
    UNKNOWN_SECTOR = "unknown_sector"
    STAGE_NOT_ELIGIBLE = "stage_not_eligible"
    UNKNOWN_STAGE = "unknown_stage"
    REGION_NOT_ELIGIBLE = "region_not_eligible"
    UNKNOWN_REGION = "unknown_region"
    DISTRICT_NOT_ELIGIBLE = "district_not_eligible"
    UNKNOWN_DISTRICT = "unknown_district"
    COMPANY_TOO_OLD = "company_too_old"
    COMPANY_TOO_YOUNG = "company_too_young"
    UNKNOWN_FOUNDING_DATE = "unknown_founding_date"
    REVENUE_ABOVE_CEILING = "revenue_above_ceiling"
    UNKNOWN_REVENUE = "unknown_revenue"
    REVENUE_CURRENCY_MISMATCH = "revenue_currency_mismatch"
    GRADE_BELOW_MINIMUM = "grade_below_minimum"
    UNKNOWN_GRADE = "unknown_grade"
    INSTRUMENT_NOT_ELIGIBLE = "instrument_not_eligible"
    # Raised by the policy calculator, not by check_eligibility:
    NOT_PRE_REGISTERED = "not_pre_registered"
    CURRENCY_MISMATCH = "currency_mismatch"
    INSTRUMENT_NOT_SUPPORTED = "instrument_not_supported"
    STAGE_NOT_COMPENSATED = "stage_not_compensated"
    UNKNOWN_ROUND_TARGET = "unknown_round_target"
    UNKNOWN_INTEREST_RATE = "unknown_interest_rate"
    LIMIT_REACHED = "limit_reached"


@dataclass(frozen=True, slots=True)
class Failure:
    """One failing rule: a code and the values the explanation needs (code lists are sorted
    tuples, money decimal strings)."""

    code: FailureCode
    params: Mapping[str, FailureParam] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": str(self.code),
            "params": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in self.params.items()
            },
        }


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    failures: tuple[Failure, ...]


@dataclass(frozen=True, slots=True)
class VentureFacts:
    """What the rules are checked against. `regions` should include ancestor regions; `currency`
    is the currency of `ttm_revenue` (trailing twelve months); `grade` is 'A'..'E'."""

    sectors: frozenset[str] = frozenset()
    stage: str | None = None
    regions: frozenset[str] = frozenset()
    district: str | None = None
    founded_on: dt.date | None = None
    ttm_revenue: Decimal | None = None
    currency: Currency = Currency.CNY
    grade: str | None = None
    pre_registered_on: dt.date | None = None

    def __post_init__(self) -> None:
        for name in ("sectors", "regions"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"VentureFacts.{name} is a collection of codes, not a string")
            object.__setattr__(self, name, frozenset(value))
        object.__setattr__(self, "currency", Currency(self.currency))
        if self.grade is not None and self.grade not in GRADES:
            raise ValueError(f"unknown grade {self.grade!r}")
        if self.ttm_revenue is not None and not isinstance(self.ttm_revenue, Decimal):
            raise TypeError("VentureFacts.ttm_revenue must be a Decimal")


def company_age_months(founded_on: dt.date, on: dt.date) -> int:
    """Completed months between the founding date and `on`, counted as birthdays count years:
    founded 31 Jan, the company is 0 months old on 28 Feb and 1 month old on 31 Mar."""
    months = (on.year - founded_on.year) * 12 + on.month - founded_on.month
    return months - 1 if on.day < founded_on.day else months


def check_eligibility(
    rules: Rules,
    facts: VentureFacts,
    *,
    on: dt.date,
    instruments: Collection[str] = (),
) -> Eligibility:
    """Every rule of `rules` that `facts` fail on date `on`.

    `instruments` are the codes of the deal being considered (e.g. {'loan', 'term-loan'}); when
    empty, no deal is being considered and the instrument rule is skipped, so a venture can see
    which programs it might use before it raises money.
    """
    failures = [
        *_set_rule(rules.sectors, facts.sectors, "sector"),
        *_one_of_rule(rules.stages, facts.stage, "stage"),
        *_set_rule(rules.regions, facts.regions, "region"),
        *_one_of_rule(rules.districts, facts.district, "district"),
        *_age_rules(rules, facts.founded_on, on),
        *_revenue_rule(rules, facts),
        *_grade_rule(rules.min_grade, facts.grade),
    ]
    deal_codes = frozenset({instruments} if isinstance(instruments, str) else instruments)
    if rules.instruments and deal_codes and not rules.instruments & deal_codes:
        failures.append(
            Failure(
                FailureCode.INSTRUMENT_NOT_ELIGIBLE,
                {
                    "instruments": tuple(sorted(deal_codes)),
                    "allowed": tuple(sorted(rules.instruments)),
                },
            )
        )
    return Eligibility(eligible=not failures, failures=tuple(failures))


def pre_registration_ok(rules: Rules, facts: VentureFacts, *, deal_on: dt.date) -> bool:
    """Whether a loss on a deal made on `deal_on` can be claimed: always when the program does
    not require pre-registration, else only if the venture registered on or before that date
    (a registration and an investment on the same day count as "before": dates carry no time)."""
    if not rules.pre_registration_required:
        return True
    return facts.pre_registered_on is not None and facts.pre_registered_on <= deal_on


def _set_rule(allowed: frozenset[str], have: frozenset[str], noun: str) -> list[Failure]:
    if not allowed:
        return []
    if not have:
        return [Failure(FailureCode(f"unknown_{noun}"), {"allowed": tuple(sorted(allowed))})]
    if allowed & have:
        return []
    return [
        Failure(
            FailureCode(f"{noun}_not_eligible"),
            {f"{noun}s": tuple(sorted(have)), "allowed": tuple(sorted(allowed))},
        )
    ]


def _one_of_rule(allowed: frozenset[str], have: str | None, noun: str) -> list[Failure]:
    return _set_rule(allowed, frozenset() if have is None else frozenset({have}), noun)


def _age_rules(rules: Rules, founded_on: dt.date | None, on: dt.date) -> list[Failure]:
    high, low = rules.max_company_age_months, rules.min_company_age_months
    if high is None and low is None:
        return []
    if founded_on is None:
        return [Failure(FailureCode.UNKNOWN_FOUNDING_DATE)]
    age = company_age_months(founded_on, on)
    failures = []
    if high is not None and age > high:
        failures.append(
            Failure(FailureCode.COMPANY_TOO_OLD, {"age_months": age, "max_months": high})
        )
    if low is not None and age < low:
        failures.append(
            Failure(FailureCode.COMPANY_TOO_YOUNG, {"age_months": age, "min_months": low})
        )
    return failures


def _revenue_rule(rules: Rules, facts: VentureFacts) -> list[Failure]:
    ceiling = rules.max_annual_revenue
    if ceiling is None:
        return []
    if facts.ttm_revenue is None:
        return [Failure(FailureCode.UNKNOWN_REVENUE)]
    if facts.currency != ceiling.currency:
        # The engine holds no exchange rates; the adapter converts revenue before asking.
        return [
            Failure(
                FailureCode.REVENUE_CURRENCY_MISMATCH,
                {"currency": str(facts.currency), "ceiling_currency": str(ceiling.currency)},
            )
        ]
    if facts.ttm_revenue <= ceiling.amount:
        return []
    return [
        Failure(
            FailureCode.REVENUE_ABOVE_CEILING,
            {
                "revenue": decimal_text(facts.ttm_revenue),
                "ceiling": decimal_text(ceiling.amount),
                "currency": str(ceiling.currency),
            },
        )
    ]


def _grade_rule(min_grade: str | None, grade: str | None) -> list[Failure]:
    if min_grade is None:
        return []
    if grade is None:
        return [Failure(FailureCode.UNKNOWN_GRADE, {"min_grade": min_grade})]
    if grade_rank(grade) <= grade_rank(min_grade):
        return []
    return [Failure(FailureCode.GRADE_BELOW_MINIMUM, {"grade": grade, "min_grade": min_grade})]
