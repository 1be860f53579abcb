"""Access to a venture's data room: the grants a deal brings, the NDA, and the venture's own
grants and revocations.

An accepted intro grants the investor the data room up to `on_intro`; with the current NDA
accepted, up to `on_nda`. A deal that ends (declined, passed, withdrawn) takes its grants back.
Grants the venture makes by hand stay until they expire or the venture revokes them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.accounts.models import User
from runway.deals.access import DealPolicy, access_own_data_room, active_grants, has_nda, side_of
from runway.deals.models import AccessGrant, Deal, DealState, Document, GrantLevel, NdaAcceptance
from runway.deals.nda import NDA_VERSION
from runway.deals.services import notices
from runway.deals.transitions import ENDED_STATES, UNLOCKED_STATES, Side
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import Organization


def _grant_for_deal(deal: Deal, level: str, user: User | None) -> AccessGrant:
    venture = deal.funding_round.venture
    current = active_grants().filter(deal=deal, document__isnull=True, level=level).first()
    if current is not None:
        return current
    return AccessGrant.objects.create(
        venture=venture, organization=deal.investor, deal=deal, level=level, granted_by=user
    )


def follow_deal(*, deal: Deal, user: User | None) -> None:
    """Grants or takes back the access that comes with the deal's new state."""
    if deal.state == DealState.INTRO_ACCEPTED:
        nda = has_nda(organization_id=deal.investor_id, venture_id=deal.funding_round.venture_id)
        _grant_for_deal(deal, GrantLevel.ON_NDA if nda else GrantLevel.ON_INTRO, user)
    elif deal.state in ENDED_STATES:
        active_grants().filter(deal=deal).update(revoked_at=timezone.now())


@transaction.atomic
def nda_accept(*, actor: Actor, deal: Deal, ip: str | None) -> NdaAcceptance:
    """The person's click-through acceptance of the current NDA for their organization; once
    per organization, venture and NDA version (accepting again returns the first record)."""
    if not DealPolicy.can_edit(actor, deal) or side_of(actor, deal) is not Side.INVESTOR:
        raise AccessDenied
    if actor.user is None:
        raise ValidationError(_("A person accepts the NDA, signed in, not an API token."))
    deal = (
        Deal.objects.select_for_update(of=("self",))
        .select_related("funding_round__venture__organization", "investor")
        .get(pk=deal.pk)
    )
    if deal.state not in UNLOCKED_STATES:
        raise ValidationError(_("The NDA comes after the venture has accepted your intro."))
    acceptance, created = NdaAcceptance.objects.get_or_create(
        organization=actor.organization,
        venture=deal.funding_round.venture,
        version=NDA_VERSION,
        defaults={"deal": deal, "user": actor.user, "ip": ip},
    )
    _grant_for_deal(deal, GrantLevel.ON_NDA, actor.user)
    if created:
        notices.nda_accepted(deal=deal)
    return acceptance


@transaction.atomic
def grant_create(
    *,
    actor: Actor,
    organization: Organization,
    document: Document | None = None,
    level: str = GrantLevel.ON_INTRO,
    expires_at: dt.datetime | None = None,
    deal: Deal | None = None,
) -> AccessGrant:
    """The venture lets `organization` open `document`, or its whole data room up to `level`."""
    venture = access_own_data_room(actor=actor, need=Need.EDIT)
    if document is not None and document.venture_id != venture.pk:
        raise AccessDenied
    if deal is not None and deal.funding_round.venture_id != venture.pk:
        raise AccessDenied
    errors: dict[str, str] = {}
    if organization.pk == venture.organization_id:
        errors["organization"] = _("Your own team already sees every document.")
    if level not in GrantLevel.values:
        errors["level"] = _("Choose a level.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("Choose an expiry in the future.")
    if errors:
        raise ValidationError(errors)
    grant = AccessGrant.objects.create(
        venture=venture,
        organization=organization,
        document=document,
        level=level,
        expires_at=expires_at,
        deal=deal,
        granted_by=actor.user,
    )
    notices.access_granted(organization=organization, venture_name=venture.name, grant_id=grant.pk)
    return grant


@transaction.atomic
def grant_revoke(*, actor: Actor, grant: AccessGrant) -> AccessGrant:
    venture = access_own_data_room(actor=actor, need=Need.EDIT)
    if grant.venture_id != venture.pk:
        raise AccessDenied
    revoked = AccessGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not revoked:
        raise ValidationError(_("This access was already revoked."))
    return AccessGrant.objects.get(pk=grant.pk)
