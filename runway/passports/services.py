"""Writes for data passports: issue one for a period of a venture's KPIs, revoke one."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.directory import triggers as directory_triggers
from runway.engine import passport as engine
from runway.metrics.models import JobStatus, MonthlyKPI
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.services import hash_token
from runway.passports.access import PassportPolicy
from runway.passports.adapters import passport_fields
from runway.passports.keys import platform_private_key
from runway.passports.models import Passport
from runway.ventures.models import Venture

DEFAULT_VALID_DAYS = 90
MAX_VALID_DAYS = 366


@transaction.atomic
def passport_issue(
    *,
    actor: Actor,
    venture: Venture,
    period_from: dt.date,
    period_to: dt.date,
    valid_days: int,
) -> tuple[Passport, str]:
    """Signs the venture's monthly KPIs from `period_from` to `period_to` (months, inclusive)
    with the platform key. Returns the stored passport and its share token, which is shown once:
    only its hash is kept."""
    if not PassportPolicy.can_issue(actor, venture):
        raise AccessDenied
    start, end = period_from.replace(day=1), period_to.replace(day=1)
    if start > end:
        raise ValidationError({"period_to": _("The last month comes before the first.")})
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationError(
            {"valid_days": _("Choose between 1 and %(max)d days.") % {"max": MAX_VALID_DAYS}}
        )
    kpis = list(
        MonthlyKPI.objects.filter(venture=venture, month__gte=start, month__lte=end)
        .select_related("source_job")
        .order_by("month")
    )
    if not kpis:
        raise ValidationError({"period_from": _("There are no monthly figures in this period.")})
    if len({kpi.currency for kpi in kpis}) > 1:
        raise ValidationError(
            _("The months of this period are in different currencies: choose months in one.")
        )
    jobs = [
        kpi.source_job
        for kpi in kpis
        if kpi.source_job is not None and kpi.source_job.status == JobStatus.SUCCEEDED
    ]
    passport_id = uuid.uuid4()
    issued_at = timezone.now().replace(microsecond=0)
    expires_at = issued_at + dt.timedelta(days=valid_days)
    fields = passport_fields(
        venture=venture,
        kpis=kpis,
        jobs=jobs,
        period_from=start,
        period_to=end,
        passport_id=str(passport_id),
    )
    document = engine.issue(
        fields, private_key=platform_private_key(), issued_at=issued_at, expires_at=expires_at
    )
    token = secrets.token_urlsafe(32)
    passport = Passport.objects.create(
        venture=venture,
        passport_id=passport_id,
        document=document,
        period_from=start,
        period_to=end,
        issued_by=actor.user,
        issued_at=issued_at,
        expires_at=expires_at,
        token_hash=hash_token(token),
    )
    directory_triggers.venture_changed(venture.pk)
    return passport, token


@transaction.atomic
def passport_revoke(*, actor: Actor, passport: Passport) -> Passport:
    """Revokes for good; revoking again keeps the first time."""
    if not PassportPolicy.can_issue(actor, passport.venture):
        raise AccessDenied
    locked = Passport.objects.select_for_update().get(pk=passport.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    passport.revoked_at = locked.revoked_at
    directory_triggers.venture_changed(passport.venture_id)
    return passport
