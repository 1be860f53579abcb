"""Reads for deals and data rooms, limited to what the actor may see and fetched in a fixed
number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from runway.deals.access import (
    DealPolicy,
    RoomAccess,
    active_grants,
    deal_queryset,
    room_access,
    side_of,
)
from runway.deals.models import (
    AccessAction,
    AccessEvent,
    AccessGrant,
    AccessOutcome,
    Confidentiality,
    Deal,
    DealEvent,
    DealState,
    Document,
    Message,
    TermSheet,
    TermSheetKind,
)
from runway.deals.term_sheets import KIND_FOR_INSTRUMENT, display_rows
from runway.deals.transitions import UNLOCKED_STATES, Side, moves_for
from runway.orgs.access import Actor
from runway.orgs.models import Membership, Organization, OrganizationKind
from runway.ventures.models import Venture


def deal_list_visible(*, actor: Actor, state: str | None = None) -> QuerySet[Deal]:
    """The investor's deals, or the deals on the venture's rounds it has been asked about."""
    deals = deal_queryset()
    if actor.kind == OrganizationKind.INVESTOR:
        deals = deals.filter(investor=actor.organization)
    elif actor.kind == OrganizationKind.VENTURE:
        deals = deals.filter(funding_round__venture__organization=actor.organization).exclude(
            state=DealState.INTERESTED
        )
    else:
        return deals.none()
    if state:
        deals = deals.filter(state=state)
    return deals


def deal_allowed_moves(*, actor: Actor, deal: Deal) -> list[str]:
    """The states the actor may move `deal` to now (none for viewers)."""
    side = side_of(actor, deal)
    if side is None or not DealPolicy.can_edit(actor, deal):
        return []
    return moves_for(deal.state, side)


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    role: str


def deal_contacts(*, actor: Actor, deal: Deal) -> list[Contact]:
    """The other side's people, once the intro is accepted; nobody before (double opt-in)."""
    side = side_of(actor, deal)
    if side is None or deal.state not in UNLOCKED_STATES:
        return []
    other = deal.funding_round.venture.organization if side is Side.INVESTOR else deal.investor
    memberships = (
        Membership.objects.filter(organization=other)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    return [
        Contact(m.user.get_full_name(), m.user.email, m.get_role_display()) for m in memberships
    ]


def documents_visible(*, actor: Actor, venture: Venture) -> tuple[list[Document], RoomAccess]:
    access = room_access(actor, venture)
    documents = Document.objects.filter(venture=venture).select_related("venture__organization")
    return [document for document in documents if access.allows(document)], access


@dataclass(frozen=True)
class TermSheetRow:
    sheet: TermSheet
    rows: list[tuple[str, str]]


def term_sheet_rows(*, deal: Deal) -> list[TermSheetRow]:
    """The deal's term sheets, newest version first, each with its terms worded for display."""
    return [
        TermSheetRow(sheet=sheet, rows=display_rows(sheet.kind, sheet.terms))
        for sheet in deal.term_sheets.all()
    ]


def term_sheet_kind_for(deal: Deal) -> str:
    """The instrument a new offer starts from: the round's, else equity."""
    return KIND_FOR_INSTRUMENT.get(deal.funding_round.instrument.code, TermSheetKind.EQUITY)


@dataclass(frozen=True)
class DealPage:
    deal: Deal
    side: Side
    moves: list[str]
    can_write: bool
    events: list[DealEvent]
    messages: list[Message]
    contacts: list[Contact]
    documents: list[Document]
    # Documents under NDA the investor could open by accepting it (0 when nothing waits).
    waiting_for_nda: int
    term_sheets: list[TermSheetRow]
    can_offer: bool
    can_decide: bool


def deal_page(*, actor: Actor, deal: Deal) -> DealPage:
    side = side_of(actor, deal)
    if side is None:
        raise ValueError("the actor is on neither side of the deal; check access first")
    venture = deal.funding_round.venture
    documents, access = documents_visible(actor=actor, venture=venture)
    waiting = 0
    if side is Side.INVESTOR and deal.state in UNLOCKED_STATES and not access.nda:
        waiting = Document.objects.filter(
            venture=venture, confidentiality=Confidentiality.ON_NDA
        ).count()
    can_write = DealPolicy.can_edit(actor, deal)
    return DealPage(
        deal=deal,
        side=side,
        moves=deal_allowed_moves(actor=actor, deal=deal),
        can_write=can_write,
        events=list(deal.events.select_related("user", "organization")),
        messages=list(deal.messages.select_related("author", "organization")),
        contacts=deal_contacts(actor=actor, deal=deal),
        documents=documents,
        waiting_for_nda=waiting,
        term_sheets=term_sheet_rows(deal=deal),
        can_offer=can_write
        and side is Side.INVESTOR
        and deal.state in (DealState.DILIGENCE, DealState.TERM_SHEET),
        can_decide=can_write and side is Side.VENTURE,
    )


def message_list(*, deal: Deal) -> QuerySet[Message]:
    return deal.messages.select_related("author", "organization")


# --- The venture's data room ------------------------------------------------------------


def _investor_events(venture: Venture) -> QuerySet[AccessEvent]:
    # The venture's own people opening their files is audited but is not analytics.
    return AccessEvent.objects.filter(document__venture=venture).exclude(
        organization=venture.organization
    )


def _counts() -> dict[str, Any]:
    allowed = Q(outcome=AccessOutcome.ALLOWED)
    return {
        "views": Count("pk", filter=allowed & Q(action=AccessAction.VIEW)),
        "downloads": Count("pk", filter=allowed & Q(action=AccessAction.DOWNLOAD)),
        "denied": Count("pk", filter=Q(outcome=AccessOutcome.DENIED)),
        "last_at": Max("at"),
    }


@dataclass(frozen=True)
class AnalyticsRow:
    document_id: int
    title: str
    organization: str
    person: str
    email: str
    views: int
    downloads: int
    denied: int
    last_at: dt.datetime


def document_analytics(*, venture: Venture) -> list[AnalyticsRow]:
    """Per document and reader: how often they viewed, downloaded or were refused, and when
    last; newest activity first within each document."""
    rows = (
        _investor_events(venture)
        .values(
            "document_id", "document__title", "organization__name", "user__full_name",
            "user__email",
        )
        .annotate(**_counts())
        .order_by("document__title", "document_id", "-last_at")
    )  # fmt: skip
    return [
        AnalyticsRow(
            document_id=row["document_id"],
            title=row["document__title"],
            organization=row["organization__name"] or "",
            person=row["user__full_name"] or row["user__email"] or "",
            email=row["user__email"] or "",
            views=row["views"],
            downloads=row["downloads"],
            denied=row["denied"],
            last_at=row["last_at"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    views: int
    downloads: int
    last_at: dt.datetime | None


@dataclass(frozen=True)
class DataRoomPage:
    venture: Venture
    documents: list[DocumentRow]
    grants: list[AccessGrant]
    active_grant_ids: frozenset[int]
    analytics: list[AnalyticsRow]
    # Organizations in a deal with the venture, to grant access to by hand.
    investors: list[Organization]


def data_room_page(*, venture: Venture) -> DataRoomPage:
    totals = {
        row["document_id"]: row
        for row in _investor_events(venture).values("document_id").annotate(**_counts())
    }
    documents = [
        DocumentRow(
            document=document,
            views=totals.get(document.pk, {}).get("views", 0),
            downloads=totals.get(document.pk, {}).get("downloads", 0),
            last_at=totals.get(document.pk, {}).get("last_at"),
        )
        for document in Document.objects.filter(venture=venture).select_related("uploaded_by")
    ]
    grants = list(
        AccessGrant.objects.filter(venture=venture).select_related(
            "organization", "document", "deal__funding_round", "granted_by"
        )
    )
    active = frozenset(active_grants().filter(venture=venture).values_list("pk", flat=True))
    in_talks = (
        Deal.objects.filter(funding_round__venture=venture)
        .exclude(state=DealState.INTERESTED)
        .values("investor")
    )
    investors = Organization.objects.filter(pk__in=in_talks).order_by("name")
    return DataRoomPage(
        venture=venture,
        documents=documents,
        grants=grants,
        active_grant_ids=active,
        analytics=document_analytics(venture=venture),
        investors=list(investors),
    )


def analytics_csv_rows(*, venture: Venture) -> list[list[str]]:
    """The analytics as CSV rows (header excluded), times in the local time zone."""
    return [
        [
            row.title,
            row.organization,
            row.person,
            row.email,
            str(row.views),
            str(row.downloads),
            str(row.denied),
            timezone.localtime(row.last_at).strftime("%Y-%m-%d %H:%M:%S"),
        ]
        for row in document_analytics(venture=venture)
    ]
