"""Introductions after the event: one step for the investor, one outcome per venture."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from runway.deals.models import Deal, DealState
from runway.deals.services import deals as deal_services
from runway.deals.tests.factories import DealFactory
from runway.events.models import Event, EventApplication, EventStatus
from runway.events.services.intros import IntroResult, event_intros_request
from runway.events.tests.factories import (
    EventFactory,
    investor,
    past_event,
    registered,
    selected,
    slot_for,
)
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db


def lineup(event: Event, count: int = 3) -> list[EventApplication]:
    """`count` selected ventures with a pitch each, every one with an open round."""
    applications = []
    for n in range(count):
        application = selected(event)
        FundingRoundFactory(venture=application.venture, title=f"Seed {n}")
        slot_for(application, event.starts_at + dt.timedelta(minutes=20 * n))
        applications.append(application)
    return applications


def test_a_registered_investor_requests_intros_to_the_ventures_it_picks() -> None:
    event = past_event(title="Bao'an hardware demo day")
    first, second, third = lineup(event)
    guest = investor()
    registered(event, guest)
    outcomes = event_intros_request(
        actor=guest,
        event=event,
        venture_ids=[first.venture_id, third.venture_id],
        note="We invest in cross-border hardware.",
    )
    assert [(o.venture_id, o.result) for o in outcomes] == [
        (first.venture_id, IntroResult.REQUESTED),
        (third.venture_id, IntroResult.REQUESTED),
    ]
    deals = Deal.objects.filter(investor=guest.organization)
    assert {d.funding_round.venture_id for d in deals} == {first.venture_id, third.venture_id}
    for deal in deals:
        assert deal.state == DealState.INTRO_REQUESTED
        assert "Bao'an hardware demo day" in deal.intro_message
        assert "We invest in cross-border hardware." in deal.intro_message
    told = Notification.objects.filter(verb="deal_intro_requested").values_list(
        "organization", flat=True
    )
    assert set(told) == {first.venture.organization_id, third.venture.organization_id}
    assert not Deal.objects.filter(funding_round__venture=second.venture).exists()


def test_ventures_without_an_open_round_or_already_in_a_deal_are_skipped_with_reasons() -> None:
    event = past_event()
    ready, closed_round, in_deal = lineup(event)
    closed_round.venture.rounds.update(status=RoundStatus.CLOSED)
    guest = investor()
    registered(event, guest)
    DealFactory(
        funding_round=in_deal.venture.rounds.get(),
        investor=guest.organization,
        state=DealState.DILIGENCE,
    )
    outsider = VentureFactory()
    outcomes = event_intros_request(
        actor=guest,
        event=event,
        venture_ids=[ready.venture_id, closed_round.venture_id, in_deal.venture_id, outsider.pk],
    )
    by_venture = {o.venture_id: o for o in outcomes}
    assert by_venture[ready.venture_id].result is IntroResult.REQUESTED
    assert by_venture[closed_round.venture_id].result is IntroResult.NO_OPEN_ROUND
    assert by_venture[closed_round.venture_id].message == "No open round to invest in."
    assert by_venture[in_deal.venture_id].result is IntroResult.ALREADY_IN_DEAL
    assert "Due diligence" in by_venture[in_deal.venture_id].message
    assert by_venture[outsider.pk].result is IntroResult.NOT_PITCHING
    assert Deal.objects.filter(investor=guest.organization).count() == 2


def test_asking_twice_reports_the_deals_already_made() -> None:
    event = past_event()
    (application,) = lineup(event, count=1)
    guest = investor()
    registered(event, guest)
    event_intros_request(actor=guest, event=event, venture_ids=[application.venture_id])
    again = event_intros_request(actor=guest, event=event, venture_ids=[application.venture_id])
    assert again[0].result is IntroResult.ALREADY_IN_DEAL
    assert Deal.objects.filter(investor=guest.organization).count() == 1


def test_a_shortlisted_deal_goes_on_to_the_intro() -> None:
    event = past_event()
    (application,) = lineup(event, count=1)
    guest = investor()
    registered(event, guest)
    deal = DealFactory(funding_round=application.venture.rounds.get(), investor=guest.organization)
    (outcome,) = event_intros_request(
        actor=guest, event=event, venture_ids=[application.venture_id]
    )
    assert outcome.result is IntroResult.REQUESTED
    assert outcome.deal_id == deal.pk
    deal.refresh_from_db()
    assert deal.state == DealState.INTRO_REQUESTED


def test_a_private_venture_is_reported_not_leaked() -> None:
    event = past_event()
    (application,) = lineup(event, count=1)
    application.venture.is_public = False
    application.venture.save(update_fields=["is_public"])
    guest = investor()
    registered(event, guest)
    (outcome,) = event_intros_request(
        actor=guest, event=event, venture_ids=[application.venture_id]
    )
    assert outcome.result is IntroResult.NO_OPEN_ROUND
    assert not Deal.objects.exists()


def test_not_before_the_event_ends() -> None:
    event = EventFactory()
    (application,) = lineup(event, count=1)
    guest = investor()
    registered(event, guest)
    with pytest.raises(ValidationError, match="Introductions open when the event ends"):
        event_intros_request(actor=guest, event=event, venture_ids=[application.venture_id])
    with pytest.raises(ValidationError, match="Introductions open when the event ends"):
        event_intros_request(
            actor=guest,
            event=event,
            venture_ids=[application.venture_id],
            at=event.ends_at - dt.timedelta(seconds=1),
        )
    outcomes = event_intros_request(
        actor=guest, event=event, venture_ids=[application.venture_id], at=event.ends_at
    )
    assert outcomes[0].result is IntroResult.REQUESTED


def test_only_registered_investors_with_the_edit_role_and_not_for_cancelled_events() -> None:
    event = past_event()
    (application,) = lineup(event, count=1)
    picks = [application.venture_id]
    with pytest.raises(AccessDenied):
        event_intros_request(actor=investor(), event=event, venture_ids=picks)
    guest = investor()
    registered(event, guest)
    with pytest.raises(AccessDenied):
        event_intros_request(
            actor=member_of(guest.organization, role=Role.VIEWER), event=event, venture_ids=picks
        )
    with pytest.raises(AccessDenied):
        event_intros_request(actor=member_of(event.organization), event=event, venture_ids=picks)
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="cancelled"):
        event_intros_request(actor=guest, event=event, venture_ids=picks)
    assert not Deal.objects.exists()


def test_picking_nobody_is_an_error_on_the_field() -> None:
    event = past_event()
    guest = investor()
    registered(event, guest)
    with pytest.raises(ValidationError) as error:
        event_intros_request(actor=guest, event=event, venture_ids=[])
    assert "venture_ids" in error.value.error_dict


def test_each_venture_is_all_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    event = past_event()
    fine, failing = lineup(event, count=2)
    guest = investor()
    registered(event, guest)
    real_transition = deal_services.deal_transition

    def transition(**kwargs: Any) -> Deal:
        if kwargs["deal"].funding_round.venture_id == failing.venture_id:
            raise ValidationError({"to": "The venture's inbox is closed."})
        return real_transition(**kwargs)

    monkeypatch.setattr(deal_services, "deal_transition", transition)
    outcomes = {
        o.venture_id: o
        for o in event_intros_request(
            actor=guest, event=event, venture_ids=[fine.venture_id, failing.venture_id]
        )
    }
    assert outcomes[fine.venture_id].result is IntroResult.REQUESTED
    assert outcomes[failing.venture_id].result is IntroResult.REFUSED
    assert outcomes[failing.venture_id].message == "The venture's inbox is closed."
    # The deal started for the refused venture went with its savepoint.
    assert list(
        Deal.objects.filter(investor=guest.organization).values_list(
            "funding_round__venture", flat=True
        )
    ) == [fine.venture_id]
