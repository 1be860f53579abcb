"""Reads gettext .po catalogues, enough to check that every message is translated."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[2] / "runway" / "locale"
LANGUAGES = ("zh_Hans", "ru")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False


def _unquote(line: str) -> str:
    return str(ast.literal_eval(line.strip()))


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current = Entry()
    target: str | None = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(current)
            current, target = Entry(), None
        elif line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.fuzzy = current.fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            current.msgid_plural, target = _unquote(line[13:]), "plural"
        elif line.startswith("msgid "):
            current.msgid, target = _unquote(line[6:]), "id"
        elif line.startswith("msgstr"):
            current.msgstrs.append(_unquote(line.split(" ", 1)[1]))
            target = "str"
        elif line.startswith('"'):
            text = _unquote(line)
            if target == "id":
                current.msgid += text
            elif target == "plural":
                current.msgid_plural += text
            elif target == "str":
                current.msgstrs[-1] += text
    return [entry for entry in entries if entry.msgid and not entry.obsolete]


def catalogue(language: str) -> list[Entry]:
    return parse(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
