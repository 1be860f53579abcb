"""Deals through the API: the same sides, moves and refusals as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache

from runway.api.tests.client import ApiClient
from runway.api.tests.factories import make_token
from runway.deals.models import AccessGrant, DealEvent, DealState
from runway.deals.tests.factories import DealFactory, DocumentFactory, named
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> Callable[..., ApiClient]:
    def build(organization: Organization, role: str = Role.MEMBER) -> ApiClient:
        token, key = make_token(organization=organization, role=role)
        return ApiClient(key, token)

    return build


def test_an_investor_asks_and_the_venture_accepts(api: Any) -> None:
    funding_round = FundingRoundFactory()
    fund = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")
    founder = named(member_of(funding_round.venture.organization), "Lin Founder")
    me, venture = api(fund), api(funding_round.venture.organization)
    created = me.post("/deals", {"funding_round_id": funding_round.pk, "message": "Hello"})
    assert created.status_code == 201, created.json()
    deal = created.json()
    assert deal["state"] == "intro_requested"
    assert deal["allowed_moves"] == ["passed"]
    assert deal["contacts"] == []
    assert [e["to_state"] for e in deal["events"]] == ["interested", "intro_requested"]

    seen = venture.get(f"/deals/{deal['id']}").json()
    assert seen["allowed_moves"] == ["intro_accepted", "intro_declined", "withdrawn"]
    accepted = venture.post(f"/deals/{deal['id']}/transition", {"to": "intro_accepted"})
    assert accepted.status_code == 200
    assert accepted.json()["events"][-1]["user"] is None  # a token acts, not a person
    contacts = me.get(f"/deals/{deal['id']}").json()["contacts"]
    assert {c["email"] for c in contacts} >= {founder.email}
    assert [d["id"] for d in me.get("/deals").json()["items"]] == [deal["id"]]


def test_a_refused_move_answers_422_on_to(api: Any) -> None:
    deal = DealFactory(state=DealState.INTRO_REQUESTED)
    me = api(deal.investor)
    wrong_side = me.post(f"/deals/{deal.pk}/transition", {"to": "intro_accepted"})
    assert wrong_side.status_code == 422
    assert wrong_side.json()["detail"] == [
        {"loc": ["body", "to"], "msg": "Only the venture can make this move.", "type": "invalid"}
    ]
    venture = api(deal.funding_round.venture.organization)
    assert venture.post(f"/deals/{deal.pk}/transition", {"to": "intro_accepted"}).status_code == 200
    again = venture.post(f"/deals/{deal.pk}/transition", {"to": "intro_accepted"})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "to"]
    unknown = venture.post(f"/deals/{deal.pk}/transition", {"to": "married"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "to"]
    assert DealEvent.objects.filter(deal=deal).count() == 1


def test_outsiders_viewers_and_the_shortlist_get_404(api: Any) -> None:
    deal = DealFactory(state=DealState.INTERESTED)
    venture = api(deal.funding_round.venture.organization)
    assert venture.get(f"/deals/{deal.pk}").json() == NOT_FOUND
    assert venture.get("/deals").json()["items"] == []
    stranger = api(OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc"))
    assert stranger.get(f"/deals/{deal.pk}").json() == NOT_FOUND
    assert stranger.get(f"/deals/{deal.pk}/messages").json() == NOT_FOUND
    assert stranger.get(f"/deals/{deal.pk}/documents").json() == NOT_FOUND
    viewer = api(deal.investor, Role.VIEWER)
    assert viewer.get(f"/deals/{deal.pk}").status_code == 200
    moved = viewer.post(f"/deals/{deal.pk}/transition", {"to": "passed"})
    assert moved.json() == NOT_FOUND
    assert viewer.post(f"/deals/{deal.pk}/messages", {"body": "Hi"}).json() == NOT_FOUND


def test_the_thread_in_the_api(api: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    me, venture = api(deal.investor), api(deal.funding_round.venture.organization)
    posted = me.post(f"/deals/{deal.pk}/messages", {"body": "Send the cohort table?"})
    assert posted.status_code == 201
    answer = venture.post(f"/deals/{deal.pk}/messages", {"body": "Uploaded."})
    assert answer.status_code == 201
    bodies = [m["body"] for m in me.get(f"/deals/{deal.pk}/messages").json()["items"]]
    assert bodies == ["Send the cohort table?", "Uploaded."]
    empty = me.post(f"/deals/{deal.pk}/messages", {"body": ""})
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body", "body"]


def test_documents_listed_are_those_the_caller_may_open(api: Any) -> None:
    deal = DealFactory(state=DealState.INTRO_ACCEPTED)
    venture = deal.funding_round.venture
    public = DocumentFactory(venture=venture, confidentiality="public")
    intro = DocumentFactory(venture=venture, confidentiality="on_intro")
    DocumentFactory(venture=venture, confidentiality="on_nda")
    me = api(deal.investor)
    assert [d["id"] for d in me.get(f"/deals/{deal.pk}/documents").json()] == [public.pk]
    AccessGrant.objects.create(venture=venture, organization=deal.investor, level="on_intro")
    listed = me.get(f"/deals/{deal.pk}/documents").json()
    assert sorted(d["id"] for d in listed) == sorted([public.pk, intro.pk])
    assert listed[0]["view_url"].startswith("/deals/documents/")
    owner = api(venture.organization).get(f"/deals/{deal.pk}/documents").json()
    assert len(owner) == 3


def test_ventures_cannot_start_deals_through_the_api(api: Any) -> None:
    funding_round = FundingRoundFactory()
    other_venture = api(OrganizationFactory(kind=OrganizationKind.VENTURE))
    refused = other_venture.post("/deals", {"funding_round_id": funding_round.pk})
    assert refused.json() == NOT_FOUND


def test_term_sheets_through_the_api(api: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    me, venture = api(deal.investor), api(deal.funding_round.venture.organization)
    terms = {"amount": "500000", "fee": "6", "remittance_share": "8", "repayment_cap": "1.3"}
    bad = me.post(f"/deals/{deal.pk}/term-sheets", {"kind": "revenue_based",
                                                    "terms": {**terms, "fee": "120"}})  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "fee"]
    offered = me.post(f"/deals/{deal.pk}/term-sheets", {"kind": "revenue_based", "terms": terms})
    assert offered.status_code == 201, offered.json()
    assert offered.json()["terms"]["repayment_cap"] == "1.30"
    assert venture.get(f"/deals/{deal.pk}").json()["state"] == "term_sheet"
    assert [s["version"] for s in venture.get(f"/deals/{deal.pk}/term-sheets").json()] == [1]
    refused = me.post(f"/deals/{deal.pk}/term-sheets/1/accept", {})
    assert refused.status_code == 422
    accepted = venture.post(f"/deals/{deal.pk}/term-sheets/1/accept", {"note": "Agreed"})
    assert accepted.json()["status"] == "accepted"
    assert venture.post(f"/deals/{deal.pk}/term-sheets/1/reject", {}).status_code == 422
    assert venture.post(f"/deals/{deal.pk}/term-sheets/9/accept", {}).json() == NOT_FOUND
