"""Sponsorship writes: who may propose, answer and end, one live sponsorship per pair, the other
side notified, the venture reindexed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from runway.directory.selectors import DirectoryFilters, directory_search
from runway.notifications.models import Notification
from runway.notifications.wording import text_of
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.sponsors.services import (
    sponsorship_accept,
    sponsorship_decline,
    sponsorship_end,
    sponsorship_propose,
)
from runway.sponsors.tests.factories import Pair, make_intermediary, make_pair
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> Pair:
    return make_pair()


def notes(organization: Any) -> list[str]:
    return [text_of(n) for n in Notification.objects.filter(organization=organization)]


def test_propose_accept_and_end_notify_the_other_side(pair: Pair) -> None:
    proposal = pair.propose()
    assert proposal.status == SponsorshipStatus.PROPOSED
    assert proposal.proposed_by == pair.broker.user
    assert notes(pair.venture.organization) == ["南山跨境电商孵化器 proposes to sponsor 妈妈圈."]

    accepted = sponsorship_accept(actor=pair.venture_admin, sponsorship=proposal)
    assert accepted.status == SponsorshipStatus.ACCEPTED
    assert accepted.decided_by == pair.venture_admin.user
    assert accepted.decided_at is not None
    assert notes(pair.intermediary) == ["妈妈圈 accepted your sponsorship."]

    ended = sponsorship_end(actor=pair.founder, sponsorship=accepted)
    assert (ended.status, ended.ended_by_side) == (SponsorshipStatus.ENDED, "venture")
    assert ended.ended_at is not None
    assert notes(pair.intermediary)[0] == "妈妈圈 ended the sponsorship by 南山跨境电商孵化器."


def test_the_intermediary_withdraws_a_proposal_and_may_propose_again(pair: Pair) -> None:
    first = pair.propose()
    withdrawn = sponsorship_end(actor=pair.broker, sponsorship=first)
    assert (withdrawn.status, withdrawn.ended_by_side) == (SponsorshipStatus.ENDED, "intermediary")
    assert notes(pair.venture.organization)[0] == (
        "南山跨境电商孵化器 withdrew its proposal to sponsor 妈妈圈."
    )
    second = pair.propose("Second try")
    declined = sponsorship_decline(actor=pair.founder, sponsorship=second)
    assert declined.status == SponsorshipStatus.DECLINED
    assert notes(pair.intermediary)[0] == "妈妈圈 declined your proposal to sponsor it."
    third = pair.propose("Third try")
    assert Sponsorship.objects.filter(intermediary=pair.intermediary).count() == 3
    assert third.status == SponsorshipStatus.PROPOSED


def test_a_second_live_proposal_is_refused_by_name(pair: Pair) -> None:
    pair.propose()
    other_broker = member_of(pair.intermediary, Role.OWNER)
    with pytest.raises(ValidationError) as refused:
        sponsorship_propose(actor=other_broker, venture=pair.venture)
    assert "venture" in refused.value.message_dict
    accepted = sponsorship_accept(actor=pair.founder, sponsorship=Sponsorship.objects.get())
    with pytest.raises(ValidationError):
        sponsorship_propose(actor=pair.broker, venture=pair.venture)
    assert Sponsorship.objects.filter(status__in=["proposed", "accepted"]).count() == 1
    assert accepted.status == SponsorshipStatus.ACCEPTED


def test_the_database_holds_one_live_sponsorship_per_pair(pair: Pair) -> None:
    pair.propose()
    with pytest.raises(IntegrityError), transaction.atomic():
        Sponsorship.objects.create(intermediary=pair.intermediary, venture=pair.venture)
    # A declined or ended row is history: any number of them may sit beside a live one.
    Sponsorship.objects.create(
        intermediary=pair.intermediary, venture=pair.venture, status="declined",
        decided_at="2026-01-01T00:00:00+08:00",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Sponsorship.objects.create(
            intermediary=pair.intermediary, venture=pair.venture, status="ended"
        )  # an ended row must say when


def test_another_intermediary_sponsors_the_same_venture(pair: Pair) -> None:
    pair.sponsor()
    other = member_of(make_intermediary("深圳电商创业者社群", slug="sz-founders"))
    theirs = sponsorship_propose(actor=other, venture=pair.venture)
    sponsorship_accept(actor=pair.founder, sponsorship=theirs)
    assert Sponsorship.objects.filter(venture=pair.venture, status="accepted").count() == 2


@pytest.mark.parametrize(
    "who",
    ["broker_viewer", "founder", "venture_viewer", "investor", "government", "other_venture"],
)
def test_only_intermediary_members_propose(pair: Pair, who: str) -> None:
    actors = {
        "investor": make_actor(kind=OrganizationKind.INVESTOR, category="vc"),
        "government": make_actor(kind=OrganizationKind.GOVERNMENT, category="guidance_fund"),
        "other_venture": make_actor(kind=OrganizationKind.VENTURE),
    }
    actor = actors.get(who) or getattr(pair, who)
    with pytest.raises(AccessDenied):
        sponsorship_propose(actor=actor, venture=pair.venture)
    assert not Sponsorship.objects.exists()


def test_nobody_proposes_to_sponsor_a_private_venture_of_another_organization() -> None:
    pair = make_pair(is_public=False)
    with pytest.raises(AccessDenied):
        pair.propose()


@pytest.mark.parametrize(
    "who", ["venture_member", "venture_viewer", "broker", "broker_viewer", "outsider"]
)
def test_only_the_ventures_owners_and_admins_answer(pair: Pair, who: str) -> None:
    proposal = pair.propose()
    outsider = member_of(make_intermediary("Other", slug="other-incubator"), Role.OWNER)
    actor = outsider if who == "outsider" else getattr(pair, who)
    for answer in (sponsorship_accept, sponsorship_decline):
        with pytest.raises(AccessDenied):
            answer(actor=actor, sponsorship=proposal)
    assert Sponsorship.objects.get().status == SponsorshipStatus.PROPOSED


@pytest.mark.parametrize("who", ["venture_member", "venture_viewer", "broker_viewer", "outsider"])
def test_ending_is_refused_to_viewers_members_of_the_venture_and_outsiders(
    pair: Pair, who: str
) -> None:
    sponsorship = pair.sponsor()
    outsider = member_of(make_intermediary("Other", slug="other-incubator"), Role.OWNER)
    actor = outsider if who == "outsider" else getattr(pair, who)
    with pytest.raises(AccessDenied):
        sponsorship_end(actor=actor, sponsorship=sponsorship)
    assert Sponsorship.objects.get().status == SponsorshipStatus.ACCEPTED


def test_the_venture_declines_a_proposal_rather_than_ending_it(pair: Pair) -> None:
    proposal = pair.propose()
    with pytest.raises(ValidationError, match="Decline the proposal instead"):
        sponsorship_end(actor=pair.founder, sponsorship=proposal)


def test_a_stale_answer_is_refused_and_changes_nothing(pair: Pair) -> None:
    proposal = pair.propose()
    seen_by_founder = Sponsorship.objects.get(pk=proposal.pk)
    sponsorship_end(actor=pair.broker, sponsorship=proposal)  # withdrawn meanwhile
    with pytest.raises(ValidationError, match="now “Ended”"):
        sponsorship_accept(actor=pair.founder, sponsorship=seen_by_founder)
    # The broker's page still shows the proposal: withdrawing again is refused too.
    with pytest.raises(ValidationError):
        sponsorship_end(actor=pair.broker, sponsorship=seen_by_founder)
    assert Sponsorship.objects.get().status == SponsorshipStatus.ENDED
    assert Notification.objects.filter(organization=pair.intermediary).count() == 0


def test_withdrawing_a_proposal_the_venture_just_accepted_ends_nothing(pair: Pair) -> None:
    proposal = pair.propose()
    seen = Sponsorship.objects.get(pk=proposal.pk)
    sponsorship_accept(actor=pair.founder, sponsorship=proposal)
    with pytest.raises(ValidationError, match="now “Accepted”"):
        sponsorship_end(actor=pair.broker, sponsorship=seen)
    assert Sponsorship.objects.get().status == SponsorshipStatus.ACCEPTED


def test_every_change_reindexes_the_venture_with_its_sponsors(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    def found(q: str) -> list[str]:
        results = directory_search(actor=None, filters=DirectoryFilters(q=q))
        return [hit.venture.organization.name for hit in results]

    assert found("孵化器") == []
    with django_capture_on_commit_callbacks(execute=True):
        sponsorship = pair.propose()
    assert found("孵化器") == []  # a proposal is not a sponsorship
    with django_capture_on_commit_callbacks(execute=True):
        sponsorship = sponsorship_accept(actor=pair.founder, sponsorship=sponsorship)
    (hit,) = directory_search(actor=None, filters=DirectoryFilters(q="孵化器"))
    assert hit.venture == pair.venture
    assert [s.name for s in hit.sponsors] == ["南山跨境电商孵化器"]
    assert "sponsor" in hit.matched_in
    sponsored = directory_search(actor=None, filters=DirectoryFilters(sponsor="nanshan-incubator"))
    assert [h.venture for h in sponsored] == [pair.venture]
    with django_capture_on_commit_callbacks(execute=True):
        sponsorship_end(actor=pair.broker, sponsorship=sponsorship)
    assert found("孵化器") == []
    assert (
        list(directory_search(actor=None, filters=DirectoryFilters(sponsor="nanshan-incubator")))
        == []
    )
