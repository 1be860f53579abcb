"""Double opt-in: the investor asks, the venture accepts; only then do the venture's contacts and
`on_intro` documents open, and `on_nda` documents only after the NDA click-through."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from runway.deals.models import (
    AccessGrant,
    Deal,
    DealState,
    GrantLevel,
    NdaAcceptance,
)
from runway.deals.services.deals import deal_request_intro, deal_start, deal_transition
from runway.deals.services.grants import nda_accept
from runway.deals.tests.factories import DocumentFactory, investor, named
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> dict[str, Any]:
    funding_round = FundingRoundFactory()
    venture = funding_round.venture
    founder = member_of(venture.organization)
    named(founder, "Lin Founder")
    return {
        "round": funding_round,
        "founder": founder,
        "investor": investor(),
        "public": DocumentFactory(venture=venture, confidentiality="public", title="Teaser"),
        "intro": DocumentFactory(venture=venture, confidentiality="on_intro", title="Cohorts"),
        "nda": DocumentFactory(venture=venture, confidentiality="on_nda", title="Bank statements"),
    }


def page(client_for: Any, actor: Any, deal: Deal) -> str:
    response = client_for(actor).get(f"/deals/{deal.pk}/")
    assert response.status_code == 200
    return str(response.content.decode())


def download(client_for: Any, actor: Any, document: Any) -> int:
    return int(client_for(actor).get(f"/deals/documents/{document.pk}/download/").status_code)


def test_contacts_and_documents_open_only_after_acceptance(
    client_for: Any, setting: dict[str, Any]
) -> None:
    me, founder = setting["investor"], setting["founder"]
    deal = deal_request_intro(
        actor=me, funding_round=setting["round"], message="We back flower shops."
    )
    before = page(client_for, me, deal)
    assert founder.user.email not in before
    assert "Lin Founder" not in before
    assert "Teaser" in before
    assert "Cohorts" not in before
    assert "Bank statements" not in before
    assert download(client_for, me, setting["intro"]) == 404
    # The venture reads the request, with its message.
    assert "We back flower shops." in page(client_for, founder, deal)

    deal = deal_transition(actor=founder, deal=deal, to=DealState.INTRO_ACCEPTED)
    after = page(client_for, me, deal)
    assert founder.user.email in after
    assert "Lin Founder" in after
    assert "Cohorts" in after
    assert "Bank statements" not in after
    assert "1 more document is shared under the NDA." in after
    assert download(client_for, me, setting["intro"]) == 200
    assert download(client_for, me, setting["nda"]) == 404
    grant = AccessGrant.objects.get(deal=deal)
    assert (grant.level, grant.organization, grant.document) == (
        GrantLevel.ON_INTRO, me.organization, None
    )  # fmt: skip


def test_the_nda_click_through_opens_documents_under_nda(
    client_for: Any, setting: dict[str, Any]
) -> None:
    me = setting["investor"]
    deal = deal_request_intro(actor=me, funding_round=setting["round"], message="Hello")
    client = client_for(me)
    # Before acceptance the NDA cannot be signed yet.
    client.post(f"/deals/{deal.pk}/nda/", {"accept": "on"})
    assert not NdaAcceptance.objects.exists()
    deal = deal_transition(actor=setting["founder"], deal=deal, to=DealState.INTRO_ACCEPTED)
    text = client.get(f"/deals/{deal.pk}/nda/").content.decode()
    assert "only to evaluate an investment" in text
    # Not ticking the box accepts nothing.
    assert client.post(f"/deals/{deal.pk}/nda/", {}).status_code == 400
    response = client.post(f"/deals/{deal.pk}/nda/", {"accept": "on"}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    acceptance = NdaAcceptance.objects.get()
    assert (acceptance.user, acceptance.ip, acceptance.deal) == (me.user, "198.51.100.4", deal)
    assert acceptance.organization == me.organization
    assert download(client_for, me, setting["nda"]) == 200
    assert "Bank statements" in page(client_for, me, deal)
    assert Notification.objects.filter(
        organization=setting["round"].venture.organization, verb="deal_nda_accepted"
    ).exists()


def test_the_venture_never_signs_the_investors_nda(setting: dict[str, Any]) -> None:
    deal = Deal.objects.create(
        funding_round=setting["round"], investor=setting["investor"].organization,
        state=DealState.INTRO_ACCEPTED,
    )  # fmt: skip
    with pytest.raises(AccessDenied):
        nda_accept(actor=setting["founder"], deal=deal, ip=None)


def test_a_declined_intro_opens_nothing(client_for: Any, setting: dict[str, Any]) -> None:
    me = setting["investor"]
    deal = deal_request_intro(actor=me, funding_round=setting["round"], message="Hello")
    deal = deal_transition(actor=setting["founder"], deal=deal, to=DealState.INTRO_DECLINED)
    assert not AccessGrant.objects.exists()
    assert setting["founder"].user.email not in page(client_for, me, deal)
    assert download(client_for, me, setting["intro"]) == 404


def test_passing_takes_the_deals_access_back(client_for: Any, setting: dict[str, Any]) -> None:
    me = setting["investor"]
    deal = deal_request_intro(actor=me, funding_round=setting["round"], message="Hello")
    deal = deal_transition(actor=setting["founder"], deal=deal, to=DealState.INTRO_ACCEPTED)
    assert download(client_for, me, setting["intro"]) == 200
    deal = deal_transition(actor=me, deal=deal, to=DealState.PASSED, note="Too early for us")
    assert AccessGrant.objects.get(deal=deal).revoked_at is not None
    assert download(client_for, me, setting["intro"]) == 404
    assert setting["founder"].user.email not in page(client_for, me, deal)


def test_an_intro_is_asked_once_and_only_on_open_rounds(setting: dict[str, Any]) -> None:
    me = setting["investor"]
    deal_request_intro(actor=me, funding_round=setting["round"], message="Hello")
    with pytest.raises(ValidationError) as caught:
        deal_request_intro(actor=me, funding_round=setting["round"], message="Hello again")
    assert caught.value.message_dict == {
        "message": ["You already asked for an introduction to this round."]
    }
    closed = FundingRoundFactory(status=RoundStatus.CLOSED)
    with pytest.raises(ValidationError, match="not open to investors"):
        deal_start(actor=me, funding_round=closed)
    with pytest.raises(ValidationError) as caught:
        deal_request_intro(actor=me, funding_round=FundingRoundFactory(), message=" ")
    assert list(caught.value.message_dict) == ["message"]


def test_only_investors_start_deals(setting: dict[str, Any]) -> None:
    with pytest.raises(AccessDenied):
        deal_start(actor=setting["founder"], funding_round=FundingRoundFactory())
    # A draft round is not even visible to investors.
    draft = FundingRoundFactory(status=RoundStatus.DRAFT)
    with pytest.raises(AccessDenied):
        deal_start(actor=setting["investor"], funding_round=draft)


def test_starting_twice_returns_the_same_deal(setting: dict[str, Any]) -> None:
    me = setting["investor"]
    first = deal_start(actor=me, funding_round=setting["round"])
    again = deal_start(actor=me, funding_round=setting["round"])
    assert first.pk == again.pk
    assert first.events.count() == 1
