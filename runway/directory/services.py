"""Writes of the directory: reindexing ventures, and the settings a venture lists itself with.

Other apps do not call these directly when a venture changes: they call
`runway.directory.triggers.venture_changed(venture_id)`, which reindexes after the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from runway.directory import adapters
from runway.directory.access import DirectoryPolicy
from runway.directory.bands import GROWTH_BANDS, REVENUE_BANDS, band_for, in_yuan
from runway.directory.index import Document, search_index
from runway.directory.models import DirectoryEntry, ProfileSettings
from runway.orgs.access import AccessDenied, Actor
from runway.sponsors.selectors import accepted_prefetch
from runway.ventures.models import Venture

FACT_FIELDS = [
    "tokens_name", "tokens_sectors", "tokens_profile", "tokens_body", "joined_at", "grade",
    "verification", "months_of_history", "latest_month", "currency", "annual_revenue",
    "annual_revenue_cny", "growth_yoy", "revenue_band", "revenue_rank", "growth_band",
    "growth_rank", "passport_expires_at", "indexed_at",
]  # fmt: skip
BATCH = 200


def _entry(venture: Venture, document: Document) -> DirectoryEntry:
    facts = adapters.traction_facts(venture)
    revenue_cny = (
        in_yuan(facts.annual_revenue, facts.currency) if facts.annual_revenue is not None else None
    )
    revenue = band_for(revenue_cny, REVENUE_BANDS)
    growth = band_for(facts.growth_yoy, GROWTH_BANDS)
    return DirectoryEntry(
        venture=venture,
        tokens_name=document.name,
        tokens_sectors=document.sectors,
        tokens_profile=document.profile,
        tokens_body=document.body,
        joined_at=venture.organization.created_at,
        grade=facts.grade,
        verification=facts.verification,
        months_of_history=facts.months_of_history,
        latest_month=facts.latest_month,
        currency=facts.currency,
        annual_revenue=facts.annual_revenue,
        annual_revenue_cny=revenue_cny,
        growth_yoy=facts.growth_yoy,
        revenue_band=revenue[0].code if revenue else "",
        revenue_rank=revenue[1] + 1 if revenue else 0,
        growth_band=growth[0].code if growth else "",
        growth_rank=growth[1] + 1 if growth else 0,
        passport_expires_at=adapters.passport_expires_at(venture),
        indexed_at=timezone.now(),
    )


def _store(entries: list[DirectoryEntry], documents: list[Document]) -> None:
    with transaction.atomic():
        DirectoryEntry.objects.bulk_create(
            entries, update_conflicts=True, unique_fields=["venture"], update_fields=FACT_FIELDS
        )
        search_index().write(documents)


def venture_reindex(*, venture_id: int) -> DirectoryEntry | None:
    """Rebuilds the venture's directory entry and index row from its current data; removes both
    when the venture no longer exists. Safe to repeat."""
    venture = adapters.venture_for_indexing(venture_id)
    if venture is None:
        with transaction.atomic():
            DirectoryEntry.objects.filter(venture_id=venture_id).delete()
            search_index().delete([venture_id])
        return None
    document = adapters.venture_document(venture)
    entry = _entry(venture, document)
    _store([entry], [document])
    return entry


@dataclass(frozen=True, slots=True)
class Rebuilt:
    ventures: int
    removed: int


def directory_rebuild(*, progress: Callable[[int, int], None] | None = None) -> Rebuilt:
    """Reindexes every venture in batches, then drops index rows of ventures that are gone.
    Searches keep working throughout: each batch replaces its ventures' rows in one transaction.
    `progress(done, total)` is called after each batch."""
    ids = list(Venture.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        _reindex_batch(ids[start : start + BATCH])
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    with transaction.atomic():
        removed = search_index().prune()
    return Rebuilt(ventures=len(ids), removed=removed)


def _reindex_batch(venture_ids: Iterable[int]) -> None:
    ventures = list(
        Venture.objects.select_related("organization", "city", "stage")
        .prefetch_related("sectors", "markets", accepted_prefetch())
        .filter(pk__in=list(venture_ids))
    )
    documents = [adapters.venture_document(venture) for venture in ventures]
    entries = [
        _entry(venture, document) for venture, document in zip(ventures, documents, strict=True)
    ]
    _store(entries, documents)


def profile_settings_update(
    *, actor: Actor, venture: Venture, listed: bool, show_raw_figures: bool
) -> ProfileSettings:
    """Lists or unlists the venture, and shows its exact figures or bands. Read live by every
    page, so nothing needs reindexing."""
    if not DirectoryPolicy.can_edit(actor, venture):
        raise AccessDenied
    settings, _created = ProfileSettings.objects.update_or_create(
        venture=venture, defaults={"listed": listed, "show_raw_figures": show_raw_figures}
    )
    return settings
