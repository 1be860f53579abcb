"""Ventures apply to pitch; the organizer selects or declines; a venture may withdraw.

One application per venture per event (a unique constraint): applying again is refused with a
message, except after a withdrawal, when the same application is reopened. Decisions and
withdrawals re-read the application under a row lock, so two clicks decide it once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.events.access import ApplicationPolicy, EventPolicy
from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventStatus,
    PitchSlot,
)
from runway.events.services import notices
from runway.events.times import local_text
from runway.orgs.access import AccessDenied, Actor
from runway.ventures.models import FundingRound, Venture

SUMMARY_MAX = 5_000
DECISIONS = frozenset({ApplicationStatus.SELECTED, ApplicationStatus.DECLINED})


def already_applied_message() -> str:
    return _("Your venture has already applied to this event.")


def _venture_of(actor: Actor) -> Venture:
    venture = (
        Venture.objects.select_related("organization")
        .filter(organization=actor.organization)
        .first()
    )
    if venture is None:
        raise ValidationError(_("Create your venture profile first."))
    return venture


def _check_open(event: Event, now: dt.datetime) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("This event does not take applications."))
    if now >= event.application_deadline:
        raise ValidationError(
            _("Applications closed on %(deadline)s.")
            % {"deadline": local_text(event.application_deadline)}
        )


@transaction.atomic
def application_submit(
    *,
    actor: Actor,
    event: Event,
    pitch_summary: str,
    funding_round: FundingRound | None = None,
    at: dt.datetime | None = None,
) -> EventApplication:
    if not EventPolicy.can_apply(actor, event):
        raise AccessDenied
    venture = _venture_of(actor)
    if funding_round is not None and funding_round.venture_id != venture.pk:
        raise AccessDenied
    summary = (pitch_summary or "").strip()
    if not summary:
        raise ValidationError({"pitch_summary": _("Say in a few lines what you will pitch.")})
    if len(summary) > SUMMARY_MAX:
        raise ValidationError(
            {"pitch_summary": _("Keep it under %(count)s characters.") % {"count": SUMMARY_MAX}}
        )
    now = at or timezone.now()
    _check_open(Event.objects.get(pk=event.pk), now)
    existing = (
        EventApplication.objects.select_for_update().filter(event=event, venture=venture).first()
    )
    if existing is not None:
        if existing.status != ApplicationStatus.WITHDRAWN:
            raise ValidationError(already_applied_message())
        existing.status = ApplicationStatus.PENDING
        existing.pitch_summary = summary
        existing.funding_round = funding_round
        existing.submitted_by = actor.user
        existing.submitted_at = now
        existing.decided_at = None
        existing.save()
        application = existing
    else:
        try:
            with transaction.atomic():
                application = EventApplication.objects.create(
                    event=event,
                    venture=venture,
                    funding_round=funding_round,
                    pitch_summary=summary,
                    submitted_by=actor.user,
                )
        except IntegrityError as duplicate:
            # The same venture's other request won the race between the check and the insert.
            raise ValidationError(already_applied_message()) from duplicate
    application = EventApplication.objects.select_related(
        "event__organization", "venture__organization", "funding_round"
    ).get(pk=application.pk)
    notices.application_received(application=application)
    return application


def _locked(application: EventApplication) -> EventApplication:
    return (
        EventApplication.objects.select_for_update(of=("self",))
        .select_related("event__organization", "venture__organization")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_decide(
    *, actor: Actor, application: EventApplication, status: str, at: dt.datetime | None = None
) -> EventApplication:
    """Selects or declines an application; declining a selected one frees its pitch slot."""
    if not EventPolicy.can_edit(actor, application.event):
        raise AccessDenied
    if status not in DECISIONS:
        raise ValidationError({"status": _("Choose “selected” or “declined”.")})
    locked = _locked(application)
    event = locked.event
    now = at or timezone.now()
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event is cancelled."))
    if now >= event.starts_at:
        raise ValidationError(_("The event has already started; the line-up is final."))
    if locked.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("The venture has withdrawn this application."))
    if locked.status == status:
        raise ValidationError(
            _("This application is already “%(status)s”.")
            % {"status": ApplicationStatus(status).label}
        )
    if status == ApplicationStatus.DECLINED:
        PitchSlot.objects.filter(application=locked).delete()
    locked.status = status
    locked.decided_at = now
    locked.save(update_fields=["status", "decided_at"])
    notices.application_decided(application=locked)
    return locked


@transaction.atomic
def application_withdraw(
    *, actor: Actor, application: EventApplication, at: dt.datetime | None = None
) -> EventApplication:
    if not ApplicationPolicy.can_edit(actor, application):
        raise AccessDenied
    locked = _locked(application)
    now = at or timezone.now()
    if locked.status not in (ApplicationStatus.PENDING, ApplicationStatus.SELECTED):
        raise ValidationError(_("Only a pending or selected application can be withdrawn."))
    if now >= locked.event.starts_at:
        raise ValidationError(_("The event has already started."))
    PitchSlot.objects.filter(application=locked).delete()
    locked.status = ApplicationStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    return locked
