"""Reads for deals and data rooms, limited to what the actor may see and fetched in a fixed
number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.deals.access import (
    DealPolicy,
    RoomAccess,
    active_grants,
    deal_queryset,
    room_access,
    side_of,
)
from runway.deals.commitment_access import SyndicatePolicy
from runway.deals.models import (
    AccessAction,
    AccessEvent,
    AccessGrant,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Confidentiality,
    Deal,
    DealEvent,
    DealState,
    Document,
    Message,
    ProgramReservation,
    TermSheet,
    TermSheetKind,
    TermSheetStatus,
)
from runway.deals.services.commitments import (
    SOFT_STATES,
    Totals,
    coinvestment_candidates,
    holder_allowances,
    holders_window_open,
    round_totals,
)
from runway.deals.services.deals import HOLDER_PATH
from runway.deals.term_sheets import KIND_FOR_INSTRUMENT, display_rows
from runway.deals.transitions import UNLOCKED_STATES, Side, moves_for
from runway.investors.qualification import Qualification, qualification_of
from runway.orgs.access import Actor
from runway.orgs.models import AccessOutcome, Membership, Organization, OrganizationKind
from runway.orgs.money import money_text
from runway.programs.models import Program
from runway.ventures.models import FundingRound, RoundStatus, Venture

ZERO = Decimal(0)


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
    return moves_for(deal.state, side, bound=deal.funding_round.status == RoundStatus.OPEN)


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
    commitments: DealCommitments


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
        commitments=deal_commitments(actor=actor, deal=deal),
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


# --- A round's syndicate ----------------------------------------------------------------------


@dataclass(frozen=True)
class SyndicateMember:
    investor: Organization
    # Amounts are the venture's to see: None for anyone else.
    hard: Decimal | None
    soft: Decimal | None
    closed: bool


@dataclass(frozen=True)
class SyndicatePage:
    funding_round: FundingRound
    totals: Totals
    sees_amounts: bool
    lead: Organization | None
    lead_row: SyndicateMember | None
    followers: list[SyndicateMember]
    follower_count: int
    reservations: list[ProgramReservation]
    # The actor's own commitments (an investor's), newest first.
    own: list[Commitment]
    can_close: bool
    close_blocker: str
    can_edit: bool
    candidates: list[tuple[Program, list[str]]]
    holders: list[tuple[Organization, Decimal]]
    window_open: bool

    @property
    def percent_of_target(self) -> int:
        target = self.funding_round.target_amount
        return int(self.totals.hard * 100 / target) if target else 0


def _members(funding_round: FundingRound, sees_amounts: bool) -> list[SyndicateMember]:
    counted = (CommitmentStatus.ACTIVE, CommitmentStatus.CONVERTED)
    rows = (
        Commitment.objects.filter(funding_round=funding_round)
        .filter(Q(kind=CommitmentKind.HARD, status__in=counted) | Q(status=CommitmentStatus.ACTIVE))
        .values("investor", "kind", "status")
        .annotate(total=Sum("amount"))
    )
    by_investor: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        entry = by_investor.setdefault(row["investor"], {})
        entry[row["kind"]] = entry.get(row["kind"], ZERO) + row["total"]
        if row["status"] == CommitmentStatus.CONVERTED:
            entry["closed"] = ZERO
    investors = Organization.objects.in_bulk(list(by_investor))
    members = [
        SyndicateMember(
            investor=investors[pk],
            hard=entry.get(CommitmentKind.HARD) if sees_amounts else None,
            soft=entry.get(CommitmentKind.SOFT) if sees_amounts else None,
            closed="closed" in entry,
        )
        for pk, entry in by_investor.items()
    ]
    return sorted(members, key=lambda m: (-(m.hard or ZERO), m.investor.name))


def syndicate_page(*, actor: Actor, funding_round: FundingRound) -> SyndicatePage:
    """The round's lead, followers, totals against target, minimum and cap, investors against
    the limit, and co-investment, as far as the actor may see them."""
    sees_amounts = SyndicatePolicy.sees_amounts(actor, funding_round)
    can_edit = SyndicatePolicy.can_edit(actor, funding_round)
    members = _members(funding_round, sees_amounts)
    lead = funding_round.lead_investor
    lead_row = next((m for m in members if lead is not None and m.investor.pk == lead.pk), None)
    followers = [m for m in members if lead is None or m.investor.pk != lead.pk]
    totals = round_totals(funding_round)
    is_open = funding_round.status == RoundStatus.OPEN
    blocker = ""
    if totals.hard < funding_round.min_amount:
        blocker = _("Hard commitments must reach %(minimum)s to close.") % {
            "minimum": money_text(funding_round.min_amount, funding_round.currency)
        }
    own: list[Commitment] = []
    if actor.kind == OrganizationKind.INVESTOR:
        own = list(
            Commitment.objects.filter(funding_round=funding_round, investor=actor.organization)
        )
    window = holders_window_open(funding_round)
    holders: list[tuple[Organization, Decimal]] = []
    if sees_amounts and window:
        shares = holder_allowances(funding_round)
        names = Organization.objects.in_bulk(list(shares))
        holders = sorted(
            ((names[pk], amount) for pk, amount in shares.items() if pk in names),
            key=lambda row: (-row[1], row[0].name),
        )
    return SyndicatePage(
        funding_round=funding_round,
        totals=totals,
        sees_amounts=sees_amounts,
        lead=lead,
        lead_row=lead_row,
        followers=followers if sees_amounts else [],
        follower_count=len(followers),
        reservations=list(
            ProgramReservation.objects.filter(funding_round=funding_round).select_related(
                "program__organization"
            )
        ),
        own=own,
        can_close=is_open and SyndicatePolicy.can_close(actor, funding_round),
        close_blocker=blocker,
        can_edit=can_edit and is_open,
        candidates=coinvestment_candidates(funding_round=funding_round)
        if can_edit and is_open
        else [],
        holders=holders,
        window_open=window,
    )


@dataclass(frozen=True)
class HolderOffer:
    """What an existing holder may take in a follow-on round during its holders' window."""

    allowance: Decimal
    until: dt.date
    deal: Deal | None

    @property
    def needs_start(self) -> bool:
        """The holder's way in is still to take: no deal yet, or one short of terms."""
        return self.deal is None or self.deal.state in HOLDER_PATH[:-1]


