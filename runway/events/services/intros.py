"""After the event: a registered investor asks the ventures it picks for introductions, at once.

For each picked venture the investor's deal on the venture's open round is started and the intro
requested through the deals services (`deal_start`, `deal_request_intro`), with a message naming
the event. Each venture is all or nothing in its own savepoint: a venture without an open round
the investor can see, or one already in a deal with this investor, is reported with its reason
and the others go ahead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.deals.models import Deal, DealState
from runway.deals.services.deals import deal_request_intro
from runway.events.access import active_registration
from runway.events.models import ApplicationStatus, Event, EventApplication, EventStatus
from runway.events.times import local_text
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.ventures.access import RoundPolicy
from runway.ventures.models import FundingRound, RoundStatus

NOTE_MAX = 2_000


class IntroResult(StrEnum):
    REQUESTED = "requested"
    NO_OPEN_ROUND = "no_open_round"
    ALREADY_IN_DEAL = "already_in_deal"
    NOT_PITCHING = "not_pitching"
    REFUSED = "refused"


@dataclass(frozen=True)
class IntroOutcome:
    venture_id: int
    venture_name: str
    result: IntroResult
    message: str
    deal_id: int | None = None

    @property
    def requested(self) -> bool:
        return self.result is IntroResult.REQUESTED


def pitching_applications(event: Event) -> list[EventApplication]:
    """The event's line-up: selected applications, in pitch order (unscheduled last)."""
    applications = list(
        EventApplication.objects.filter(event=event, status=ApplicationStatus.SELECTED)
        .select_related("venture__organization", "funding_round", "slot")
        .order_by("venture__organization__name")
    )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(
        applications,
        key=lambda a: a.slot.starts_at if hasattr(a, "slot") else far,
    )


def round_for_intro(actor: Actor, application: EventApplication) -> FundingRound | None:
    """The round the venture presented when it is still open, else its latest open round; only
    a round the investor may see."""
    presented = application.funding_round
    candidates = [presented] if presented is not None else []
    candidates += list(
        FundingRound.objects.filter(venture=application.venture, status=RoundStatus.OPEN)
        .select_related("venture__organization")
        .order_by("-opens_on", "-pk")
    )
    for funding_round in candidates:
        funding_round.venture = application.venture
        if funding_round.status == RoundStatus.OPEN and RoundPolicy.can_view(actor, funding_round):
            return funding_round
    return None


def existing_deal(actor: Actor, application: EventApplication) -> Deal | None:
    """A deal of this investor with the venture that has gone past the investor's shortlist."""
    return (
        Deal.objects.filter(investor=actor.organization, funding_round__venture=application.venture)
        .exclude(state=DealState.INTERESTED)
        .order_by("-state_changed_at")
        .first()
    )


def intro_message(event: Event, note: str) -> str:
    opening = _("We met your pitch at “%(event)s” (%(date)s) and would like an introduction.") % {
        "event": event.title,
        "date": local_text(event.starts_at),
    }
    return f"{opening}\n\n{note}" if note else opening


def check_intros_open(*, actor: Actor, event: Event, now: dt.datetime) -> None:
    """AccessDenied unless the actor is a registered investor with the edit role; a
    ValidationError while the event has not ended or when it was cancelled."""
    if (
        actor.kind != OrganizationKind.INVESTOR
        or not actor.can(Need.EDIT)
        or active_registration(actor, event) is None
    ):
        raise AccessDenied
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event was cancelled."))
    if now < event.ends_at:
        raise ValidationError(
            _("Introductions open when the event ends (%(end)s).")
            % {"end": local_text(event.ends_at)}
        )


def _one(actor: Actor, event: Event, application: EventApplication, message: str) -> IntroOutcome:
    venture = application.venture
    name = venture.organization.name

    def outcome(result: IntroResult, text: str, deal: Deal | None = None) -> IntroOutcome:
        return IntroOutcome(venture.pk, name, result, text, deal.pk if deal else None)

    deal = existing_deal(actor, application)
    if deal is not None:
        return outcome(
            IntroResult.ALREADY_IN_DEAL,
            _("Already in a deal with you (“%(state)s”).") % {"state": DealState(deal.state).label},
            deal,
        )
    funding_round = round_for_intro(actor, application)
    if funding_round is None:
        return outcome(IntroResult.NO_OPEN_ROUND, _("No open round to invest in."))
    try:
        with transaction.atomic():
            deal = deal_request_intro(actor=actor, funding_round=funding_round, message=message)
    except (ValidationError, AccessDenied) as refused:
        text = "; ".join(refused.messages) if isinstance(refused, ValidationError) else ""
        return outcome(IntroResult.REFUSED, text or _("The round does not take investors."))
    return outcome(
        IntroResult.REQUESTED,
        _("Introduction requested for “%(round)s”.") % {"round": funding_round.title},
        deal,
    )


@transaction.atomic
def event_intros_request(
    *,
    actor: Actor,
    event: Event,
    venture_ids: Iterable[int],
    note: str = "",
    at: dt.datetime | None = None,
) -> list[IntroOutcome]:
    """One outcome per picked venture, in the order of the line-up."""
    now = at or timezone.now()
    check_intros_open(actor=actor, event=event, now=now)
    picked = set(venture_ids)
    if not picked:
        raise ValidationError({"venture_ids": _("Pick at least one venture.")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep it under %(count)s characters.") % {"count": NOTE_MAX}}
        )
    message = intro_message(event, note)
    lineup = {a.venture_id: a for a in pitching_applications(event)}
    outcomes = [
        _one(actor, event, application, message)
        for venture_id, application in lineup.items()
        if venture_id in picked
    ]
    outcomes += [
        IntroOutcome(venture_id, "", IntroResult.NOT_PITCHING, _("Did not pitch at this event."))
        for venture_id in sorted(picked - set(lineup))
    ]
    return outcomes
