"""Why a venture matched: the query's words marked in a short piece of its own text.

Marks are put in the original text (not the index's tokens), so Chinese reads without the
segmenter's spaces. Every piece of text is HTML-escaped before any `<mark>` is added; the result
is safe to insert in a page or send in JSON as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from runway.directory.words import HAN, Term
from runway.sponsors.selectors import ACCEPTED_ATTR
from runway.ventures.models import Venture
from runway.ventures.selectors import venture_district_label

SNIPPET_CHARS = 90
ELLIPSIS = "…"


def term_pattern(terms: Iterable[Term]) -> re.Pattern[str] | None:
    """One pattern for every term: Chinese as substrings, other words from a word start (and
    to a word end unless the term is a prefix). None when there is nothing to mark."""
    parts: list[str] = []
    for term in terms:
        text = re.escape(term.text)
        if HAN.search(term.text):
            parts.append(text)
        elif term.prefix:
            parts.append(rf"(?<![^\W_]){text}[^\W_]*")
        else:
            parts.append(rf"(?<![^\W_]){text}(?![^\W_])")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def marked(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """`text` escaped, with every match of `pattern` in <mark>."""
    if pattern is None:
        return SafeString(escape(text))
    pieces: list[str] = []
    end = 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        pieces.append(escape(text[end : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        end = match.end()
    pieces.append(escape(text[end:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece was escaped above


def snippet(text: str, pattern: re.Pattern[str] | None) -> SafeString | None:
    """A window of `text` around its first match, marked; None when nothing in it matches."""
    if pattern is None or not text:
        return None
    first = pattern.search(text)
    if first is None:
        return None
    if len(text) <= SNIPPET_CHARS:
        return marked(text, pattern)
    start = max(0, min(first.start() - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS))
    window = text[start : start + SNIPPET_CHARS]
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(before + marked(window, pattern) + after)  # noqa: S308 - marked() escaped it


def _reader_first(texts: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    reader = (get_language() or "zh-hans")[:2]
    return sorted(texts, key=lambda pair: pair[0][:2] != reader)


def why_matched(
    venture: Venture, pattern: re.Pattern[str] | None
) -> tuple[SafeString, tuple[str, ...]]:
    """The best marked snippet (the highest-weighted field that matches) and every field that
    matched; without a query, the tagline."""
    if pattern is None:
        return marked(venture.tagline, None), ()
    sector_names = [
        pair
        for sector in venture.sectors.all()
        for pair in (("zh", sector.name_zh), ("en", sector.name_en), ("ru", sector.name_ru))
    ]
    city = venture.city
    descriptions = [
        ("zh", venture.description_zh),
        ("en", venture.description_en),
        ("ru", venture.description_ru),
    ]
    fields = [
        ("sectors", _reader_first(sector_names)),
        ("tagline", [("", venture.tagline)]),
        ("description", _reader_first(descriptions)),
        (
            "place",
            [
                *_reader_first([("zh", city.name_zh), ("en", city.name_en), ("ru", city.name_ru)]),
                ("", venture_district_label(venture=venture)),
            ],
        ),
    ]
    # Sponsors only when the caller prefetched them (a page of hits does): never a query each.
    sponsorships = getattr(venture, ACCEPTED_ATTR, None) or ()
    fields.append(
        ("sponsor", [("", sponsorship.intermediary.name) for sponsorship in sponsorships])
    )
    best: SafeString | None = None
    matched: list[str] = []
    for field, texts in fields:
        for _language, text in texts:
            found = snippet(text, pattern)
            if found is not None:
                matched.append(field)
                best = best if best is not None else found
                break
    return best if best is not None else marked(venture.tagline, None), tuple(matched)
