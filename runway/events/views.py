"""Pages for roadshow events: the public list and event page, the organizer's form and management
page, a venture's application, an investor's registration and its introductions after the event,
and the calendar file. Parse, check access, call one service or selector, render; anything the
reader may not see answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.events import selectors
from runway.events.access import (
    EventPolicy,
    access_application_by_id,
    access_event_by_id,
    access_registration_by_id,
)
from runway.events.calendar import calendar_filename, event_calendar
from runway.events.forms import ApplicationForm, EventForm, IntrosForm, SlotForm
from runway.events.models import ApplicationStatus, Event, EventStatus, PitchSlot
from runway.events.services import applications, events, intros, registrations, slots
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.views import actor_required

PAGE_SIZE = 20


def _actor(request: HttpRequest) -> Actor | None:
    actor = getattr(request, "actor", None)
    return actor if isinstance(actor, Actor) else None


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _to_detail(event_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("events:detail", args=[event_id]) + anchor)


@require_http_methods(["GET"])
def event_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    when = request.GET.get("when") or "upcoming"
    if when not in selectors.WHEN_CHOICES or (when == "mine" and actor is None):
        when = "upcoming"
    found = selectors.event_list_visible(actor=actor, when=when)
    return render(
        request,
        "events/event_list.html",
        {
            "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
            "when": when,
            "can_create": EventPolicy.can_create(actor),
            "signed_in": actor is not None,
            "now": timezone.now(),
        },
    )


def _detail_context(
    request: HttpRequest,
    actor: Actor | None,
    event: Event,
    form: ApplicationForm | None = None,
) -> dict[str, Any]:
    page = selectors.event_page(actor=actor, event=event)
    context: dict[str, Any] = {"event": event, "page": page, "sectors": event.sectors.all()}
    if page.venture is not None and EventPolicy.can_apply(actor, event):
        context["apply_form"] = form or ApplicationForm(venture=page.venture)
        context["can_apply"] = page.takes_applications and (
            page.application is None or page.application.status == ApplicationStatus.WITHDRAWN
        )
    context["can_register"] = (
        EventPolicy.can_register(actor, event)
        and page.registration is None
        and page.takes_registrations
    )
    context["page_url"] = request.build_absolute_uri(request.path)
    return context


@require_http_methods(["GET"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    try:
        event = access_event_by_id(actor=actor, event_id=pk, need=Need.VIEW)
    except AccessDenied as denied:
        raise Http404 from denied
    return render(request, "events/event_detail.html", _detail_context(request, actor, event))


def _event_form_page(request: HttpRequest, actor: Actor, event_id: int | None) -> HttpResponse:
    event = (
        access_event_by_id(actor=actor, event_id=event_id, need=Need.EDIT)
        if event_id is not None
        else None
    )
    if event is None and not EventPolicy.can_create(actor):
        raise AccessDenied
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        sectors = fields.pop("sectors")
        try:
            if event is None:
                event = events.event_create(actor=actor, sectors=sectors, **fields)
            else:
                events.event_update(actor=actor, event=event, sectors=sectors, **fields)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The event is saved."))
            return _to_detail(event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@actor_required
def event_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _event_form_page(request, actor, None)


@require_http_methods(["GET", "POST"])
@actor_required
def event_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _event_form_page(request, actor, pk)


@require_http_methods(["POST"])
@actor_required
def event_status(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    event = access_event_by_id(actor=actor, event_id=pk, need=Need.EDIT)
    status = request.POST.get("status", "")
    try:
        events.event_set_status(actor=actor, event=event, status=status)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        labels: dict[str, str] = {
            EventStatus.PUBLISHED: _("The event is published."),
            EventStatus.CLOSED: _("Applications and registrations are closed."),
            EventStatus.CANCELLED: _("The event is cancelled; participants are told."),
        }
        messages.success(request, labels.get(status, _("The event is saved.")))
    return _to_detail(event.pk)


@require_http_methods(["GET"])
@actor_required
def event_manage(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    event = access_event_by_id(actor=actor, event_id=pk, need=Need.VIEW)
    if not EventPolicy.can_manage_view(actor, event):
        raise AccessDenied
    event_applications = list(selectors.application_list_for_event(event=event))
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "page": selectors.event_page(actor=actor, event=event),
            "can_edit": EventPolicy.can_edit(actor, event),
            "applications": event_applications,
            "registrations": selectors.registration_list_for_event(event=event),
            "slots": selectors.slot_list_for_event(event=event),
            "slot_form": SlotForm(),
        },
    )


@require_http_methods(["POST"])
@actor_required
def event_apply(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    event = access_event_by_id(actor=actor, event_id=pk, need=Need.VIEW)
    venture = selectors.own_venture(actor)
    if not EventPolicy.can_apply(actor, event) or venture is None:
        raise AccessDenied
    form = ApplicationForm(request.POST, venture=venture)
    if form.is_valid():
        try:
            applications.application_submit(actor=actor, event=event, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your application is sent to the organizer."))
            return _to_detail(event.pk, "#my-application")
    return render(
        request,
        "events/event_detail.html",
        _detail_context(request, actor, event, form),
        status=422,
    )


@require_http_methods(["POST"])
@actor_required
def application_decide(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    application = access_application_by_id(actor=actor, application_id=pk, need=Need.VIEW)
    if not EventPolicy.can_edit(actor, application.event):
        raise AccessDenied
    status = request.POST.get("status", "")
    try:
        applications.application_decide(actor=actor, application=application, status=status)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        if status == ApplicationStatus.SELECTED:
            messages.success(request, _("Selected: now give the venture a pitch slot."))
        else:
            messages.success(request, _("The application is declined."))
    return redirect(reverse("events:manage", args=[application.event_id]) + "#applications")


@require_http_methods(["POST"])
@actor_required
def application_withdraw(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    application = access_application_by_id(actor=actor, application_id=pk, need=Need.EDIT)
    try:
        applications.application_withdraw(actor=actor, application=application)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return _to_detail(application.event_id, "#my-application")


@require_http_methods(["POST"])
@actor_required
def slot_schedule(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    application = access_application_by_id(actor=actor, application_id=pk, need=Need.VIEW)
    if not EventPolicy.can_edit(actor, application.event):
        raise AccessDenied
    form = SlotForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    else:
        try:
            slots.slot_schedule(
                actor=actor, application=application, starts_at=form.cleaned_data["starts_at"]
            )
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The pitch is scheduled; the venture is told."))
    return redirect(reverse("events:manage", args=[application.event_id]) + "#schedule")


@require_http_methods(["POST"])
@actor_required
def slot_remove(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    slot = PitchSlot.objects.select_related("event__organization").filter(pk=pk).first()
    if slot is None or not EventPolicy.can_edit(actor, slot.event):
        raise AccessDenied
    slots.slot_remove(actor=actor, slot=slot)
    messages.success(request, _("The pitch slot is free again."))
    return redirect(reverse("events:manage", args=[slot.event_id]) + "#schedule")


@require_http_methods(["POST"])
@actor_required
def event_register(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    event = access_event_by_id(actor=actor, event_id=pk, need=Need.VIEW)
    if not EventPolicy.can_register(actor, event):
        raise AccessDenied
    try:
        registrations.registration_create(actor=actor, event=event)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("You are registered. Add the event to your calendar."))
    return _to_detail(event.pk, "#my-registration")


@require_http_methods(["POST"])
@actor_required
def registration_cancel(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    registration = access_registration_by_id(actor=actor, registration_id=pk, need=Need.EDIT)
    try:
        registrations.registration_cancel(actor=actor, registration=registration)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Your registration is cancelled; the seat is free again."))
    return _to_detail(registration.event_id)


def _intro_choices(event: Event) -> list[tuple[int, str]]:
    return [
        (application.venture_id, application.venture.organization.name)
        for application in intros.pitching_applications(event)
    ]


@require_http_methods(["GET", "POST"])
@actor_required
def event_intros(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    event = access_event_by_id(actor=actor, event_id=pk, need=Need.VIEW)
    page = selectors.event_page(actor=actor, event=event)
    try:
        intros.check_intros_open(actor=actor, event=event, now=page.now)
    except ValidationError as error:
        _flash_errors(request, error)
        return _to_detail(event.pk)
    form = IntrosForm(request.POST or None, choices=_intro_choices(event))
    outcomes: list[intros.IntroOutcome] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                outcomes = intros.event_intros_request(
                    actor=actor,
                    event=event,
                    venture_ids=form.cleaned_data["venture_ids"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_service_error(error)
                status = 422
        else:
            status = 422
    lineup = [
        (
            application,
            intros.round_for_intro(actor, application),
            intros.existing_deal(actor, application),
        )
        for application in intros.pitching_applications(event)
    ]
    return render(
        request,
        "events/event_intros.html",
        {"event": event, "form": form, "outcomes": outcomes, "lineup": lineup},
        status=status,
    )


@require_http_methods(["GET"])
@actor_required
def event_calendar_file(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    event = access_event_by_id(actor=actor, event_id=pk, need=Need.VIEW)
    own_slots = selectors.calendar_slots(actor=actor, event=event)
    body = event_calendar(
        event=event,
        slots=own_slots,
        page_url=request.build_absolute_uri(reverse("events:detail", args=[event.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(event)}"'
    return response
