"""The parameters of each kind of program, as validated frozen dataclasses.

Like rules, parameters are stored as JSON-able dicts: amounts and shares are decimal strings, and
`currency` is the program's currency, in which every amount (and the budget) is expressed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import ClassVar, Self

from runway.engine.money import Currency
from runway.engine.programs.fields import (
    CODE,
    ProgramDataError,
    as_mapping,
    check_positive,
    check_share,
    decimal_text,
    read_currency,
    read_decimal,
    refuse_unknown_keys,
)


class ProgramKind(StrEnum):
    CO_INVESTMENT = "co_investment"
    RISK_COMPENSATION = "risk_compensation"
    GUARANTEE = "guarantee"
    INTEREST_SUBSIDY = "interest_subsidy"
    GRANT = "grant"


class ParamsError(ProgramDataError):
    """Parameters that cannot be used; `field` names the parameter, `code` the problem."""


class _StoredParams:
    """from_dict/to_dict for every kind of parameters (the stored, JSON-able form)."""

    __slots__ = ()
    kind: ClassVar[ProgramKind]
    currency: Currency

    @classmethod
    def from_dict(cls, raw: object) -> Self:
        params = params_from_dict(cls.kind, raw)
        if not isinstance(params, cls):  # pragma: no cover - PARAMS_BY_KIND maps kind to class
            raise TypeError(f"{cls.kind} parameters built a {type(params).__name__}")
        return params

    def to_dict(self) -> dict[str, object]:
        return params_to_dict(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class CoInvestment(_StoredParams):
    """Public money invested alongside private money: `ratio_public_to_private` public per unit
    of private (1:1 is 1, 1:2 is 0.5), at most `max_share_of_round` of the round's target and at
    most `cap_per_venture` over the venture's life."""

    kind: ClassVar[ProgramKind] = ProgramKind.CO_INVESTMENT
    currency: Currency
    ratio_public_to_private: Decimal
    max_share_of_round: Decimal
    cap_per_venture: Decimal

    def __post_init__(self) -> None:
        _check_currency(self)
        check_positive(self.ratio_public_to_private, ParamsError, "ratio_public_to_private")
        check_share(self.max_share_of_round, ParamsError, "max_share_of_round")
        check_positive(self.cap_per_venture, ParamsError, "cap_per_venture")


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskCompensation(_StoredParams):
    """A share of an investor's principal loss reimbursed, by the venture's stage at investment
    (e.g. seed 0.6, series-a 0.3), within a cap per project and per investor per year."""

    kind: ClassVar[ProgramKind] = ProgramKind.RISK_COMPENSATION
    currency: Currency
    share_by_stage: Mapping[str, Decimal]
    cap_per_project: Decimal
    cap_per_investor_per_year: Decimal

    def __post_init__(self) -> None:
        _check_currency(self)
        if not isinstance(self.share_by_stage, Mapping) or not self.share_by_stage:
            raise ParamsError("share_by_stage", "must_not_be_empty")
        for stage, share in self.share_by_stage.items():
            if not isinstance(stage, str) or not CODE.match(stage):
                raise ParamsError("share_by_stage", "bad_code")
            if not isinstance(share, Decimal):
                raise ParamsError(f"share_by_stage.{stage}", "not_a_decimal")
            check_share(share, ParamsError, f"share_by_stage.{stage}")
        # Read-only, so the frozen dataclass cannot be changed through its mapping.
        frozen = MappingProxyType(dict(sorted(self.share_by_stage.items())))
        object.__setattr__(self, "share_by_stage", frozen)
        check_positive(self.cap_per_project, ParamsError, "cap_per_project")
        check_positive(self.cap_per_investor_per_year, ParamsError, "cap_per_investor_per_year")


@dataclass(frozen=True, slots=True, kw_only=True)
class Guarantee(_StoredParams):
    """A share of a loan's principal guaranteed, up to `cap_per_loan`, for an annual fee on the
    covered amount paid by the borrower."""

    kind: ClassVar[ProgramKind] = ProgramKind.GUARANTEE
    currency: Currency
    coverage_share: Decimal
    fee_rate_annual: Decimal
    cap_per_loan: Decimal

    def __post_init__(self) -> None:
        _check_currency(self)
        check_share(self.coverage_share, ParamsError, "coverage_share")
        if not 0 <= self.fee_rate_annual < 1:
            raise ParamsError("fee_rate_annual", "must_be_rate")
        check_positive(self.cap_per_loan, ParamsError, "cap_per_loan")


