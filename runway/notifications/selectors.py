"""Reads for notifications: an organization's own, newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from runway.notifications.models import Notification
from runway.orgs.access import Actor


def notification_list(*, actor: Actor) -> QuerySet[Notification]:
    return Notification.objects.filter(organization=actor.organization)


def unread_count(*, actor: Actor) -> int:
    return notification_list(actor=actor).filter(read_at__isnull=True).count()
