"""Unified Social Credit Code (统一社会信用代码) of GB 32100-2015.

Eighteen characters: registration authority (1), entity type (1), administrative division (6
digits), organization code (9, GB 11714) and a check character computed over the first 17 with
weights 3^i mod 31. The alphabet has 31 characters; I, O, S, V and Z are never used.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


class Problem(StrEnum):
    LENGTH = "length"
    CHARACTER = "character"
    DIVISION = "division"
    CHECK = "check"


@dataclass(frozen=True, slots=True)
class CreditCodeError:
    """What is wrong with a code; `position` counts from 1 as people read it."""

    problem: Problem
    position: int | None = None
    found: str = ""
    expected: str = ""


def normalize(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be in ALPHABET)."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(code: str) -> CreditCodeError | None:
    """None when `code` is a well-formed USCC with the right check character, else the problem."""
    code = normalize(code)
    if len(code) != LENGTH:
        return CreditCodeError(Problem.LENGTH, found=str(len(code)), expected=str(LENGTH))
    for position, char in enumerate(code, start=1):
        if char not in VALUES:
            return CreditCodeError(Problem.CHARACTER, position=position, found=char)
    for position in range(3, 9):
        if not code[position - 1].isdigit():
            return CreditCodeError(
                Problem.DIVISION, position=position, found=code[position - 1], expected="0-9"
            )
    expected = check_character(code[:17])
    if code[17] != expected:
        return CreditCodeError(Problem.CHECK, position=18, found=code[17], expected=expected)
    return None


def with_check_character(first17: str) -> str:
    """Completes a 17-character prefix into a valid code (used by demo data and tests)."""
    first17 = normalize(first17)
    return first17 + check_character(first17)
