"""Writes for notifications: create once per event, mark read."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from runway.notifications.models import Notification
from runway.notifications.wording import WORDING
from runway.orgs.access import Actor
from runway.orgs.models import Organization


def notify(
    *, organization: Organization, verb: str, key: str, params: dict[str, Any], url: str = ""
) -> Notification | None:
    """The notification, or None when this event (`key`) was already notified."""
    if verb not in WORDING:
        raise ValueError(f"unknown notification verb {verb!r}")
    try:
        with transaction.atomic():
            return Notification.objects.create(
                organization=organization, verb=verb, key=key[:120], params=params, url=url
            )
    except IntegrityError:
        return None


def notifications_mark_read(*, actor: Actor, ids: list[int] | None = None) -> int:
    """Marks the actor organization's notifications read (all, or those `ids`)."""
    unread = Notification.objects.filter(organization=actor.organization, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now(), read_by=actor.user)
