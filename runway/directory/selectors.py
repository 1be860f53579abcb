"""Reads of the directory: searching and filtering ventures (profiles.py reads one profile).

Every read is limited to what the actor (None: an anonymous visitor) may see (access.visible_to).
A search ranks by the index's relevance score; the other sorts are the database's. The result is
a lazy sequence: counting runs one query, and only the page that is sliced out is loaded and
highlighted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from django.db import connection
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from runway.directory.access import DirectoryPolicy, profile_settings, visible_to
from runway.directory.bands import TractionShown
from runway.directory.highlight import marked, term_pattern, why_matched
from runway.directory.index import search_index
from runway.directory.models import DirectoryEntry
from runway.directory.words import Group, highlight_terms, query_groups
from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.sponsors.selectors import accepted_prefetch, sponsors_of
from runway.ventures.models import Venture
from runway.ventures.selectors import venture_district_label


class Sort:
    RELEVANCE = "relevance"
    GROWTH = "growth"
    SIZE = "size"
    NEWEST = "newest"
    ALL = (RELEVANCE, GROWTH, SIZE, NEWEST)


@dataclass(frozen=True, slots=True)
class DirectoryFilters:
    """A directory query. Codes as the taxonomy and the bands name them; blank is no filter."""

    q: str = ""
    sector: str = ""
    business_model: str = ""
    market: str = ""
    city: str = ""
    district: str = ""
    stage: str = ""
    grade: str = ""
    verification: str = ""
    revenue_band: str = ""
    growth_band: str = ""
    sponsor: str = ""  # an intermediary's slug: the ventures it sponsors
    sort: str = ""


@dataclass(frozen=True, slots=True)
class DirectoryHit(TractionShown):
    """One venture in the results, with what made it match marked (HTML, escaped)."""

    entry: DirectoryEntry
    venture: Venture
    name_html: SafeString
    highlight: SafeString
    matched_in: tuple[str, ...]
    is_own: bool
    is_listed: bool
    full: bool
    raw_figures: bool
    # Plain labels worked out once, so a page of hits renders with few template lookups.
    url: str
    sector_labels: tuple[str, ...]
    facts: str
    sponsors: tuple[Organization, ...]

    @property
    def passport_valid_until(self) -> dt.datetime | None:
        """When the passport the entry recorded expires, unless it already has."""
        expires = self.entry.passport_expires_at
        return expires if expires is not None and expires > timezone.now() else None


def _through_filter(through: type[Model], *, field: str, code: str) -> Exists:
    return Exists(
        through._default_manager.filter(
            **{"venture_id": OuterRef("venture_id"), f"{field}__code": code}
        )
    )


def _filtered(
    entries: QuerySet[DirectoryEntry], filters: DirectoryFilters, *, full: bool
) -> QuerySet[DirectoryEntry]:
    if filters.sector:
        entries = entries.filter(
            _through_filter(Venture.sectors.through, field="sector", code=filters.sector)
        )
    if filters.market:
        entries = entries.filter(
            _through_filter(Venture.markets.through, field="region", code=filters.market)
        )
    if filters.sponsor:
        entries = entries.filter(
            Exists(
                Sponsorship.objects.filter(
                    venture_id=OuterRef("venture_id"),
                    status=SponsorshipStatus.ACCEPTED,
                    intermediary__slug=filters.sponsor,
                )
            )
        )
    exact = {
        "venture__business_model": filters.business_model,
        "venture__city__code": filters.city,
        "venture__district": filters.district,
        "venture__stage__code": filters.stage,
        "verification": filters.verification,
        "revenue_band": filters.revenue_band,
        "growth_band": filters.growth_band,
        # The grade is part of the fuller view: ignored for anyone who cannot see it.
        "grade": filters.grade if full else "",
    }
    return entries.filter(**{field: value for field, value in exact.items() if value})


def _ordering(sort: str, *, full: bool) -> list[str]:
    """Newest first unless growth or size is asked for; relevance is ranked in Python."""
    # Outside the fuller view, growth and size order by band only, so the order itself never
    # discloses more than the bands shown. Each order has its index (models.DirectoryEntry).
    if sort == Sort.GROWTH:
        rank, value = "growth_rank", "growth_yoy"
    elif sort == Sort.SIZE:
        rank, value = "revenue_rank", "annual_revenue_cny"
    else:
        return ["-joined_at", "-venture_id"]
    return [f"-{rank}", f"-{value}", "-venture_id"] if full else [f"-{rank}", "-venture_id"]


class DirectoryResults(Sequence[DirectoryHit]):
    """The ventures a search found, in order; slicing loads and highlights only the slice."""

    def __init__(
        self,
        *,
        actor: Actor | None,
        entries: QuerySet[DirectoryEntry],
        ranked_ids: list[int] | None,
        groups: tuple[Group, ...],
    ) -> None:
        self.actor = actor
        self.entries = entries
        self.ranked_ids = ranked_ids
        self.pattern = term_pattern(highlight_terms(groups))
        self.full = DirectoryPolicy.sees_full(actor)
        self._count: int | None = None

    def __len__(self) -> int:
        # Paginators count through len(): Sequence.count takes a value, so they never call it.
        if self._count is None:
            self._count = (
                len(self.ranked_ids) if self.ranked_ids is not None else self.entries.count()
            )
        return self._count

    @overload
    def __getitem__(self, index: int) -> DirectoryHit: ...

    @overload
    def __getitem__(self, index: slice) -> list[DirectoryHit]: ...

    def __getitem__(self, index: int | slice) -> DirectoryHit | list[DirectoryHit]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if self.ranked_ids is None:
            return [self._hit(entry) for entry in _for_display(self.entries[index])]
        ids = self.ranked_ids[index]
        by_id = {e.venture_id: e for e in _for_display(self.entries.filter(venture_id__in=ids))}
        return [self._hit(by_id[i]) for i in ids if i in by_id]

    def __iter__(self) -> Iterator[DirectoryHit]:
        return iter(self[0 : len(self)])

    def _hit(self, entry: DirectoryEntry) -> DirectoryHit:
        venture = entry.venture
        highlight, matched_in = why_matched(venture, self.pattern)
        name = venture.organization.name
        if self.pattern is not None and self.pattern.search(name):
            matched_in = ("name", *matched_in)
        is_own = self.actor is not None and self.actor.acts_for(venture.organization_id)
        return DirectoryHit(
            entry=entry,
            venture=venture,
            name_html=marked(name, self.pattern),
            highlight=highlight,
            matched_in=matched_in,
            is_own=is_own,
            is_listed=DirectoryPolicy.is_listed(venture),
            full=self.full or is_own,
            raw_figures=is_own or profile_settings(venture).show_raw_figures,
            url=reverse("directory:profile", args=[venture.organization.slug]),
            sector_labels=tuple(sector.label for sector in venture.sectors.all()),
            sponsors=tuple(sponsors_of(venture)),
            facts=" · ".join(
                label
                for label in (
                    venture.city.label,
                    venture_district_label(venture=venture),
                    venture.stage.label,
                    str(venture.get_business_model_display()),
                )
                if label
            ),
        )


TOKEN_FIELDS = ("tokens_name", "tokens_sectors", "tokens_profile", "tokens_body")


def _for_display(entries: QuerySet[DirectoryEntry]) -> QuerySet[DirectoryEntry]:
    return (
        entries.defer(*TOKEN_FIELDS)
        .select_related(
            "venture__organization",
            "venture__city",
            "venture__stage",
            "venture__directory_settings",
        )
        .prefetch_related("venture__sectors", accepted_prefetch("venture__"))
    )


def _matching(groups: tuple[Group, ...]) -> RawSQL:
    sql, params = search_index().match_sql(groups)
    # The index's own SQL, with its parameters bound: nothing of the query is interpolated.
    return RawSQL(f"SELECT venture_id FROM ({sql}) AS matched", params)  # noqa: S608, S611


def _ranked_ids(groups: tuple[Group, ...], entries: QuerySet[DirectoryEntry]) -> list[int]:
    """The ids of `entries` the query matches, best first, in one query: the index's matches
    joined with the filtered entries."""
    match_sql, match_params = search_index().match_sql(groups)
    ids_sql, ids_params = entries.order_by().values("venture_id").query.sql_with_params()
    sql = f"SELECT m.venture_id, m.score FROM ({match_sql}) AS m WHERE m.venture_id IN ({ids_sql})"  # noqa: S608 - both parts are parameterized SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *ids_params])
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (-row[1], row[0]))
    return [int(venture_id) for venture_id, _score in rows]


def directory_search(*, actor: Actor | None, filters: DirectoryFilters) -> DirectoryResults:
    """The ventures `actor` may see that match `filters`, in the order asked for (relevance by
    default when there is a query, newest first otherwise)."""
    full = DirectoryPolicy.sees_full(actor)
    entries = _filtered(
        DirectoryEntry.objects.filter(visible_to(actor, prefix="venture__")), filters, full=full
    )
    groups = query_groups(filters.q)
    sort = filters.sort if filters.sort in Sort.ALL else ""
    if groups and sort in ("", Sort.RELEVANCE):
        return DirectoryResults(
            actor=actor,
            # Pages are read by id, still through the visibility filter.
            entries=entries,
            ranked_ids=_ranked_ids(groups, entries),
            groups=groups,
        )
    if groups:
        entries = entries.filter(venture_id__in=_matching(groups))
    return DirectoryResults(
        actor=actor,
        entries=entries.order_by(*_ordering(sort, full=full)),
        ranked_ids=None,
        groups=groups,
    )


def sponsor_named(slug: str) -> Organization | None:
    """The intermediary a `sponsor` filter names, to say whose ventures the page lists."""
    if not slug:
        return None
    return Organization.objects.filter(slug=slug, kind=OrganizationKind.INTERMEDIARY).first()
