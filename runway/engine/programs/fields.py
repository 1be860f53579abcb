"""Reading the JSON-able dicts that hold program rules and parameters into typed values.

The platform keeps rules and parameters in JSONFields, so money and shares travel as decimal
strings ("0.6", "5000000.00"); floats are refused because they cannot hold 0.1 exactly. Every
problem is raised as a `ProgramDataError` naming the field and a code the shell translates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from runway.engine.money import Currency

CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}\Z")
GRADES = ("A", "B", "C", "D", "E")


class ProgramDataError(ValueError):
    """A rule or parameter that cannot be used: `field` names it (dotted for nested values) and
    `code` says why ('not_a_decimal', 'must_be_share', 'unknown_field', ...)."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(field, code)
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return f"{self.field}: {self.code}"


def as_mapping(raw: object, error: type[ProgramDataError], field: str) -> Mapping[str, object]:
    if not isinstance(raw, Mapping) or not all(isinstance(key, str) for key in raw):
        raise error(field, "not_an_object")
    return raw


def refuse_unknown_keys(
    raw: Mapping[str, object], known: Iterable[str], error: type[ProgramDataError], prefix: str = ""
) -> None:
    # A misspelt key ("sector" for "sectors") would otherwise silently mean "any sector".
    for key in sorted(set(raw) - set(known)):
        raise error(prefix + key, "unknown_field")


def read_decimal(raw: object, error: type[ProgramDataError], field: str) -> Decimal:
    if isinstance(raw, bool | float):
        raise error(field, "not_a_decimal")
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    elif isinstance(raw, str):
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            raise error(field, "not_a_decimal") from None
    else:
        raise error(field, "not_a_decimal")
    if not value.is_finite():
        raise error(field, "not_a_decimal")
    return value


def read_optional_decimal(raw: object, error: type[ProgramDataError], field: str) -> Decimal | None:
    return None if raw is None else read_decimal(raw, error, field)


def read_currency(raw: object, error: type[ProgramDataError], field: str) -> Currency:
    if not isinstance(raw, str | Currency) or raw not in Currency.__members__:
        raise error(field, "unknown_currency")
    return Currency(raw)


def read_codes(raw: object, error: type[ProgramDataError], field: str) -> frozenset[str]:
    """A list of taxonomy codes; None or an empty list means "any"."""
    if raw is None:
        return frozenset()
    if isinstance(raw, str) or not isinstance(raw, list | tuple | set | frozenset):
        raise error(field, "not_a_list")
    check_codes(raw, error, field)
    return frozenset(raw)


def check_codes(codes: Iterable[object], error: type[ProgramDataError], field: str) -> None:
    for code in codes:
        if not isinstance(code, str) or not CODE.match(code):
            raise error(field, "bad_code")


def read_optional_int(raw: object, error: type[ProgramDataError], field: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise error(field, "not_an_integer")
    return raw


def read_bool(raw: object, error: type[ProgramDataError], field: str) -> bool:
    if not isinstance(raw, bool):
        raise error(field, "not_a_boolean")
    return raw


def check_share(value: Decimal, error: type[ProgramDataError], field: str) -> None:
    """A share of something: above 0 and at most 1."""
    if not 0 < value <= 1:
        raise error(field, "must_be_share")


def check_positive(value: Decimal, error: type[ProgramDataError], field: str) -> None:
    if not value > 0:
        raise error(field, "must_be_positive")


def decimal_text(value: Decimal) -> str:
    """Plain decimal notation for JSON: never an exponent such as '5E+6'."""
    return f"{value:f}"
