# ruff: noqa: RUF001 - the Russian word lists below are meant to be Cyrillic
"""Words of a text as the index stores them, and of a query as it searches them.

Chinese has no spaces, so Han runs are segmented with jieba (search mode: the words and the
shorter dictionary words inside them). Segmentation depends on context: `加线上商城` segments as
`加线 / 上 / 商城`, so a search for `线上` would miss it. Every run is therefore also indexed as
character bigrams, and a query word that jieba does not find in the text still matches when all
its bigrams do. jieba's HMM guessing of unknown words is off on both sides, for the same reason.
Other scripts (English, Russian) are split at anything that is not a letter or digit. Everything
is lowercased, so the index holds plain space-separated tokens that SQLite's FTS5 and
PostgreSQL's `simple` configuration read the same way.

A query is a conjunction of groups; a group matches when any of its alternatives does, and an
alternative when all its terms do. Latin and Cyrillic words lose a common inflection ending and
match as prefixes, so `components` finds `component` and `компоненты` finds `компонентов`.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import jieba
from django.conf import settings

WORD = re.compile(r"[^\W_]+")
HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")
# Words of this field that jieba's general dictionary lacks, so they stay whole in both the index
# and queries (the bigrams would still find them, but a whole word ranks a little higher).
DOMAIN_WORDS = ("宝妈", "电商", "跨境电商", "社区团购", "直播带货", "芯片", "元器件", "现货交易")
# Query words that would demand a match for nothing: Chinese and English function words.
STOP_WORDS = frozenset(
    ("和", "与", "及", "或", "的", "在", "了", "是", "and", "or", "the", "of", "for", "in", "a",
     "an", "to", "и", "в", "на", "с", "для", "по")
)  # fmt: skip
# Inflection endings dropped before a prefix match, longest first; the stem keeps 4 letters.
ENDINGS = (
    "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ых", "их", "ой", "ей", "ый", "ий",
    "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ов", "ев", "ам", "ям", "ах", "ях", "ом",
    "ем", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
    "ing", "ies", "es", "ed", "s",
)  # fmt: skip
MIN_STEM = 4
MIN_PREFIX = 3

_tokenizer: jieba.Tokenizer | None = None
_lock = threading.Lock()


def _jieba() -> jieba.Tokenizer:
    """The shared tokenizer, loaded on first use (about a second; later from jieba's cache)."""
    global _tokenizer  # one dictionary per process, loaded lazily
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            # jieba caches its parsed dictionary in a file; never in the working tree.
            tokenizer.tmp_dir = str(getattr(settings, "JIEBA_CACHE_DIR", tempfile.gettempdir()))
            tokenizer.initialize()
            for word in DOMAIN_WORDS:
                tokenizer.add_word(word)
            _tokenizer = tokenizer
        return _tokenizer


def _runs(text: str) -> Iterator[tuple[bool, str]]:
    """(is Han, piece) in order; re.split with a group keeps the Han runs at odd positions."""
    for index, piece in enumerate(HAN.split(text)):
        if piece:
            yield index % 2 == 1, piece


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str, *, unigrams: bool = False) -> list[str]:
    """Every token of `text` the index stores. `unigrams` adds each Han character on its own,
    for short fields such as names, where a one-character query should still find them."""
    tokens: list[str] = []
    for is_han, piece in _runs(text.lower()):
        if not is_han:
            tokens.extend(WORD.findall(piece))
            continue
        words = [w for w in _jieba().cut_for_search(piece, HMM=False) if WORD.fullmatch(w)]
        seen = set(words)
        tokens.extend(words)
        tokens.extend(pair for pair in bigrams(piece) if pair not in seen)
        if unigrams:
            tokens.extend(char for char in piece if char not in seen)
    return tokens


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False


Alternative = tuple[Term, ...]  # every term must match
Group = tuple[Alternative, ...]  # any alternative may match


def _stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _latin_groups(piece: str) -> list[Group]:
    groups: list[Group] = []
    for word in WORD.findall(piece):
        if word in STOP_WORDS:
            continue
        if word.isdigit() or len(word) < MIN_PREFIX:
            groups.append(((Term(word),),))
        else:
            groups.append(((Term(_stem(word), prefix=True),),))
    return groups


def _han_groups(run: str) -> list[Group]:
    # Single characters jieba leaves over are joined back into chunks: `线上` cuts as `线 / 上`,
    # and only its bigram `线上` is in the index.
    chunks: list[str] = []
    loose = ""
    for word in _jieba().cut(run, HMM=False):
        if len(word) == 1:
            loose += word
            continue
        if loose:
            chunks.append(loose)
            loose = ""
        chunks.append(word)
    if loose:
        chunks.append(loose)
    groups: list[Group] = []
    for chunk in chunks:
        if chunk in STOP_WORDS:
            continue
        if len(chunk) == 1:
            groups.append(((Term(chunk, prefix=True),),))
        elif len(chunk) == 2:
            groups.append(((Term(chunk),),))
        else:
            parts = tuple(Term(pair) for pair in dict.fromkeys(bigrams(chunk)))
            groups.append(((Term(chunk),), parts))
    return groups


def query_groups(query: str) -> tuple[Group, ...]:
    """The groups a search for `query` must all match; empty when it has no searchable word."""
    groups: list[Group] = []
    for is_han, piece in _runs(query.lower()[:200]):
        groups.extend(_han_groups(piece) if is_han else _latin_groups(piece))
    return tuple(dict.fromkeys(groups))[:12]


def highlight_terms(groups: tuple[Group, ...]) -> tuple[Term, ...]:
    """Every term of a query worth marking in a text, longest first (so whole words win)."""
    terms = {term for group in groups for alternative in group for term in alternative}
    return tuple(sorted(terms, key=lambda term: (-len(term.text), term.text)))
