"""The Unified Social Credit Code check of runway/engine/credit_code.py (pure, no database)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from runway.engine.credit_code import (
    ALPHABET,
    Problem,
    check_character,
    normalize,
    validate,
    with_check_character,
)

DIGITS = "0123456789"

# Registration authority and entity type, the six-digit division, the nine-character organization
# code: every 17-character prefix the standard allows.
prefixes = st.builds(
    lambda head, division, body: head + division + body,
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text(DIGITS, min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
)
valid_codes = prefixes.map(with_check_character)


@pytest.mark.parametrize("code", ["91110000802100433B", "914403001922038216", "91110108551385082Q"])
def test_real_published_codes_validate(code: str) -> None:
    assert validate(code) is None


def test_typing_noise_is_tolerated() -> None:
    assert validate(" 9111-0000-8021 00433b ") is None
    assert normalize(" 9111-0000 ") == "91110000"


def test_a_wrong_check_character_names_the_expected_one() -> None:
    error = validate("91110000802100433C")

    assert error is not None
    assert (error.problem, error.position, error.found, error.expected) == (
        Problem.CHECK,
        18,
        "C",
        "B",
    )


@pytest.mark.parametrize(
    ("code", "problem", "position", "found"),
    [
        ("9111000080210043", Problem.LENGTH, None, "16"),
        ("91110000802I00433B", Problem.CHARACTER, 12, "I"),
        ("9111000O802100433B", Problem.CHARACTER, 8, "O"),
        ("911A0000802100433B", Problem.DIVISION, 4, "A"),
    ],
)
def test_malformed_codes_say_what_and_where(
    code: str, problem: Problem, position: int | None, found: str
) -> None:
    error = validate(code)

    assert error is not None
    assert (error.problem, error.position, error.found) == (problem, position, found)


@given(valid_codes)
def test_every_code_with_its_check_character_validates(code: str) -> None:
    assert len(code) == 18
    assert validate(code) is None
    assert check_character(code[:17]) == code[17]


@given(valid_codes, st.integers(min_value=0, max_value=17), st.data())
def test_changing_any_one_character_is_detected(code: str, index: int, data: st.DataObject) -> None:
    original = code[index]
    # A lower-case copy of the same character is the same code once normalized.
    replacement = data.draw(
        st.characters(codec="utf-8").filter(lambda char: char.upper() != original)
    )
    changed = code[:index] + replacement + code[index + 1 :]

    assert validate(changed) is not None


@given(valid_codes, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET))
def test_changing_to_another_code_character_fails_the_check(
    code: str, index: int, replacement: str
) -> None:
    assume(replacement != code[index])
    assume(not (2 <= index <= 7 and replacement not in DIGITS))
    changed = code[:index] + replacement + code[index + 1 :]

    error = validate(changed)

    assert error is not None
    assert error.problem is Problem.CHECK
