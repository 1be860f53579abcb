"""The rescue ladder page and its one-click routes, on stored figures, snapshots and grids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from runway.exits.models import Listing, ListingStatus
from runway.exits.selectors import rescue_overview
from runway.exits.services.rescue import rescue_listing_start, rescue_round_open
from runway.exits.tests.factories import owner_of, venture_with_figures
from runway.investors.services import grid_create
from runway.investors.tests.factories import RBF_GRID
from runway.metrics.finance import finance_snapshot_save
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.models import FundingRound, RoundStatus, Venture
from runway.ventures.tests.factories import FundingRoundFactory

pytestmark = pytest.mark.django_db

D = Decimal


def short_of_cash(venture: Venture, cash: str = "250000.00", burn: str = "100000.00") -> None:
    finance_snapshot_save(
        actor=owner_of(venture), venture=venture, as_of=timezone.localdate(), cash=D(cash),
        monthly_burn=D(burn), currency="CNY",
    )  # fmt: skip


def lender() -> None:
    grid_create(
        actor=make_actor(kind=OrganizationKind.INVESTOR, category="revenue_lender"), **RBF_GRID
    )


def test_a_calm_venture_is_told_why_no_rescue_is_needed(client_for: Any) -> None:
    venture = venture_with_figures()
    owner = owner_of(venture, Role.VIEWER)
    page = client_for(owner).get(reverse("exits:rescue"))
    assert page.status_code == 200
    assert page.context["ladder"].trigger.reasons == ("no_snapshot",)
    html = page.content.decode()
    assert "No rescue is needed now." in html
    assert "No finance snapshot yet" in html
    short_of_cash(venture, cash="2000000.00")
    page = client_for(owner).get(reverse("exits:rescue"))
    assert page.context["ladder"].trigger.reasons == ("runway_ok",)
    assert "about 20.0 months" in page.content.decode()
    # Without the edit role there is no button to press.
    assert reverse("exits:rescue_round") not in page.content.decode()


def test_short_cash_shows_three_routes_with_time_to_cash_and_dilution(client_for: Any) -> None:
    venture = venture_with_figures()
    short_of_cash(venture)
    lender()
    page = client_for(owner_of(venture)).get(reverse("exits:rescue"))
    ladder = page.context["ladder"]
    assert ladder.trigger.reasons == ("runway_short",)
    assert ladder.trigger.runway_months == D("2.5")
    columns = {column.key: column for column in page.context["columns"]}
    assert list(columns) == ["bridge", "round", "sale"]
    assert columns["bridge"].available
    assert columns["bridge"].dilution == 0
    assert columns["bridge"].time_to_cash_days == 14
    best = ladder.bridge.best
    assert best is not None
    assert "singles_day" in best.holidays
    assert columns["round"].amount == D("1200000.00")  # twelve months of 100,000
    band = ladder.sale.band
    assert ladder.rescue_round.pre_money is not None
    assert ladder.rescue_round.pre_money.amount == band.low.amount
    assert columns["round"].dilution == (D("1200000") / (band.low.amount + D("1200000"))).quantize(
        D("0.0001")
    )
    assert (columns["sale"].dilution, columns["sale"].time_to_cash_days) == (1, 150)
    html = page.content.decode()
    assert "A rescue is needed." in html
    for route in ("route-bridge", "route-round", "route-sale"):
        assert f'id="{route}"' in html
    assert "100.00%" in html  # the sale's dilution
    assert "No remittance in November" in html


def test_a_recently_failed_round_shows_the_ladder() -> None:
    venture = venture_with_figures()
    FundingRoundFactory(
        venture=venture,
        status=RoundStatus.FAILED,
        opens_on=timezone.localdate() - dt.timedelta(days=100),
        closes_on=timezone.localdate() - dt.timedelta(days=10),
    )
    overview = rescue_overview(venture=venture)
    assert overview.ladder.trigger.needed
    assert overview.ladder.trigger.reasons == ("round_failed",)
    assert overview.failed_round is not None
    # No snapshot: the round cannot be sized, and the page says so.
    assert overview.ladder.rescue_round.reason == "no_burn"


def test_the_rescue_round_opens_once_on_the_ladders_terms(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = venture_with_figures()
    short_of_cash(venture)
    owner = owner_of(venture)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(owner).post(reverse("exits:rescue_round"))
    funding_round = FundingRound.objects.get(venture=venture)
    assert response["Location"] == reverse("ventures:round_detail", args=[funding_round.pk])
    assert funding_round.status == RoundStatus.OPEN
    assert funding_round.instrument.code == "equity"
    assert funding_round.target_amount == D("1200000.00")
    assert funding_round.min_ticket == D("120000.00")
    band = rescue_overview(venture=venture).ladder.sale.band
    assert band is not None
    assert funding_round.pre_money_valuation == band.low.amount
    assert funding_round.closes_on == timezone.localdate() + dt.timedelta(days=60)
    assert callbacks  # the re-match that shows it to matched investors is queued
    with pytest.raises(ValidationError, match="already open"):
        rescue_round_open(actor=owner, venture=venture)
    assert FundingRound.objects.filter(venture=venture).count() == 1


def test_no_rescue_round_without_need_or_from_outside() -> None:
    venture = venture_with_figures()
    with pytest.raises(ValidationError, match="No rescue is needed"):
        rescue_round_open(actor=owner_of(venture), venture=venture)
    short_of_cash(venture)
    for actor in (owner_of(venture, Role.VIEWER), owner_of(venture_with_figures())):
        with pytest.raises(AccessDenied):
            rescue_round_open(actor=actor, venture=venture)
    assert not FundingRound.objects.exists()


def test_the_sale_route_starts_one_draft_listing(client_for: Any) -> None:
    venture = venture_with_figures()
    short_of_cash(venture)
    browser = client_for(owner_of(venture))
    first = browser.post(reverse("exits:rescue_listing"))
    listing = Listing.objects.get()
    assert first["Location"] == reverse("exits:listing_edit", args=[listing.pk])
    assert listing.status == ListingStatus.DRAFT
    assert listing.code_name
    second = browser.post(reverse("exits:rescue_listing"))
    assert second["Location"] == reverse("exits:listing", args=[listing.pk])
    assert Listing.objects.count() == 1
    page = browser.get(reverse("exits:rescue"))
    assert page.context["overview"].listing == listing
    with pytest.raises(ValidationError, match="already has a listing"):
        rescue_listing_start(actor=owner_of(venture), venture=venture)


def test_the_rescue_api_answers_the_same(api_client_for: Any) -> None:
    venture = venture_with_figures()
    short_of_cash(venture)
    answer = api_client_for(venture.organization, role=Role.VIEWER).get("/api/v1/exits/rescue")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["needed"], body["reason_codes"], body["runway_months"]) == (
        True,
        ["runway_short"],
        "2.5",
    )
    assert [route["key"] for route in body["routes"]] == ["bridge", "round", "sale"]
    assert body["routes"][1]["amount"] == "1200000.00"
    refused = api_client_for(venture.organization, role=Role.VIEWER).post(
        "/api/v1/exits/rescue/round", content_type="application/json"
    )
    assert refused.status_code == 404
    opened = api_client_for(venture.organization).post(
        "/api/v1/exits/rescue/round", content_type="application/json"
    )
    assert opened.status_code == 201, opened.json()
    assert opened.json()["target_amount"] == "1200000.00"
    again = api_client_for(venture.organization).post(
        "/api/v1/exits/rescue/round", content_type="application/json"
    )
    assert again.status_code == 422
