"""Commitments through the API: the same rules as the services, 404 for whoever may not see,
422 naming the field."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from runway.api.tests.factories import make_token
from runway.deals.models import Commitment, CommitmentKind, DealState, ProgramReservation
from runway.deals.services.commitments import commitment_create
from runway.deals.tests.factories import DealFactory, agreed_deal, angel, investor_member
from runway.investors.models import QualifiedInvestorDeclaration
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.portfolio.models import Holding
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("runway.deals.tests.commitments_urls")]

NOT_FOUND = {"detail": "Not found"}
PREFIX = "/api/commitments-test/commitments"


class Api:
    def __init__(self, organization: Organization, role: str = Role.MEMBER) -> None:
        _token, key = make_token(organization=organization, role=role)
        self.client = Client(headers={"accept-language": "en", "authorization": f"Bearer {key}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{PREFIX}{path}", params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(f"{PREFIX}{path}", body or {}, content_type="application/json")


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> Callable[..., Api]:
    return Api


def fields_of(response: Any) -> set[str]:
    return {tuple(entry["loc"])[-1] for entry in response.json()["detail"]}


def test_an_investor_commits_soft_then_hard(api: Any) -> None:
    deal = agreed_deal()
    investor = api(deal.investor)
    soft = investor.post("", {"deal_id": deal.pk, "kind": "soft", "amount": "300000.00"})
    assert soft.status_code == 201, soft.content
    assert soft.json()["kind"] == "soft"
    hard = investor.post("", {"deal_id": deal.pk, "kind": "hard", "amount": "500000.00"})
    assert hard.status_code == 201, hard.content
    body = hard.json()
    assert (body["amount"], body["currency"], body["status"]) == ("500000.00", "CNY", "active")
    deal.refresh_from_db()
    assert deal.state == DealState.COMMITTED
    listed = investor.get("").json()
    assert [item["kind"] for item in listed["items"]] == ["hard", "soft"]


def test_refusals_name_the_field(api: Any) -> None:
    deal = agreed_deal()
    investor = api(deal.investor)
    too_small = investor.post("", {"deal_id": deal.pk, "kind": "hard", "amount": "100.00"})
    assert too_small.status_code == 422
    assert fields_of(too_small) == {"amount"}
    float_amount = investor.post("", {"deal_id": deal.pk, "kind": "hard", "amount": 500000.5})
    assert float_amount.status_code == 422
    unknown_kind = investor.post("", {"deal_id": deal.pk, "kind": "firm", "amount": "500000"})
    assert unknown_kind.status_code == 422
    assert fields_of(unknown_kind) == {"kind"}
    assert not Commitment.objects.exists()


def test_whoever_may_not_commit_on_the_deal_gets_not_found(api: Any) -> None:
    deal = agreed_deal()
    body = {"deal_id": deal.pk, "kind": "hard", "amount": "500000.00"}
    for caller in (
        api(deal.investor, Role.VIEWER),
        api(OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")),
    ):
        response = caller.post("", body)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    missing = api(deal.investor).post("", {**body, "deal_id": deal.pk + 1000})
    assert missing.status_code == 404
    assert not Commitment.objects.exists()


def test_withdrawing_a_soft_commitment_and_not_a_hard_one(api: Any) -> None:
    deal = agreed_deal()
    soft = commitment_create(actor=investor_member(deal), deal=deal, kind="soft", amount="300000")
    investor = api(deal.investor)
    assert api(deal.investor, Role.VIEWER).post(f"/{soft.pk}/withdraw").status_code == 404
    assert (
        api(deal.funding_round.venture.organization).post(f"/{soft.pk}/withdraw").status_code == 404
    )
    withdrawn = investor.post(f"/{soft.pk}/withdraw")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    hard = commitment_create(actor=investor_member(deal), deal=deal, kind="hard", amount="500000")
    refused = investor.post(f"/{hard.pk}/withdraw")
    assert refused.status_code == 422


def test_the_syndicate_shows_amounts_to_the_venture_only(api: Any) -> None:
    funding_round = FundingRoundFactory()
    deals = [agreed_deal(funding_round, amount="600000") for _ in range(2)]
    for deal in deals:
        commitment_create(actor=investor_member(deal), deal=deal, kind="hard", amount="600000")
    venture = api(funding_round.venture.organization, Role.VIEWER).get(
        f"/rounds/{funding_round.pk}"
    )
    assert venture.status_code == 200
    body = venture.json()
    assert (body["hard_total"], body["investor_count"], body["hard_cap"]) == (
        "1200000.00",
        2,
        "3000000.00",
    )
    assert sorted(item["hard"] for item in body["followers"]) == ["600000.00", "600000.00"]
    investor = api(deals[0].investor).get(f"/rounds/{funding_round.pk}").json()
    assert investor["hard_total"] == "1200000.00"
    assert investor["followers"] == []
    assert investor["follower_count"] == 2
    stranger = api(OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc"))
    assert stranger.get(f"/rounds/{funding_round.pk}").status_code == 404


def test_closing_through_the_api(api: Any) -> None:
    funding_round = FundingRoundFactory(min_amount=Decimal("500000"))
    deal = agreed_deal(funding_round)
    path = f"/rounds/{funding_round.pk}/close"
    member = api(funding_round.venture.organization, Role.MEMBER)
    early = api(funding_round.venture.organization, Role.ADMIN).post(path)
    assert early.status_code == 422
    assert fields_of(early) == {"status"}
    commitment_create(actor=investor_member(deal), deal=deal, kind="hard", amount="500000")
    assert member.post(path).status_code == 422  # members may not close
    assert api(funding_round.venture.organization, Role.VIEWER).post(path).status_code == 404
    assert api(deal.investor).post(path).status_code == 404
    closed = api(funding_round.venture.organization, Role.OWNER).post(path)
    assert closed.status_code == 200, closed.content
    assert closed.json() == {"round_id": funding_round.pk, "status": "closed", "holdings": 1}
    again = api(funding_round.venture.organization, Role.ADMIN).post(path)
    assert again.json()["holdings"] == 1
    assert Holding.objects.count() == 1


def test_co_investment_through_the_api(api: Any) -> None:
    program = ProgramFactory()
    funding_round = FundingRoundFactory()
    path = f"/rounds/{funding_round.pk}/co-investment"
    venture = api(funding_round.venture.organization)
    assert (
        api(funding_round.venture.organization, Role.VIEWER)
        .post(path, {"program_id": program.pk})
        .status_code
        == 404
    )
    assert venture.post(path, {"program_id": program.pk + 1000}).status_code == 404
    made = venture.post(path, {"program_id": program.pk})
    assert made.status_code == 201, made.content
    assert (made.json()["amount"], made.json()["status"]) == ("0.00", "active")
    again = venture.post(path, {"program_id": program.pk})
    assert again.status_code == 422
    assert fields_of(again) == {"program"}
    assert ProgramReservation.objects.count() == 1


def test_the_qualification_declaration_through_the_api(api: Any) -> None:
    individual = angel()
    client = api(individual.organization)
    assert client.get("/qualification").json() == {
        "individual": True, "qualified": False, "basis": None, "declared_at": None,
        "valid_until": None,
    }  # fmt: skip
    # An API token is no person: declarations are made by a signed-in person.
    assert client.post("/qualification", {"basis": "assets_3m", "accept": True}).status_code == 404
    session = Client(headers={"accept-language": "en"})
    assert individual.user is not None
    session.force_login(individual.user)
    session.cookies["csrftoken"] = "x" * 32
    response = session.post(
        f"{PREFIX}/qualification",
        {"basis": "assets_3m", "accept": False},
        content_type="application/json",
        headers={"X-CSRFToken": "x" * 32},
    )
    assert response.status_code == 422, response.content
    assert fields_of(response) == {"accept"}
    response = session.post(
        f"{PREFIX}/qualification",
        {"basis": "assets_3m", "accept": True},
        content_type="application/json",
        headers={"X-CSRFToken": "x" * 32},
    )
    assert response.status_code == 201, response.content
    assert response.json()["qualified"] is True
    assert QualifiedInvestorDeclaration.objects.get().declared_by == individual.user
    fund = api(DealFactory().investor)
    assert fund.get("/qualification").json()["qualified"] is True
    venture = api(FundingRoundFactory().venture.organization)
    assert venture.get("/qualification").status_code == 404


def test_a_round_that_is_not_open_takes_no_commitment_through_the_api(api: Any) -> None:
    deal = agreed_deal(status=RoundStatus.CLOSED)
    response = api(deal.investor).post(
        "", {"deal_id": deal.pk, "kind": CommitmentKind.HARD, "amount": "500000.00"}
    )
    assert response.status_code == 422
