"""Every message of the interface is translated into Simplified Chinese and Russian."""

from __future__ import annotations

import re

import pytest

from tests.i18n.catalogue import LANGUAGES, catalogue

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{?\s*\w+\s*\}?\}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    untranslated = [
        entry.msgid
        for entry in catalogue(language)
        if entry.fuzzy or not all(text.strip() for text in entry.msgstrs)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    broken = [
        entry.msgid
        for entry in catalogue(language)
        for text in entry.msgstrs
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(text))
        and not entry.msgid_plural
    ]
    assert broken == []
