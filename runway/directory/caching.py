"""Anonymous visitors' directory pages, cached for minutes and dropped the moment anything that
decides what an anonymous visitor may see changes.

Every anonymous visitor asking the same thing in the same language sees the same page, and
searching and rendering twenty ventures costs far more than reusing them. Each cached response
records the directory's *generation*, a counter that goes up after every committed save or delete
of a venture or of its directory settings (listed, exact figures); a response from an older
generation is never reused. So a venture that goes private, unlisted or back to bands leaves
every reused response at once (also when an operator edits it in the admin), while anything else
(a new venture, fresher figures) shows within CACHE_SECONDS. Checking costs one cache round trip
for both keys and no database query: the check used to be a primary-key query per request, which
was 40% of a cached request's time under load (benchmarks/directory_search.py).
Signed-in readers are never served from this cache: their view depends on who they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language

# How long a new listing or fresher figures may take to show to anonymous visitors (reindexing
# runs after the commit anyway); what a venture withdraws never waits for this (the generation).
CACHE_SECONDS = 300
GENERATION_KEY = "directory:generation"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Cached(Generic[T]):
    value: T
    generation: int


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any value unlike the cached ones will do
        cache.set(GENERATION_KEY, 1, None)


def visibility_changed(**_signal: Any) -> None:
    """Connected to saves and deletes of ventures and their directory settings (apps.py): a
    model signal, not a service call, so that no path that changes visibility (services, the
    admin, a shell) can leave a cached page showing what may no longer be shown. At once, and
    again after the commit: a request between the two may have cached the state before the
    commit under the first new generation."""
    _next_generation()
    transaction.on_commit(_next_generation)


def cached_for_anonymous(request: HttpRequest, *, kind: str, build: Callable[[], T]) -> T:
    """`build()`'s response for this query string and language, reused for CACHE_SECONDS as
    long as nothing that decides anonymous visibility has changed since it was built."""
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    raw = f"{kind}|{get_language()}|{query}"
    key = "directory:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get_many([GENERATION_KEY, key])
    generation = int(found.get(GENERATION_KEY, 0))
    entry: Cached[T] | None = found.get(key)
    if entry is not None and entry.generation == generation:
        return entry.value
    value = build()
    cache.set(key, Cached(value, generation), CACHE_SECONDS)
    return value
