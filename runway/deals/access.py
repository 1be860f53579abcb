"""Who may see and act on deals and data-room documents.

A deal belongs to its two sides: the investor organization, and the venture whose round it is.
Nobody else learns it exists, platform staff included, because the thread and the documents
behind it are confidential between the two. The venture does not see a deal while it is only on
the investor's shortlist (`interested`): the intro is double opt-in.

A document is always open to its venture's members. To anyone else a `public` document is as
visible as the venture's profile; any other document needs an active `AccessGrant` to the
organization (not expired, not revoked) covering it, and an `on_nda` document the organization's
acceptance of the current NDA as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from runway.deals.models import (
    AccessGrant,
    Confidentiality,
    Deal,
    DealState,
    Document,
    GrantLevel,
    NdaAcceptance,
)
from runway.deals.nda import NDA_VERSION
from runway.deals.transitions import Side
from runway.orgs.access import AccessDenied, Actor, Need, authorize
from runway.orgs.models import OrganizationKind
from runway.ventures.access import VenturePolicy
from runway.ventures.models import Venture

# How far each grant level reaches.
LEVEL_COVERS: dict[str, frozenset[str]] = {
    GrantLevel.ON_INTRO: frozenset({Confidentiality.ON_INTRO}),
    GrantLevel.ON_NDA: frozenset({Confidentiality.ON_INTRO, Confidentiality.ON_NDA}),
}


def side_of(actor: Actor, deal: Deal) -> Side | None:
    if actor.acts_for(deal.investor_id):
        return Side.INVESTOR
    if actor.acts_for(deal.funding_round.venture.organization_id):
        return Side.VENTURE
    return None


class DealPolicy:
    @staticmethod
    def can_view(actor: Actor, deal: Deal) -> bool:
        side = side_of(actor, deal)
        if side is Side.VENTURE:
            return deal.state != DealState.INTERESTED
        return side is Side.INVESTOR

    @staticmethod
    def can_edit(actor: Actor, deal: Deal) -> bool:
        """Members and up of either side move the deal and write in its thread."""
        return DealPolicy.can_view(actor, deal) and actor.can(Need.EDIT)

    @staticmethod
    def can_start(actor: Actor) -> bool:
        return actor.kind == OrganizationKind.INVESTOR and actor.can(Need.EDIT)


def deal_queryset() -> QuerySet[Deal]:
    return Deal.objects.select_related(
        "investor", "funding_round__venture__organization", "funding_round__instrument"
    )


def access_deal_by_id(*, actor: Actor, deal_id: int, need: Need) -> Deal:
    """The deal if the actor may `need` it; AccessDenied alike when missing or not allowed."""
    deal = deal_queryset().filter(pk=deal_id).first()
    if deal is None:
        raise AccessDenied
    authorize(DealPolicy, actor, deal, need)
    return deal


def active_grants(*, at: dt.datetime | None = None) -> QuerySet[AccessGrant]:
    moment = at or timezone.now()
    return AccessGrant.objects.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=moment)
    )


def has_nda(*, organization_id: int, venture_id: int) -> bool:
    return NdaAcceptance.objects.filter(
        organization_id=organization_id, venture_id=venture_id, version=NDA_VERSION
    ).exists()


def grant_covers(grant: AccessGrant, document: Document) -> bool:
    if grant.document_id is not None:
        return grant.document_id == document.pk
    return document.confidentiality in LEVEL_COVERS.get(grant.level, frozenset())


@dataclass(frozen=True)
class RoomAccess:
    """What one organization may open in one venture's data room, read once for many documents."""

    owner: bool
    sees_venture: bool
    grants: tuple[AccessGrant, ...]
    nda: bool

    def allows(self, document: Document) -> bool:
        if self.owner:
            return True
        if document.confidentiality == Confidentiality.PUBLIC:
            return self.sees_venture
        if not any(grant_covers(grant, document) for grant in self.grants):
            return False
        return document.confidentiality != Confidentiality.ON_NDA or self.nda


def room_access(actor: Actor, venture: Venture) -> RoomAccess:
    if actor.acts_for(venture.organization_id):
        return RoomAccess(owner=True, sees_venture=True, grants=(), nda=True)
    grants = active_grants().filter(organization=actor.organization, venture=venture)
    return RoomAccess(
        owner=False,
        sees_venture=VenturePolicy.can_view(actor, venture),
        grants=tuple(grants),
        nda=has_nda(organization_id=actor.organization.pk, venture_id=venture.pk),
    )


class DocumentPolicy:
    @staticmethod
    def is_owner(actor: Actor, document: Document) -> bool:
        return actor.acts_for(document.venture.organization_id)

    @staticmethod
    def can_view(actor: Actor, document: Document) -> bool:
        return room_access(actor, document.venture).allows(document)

    @staticmethod
    def can_edit(actor: Actor, document: Document) -> bool:
        return DocumentPolicy.is_owner(actor, document) and actor.can(Need.EDIT)


def document_queryset() -> QuerySet[Document]:
    return Document.objects.select_related("venture__organization")


def access_document_by_id(*, actor: Actor, document_id: int, need: Need) -> Document:
    document = document_queryset().filter(pk=document_id).first()
    if document is None:
        raise AccessDenied
    authorize(DocumentPolicy, actor, document, need)
    return document


def access_own_data_room(*, actor: Actor, need: Need) -> Venture:
    """The venture whose data room the actor manages (AccessDenied when it has none)."""
    venture = (
        Venture.objects.select_related("organization")
        .filter(organization=actor.organization)
        .first()
    )
    if venture is None or actor.kind != OrganizationKind.VENTURE or not actor.can(need):
        raise AccessDenied
    return venture
