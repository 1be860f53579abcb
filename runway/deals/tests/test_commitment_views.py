"""The pages: committing on a deal, the round's syndicate, closing, co-investment, the holders'
way in, and the qualified-investor declaration; each allowed and refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runway.deals.models import Commitment, CommitmentStatus, DealState, ProgramReservation
from runway.deals.services.commitments import commitment_create
from runway.deals.tests.factories import DealFactory, agreed_deal, angel, investor, investor_member
from runway.investors.models import QualifiedInvestorDeclaration
from runway.orgs.models import Role
from runway.portfolio.models import Holding
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def round_url(funding_round: FundingRound) -> str:
    return reverse("ventures:round_detail", args=[funding_round.pk])


def test_the_investor_commits_from_the_deal_page(client_for: Any) -> None:
    deal = agreed_deal(amount="500000.00")
    client = client_for(investor_member(deal))
    html = page(client, reverse("deals:detail", args=[deal.pk]))
    assert 'id="commit-hard"' in html
    assert 'value="500000.00"' in html
    assert 'id="commit-soft"' in html
    response = client.post(
        reverse("deals:commit", args=[deal.pk]), {"kind": "hard", "amount": "500000.00"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/deals/{deal.pk}/#commitments")
    deal.refresh_from_db()
    assert deal.state == DealState.COMMITTED
    html = page(client, reverse("deals:detail", args=[deal.pk]))
    assert "Your hard commitment is recorded" in html
    assert 'id="commit-hard"' not in html


def test_a_refused_commitment_says_why_and_changes_nothing(client_for: Any) -> None:
    deal = agreed_deal()
    client = client_for(investor_member(deal))
    response = client.post(
        reverse("deals:commit", args=[deal.pk]), {"kind": "hard", "amount": "100"}, follow=True
    )
    assert "minimum ticket" in response.content.decode()
    bad = client.post(
        reverse("deals:commit", args=[deal.pk]), {"kind": "hard", "amount": "lots"}, follow=True
    )
    assert "Amount:" in bad.content.decode()
    assert not Commitment.objects.exists()


def test_viewers_outsiders_and_visitors_cannot_commit(client_for: Any) -> None:
    deal = agreed_deal()
    url = reverse("deals:commit", args=[deal.pk])
    viewer = client_for(investor_member(deal, Role.VIEWER))
    assert 'id="commit-hard"' not in page(viewer, reverse("deals:detail", args=[deal.pk]))
    assert viewer.post(url, {"kind": "hard", "amount": "500000"}).status_code == 404
    assert client_for(investor()).post(url, {"kind": "hard", "amount": "500000"}).status_code == 404
    anonymous = Client().post(url, {"kind": "hard", "amount": "500000"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert not Commitment.objects.exists()


def test_the_venture_sees_the_commitments_without_a_form(client_for: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    commitment_create(actor=investor_member(deal), deal=deal, kind="soft", amount="300000")
    html = page(
        client_for(member_of(deal.funding_round.venture.organization)),
        reverse("deals:detail", args=[deal.pk]),
    )
    assert "300,000" in html
    assert 'id="commit-soft"' not in html
    assert "Withdraw</button>" not in html


def test_the_investor_withdraws_an_indication(client_for: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    actor = investor_member(deal)
    soft = commitment_create(actor=actor, deal=deal, kind="soft", amount="300000")
    url = reverse("deals:commitment_withdraw", args=[soft.pk])
    assert client_for(investor_member(deal, Role.VIEWER)).post(url).status_code == 404
    assert (
        client_for(member_of(deal.funding_round.venture.organization)).post(url).status_code == 404
    )
    assert client_for(actor).post(url).status_code == 302
    soft.refresh_from_db()
    assert soft.status == CommitmentStatus.WITHDRAWN


def test_the_syndicate_on_the_round_page_for_each_reader(client_for: Any) -> None:
    funding_round = FundingRoundFactory(min_amount=Decimal("1000000"))
    lead_deal = agreed_deal(funding_round, amount="800000")
    follower = agreed_deal(funding_round, amount="400000")
    commitment_create(
        actor=investor_member(lead_deal), deal=lead_deal, kind="hard", amount="800000"
    )
    commitment_create(actor=investor_member(follower), deal=follower, kind="hard", amount="400000")
    FundingRound.objects.filter(pk=funding_round.pk).update(lead_investor=lead_deal.investor)
    url = round_url(funding_round)

    venture_html = page(client_for(member_of(funding_round.venture.organization, Role.VIEWER)), url)
    assert 'id="syndicate"' in venture_html
    assert 'id="followers"' in venture_html
    assert follower.investor.name in venture_html
    assert "400,000" in venture_html
    assert "2 of at most 200" in venture_html
    assert 'id="close-round"' not in venture_html  # viewers do not close

    investor_html = page(client_for(investor_member(follower)), url)
    assert "1,200,000" in investor_html  # the total
    assert 'id="followers"' not in investor_html
    assert lead_deal.investor.name in investor_html  # the lead is named to the syndicate
    assert "1 follower has committed." in investor_html

    outsider_html = page(client_for(investor()), url)
    assert 'id="syndicate"' not in outsider_html


def test_the_owner_closes_from_the_round_page(client_for: Any) -> None:
    funding_round = FundingRoundFactory(min_amount=Decimal("500000"))
    deal = agreed_deal(funding_round)
    commitment_create(actor=investor_member(deal), deal=deal, kind="hard", amount="500000")
    url = reverse("deals:round_close", args=[funding_round.pk])
    venture = funding_round.venture.organization
    assert client_for(member_of(venture, Role.VIEWER)).post(url).status_code == 404
    assert client_for(investor_member(deal)).post(url).status_code == 404
    member = client_for(member_of(venture, Role.MEMBER)).post(url, follow=True)
    assert "Only an owner or an administrator" in member.content.decode()
    owner = client_for(member_of(venture, Role.OWNER))
    assert 'id="close-round"' in page(owner, round_url(funding_round))
    response = owner.post(url, follow=True)
    assert "hard commitments are now holdings" in response.content.decode()
    assert Holding.objects.get().investor == deal.investor
    again = owner.post(url, follow=True)
    assert "already closed" in again.content.decode()
    assert Holding.objects.count() == 1


def test_the_close_button_waits_for_the_minimum(client_for: Any) -> None:
    funding_round = FundingRoundFactory(min_amount=Decimal("500000"))
    html = page(client_for(member_of(funding_round.venture.organization, Role.ADMIN)),
                round_url(funding_round))  # fmt: skip
    assert "Hard commitments must reach 500,000.00 CNY to close." in html
    assert "disabled" in html


def test_the_venture_adds_a_co_investor_from_the_round_page(client_for: Any) -> None:
    program = ProgramFactory()
    ineligible = ProgramFactory(rules={"sectors": ["fintech"]})
    funding_round = FundingRoundFactory()
    client = client_for(member_of(funding_round.venture.organization))
    html = page(client, round_url(funding_round))
    assert program.title in html
    assert ineligible.title in html
    assert "Sector: the program is for" in html
    url = reverse("deals:coinvestment_request", args=[funding_round.pk])
    assert (
        client_for(member_of(funding_round.venture.organization, Role.VIEWER))
        .post(url, {"program": program.pk})
        .status_code
        == 404
    )
    response = client.post(url, {"program": program.pk}, follow=True)
    assert "co-invests in the round" in response.content.decode()
    assert ProgramReservation.objects.get().program == program
    refused = client.post(url, {"program": ineligible.pk}, follow=True)
    assert "Sector: the program is for" in refused.content.decode()
    assert ProgramReservation.objects.count() == 1


def test_a_holder_takes_its_pro_rata_way_from_the_round_page(client_for: Any) -> None:
    seed = FundingRoundFactory(status=RoundStatus.CLOSED, title="Seed")
    holder = investor()
    Holding.objects.create(
        investor=holder.organization, venture=seed.venture, funding_round=seed,
        instrument=seed.instrument, currency="CNY", amount=Decimal("600000"),
        ownership=Decimal("0.05"), acquired_on=timezone.localdate() - dt.timedelta(days=300),
    )  # fmt: skip
    follow_on = FundingRoundFactory(
        venture=seed.venture, pre_money_valuation=Decimal("30000000"),
        holders_first_until=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    client = client_for(holder)
    html = page(client, round_url(follow_on))
    assert "Take up my pro-rata share" in html
    assert "150,000" in html
    response = client.post(reverse("deals:pro_rata", args=[follow_on.pk]))
    assert response.status_code == 302
    deal = holder.organization.deals.get(funding_round=follow_on)
    assert deal.state == DealState.TERM_SHEET
    assert "Go to your deal" in page(client, round_url(follow_on))
    stranger = client_for(investor())
    refused = stranger.post(reverse("deals:pro_rata", args=[follow_on.pk]), follow=True)
    assert "holds no part" in refused.content.decode()


def test_an_individual_declares_itself_qualified(client_for: Any) -> None:
    individual = angel()
    client = client_for(individual)
    url = reverse("investors:qualification")
    assert "Not declared" in page(client, url)
    refused = client.post(url, {"basis": "assets_3m"})
    assert refused.status_code == 422
    assert not QualifiedInvestorDeclaration.objects.exists()
    response = client.post(url, {"basis": "assets_3m", "accept": "on"})
    assert response.status_code == 302
    declaration = QualifiedInvestorDeclaration.objects.get()
    assert (declaration.declared_by, declaration.ip, declaration.version) == (
        individual.user,
        "127.0.0.1",
        "2026.1",
    )
    assert declaration.valid_until == timezone.localdate() + dt.timedelta(days=365)
    assert "Declared qualified" in page(client, url)


def test_only_an_individuals_members_declare(client_for: Any) -> None:
    individual = angel()
    url = reverse("investors:qualification")
    viewer = client_for(member_of(individual.organization, Role.VIEWER))
    assert "A member of your organization can make the declaration." in page(viewer, url)
    assert viewer.post(url, {"basis": "assets_3m", "accept": "on"}).status_code == 404
    assert client_for(investor()).get(url).status_code == 404  # a fund: qualified already
    assert (
        client_for(member_of(FundingRoundFactory().venture.organization)).get(url).status_code
        == 404
    )
    assert not QualifiedInvestorDeclaration.objects.exists()


def test_the_deal_page_shows_the_individuals_standing(client_for: Any) -> None:
    individual = angel()
    deal = agreed_deal(investor_org=individual.organization, qualified_investors_only=True)
    html = page(client_for(member_of(deal.funding_round.venture.organization)),
                reverse("deals:detail", args=[deal.pk]))  # fmt: skip
    assert "Not declared a qualified investor" in html
    assert "This round takes qualified investors only." in html
