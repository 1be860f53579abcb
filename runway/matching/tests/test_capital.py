from __future__ import annotations

from decimal import Decimal

import pytest

from runway.investors import services as investor_services
from runway.investors.models import GridKind
from runway.matching.tests.factories import store_history
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def publish_grids():
    lender = make_actor(kind=OrganizationKind.INVESTOR, category="revenue_lender")
    investor_services.grid_create(
        actor=lender, title="Shop advance", kind=GridKind.REVENUE_BASED, currency="CNY",
        min_months_history=6, min_monthly_revenue=Decimal("50000"), max_multiple=Decimal("1.5"),
        pricing_by_grade={"A": "0.06", "B": "0.08", "C": "0.10", "D": "0.14"},
        remittance_share=Decimal("0.1"), repayment_cap=Decimal("1.3"), singles_day_holiday=True,
    )  # fmt: skip
    bank = make_actor(kind=OrganizationKind.INVESTOR, category="bank")
    investor_services.grid_create(
        actor=bank, title="Strict bank loan", kind=GridKind.LOAN, currency="CNY",
        min_months_history=36, min_monthly_revenue=Decimal("0"), max_multiple=Decimal("0.3"),
        pricing_by_grade={"A": "0.05"}, term_months=12,
    )  # fmt: skip


def test_a_venture_sees_its_score_offers_declines_and_programs(client_for) -> None:
    venture = VentureFactory()
    store_history(venture)
    publish_grids()
    ProgramFactory(title="Nanshan co-investment", rules={"districts": ["nanshan"]})
    ProgramFactory(title="Futian only", rules={"districts": ["futian"]})
    page = client_for(member_of(venture.organization)).get("/capital/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Traction score" in html
    assert "Scale: trailing-12-month net revenue" in html
    assert "Shop advance" in html
    assert "Flat fee" in html
    # The bank asks for 36 months; the shop has 24 complete months.
    assert "24 complete months of history; the lender asks for 36." in html
    assert "You qualify" in html
    assert "District: the program is for Futian" in html
    assert "Indicative valuation" in html


def test_an_ask_caps_the_offer(client_for) -> None:
    venture = VentureFactory()
    store_history(venture)
    publish_grids()
    client = client_for(member_of(venture.organization))
    page = client.get("/capital/", {"ask": "100000"}).content.decode()
    assert "100,000.00" in page


def test_a_venture_without_figures_is_asked_to_import(client_for) -> None:
    venture = VentureFactory()
    publish_grids()
    html = client_for(member_of(venture.organization)).get("/capital/").content.decode()
    assert "Import your orders first" in html


def test_only_ventures_have_a_capital_page(client_for) -> None:
    investor = make_actor(kind=OrganizationKind.INVESTOR, category="vc", role=Role.MEMBER)
    assert client_for(investor).get("/capital/").status_code == 404


def test_the_api_gives_a_venture_its_score_and_offers(api_client_for) -> None:
    venture = VentureFactory()
    store_history(venture)
    publish_grids()
    client = api_client_for(venture.organization)
    score = client.get("/api/v1/capital/score").json()
    assert score["grade"] in {"A", "B", "C", "D", "E"}
    assert {c["name"] for c in score["components"]} >= {"scale", "growth", "retention"}
    offers = client.get("/api/v1/capital/offers", {"ask": "100000.00"}).json()["offers"]
    by_grid = {offer["grid"]: offer for offer in offers}
    assert by_grid["Shop advance"]["amount"] == "100000.00"
    assert by_grid["Strict bank loan"]["declined"] is True
    assert "36" in by_grid["Strict bank loan"]["decline_reason"]


def test_the_score_api_is_for_ventures_only(api_client_for) -> None:
    investor = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    response = api_client_for(investor.organization).get("/api/v1/capital/score")
    assert response.status_code == 404


def test_an_investor_sees_why_a_round_matched_and_what_programs_do(client_for) -> None:
    from runway.investors.models import Rule
    from runway.investors.tests.factories import MandateFactory
    from runway.matching.models import Match
    from runway.matching.services import rematch_all
    from runway.taxonomy.models import Sector
    from runway.ventures.tests.factories import FundingRoundFactory

    mandate = MandateFactory(sectors_rule=Rule.MUST)
    mandate.sectors.set([Sector.objects.get(code="flowers-gifts")])
    funding_round = FundingRoundFactory()
    store_history(funding_round.venture)
    ProgramFactory(title="Seed co-investment")  # equity, ratio 0.5, 30% of a round, 2M cap
    rematch_all()
    match = Match.objects.get()
    owner = member_of(mandate.organization)
    page = client_for(owner).get(f"/capital/matches/{match.pk}/", {"amount": "1000000"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sector fit" in html
    assert "Public co-investor" in html  # 500,000 of public money beside a 1,000,000 ticket
    assert "500,000.00" in html
    listing = client_for(owner).get("/capital/matches/").content.decode()
    assert funding_round.title in listing
    stranger = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    assert client_for(stranger).get(f"/capital/matches/{match.pk}/").status_code == 404
    venture_member = member_of(funding_round.venture.organization)
    assert client_for(venture_member).get(f"/capital/matches/{match.pk}/").status_code == 404
    capital = client_for(venture_member).get("/capital/").content.decode()
    assert mandate.organization.name in capital  # the venture sees who matched
    assert mandate.title not in capital  # but not the investor's private mandate


def test_a_rouble_venture_is_offered_yuan_through_the_days_rate() -> None:
    from django.utils import timezone

    from runway.fx.models import FxRate
    from runway.matching.selectors import GridOutcome, lender_offers
    from runway.metrics.models import MonthlyKPI

    venture = VentureFactory()
    store_history(venture)
    # The same history in roubles: 300k RUB a month is 27k CNY at 0.09, under the lender's 50k.
    MonthlyKPI.objects.filter(venture=venture).update(currency="RUB")
    publish_grids()

    def shop_advance() -> GridOutcome:
        outcomes = lender_offers(venture=venture)[2]
        return next(o for o in outcomes if o.grid.title == "Shop advance")

    assert shop_advance().decline == "This lender lends in CNY; your figures are in RUB."
    FxRate.objects.create(currency="RUB", on=timezone.localdate(), rate_to_cny=Decimal("0.09"))
    assert shop_advance().offer is None
    assert "50,000.00" in shop_advance().decline
    FxRate.objects.filter(currency="RUB").update(rate_to_cny=Decimal("0.5"))
    offer = shop_advance().offer
    assert offer is not None
    assert offer.amount.currency == "CNY"
