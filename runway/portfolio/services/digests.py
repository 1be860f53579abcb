"""E-mail digests for the members of holders: what is new since their last digest.

Each member of an investor or government organization (unless they opted out) gets at most one
digest a day per organization, listing the organization's alerts created since their previous
digest and its notifications still unread; nothing new, no e-mail. It is written in the
member's chosen language, else the platform's default, as plain text with an HTML alternative.

The DigestDelivery row (unique per person, organization and day) is inserted in the same
transaction that hands the e-mail to the mail backend: a second or concurrent run finds the row
and sends nothing; a failed send rolls the row back, so the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from runway.notifications.models import Notification
from runway.notifications.wording import text_of
from runway.orgs.models import Membership
from runway.portfolio.access import HOLDER_KINDS
from runway.portfolio.models import Alert, DigestDelivery, DigestPreference
from runway.portfolio.services.preferences import digest_language
from runway.portfolio.wording import VERB_OF, alert_text

logger = logging.getLogger(__name__)

# A first digest reaches back this far, not to the day the member joined.
FIRST_DIGEST_LOOKBACK = dt.timedelta(days=7)


def site_url() -> str:
    return str(settings.SITE_URL)


@dataclass
class DigestRun:
    day: dt.date
    sent: int = 0
    already_sent: int = 0
    nothing_new: int = 0
    failed: int = 0
    recipients: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DigestItem:
    text: str
    url: str
    at: dt.datetime


def _members() -> list[Membership]:
    """Members of holders who have an address and did not opt out."""
    return list(
        Membership.objects.filter(organization__kind__in=HOLDER_KINDS, user__is_active=True)
        .exclude(user__email="")
        .exclude(digest_preference__receive=False)
        .select_related("user", "organization", "digest_preference")
        .order_by("organization_id", "pk")
    )


def _since(members: list[Membership], now: dt.datetime) -> dict[int, dt.datetime]:
    """Membership id -> the time its previous digest covered up to (or its first's start)."""
    last = {
        (row["user_id"], row["organization_id"]): row["last"]
        for row in DigestDelivery.objects.filter(
            organization_id__in={m.organization_id for m in members}
        )
        .values("user_id", "organization_id")
        .annotate(last=Max("sent_at"))
    }
    earliest = now - FIRST_DIGEST_LOOKBACK
    return {
        m.pk: last.get((m.user_id, m.organization_id)) or max(m.created_at, earliest)
        for m in members
    }


def _absolute(path: str) -> str:
    if not path or "://" in path:
        return path
    return f"{site_url()}{path}"


def _alerts(
    organization_ids: set[int], since: dt.datetime, now: dt.datetime
) -> dict[int, list[Alert]]:
    alerts: dict[int, list[Alert]] = defaultdict(list)
    for alert in (
        Alert.objects.filter(
            investor_id__in=organization_ids, created_at__gt=since, created_at__lte=now
        )
        .select_related("venture__organization")
        .order_by("created_at", "pk")
    ):
        alerts[alert.investor_id].append(alert)
    return alerts


def _notifications(
    organization_ids: set[int], since: dt.datetime, now: dt.datetime
) -> dict[int, list[Notification]]:
    """Unread notifications, except those of alerts (the digest lists the alerts themselves)."""
    notes: dict[int, list[Notification]] = defaultdict(list)
    for note in (
        Notification.objects.filter(
            organization_id__in=organization_ids,
            read_at__isnull=True,
            created_at__gt=since,
            created_at__lte=now,
        )
        .exclude(verb__in=VERB_OF.values())
        .order_by("created_at", "pk")
    ):
        notes[note.organization_id].append(note)
    return notes


def _alert_items(alerts: list[Alert]) -> list[DigestItem]:
    return [
        DigestItem(
            text=alert_text(kind=alert.kind, venture=alert.venture.name, values=alert.values),
            url=_absolute(reverse("portfolio:detail", args=[alert.holding_id]))
            if alert.holding_id
            else "",
            at=alert.created_at,
        )
        for alert in alerts
    ]


def _note_items(notes: list[Notification]) -> list[DigestItem]:
    return [DigestItem(text_of(n), _absolute(n.url), n.created_at) for n in notes]


def digest_message(
    *, member: Membership, alerts: list[Alert], notes: list[Notification], language: str
) -> EmailMultiAlternatives:
    """The digest e-mail, worded in `language`."""
    with translation.override(language):
        context: dict[str, Any] = {
            "user": member.user,
            "organization": member.organization,
            "alerts": _alert_items(alerts),
            "notifications": _note_items(notes),
            "portfolio_url": _absolute(reverse("portfolio:list")),
            "notifications_url": _absolute(reverse("notifications:list")),
            "preferences_url": _absolute(reverse("portfolio:digest")),
            "language": language,
        }
        subject = " ".join(render_to_string("portfolio/emails/digest_subject.txt", context).split())
        text = render_to_string("portfolio/emails/digest.txt", context)
        html = render_to_string("portfolio/emails/digest.html", context)
    message = EmailMultiAlternatives(subject, text, None, [member.user.email])
    message.attach_alternative(html, "text/html")
    return message


def _send(
    member: Membership, alerts: list[Alert], notes: list[Notification], *, day: dt.date,
    now: dt.datetime,
) -> bool:  # fmt: skip
    """Sends one member's digest; False when it was already sent today."""
    preference: DigestPreference | None = getattr(member, "digest_preference", None)
    language = digest_language(preference)
    alert_ids = [alert.pk for alert in alerts]
    with transaction.atomic():
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(
                    user=member.user,
                    organization=member.organization,
                    period=day,
                    sent_at=now,
                    language=language,
                    alert_ids=alert_ids,
                    notification_ids=[note.pk for note in notes],
                )
        except IntegrityError:
            return False
        digest_message(member=member, alerts=alerts, notes=notes, language=language).send()
        Alert.objects.filter(pk__in=alert_ids, emailed_at__isnull=True).update(emailed_at=now)
    return True


def digests_send(*, now: dt.datetime | None = None) -> DigestRun:
    """E-mails today's digests (the platform's local day of `now`); safe to run again."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    run = DigestRun(day=day)
    members = _members()
    if not members:
        return run
    sent_today = set(
        DigestDelivery.objects.filter(period=day).values_list("user_id", "organization_id")
    )
    since = _since(members, now)
    organization_ids = {m.organization_id for m in members}
    earliest = min(since.values())
    alerts = _alerts(organization_ids, earliest, now)
    notes = _notifications(organization_ids, earliest, now)
    for member in members:
        if (member.user_id, member.organization_id) in sent_today:
            run.already_sent += 1
            continue
        after = since[member.pk]
        new_alerts = [a for a in alerts[member.organization_id] if a.created_at > after]
        new_notes = [n for n in notes[member.organization_id] if n.created_at > after]
        if not new_alerts and not new_notes:
            run.nothing_new += 1
            continue
        try:
            sent = _send(member, new_alerts, new_notes, day=day, now=now)
        except Exception:
            # One bad address or a mail server hiccup must not stop everyone else's digest;
            # the member's row was rolled back, so the next run tries again.
            logger.exception("digest for membership %s failed", member.pk)
            run.failed += 1
            continue
        if sent:
            run.sent += 1
            run.recipients.append(member.user.email)
        else:
            run.already_sent += 1
    return run
