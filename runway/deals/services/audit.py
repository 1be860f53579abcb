"""Opening a data-room document: allowed or refused, it leaves an AccessEvent.

The event is written in its own transaction before the answer is known to the caller, so a
refused attempt is on record even though the caller only learns "not found".
"""

from __future__ import annotations

from django.db import transaction

from runway.deals.access import DocumentPolicy, document_queryset
from runway.deals.models import AccessAction, AccessEvent, Document
from runway.orgs.access import AccessDenied, Actor


def document_open(
    *, actor: Actor, document_id: int, action: str, ip: str | None, user_agent: str = ""
) -> Document:
    """The document if the actor may open it; AccessDenied otherwise (missing or refused).
    Either way, an existing document gets an AccessEvent with the outcome."""
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    document = document_queryset().filter(pk=document_id).first()
    if document is None:
        raise AccessDenied
    allowed = DocumentPolicy.can_view(actor, document)
    with transaction.atomic():
        AccessEvent.record(
            actor=actor, allowed=allowed, ip=ip, user_agent=user_agent,
            document=document, action=action,
        )  # fmt: skip
    if not allowed:
        raise AccessDenied
    return document
