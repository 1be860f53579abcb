"""The deal state machine, move by move and side by side, through the one service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from runway.deals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Deal,
    DealEvent,
    DealState,
)
from runway.deals.services.deals import deal_transition
from runway.deals.tests.factories import DealFactory, investor_member, venture_member
from runway.deals.transitions import TRANSITIONS, Side, moves_for
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.models import FundingRound, RoundStatus
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


# Moves the table allows that need something else to have happened first; a deal put straight
# into the source state (as the factory does) has none of it, on an open round.
CONDITIONAL = {
    (S.TERM_SHEET, S.COMMITTED),  # an active hard commitment
    (S.COMMITTED, S.CLOSED),  # the round closed
    (S.COMMITTED, S.PASSED),  # the round no longer open: the hard commitment binds until then
    (S.COMMITTED, S.WITHDRAWN),
}


def test_the_table_is_the_specification() -> None:
    assert {pair: side.value for pair, side in TRANSITIONS.items()} == EXPECTED


def allowed_now(source: str, target: str, side: str) -> bool:
    return EXPECTED.get((source, target)) == side and (source, target) not in CONDITIONAL


@pytest.mark.parametrize("side", ["investor", "venture"])
@pytest.mark.parametrize("source", DealState.values)
def test_every_move_from_a_state_for_a_side(source: str, side: str) -> None:
    """From `source`, the side may make exactly its moves of the table (those whose conditions
    hold); every other target is refused, and a refused move changes nothing and records
    nothing."""
    funding_round = FundingRoundFactory()
    for target in DealState.values:
        deal = DealFactory(funding_round=funding_round, state=source)
        actor = investor_member(deal) if side == "investor" else venture_member(deal)
        hidden = side == "venture" and source == S.INTERESTED
        if hidden:
            # The venture does not even see a deal on the investor's shortlist.
            with pytest.raises(AccessDenied):
                deal_transition(actor=actor, deal=deal, to=target, note="Hello")
        elif allowed_now(source, target, side):
            moved = deal_transition(actor=actor, deal=deal, to=target, note="Hello")
            assert moved.state == target
            event = DealEvent.objects.get(deal=deal)
            assert (event.from_state, event.to_state) == (source, target)
            assert event.user == actor.user
            assert event.organization == actor.organization
        else:
            with pytest.raises(ValidationError):
                deal_transition(actor=actor, deal=deal, to=target, note="Hello")
        if hidden or not allowed_now(source, target, side):
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
    deal = DealFactory(state=S.COMMITTED, funding_round__status=RoundStatus.CLOSED)
    assert TRANSITIONS[(S.COMMITTED, S.CLOSED)] is Side.VENTURE
    closed = deal_transition(actor=venture_member(deal), deal=deal, to=S.CLOSED, note="Funds in")
    assert DealEvent.objects.get(deal=closed).note == "Funds in"


def test_a_deal_commits_only_with_an_active_hard_commitment() -> None:
    deal = DealFactory(state=S.TERM_SHEET)
    investor = investor_member(deal)
    with pytest.raises(ValidationError, match="hard commitment"):
        deal_transition(actor=investor, deal=deal, to=S.COMMITTED)
    Commitment.objects.create(
        deal=deal, funding_round=deal.funding_round, investor=deal.investor,
        kind=CommitmentKind.HARD, amount=Decimal("500000"), status=CommitmentStatus.WITHDRAWN,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="hard commitment"):
        deal_transition(actor=investor, deal=deal, to=S.COMMITTED)
    Commitment.objects.filter(deal=deal).update(status=CommitmentStatus.ACTIVE)
    assert deal_transition(actor=investor, deal=deal, to=S.COMMITTED).state == S.COMMITTED


def test_a_deal_closes_only_with_its_round() -> None:
    deal: Deal = DealFactory(state=S.COMMITTED)
    with pytest.raises(ValidationError, match="closes the round"):
        deal_transition(actor=venture_member(deal), deal=deal, to=S.CLOSED)
    FundingRound.objects.filter(pk=deal.funding_round_id).update(status=RoundStatus.CLOSED)
    fresh = Deal.objects.get(pk=deal.pk)
    assert deal_transition(actor=venture_member(fresh), deal=fresh, to=S.CLOSED).state == S.CLOSED


@pytest.mark.parametrize(("to", "side"), [(S.PASSED, "investor"), (S.WITHDRAWN, "venture")])
@pytest.mark.parametrize("status", [RoundStatus.FAILED, RoundStatus.CANCELLED])
def test_a_committed_deal_is_bound_while_its_round_is_open(to: str, side: str, status: str) -> None:
    deal: Deal = DealFactory(state=S.COMMITTED)
    actor = investor_member(deal) if side == "investor" else venture_member(deal)
    with pytest.raises(ValidationError, match="binds"):
        deal_transition(actor=actor, deal=deal, to=to)
    assert moves_for(S.COMMITTED, Side(side)) == []
    # Once the round failed or was cancelled, its commitments are released: either side ends it.
    FundingRound.objects.filter(pk=deal.funding_round_id).update(status=status)
    fresh = Deal.objects.get(pk=deal.pk)
    assert to in moves_for(S.COMMITTED, Side(side), bound=False)
    assert deal_transition(actor=actor, deal=fresh, to=to).state == to


def test_the_pages_never_offer_the_moves_services_make() -> None:
    assert S.COMMITTED not in moves_for(S.TERM_SHEET, Side.INVESTOR)
    assert S.CLOSED not in moves_for(S.COMMITTED, Side.VENTURE, bound=False)
    assert moves_for(S.TERM_SHEET, Side.INVESTOR) == [S.PASSED]