@dataclass(frozen=True, slots=True, kw_only=True)
class InterestSubsidy(_StoredParams):
    """A share of the borrower's interest paid by the program, up to `cap_per_venture`."""

    kind: ClassVar[ProgramKind] = ProgramKind.INTEREST_SUBSIDY
    currency: Currency
    share_of_interest: Decimal
    cap_per_venture: Decimal

    def __post_init__(self) -> None:
        _check_currency(self)
        check_share(self.share_of_interest, ParamsError, "share_of_interest")
        check_positive(self.cap_per_venture, ParamsError, "cap_per_venture")


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant(_StoredParams):
    """A non-repayable grant of at most `amount_cap` per venture."""

    kind: ClassVar[ProgramKind] = ProgramKind.GRANT
    currency: Currency
    amount_cap: Decimal

    def __post_init__(self) -> None:
        _check_currency(self)
        check_positive(self.amount_cap, ParamsError, "amount_cap")


ProgramParams = CoInvestment | RiskCompensation | Guarantee | InterestSubsidy | Grant

PARAMS_BY_KIND: Mapping[ProgramKind, type[ProgramParams]] = MappingProxyType(
    {
        ProgramKind.CO_INVESTMENT: CoInvestment,
        ProgramKind.RISK_COMPENSATION: RiskCompensation,
        ProgramKind.GUARANTEE: Guarantee,
        ProgramKind.INTEREST_SUBSIDY: InterestSubsidy,
        ProgramKind.GRANT: Grant,
    }
)
_AMOUNT_FIELDS: Mapping[ProgramKind, tuple[str, ...]] = {
    ProgramKind.CO_INVESTMENT: ("ratio_public_to_private", "max_share_of_round", "cap_per_venture"),
    ProgramKind.RISK_COMPENSATION: ("cap_per_project", "cap_per_investor_per_year"),
    ProgramKind.GUARANTEE: ("coverage_share", "fee_rate_annual", "cap_per_loan"),
    ProgramKind.INTEREST_SUBSIDY: ("share_of_interest", "cap_per_venture"),
    ProgramKind.GRANT: ("amount_cap",),
}


def params_from_dict(kind: ProgramKind | str, raw: object) -> ProgramParams:
    """The parameters of a program of `kind` from their stored dict, e.g. for a guarantee
    {"currency": "CNY", "coverage_share": "0.5", "fee_rate_annual": "0.01",
    "cap_per_loan": "3000000"}; raises ParamsError naming the first bad field."""
    try:
        kind = ProgramKind(kind)
    except ValueError:
        raise ParamsError("kind", "unknown_kind") from None
    data = as_mapping(raw, ParamsError, "params")
    decimals = _AMOUNT_FIELDS[kind]
    has_stages = kind is ProgramKind.RISK_COMPENSATION
    refuse_unknown_keys(
        data, ("currency", *decimals, *(("share_by_stage",) if has_stages else ())), ParamsError
    )
    values: dict[str, object] = {
        name: read_decimal(data.get(name), ParamsError, name) for name in decimals
    }
    values["currency"] = read_currency(data.get("currency"), ParamsError, "currency")
    if has_stages:
        stages = as_mapping(data.get("share_by_stage"), ParamsError, "share_by_stage")
        values["share_by_stage"] = {
            stage: read_decimal(share, ParamsError, f"share_by_stage.{stage}")
            for stage, share in stages.items()
        }
    return PARAMS_BY_KIND[kind](**values)  # type: ignore[arg-type]


def params_to_dict(params: _StoredParams) -> dict[str, object]:
    """The stored form of `params`; params_from_dict(params.kind, ...) reads it back equal."""
    out: dict[str, object] = {"currency": str(params.currency)}
    for name in _AMOUNT_FIELDS[params.kind]:
        out[name] = decimal_text(getattr(params, name))
    if isinstance(params, RiskCompensation):
        out["share_by_stage"] = {
            stage: decimal_text(share) for stage, share in params.share_by_stage.items()
        }
    return out


def _check_currency(params: _StoredParams) -> None:
    if not isinstance(params.currency, str) or params.currency not in Currency.__members__:
        raise ParamsError("currency", "unknown_currency")
    object.__setattr__(params, "currency", Currency(params.currency))
    for name in _AMOUNT_FIELDS[params.kind]:
        if not isinstance(getattr(params, name), Decimal):
            raise ParamsError(name, "not_a_decimal")