def holder_offer(*, actor: Actor, funding_round: FundingRound) -> HolderOffer | None:
    if actor.kind != OrganizationKind.INVESTOR or funding_round.status != RoundStatus.OPEN:
        return None
    until = funding_round.holders_first_until
    if until is None or not holders_window_open(funding_round):
        return None
    allowance = holder_allowances(funding_round).get(actor.organization.pk)
    if not allowance:
        return None
    deal = Deal.objects.filter(funding_round=funding_round, investor=actor.organization).first()
    return HolderOffer(allowance=allowance, until=until, deal=deal)


@dataclass(frozen=True)
class DealCommitments:
    commitments: list[Commitment]
    active_soft: Commitment | None
    hard: Commitment | None
    can_soft: bool
    can_hard: bool
    # The accepted term sheet's amount: what a hard commitment is for.
    agreed: Decimal | None
    qualification: Qualification
    qualified_only: bool
    round_open: bool


def deal_commitments(*, actor: Actor, deal: Deal) -> DealCommitments:
    commitments = list(deal.commitments.select_related("created_by"))
    active_soft = next(
        (c for c in commitments if c.kind == CommitmentKind.SOFT and c.status == "active"), None
    )
    hard = next((c for c in commitments if c.kind == CommitmentKind.HARD), None)
    funding_round = deal.funding_round
    round_open = (
        funding_round.status == RoundStatus.OPEN and funding_round.closes_on >= timezone.localdate()
    )
    investing = (
        side_of(actor, deal) is Side.INVESTOR and DealPolicy.can_edit(actor, deal) and round_open
    )
    accepted = next(
        (s for s in deal.term_sheets.all() if s.status == TermSheetStatus.ACCEPTED), None
    )
    agreed = Decimal(str(accepted.terms["amount"])) if accepted is not None else None
    return DealCommitments(
        commitments=commitments,
        active_soft=active_soft,
        hard=hard,
        can_soft=investing and deal.state in SOFT_STATES,
        can_hard=investing
        and hard is None
        and deal.state == DealState.TERM_SHEET
        and agreed is not None,
        agreed=agreed,
        qualification=qualification_of(deal.investor),
        qualified_only=funding_round.qualified_investors_only,
        round_open=round_open,
    )
