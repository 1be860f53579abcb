"""Who may see and act on roadshow events, applications, slots and registrations.

An event is public once published: anyone, signed in or not, reads it (and it stays readable when
closed or cancelled, so participants learn what happened). A draft stays with its organizer.
Members of the organizer (intermediaries and government organizations) with the edit role run
it; viewers read the management pages but change nothing. An application is seen by its venture
and the organizer; a registration by its investor and the organizer. Platform staff read all.

The schedule of pitches and the calendar file are for participants: the organizer, registered
investors and selected ventures.
"""

from __future__ import annotations

from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventRegistration,
    EventStatus,
)
from runway.orgs.access import AccessDenied, Actor, Need, authorize, authorized_by_id
from runway.orgs.models import OrganizationKind

ORGANIZER_KINDS = frozenset({OrganizationKind.INTERMEDIARY, OrganizationKind.GOVERNMENT})


def is_organizer(actor: Actor | None, event: Event) -> bool:
    return actor is not None and actor.acts_for(event.organization_id)


def active_registration(actor: Actor | None, event: Event) -> EventRegistration | None:
    if actor is None or actor.kind != OrganizationKind.INVESTOR:
        return None
    return EventRegistration.objects.filter(
        event=event, organization=actor.organization, cancelled_at__isnull=True
    ).first()


def selected_application(actor: Actor | None, event: Event) -> EventApplication | None:
    if actor is None or actor.kind != OrganizationKind.VENTURE:
        return None
    return (
        EventApplication.objects.select_related("venture__organization")
        .filter(
            event=event,
            venture__organization=actor.organization,
            status=ApplicationStatus.SELECTED,
        )
        .first()
    )


class EventPolicy:
    @staticmethod
    def can_view(actor: Actor | None, event: Event) -> bool:
        if event.status != EventStatus.DRAFT:
            return True
        return actor is not None and (is_organizer(actor, event) or actor.is_platform)

    @staticmethod
    def can_edit(actor: Actor | None, event: Event) -> bool:
        """The organizer's members and up: edit, publish, cancel, select, schedule."""
        return is_organizer(actor, event) and actor is not None and actor.can(Need.EDIT)

    @staticmethod
    def can_manage_view(actor: Actor | None, event: Event) -> bool:
        """The organizer's whole team (viewers too) and platform staff see applications and
        registrations."""
        return actor is not None and (is_organizer(actor, event) or actor.is_platform)

    @staticmethod
    def can_create(actor: Actor | None) -> bool:
        return actor is not None and actor.kind in ORGANIZER_KINDS and actor.can(Need.EDIT)

    @staticmethod
    def can_apply(actor: Actor | None, event: Event) -> bool:
        return (
            actor is not None
            and actor.kind == OrganizationKind.VENTURE
            and actor.can(Need.EDIT)
            and event.status != EventStatus.DRAFT
        )

    @staticmethod
    def can_register(actor: Actor | None, event: Event) -> bool:
        return (
            actor is not None
            and actor.kind == OrganizationKind.INVESTOR
            and actor.can(Need.EDIT)
            and event.status != EventStatus.DRAFT
        )

    @staticmethod
    def is_participant(actor: Actor | None, event: Event) -> bool:
        if actor is None or (event.status == EventStatus.DRAFT and not is_organizer(actor, event)):
            return False
        return (
            is_organizer(actor, event)
            or active_registration(actor, event) is not None
            or selected_application(actor, event) is not None
        )


class ApplicationPolicy:
    @staticmethod
    def can_view(actor: Actor, application: EventApplication) -> bool:
        if actor.is_platform or is_organizer(actor, application.event):
            return True
        return actor.acts_for(application.venture.organization_id)

    @staticmethod
    def can_edit(actor: Actor, application: EventApplication) -> bool:
        """The applicant's members and up may withdraw; deciding is EventPolicy.can_edit."""
        return actor.acts_for(application.venture.organization_id) and actor.can(Need.EDIT)


class RegistrationPolicy:
    @staticmethod
    def can_view(actor: Actor, registration: EventRegistration) -> bool:
        if actor.is_platform or is_organizer(actor, registration.event):
            return True
        return actor.acts_for(registration.organization_id)

    @staticmethod
    def can_edit(actor: Actor, registration: EventRegistration) -> bool:
        return actor.acts_for(registration.organization_id) and actor.can(Need.EDIT)


def access_event_by_id(*, actor: Actor | None, event_id: int, need: Need) -> Event:
    """The event if the actor (None for an anonymous visitor) may `need` it; AccessDenied alike
    when it is missing or not allowed."""
    event = Event.objects.select_related("organization").filter(pk=event_id).first()
    if event is None:
        raise AccessDenied
    if actor is None:
        if need > Need.VIEW or not EventPolicy.can_view(None, event):
            raise AccessDenied
        return event
    authorize(EventPolicy, actor, event, need)
    return event


def access_application_by_id(*, actor: Actor, application_id: int, need: Need) -> EventApplication:
    return authorized_by_id(
        EventApplication.objects.select_related(
            "event__organization", "venture__organization", "funding_round"
        ),
        application_id,
        policy=ApplicationPolicy,
        actor=actor,
        need=need,
    )


def access_registration_by_id(
    *, actor: Actor, registration_id: int, need: Need
) -> EventRegistration:
    return authorized_by_id(
        EventRegistration.objects.select_related("event__organization", "organization"),
        registration_id,
        policy=RegistrationPolicy,
        actor=actor,
        need=need,
    )
