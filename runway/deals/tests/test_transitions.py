"""The deal state machine, move by move and side by side, through the one service."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from runway.deals.models import Deal, DealEvent, DealState
from runway.deals.services.deals import deal_transition
from runway.deals.tests.factories import DealFactory, investor_member, venture_member
from runway.deals.transitions import TRANSITIONS, Side
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db

S = DealState
OPEN = [S.INTERESTED, S.INTRO_REQUESTED, S.INTRO_ACCEPTED, S.DILIGENCE, S.TERM_SHEET, S.COMMITTED]
# The specification, written out: (from, to) -> the only side that may make the move.
EXPECTED: dict[tuple[str, str], str] = {
    (S.INTERESTED, S.INTRO_REQUESTED): "investor",
    (S.INTRO_REQUESTED, S.INTRO_ACCEPTED): "venture",
    (S.INTRO_REQUESTED, S.INTRO_DECLINED): "venture",
    (S.INTRO_ACCEPTED, S.DILIGENCE): "investor",
    (S.DILIGENCE, S.TERM_SHEET): "investor",
    (S.TERM_SHEET, S.COMMITTED): "investor",
    (S.COMMITTED, S.CLOSED): "venture",
    **{(state, S.PASSED): "investor" for state in OPEN},
    **{(state, S.WITHDRAWN): "venture" for state in OPEN},
}


def test_the_table_is_the_specification() -> None:
    assert {pair: side.value for pair, side in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("side", ["investor", "venture"])
@pytest.mark.parametrize("source", DealState.values)
def test_every_move_from_a_state_for_a_side(source: str, side: str) -> None:
    """From `source`, the side may make exactly its moves of the table; every other target is
    refused, and a refused move changes nothing and records nothing."""
    funding_round = FundingRoundFactory()
    for target in DealState.values:
        deal = DealFactory(funding_round=funding_round, state=source)
        actor = investor_member(deal) if side == "investor" else venture_member(deal)
        hidden = side == "venture" and source == S.INTERESTED
        if hidden:
            # The venture does not even see a deal on the investor's shortlist.
            with pytest.raises(AccessDenied):
                deal_transition(actor=actor, deal=deal, to=target, note="Hello")
        elif EXPECTED.get((source, target)) == side:
            moved = deal_transition(actor=actor, deal=deal, to=target, note="Hello")
            assert moved.state == target
            event = DealEvent.objects.get(deal=deal)
            assert (event.from_state, event.to_state) == (source, target)
            assert event.user == actor.user
            assert event.organization == actor.organization
        else:
            with pytest.raises(ValidationError):
                deal_transition(actor=actor, deal=deal, to=target, note="Hello")
        if hidden or EXPECTED.get((source, target)) != side:
            assert Deal.objects.get(pk=deal.pk).state == source
            assert not DealEvent.objects.filter(deal=deal).exists()


def test_a_wrong_side_is_told_who_may_move() -> None:
    deal = DealFactory(state=S.INTRO_REQUESTED)
    with pytest.raises(ValidationError) as caught:
        deal_transition(actor=investor_member(deal), deal=deal, to=S.INTRO_ACCEPTED)
    assert caught.value.message_dict == {"to": ["Only the venture can make this move."]}


def test_a_repeated_move_is_refused_and_recorded_once() -> None:
    deal = DealFactory(state=S.INTRO_REQUESTED)
    actor = venture_member(deal)
    deal_transition(actor=actor, deal=deal, to=S.INTRO_ACCEPTED)
    # The same request again, from the page the venture still has open.
    with pytest.raises(ValidationError, match="has moved on"):
        deal_transition(actor=actor, deal=deal, to=S.INTRO_ACCEPTED)
    # And once more from a fresh read of the deal.
    fresh = Deal.objects.get(pk=deal.pk)
    with pytest.raises(ValidationError, match="already “Intro accepted”"):
        deal_transition(actor=actor, deal=fresh, to=S.INTRO_ACCEPTED)
    assert DealEvent.objects.filter(deal=deal).count() == 1


def test_a_stale_page_cannot_move_a_deal_someone_else_moved() -> None:
    deal = DealFactory(state=S.DILIGENCE)
    stale = Deal.objects.get(pk=deal.pk)
    deal_transition(actor=investor_member(deal), deal=deal, to=S.TERM_SHEET)
    with pytest.raises(ValidationError, match="moved on to “Term sheet”"):
        deal_transition(actor=venture_member(deal), deal=stale, to=S.WITHDRAWN)
    assert Deal.objects.get(pk=deal.pk).state == S.TERM_SHEET


def test_viewers_and_outsiders_cannot_move_a_deal() -> None:
    deal = DealFactory(state=S.INTRO_REQUESTED)
    with pytest.raises(AccessDenied):
        deal_transition(actor=venture_member(deal, Role.VIEWER), deal=deal, to=S.INTRO_ACCEPTED)
    stranger = member_of(OrganizationFactory())
    with pytest.raises(AccessDenied):
        deal_transition(actor=stranger, deal=deal, to=S.INTRO_ACCEPTED)
    assert Deal.objects.get(pk=deal.pk).state == S.INTRO_REQUESTED


def test_an_intro_request_needs_a_message() -> None:
    deal = DealFactory(state=S.INTERESTED)
    with pytest.raises(ValidationError) as caught:
        deal_transition(actor=investor_member(deal), deal=deal, to=S.INTRO_REQUESTED, note="  ")
    assert list(caught.value.message_dict) == ["note"]


def test_each_move_notifies_the_other_side_only() -> None:
    deal: Deal = DealFactory(state=S.INTERESTED)
    venture_org = deal.funding_round.venture.organization
    deal = deal_transition(
        actor=investor_member(deal), deal=deal, to=S.INTRO_REQUESTED, note="We fund flowers."
    )
    asked = Notification.objects.get(organization=venture_org)
    assert asked.verb == "deal_intro_requested"
    assert asked.url == f"/deals/{deal.pk}/"
    deal = deal_transition(actor=venture_member(deal), deal=deal, to=S.INTRO_ACCEPTED)
    accepted = Notification.objects.get(organization=deal.investor)
    assert (accepted.verb, accepted.params["state"]) == ("deal_moved", S.INTRO_ACCEPTED)
    assert Notification.objects.filter(organization=venture_org).count() == 1


def test_leaving_the_shortlist_tells_the_venture_nothing() -> None:
    deal = DealFactory(state=S.INTERESTED)
    deal_transition(actor=investor_member(deal), deal=deal, to=S.PASSED)
    assert not Notification.objects.exists()


def test_sides_are_told_apart_by_organization() -> None:
    deal = DealFactory(state=S.COMMITTED)
    assert TRANSITIONS[(S.COMMITTED, S.CLOSED)] is Side.VENTURE
    closed = deal_transition(actor=venture_member(deal), deal=deal, to=S.CLOSED, note="Funds in")
    assert DealEvent.objects.get(deal=closed).note == "Funds in"
