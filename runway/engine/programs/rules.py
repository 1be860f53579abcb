"""Eligibility rules of a government program, held as data.

A program's rules are a plain JSON-able dict (the platform stores it in a JSONField); `Rules`
is its typed, validated form. Every list field is a set of taxonomy codes where empty means "any".
Example:

    {"sectors": ["cross-border-b2b"], "stages": ["seed", "angel"], "regions": ["shenzhen"],
     "districts": ["nanshan", "futian"], "max_company_age_months": 60,
     "min_company_age_months": null,
     "max_annual_revenue": {"amount": "50000000", "currency": "CNY"},
     "min_grade": "C", "instruments": ["equity"], "pre_registration_required": true}
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from runway.engine.money import Money
from runway.engine.programs.fields import (
    GRADES,
    ProgramDataError,
    as_mapping,
    check_codes,
    decimal_text,
    read_bool,
    read_codes,
    read_currency,
    read_decimal,
    read_optional_int,
    refuse_unknown_keys,
)

# Shenzhen's ten administrative districts (区) and new areas, as the UI offers them; rules
# accept any code so programs of other cities need no engine change.
SHENZHEN_DISTRICTS = (
    "futian",
    "luohu",
    "nanshan",
    "yantian",
    "baoan",
    "longgang",
    "longhua",
    "pingshan",
    "guangming",
    "dapeng",
)

CODE_FIELDS = ("sectors", "stages", "regions", "districts", "instruments")


class RulesError(ProgramDataError):
    """Rules that cannot be used; `field` names the rule, `code` the problem."""


@dataclass(frozen=True, slots=True)
class Rules:
    """Who a program is for. Empty sets and None mean "no restriction".

    `regions` matches when the venture has any of the codes, so a venture's region codes should
    include their ancestors (a Shenzhen venture carries shenzhen, guangdong, china, global).
    `pre_registration_required` does not limit eligibility: it is a condition on claiming a loss
    (see `pre_registration_ok`).
    """

    sectors: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    max_company_age_months: int | None = None
    min_company_age_months: int | None = None
    max_annual_revenue: Money | None = None
    min_grade: str | None = None
    instruments: frozenset[str] = frozenset()
    pre_registration_required: bool = False

    def __post_init__(self) -> None:
        for name in CODE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                raise RulesError(name, "not_a_list")
            check_codes(value, RulesError, name)
            object.__setattr__(self, name, frozenset(value))
        for name in ("max_company_age_months", "min_company_age_months"):
            months = getattr(self, name)
            if months is not None and (isinstance(months, bool) or not isinstance(months, int)):
                raise RulesError(name, "not_an_integer")
            if months is not None and months < 0:
                raise RulesError(name, "must_not_be_negative")
        low, high = self.min_company_age_months, self.max_company_age_months
        if low is not None and high is not None and low > high:
            raise RulesError("min_company_age_months", "min_above_max")
        if self.max_annual_revenue is not None and self.max_annual_revenue.amount < 0:
            raise RulesError("max_annual_revenue.amount", "must_not_be_negative")
        if self.min_grade is not None and self.min_grade not in GRADES:
            raise RulesError("min_grade", "unknown_grade")
        if not isinstance(self.pre_registration_required, bool):
            raise RulesError("pre_registration_required", "not_a_boolean")

    @classmethod
    def from_dict(cls, raw: object) -> Rules:
        """Rules from their stored dict; raises RulesError naming the first bad field."""
        data = as_mapping(raw, RulesError, "rules")
        refuse_unknown_keys(data, RULE_KEYS, RulesError)
        codes = {name: read_codes(data.get(name), RulesError, name) for name in CODE_FIELDS}
        min_grade = data.get("min_grade")
        if min_grade is not None and not isinstance(min_grade, str):
            raise RulesError("min_grade", "unknown_grade")
        return cls(
            sectors=codes["sectors"],
            stages=codes["stages"],
            regions=codes["regions"],
            districts=codes["districts"],
            max_company_age_months=read_optional_int(
                data.get("max_company_age_months"), RulesError, "max_company_age_months"
            ),
            min_company_age_months=read_optional_int(
                data.get("min_company_age_months"), RulesError, "min_company_age_months"
            ),
            max_annual_revenue=_read_money(data.get("max_annual_revenue")),
            min_grade=min_grade,
            instruments=codes["instruments"],
            pre_registration_required=read_bool(
                data.get("pre_registration_required", False),
                RulesError,
                "pre_registration_required",
            ),
        )

    def to_dict(self) -> dict[str, object]:
        """The stored form: sorted code lists, money as decimal strings; from_dict reads it back
        to an equal Rules."""
        revenue = self.max_annual_revenue
        return {
            **{name: sorted(getattr(self, name)) for name in CODE_FIELDS},
            "max_company_age_months": self.max_company_age_months,
            "min_company_age_months": self.min_company_age_months,
            "max_annual_revenue": None
            if revenue is None
            else {"amount": decimal_text(revenue.amount), "currency": str(revenue.currency)},
            "min_grade": self.min_grade,
            "pre_registration_required": self.pre_registration_required,
        }


RULE_KEYS = (
    *CODE_FIELDS,
    "max_company_age_months",
    "min_company_age_months",
    "max_annual_revenue",
    "min_grade",
    "pre_registration_required",
)


def _read_money(raw: object) -> Money | None:
    if raw is None:
        return None
    data = as_mapping(raw, RulesError, "max_annual_revenue")
    refuse_unknown_keys(data, ("amount", "currency"), RulesError, prefix="max_annual_revenue.")
    amount: Decimal = read_decimal(data.get("amount"), RulesError, "max_annual_revenue.amount")
    currency = read_currency(data.get("currency"), RulesError, "max_annual_revenue.currency")
    return Money(amount, currency)


def grade_rank(grade: str) -> int:
    """0 for A (best) to 4 for E."""
    return GRADES.index(grade)
