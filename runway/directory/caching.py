"""Anonymous visitors' directory pages, cached for minutes and checked before every reuse.

Every anonymous visitor asking the same thing in the same language sees the same page, and
searching and rendering twenty ventures costs far more than checking them. A cached response
keeps the ids of the ventures it shows, and of those it shows with exact figures; before it is
reused, one primary-key query confirms that each is still listed and still shows its figures.
So a venture that goes private, unlisted or back to bands never appears in a reused response,
while anything else (a new venture, fresher figures) shows within CACHE_SECONDS.
Signed-in readers are never served from this cache: their view depends on who they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from runway.directory.access import visible_to
from runway.directory.selectors import DirectoryHit
from runway.ventures.models import Venture

# How long a new listing or fresher figures may take to show to anonymous visitors (reindexing
# runs after the commit anyway); what a venture withdraws never waits for this (still_shown).
CACHE_SECONDS = 300
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Shown:
    """What a response disclosed: the ventures it lists, and those with exact figures."""

    venture_ids: tuple[int, ...]
    raw_ids: frozenset[int]

    @classmethod
    def of(cls, hits: Iterable[DirectoryHit]) -> Shown:
        listed = list(hits)
        return cls(
            venture_ids=tuple(hit.venture.pk for hit in listed),
            raw_ids=frozenset(hit.venture.pk for hit in listed if hit.raw_figures),
        )


@dataclass(frozen=True, slots=True)
class Cached(Generic[T]):
    value: T
    shown: Shown


def still_shown(shown: Shown) -> bool:
    """Whether an anonymous visitor may still see every venture of `shown` as it was shown."""
    if not shown.venture_ids:
        return True
    current = dict(
        Venture.objects.filter(visible_to(None), pk__in=shown.venture_ids).values_list(
            "pk", "directory_settings__show_raw_figures"
        )
    )
    return all(pk in current for pk in shown.venture_ids) and all(
        current[pk] for pk in shown.raw_ids
    )


def cached_for_anonymous(
    request: HttpRequest, *, kind: str, build: Callable[[], tuple[T, Shown]]
) -> T:
    """`build()`'s response for this query string and language, reused for CACHE_SECONDS as
    long as everything it shows may still be shown."""
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    raw = f"{kind}|{get_language()}|{query}"
    key = "directory:" + hashlib.sha256(raw.encode()).hexdigest()
    found: Cached[T] | None = cache.get(key)
    if found is not None and still_shown(found.shown):
        return found.value
    value, shown = build()
    cache.set(key, Cached(value, shown), CACHE_SECONDS)
    return value
