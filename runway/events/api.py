"""Roadshow events in the JSON API: the public list and detail, applications, the organizer's
selection and pitch slots, investors' registrations, introductions after the event and the
calendar file, under the same rules as the pages.

The list and an event's detail are open to anonymous callers, like the pages; a token or session
is still honoured (a bad token is refused, not treated as anonymous) so an organizer sees its own
drafts. Times are ISO 8601; a time sent without an offset is read in Beijing time.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from runway.accounts.models import User
from runway.api.auth import SessionActorAuth, TokenAuth, request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import MAX_ID, Code, InputSchema, RunwayPagination, Text
from runway.events import selectors
from runway.events.access import (
    EventPolicy,
    access_application_by_id,
    access_event_by_id,
    access_registration_by_id,
)
from runway.events.calendar import calendar_filename, event_calendar
from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventFormat,
    EventRegistration,
    EventStatus,
    PitchSlot,
)
from runway.events.services import applications, events, intros, registrations, slots
from runway.events.services.intros import IntroOutcome, IntroResult
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.api import OrganizationRefOut
from runway.taxonomy.models import Sector
from runway.ventures.models import FundingRound

router = Router(tags=["events"])

WHEN_HINT = "upcoming (not yet ended, the default), past, or mine (organized, registered for or "
WHEN_HINT += "applied to by the caller's organization)."
TIME_HINT = "ISO 8601; without an offset, Beijing time. Returned in Beijing time (+08:00)."


class Anonymous:
    """Stands in for a caller with no credentials; truthy, so ninja lets the request through."""

    def __bool__(self) -> bool:
        return True


def anonymous_visitor(request: HttpRequest) -> Anonymous:
    return Anonymous()


PUBLIC_AUTH = [TokenAuth(), SessionActorAuth(), anonymous_visitor]


def _optional_actor(request: HttpRequest) -> Actor | None:
    actor = getattr(request, "auth", None)
    return actor if isinstance(actor, Actor) else None


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class EventOut(Schema):
    id: int
    organization: OrganizationRefOut
    title: str
    description: str
    format: EventFormat
    venue_address: str
    online_url: str = Field(description="Only for participants; empty for anyone else.")
    starts_at: dt.datetime
    ends_at: dt.datetime
    application_deadline: dt.datetime
    investor_capacity: int = Field(description="Investor organizations, one seat each.")
    seats_taken: int
    seats_left: int
    pitch_slots: int
    slot_minutes: int
    sectors: list[str] = Field(description="Theme sector codes, as listed by GET /taxonomy.")
    status: EventStatus
    url: str = Field(description="Path of the event page.")

    @staticmethod
    def resolve_starts_at(obj: Event) -> dt.datetime:
        return timezone.localtime(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: Event) -> dt.datetime:
        return timezone.localtime(obj.ends_at)

    @staticmethod
    def resolve_application_deadline(obj: Event) -> dt.datetime:
        return timezone.localtime(obj.application_deadline)

    @staticmethod
    def resolve_online_url(obj: Event) -> str:
        return obj.online_url if getattr(obj, "link_visible", False) else ""

    @staticmethod
    def resolve_sectors(obj: Event) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return reverse("events:detail", args=[obj.pk])


class EventIn(InputSchema):
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field("", max_length=20_000)
    format: EventFormat = EventFormat.VENUE
    venue_address: Text = Field("", max_length=300)
    online_url: Text = Field("", max_length=200)
    starts_at: dt.datetime = Field(description=TIME_HINT)
    ends_at: dt.datetime = Field(description=TIME_HINT)
    application_deadline: dt.datetime = Field(description=TIME_HINT)
    investor_capacity: int = Field(ge=1, le=100_000)
    pitch_slots: int = Field(ge=0, le=500)
    slot_minutes: int = Field(10, ge=1, le=240)
    sectors: list[Code] = Field(default_factory=list, max_length=50)


class StatusIn(InputSchema):
    status: EventStatus


class SlotOut(Schema):
    id: int
    application_id: int
    venture_id: int
    venture_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime

    @staticmethod
    def resolve_starts_at(obj: PitchSlot) -> dt.datetime:
        return timezone.localtime(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: PitchSlot) -> dt.datetime:
        return timezone.localtime(obj.ends_at)

    @staticmethod
    def resolve_venture_name(obj: PitchSlot) -> str:
        return obj.venture.organization.name


class ApplicationOut(Schema):
    id: int
    event_id: int
    venture: OrganizationRefOut
    funding_round_id: int | None
    pitch_summary: str
    status: ApplicationStatus
    submitted_at: dt.datetime
    slot: SlotOut | None

    @staticmethod
    def resolve_venture(obj: EventApplication) -> Any:
        return obj.venture.organization

    @staticmethod
    def resolve_slot(obj: EventApplication) -> PitchSlot | None:
        return (
            PitchSlot.objects.select_related("venture__organization")
            .filter(application=obj)
            .first()
        )


class ApplicationIn(InputSchema):
    pitch_summary: Text = Field(min_length=1, max_length=5_000)
    funding_round_id: int | None = Field(None, ge=1, le=MAX_ID)


class DecisionIn(InputSchema):
    status: Literal["selected", "declined"]


class SlotIn(InputSchema):
    application_id: int = Field(ge=1, le=MAX_ID)
    starts_at: dt.datetime = Field(description=TIME_HINT + " The pitch lasts slot_minutes.")


class RegistrationOut(Schema):
    id: int
    event_id: int
    event_title: str
    organization: OrganizationRefOut
    attendee: str | None = Field(description="The attending person's name.")
    registered_at: dt.datetime
    cancelled_at: dt.datetime | None
    active: bool

    @staticmethod
    def resolve_event_title(obj: EventRegistration) -> str:
        return obj.event.title

    @staticmethod
    def resolve_attendee(obj: EventRegistration) -> str | None:
        return obj.attendee.get_full_name() if obj.attendee else None

    @staticmethod
    def resolve_active(obj: EventRegistration) -> bool:
        return obj.is_active


class RegistrationIn(InputSchema):
    attendee_email: Text | None = Field(
        None,
        max_length=254,
        description="A member of the caller's organization who attends; by default the "
        "signed-in person. Required with an API token.",
    )


class IntroCandidateOut(Schema):
    venture_id: int
    venture_name: str
    round_id: int | None = Field(description="The open round an intro would be asked on.")
    round_title: str | None
    deal_id: int | None = Field(description="The caller's deal with the venture, if any.")
    deal_state: str | None


class IntrosIn(InputSchema):
    venture_ids: list[int] = Field(min_length=1, max_length=200)
    note: Text = Field("", max_length=2_000)


class IntroOutcomeOut(Schema):
    venture_id: int
    venture_name: str
    result: IntroResult
    message: str
    deal_id: int | None


def _show_link(actor: Actor | None, event: Event) -> Event:
    event.link_visible = EventPolicy.is_participant(actor, event)  # type: ignore[attr-defined]
    return event


# Literal paths come before "/{event_id}", so they are not read as an event id.
@router.get(
    "/registrations",
    response={200: list[RegistrationOut], **READ_ERRORS},
    summary="The caller's registrations",
    description="Its investor organization's registrations, live and cancelled, newest first.",
)
@paginate(RunwayPagination)
def registration_list(request: HttpRequest) -> QuerySet[EventRegistration]:
    return selectors.event_list_registered(actor=request_actor(request))


@router.post(
    "/registrations/{registration_id}/cancel",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Cancel a registration",
    description="Gives the seat back, until the event starts. " + WRITE_RULE,
)
def registration_cancel(
    request: HttpRequest, registration_id: int = Path(..., ge=1, le=MAX_ID)
) -> EventRegistration:
    actor = request_actor(request)
    registration = access_registration_by_id(
        actor=actor, registration_id=registration_id, need=Need.EDIT
    )
    return registrations.registration_cancel(actor=actor, registration=registration)


@router.post(
    "/applications/{application_id}/decision",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Select or decline an application",
    description="For the organizer, until the event starts; declining frees the pitch slot. "
    + WRITE_RULE,
)
def application_decide(
    request: HttpRequest, payload: DecisionIn, application_id: int = Path(..., ge=1, le=MAX_ID)
) -> EventApplication:
    actor = request_actor(request)
    application = access_application_by_id(
        actor=actor, application_id=application_id, need=Need.VIEW
    )
    if not EventPolicy.can_edit(actor, application.event):
        raise AccessDenied
    return applications.application_decide(
        actor=actor, application=application, status=payload.status
    )


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Withdraw an application",
    description="For the venture, until the event starts. " + WRITE_RULE,
)
def application_withdraw(
    request: HttpRequest, application_id: int = Path(..., ge=1, le=MAX_ID)
) -> EventApplication:
    actor = request_actor(request)
    application = access_application_by_id(
        actor=actor, application_id=application_id, need=Need.EDIT
    )
    return applications.application_withdraw(actor=actor, application=application)


@router.delete(
    "/slots/{slot_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a pitch slot",
    description="For the organizer. " + WRITE_RULE,
)
def slot_delete(request: HttpRequest, slot_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    actor = request_actor(request)
    slot = PitchSlot.objects.select_related("event__organization").filter(pk=slot_id).first()
    if slot is None or not EventPolicy.can_edit(actor, slot.event):
        raise AccessDenied
    slots.slot_remove(actor=actor, slot=slot)
    return Status(204, None)


@router.get(
    "",
    response={200: list[EventOut], **READ_ERRORS},
    auth=PUBLIC_AUTH,
    openapi_extra={"security": [{}]},
    summary="Events",
    description="Published, closed and cancelled events for anyone; an organizer's own drafts "
    "too. `when`: " + WHEN_HINT,
)
@paginate(RunwayPagination)
def event_list(
    request: HttpRequest, when: Literal["upcoming", "past", "mine"] = "upcoming"
) -> QuerySet[Event]:
    actor = _optional_actor(request)
    if when == "mine" and actor is None:
        return Event.objects.none()
    return selectors.event_list_visible(actor=actor, when=when)


@router.post(
    "",
    response={201: EventOut, **WRITE_ERRORS},
    summary="Create an event",
    description="For intermediaries and government organizations; created as a draft. "
    + WRITE_RULE,
)
def event_post(request: HttpRequest, payload: EventIn) -> Status[Event]:
    actor = request_actor(request)
    fields = payload.model_dump(exclude={"sectors"})
    for name in ("starts_at", "ends_at", "application_deadline"):
        fields[name] = _aware(getattr(payload, name))
    fields["format"] = payload.format
    sectors = list(Sector.objects.filter(code__in=payload.sectors))
    unknown = set(payload.sectors) - {sector.code for sector in sectors}
    if unknown:
        raise ValidationError(
            {
                "sectors": _("Unknown sector codes: %(codes)s.")
                % {"codes": ", ".join(sorted(unknown))}
            }
        )
    event = events.event_create(actor=actor, sectors=sectors, **fields)
    return Status(201, _show_link(actor, event))


@router.get(
    "/{event_id}",
    response={200: EventOut, **READ_ERRORS},
    auth=PUBLIC_AUTH,
    openapi_extra={"security": [{}]},
    summary="An event",
)
def event_detail(request: HttpRequest, event_id: int = Path(..., ge=1, le=MAX_ID)) -> Event:
    actor = _optional_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    return _show_link(actor, event)


@router.post(
    "/{event_id}/status",
    response={200: EventOut, **WRITE_ERRORS},
    summary="Publish, close, reopen or cancel an event",
    description="For the organizer: draft -> published -> closed (no more applications or "
    "registrations) -> published again; cancelled from any of them, which tells participants. "
    + WRITE_RULE,
)
def event_status(
    request: HttpRequest, payload: StatusIn, event_id: int = Path(..., ge=1, le=MAX_ID)
) -> Event:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.EDIT)
    return _show_link(
        actor, events.event_set_status(actor=actor, event=event, status=payload.status)
    )


@router.post(
    "/{event_id}/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Apply to pitch",
    description="For ventures, until the application deadline of a published event; once per "
    "venture (again only after withdrawing). " + WRITE_RULE,
)
def application_post(
    request: HttpRequest, payload: ApplicationIn, event_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[EventApplication]:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    funding_round = None
    if payload.funding_round_id is not None:
        funding_round = FundingRound.objects.filter(pk=payload.funding_round_id).first()
        if funding_round is None:
            raise AccessDenied
    application = applications.application_submit(
        actor=actor, event=event, pitch_summary=payload.pitch_summary, funding_round=funding_round
    )
    return Status(201, application)


@router.get(
    "/{event_id}/applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="An event's applications",
    description="For the organizer; a venture sees only its own.",
)
@paginate(RunwayPagination)
def application_list(
    request: HttpRequest, event_id: int = Path(..., ge=1, le=MAX_ID)
) -> QuerySet[EventApplication]:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    if EventPolicy.can_manage_view(actor, event):
        return selectors.application_list_for_event(event=event)
    return event.applications.filter(venture__organization=actor.organization).select_related(
        "venture__organization"
    )


@router.get(
    "/{event_id}/slots",
    response={200: list[SlotOut], **READ_ERRORS},
    summary="The pitch schedule",
    description="For participants: the organizer, registered investors and selected ventures.",
)
def slot_list(request: HttpRequest, event_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    if not (EventPolicy.is_participant(actor, event) or actor.is_platform):
        raise AccessDenied
    return list(selectors.slot_list_for_event(event=event))


@router.post(
    "/{event_id}/slots",
    response={201: SlotOut, **WRITE_ERRORS},
    summary="Schedule or move a pitch",
    description="For the organizer: gives a selected application its slot of `slot_minutes` "
    "from `starts_at`, inside the event, within its number of slots, overlapping no other pitch "
    "of the event nor the venture's pitch at another event (422 naming it). " + WRITE_RULE,
)
def slot_post(
    request: HttpRequest, payload: SlotIn, event_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[PitchSlot]:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.EDIT)
    application = access_application_by_id(
        actor=actor, application_id=payload.application_id, need=Need.VIEW
    )
    if application.event_id != event.pk:
        raise AccessDenied
    slot = slots.slot_schedule(
        actor=actor, application=application, starts_at=_aware(payload.starts_at)
    )
    return Status(201, slot)


@router.post(
    "/{event_id}/registrations",
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Register for an event",
    description="For investors: one seat per organization, until the event starts or it is "
    "full (422). " + WRITE_RULE,
)
def registration_post(
    request: HttpRequest, payload: RegistrationIn, event_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[EventRegistration]:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    attendee = None
    if payload.attendee_email:
        attendee = User.objects.filter(email__iexact=payload.attendee_email).first()
        if attendee is None:
            raise ValidationError(
                {"attendee_email": _("The attendee must be a member of your organization.")}
            )
    try:
        registration = registrations.registration_create(
            actor=actor, event=event, attendee=attendee
        )
    except ValidationError as error:
        # The service names the person `attendee`; this endpoint takes `attendee_email`.
        if hasattr(error, "error_dict") and "attendee" in error.error_dict:
            raise ValidationError({"attendee_email": error.error_dict["attendee"]}) from error
        raise
    return Status(201, registration)


@router.get(
    "/{event_id}/intros",
    response={200: list[IntroCandidateOut], **READ_ERRORS},
    summary="The ventures that pitched, for introductions",
    description="For registered investors once the event has ended (422 before): each "
    "pitching venture with the open round an intro would be asked on and any deal already "
    "made.",
)
def intro_candidates(request: HttpRequest, event_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    intros.check_intros_open(actor=actor, event=event, now=timezone.now())
    candidates = []
    for application in intros.pitching_applications(event):
        funding_round = intros.round_for_intro(actor, application)
        deal = intros.existing_deal(actor, application)
        candidates.append(
            {
                "venture_id": application.venture_id,
                "venture_name": application.venture.organization.name,
                "round_id": funding_round.pk if funding_round else None,
                "round_title": funding_round.title if funding_round else None,
                "deal_id": deal.pk if deal else None,
                "deal_state": deal.state if deal else None,
            }
        )
    return candidates


@router.post(
    "/{event_id}/intros",
    response={200: list[IntroOutcomeOut], **WRITE_ERRORS},
    summary="Request introductions to the ventures picked",
    description="For registered investors once the event has ended. For each venture picked: "
    "a deal on its open round and an intro request naming the event (`requested`), or the "
    "reason it was skipped (`no_open_round`, `already_in_deal`, `not_pitching`, `refused`); "
    "each venture all or nothing. " + WRITE_RULE,
)
def intros_post(
    request: HttpRequest, payload: IntrosIn, event_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[IntroOutcome]:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    return intros.event_intros_request(
        actor=actor, event=event, venture_ids=payload.venture_ids, note=payload.note
    )


@router.get(
    "/{event_id}/calendar.ics",
    response={200: str, **READ_ERRORS},
    summary="The event as a calendar file",
    description="text/calendar (RFC 5545) for participants: the event; for a selected venture "
    "its pitch too; for the organizer every pitch.",
)
def calendar_file(request: HttpRequest, event_id: int = Path(..., ge=1, le=MAX_ID)) -> HttpResponse:
    actor = request_actor(request)
    event = access_event_by_id(actor=actor, event_id=event_id, need=Need.VIEW)
    body = event_calendar(
        event=event,
        slots=selectors.calendar_slots(actor=actor, event=event),
        page_url=request.build_absolute_uri(reverse("events:detail", args=[event.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(event)}"'
    return response
