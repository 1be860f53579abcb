"""The Q&A thread of a deal: questions and answers between its two sides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from runway.deals.access import DealPolicy, side_of
from runway.deals.models import Deal, DealState, Message
from runway.deals.services import notices
from runway.deals.transitions import ENDED_STATES
from runway.orgs.access import AccessDenied, Actor

BODY_MAX = 5_000


@transaction.atomic
def message_post(*, actor: Actor, deal: Deal, body: str) -> Message:
    side = side_of(actor, deal)
    if side is None or not DealPolicy.can_edit(actor, deal):
        raise AccessDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > BODY_MAX:
        raise ValidationError(
            {"body": _("Keep it under %(count)s characters.") % {"count": BODY_MAX}}
        )
    state = Deal.objects.values_list("state", flat=True).get(pk=deal.pk)
    if state == DealState.INTERESTED:
        raise ValidationError(
            {"body": _("Ask for an introduction first: the venture cannot see this deal yet.")}
        )
    if state in ENDED_STATES:
        raise ValidationError({"body": _("This deal has ended; its thread is closed.")})
    message = Message.objects.create(
        deal=deal, author=actor.user, organization=actor.organization, body=body
    )
    notices.message_posted(deal=deal, side=side, message_id=message.pk)
    return message
