"""A round's syndicate terms: minimum, oversubscription, investor limit, qualified-only, lead and
holders' window, through the service, the form and the API, each rule naming its field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from runway.api.tests.factories import make_token
from runway.deals.models import Commitment, DealState
from runway.deals.tests.factories import DealFactory
from runway.orgs.models import Role
from runway.ventures.models import FundingRound
from runway.ventures.services import round_create, round_update
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of
from runway.ventures.tests.test_services import round_fields

pytestmark = pytest.mark.django_db


def refused(funding_round: FundingRound, **fields: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        round_update(
            actor=member_of(funding_round.venture.organization),
            funding_round=funding_round,
            **fields,
        )
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"min_amount": Decimal("3000000.01")}, "min_amount"),
        ({"min_amount": Decimal("-1")}, "min_amount"),
        ({"oversubscription_pct": Decimal("100.01")}, "oversubscription_pct"),
        ({"oversubscription_pct": Decimal("-1")}, "oversubscription_pct"),
        ({"max_investors": 0}, "max_investors"),
        ({"max_investors": 201}, "max_investors"),
    ],
)
def test_syndicate_terms_out_of_bounds_are_refused_by_field(
    fields: dict[str, Any], field: str
) -> None:
    funding_round = FundingRoundFactory()
    assert field in refused(funding_round, **fields)


def test_the_investor_limit_follows_the_setting(settings: Any) -> None:
    settings.RUNWAY_MAX_INVESTORS_PER_ROUND = 50
    funding_round = FundingRoundFactory(max_investors=50)
    assert "max_investors" in refused(funding_round, max_investors=51)


def test_the_holders_window_lies_within_the_round() -> None:
    funding_round = FundingRoundFactory()
    before = funding_round.opens_on - dt.timedelta(days=1)
    after = funding_round.closes_on + dt.timedelta(days=1)
    assert "holders_first_until" in refused(funding_round, holders_first_until=before)
    assert "holders_first_until" in refused(funding_round, holders_first_until=after)


def test_the_lead_is_an_investor_in_talks_on_the_round() -> None:
    funding_round = FundingRoundFactory()
    shortlisted = DealFactory(funding_round=funding_round, state=DealState.INTERESTED)
    elsewhere = DealFactory(state=DealState.DILIGENCE)
    for lead in (shortlisted.investor, elsewhere.investor, funding_round.venture.organization):
        assert "lead_investor" in refused(funding_round, lead_investor=lead)
    in_talks = DealFactory(funding_round=funding_round, state=DealState.DILIGENCE)
    updated = round_update(
        actor=member_of(funding_round.venture.organization),
        funding_round=funding_round,
        lead_investor=in_talks.investor,
    )
    assert updated.lead_investor == in_talks.investor


def test_standing_commitments_hold_the_cap_the_limit_and_the_currency() -> None:
    funding_round = FundingRoundFactory(target_amount=Decimal("3000000"))
    for _ in range(2):
        deal = DealFactory(funding_round=funding_round, state=DealState.COMMITTED)
        Commitment.objects.create(
            deal=deal, funding_round=funding_round, investor=deal.investor, kind="hard",
            amount=Decimal("1000000"),
        )  # fmt: skip
    assert "target_amount" in refused(funding_round, target_amount=Decimal("1999999"))
    assert "max_investors" in refused(funding_round, max_investors=1)
    assert "currency" in refused(funding_round, currency="USD")
    # Oversubscription can make room for a smaller target.
    round_update(
        actor=member_of(funding_round.venture.organization),
        funding_round=funding_round,
        target_amount=Decimal("1800000"),
        min_ticket=Decimal("100000"),
        oversubscription_pct=Decimal("20"),
    )


def test_defaults_for_a_round_created_without_syndicate_terms() -> None:
    venture = VentureFactory()
    funding_round = round_create(
        actor=member_of(venture.organization), venture=venture, **round_fields()
    )
    assert (
        funding_round.min_amount,
        funding_round.oversubscription_pct,
        funding_round.max_investors,
        funding_round.qualified_investors_only,
        funding_round.lead_investor,
    ) == (Decimal(0), Decimal(0), 200, False, None)
    assert funding_round.hard_cap == Decimal("5000000.00")


def test_the_edit_form_saves_the_syndicate_and_offers_leads_in_talks(client_for: Any) -> None:
    funding_round = FundingRoundFactory()
    in_talks = DealFactory(funding_round=funding_round, state=DealState.TERM_SHEET)
    DealFactory(funding_round=funding_round, state=DealState.PASSED)
    client = client_for(member_of(funding_round.venture.organization))
    url = reverse("ventures:round_edit", args=[funding_round.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["lead_investor"].queryset) == [in_talks.investor]
    data = {
        "title": "Seed round",
        "instrument": funding_round.instrument.pk,
        "currency": "CNY",
        "target_amount": "3000000",
        "min_ticket": "200000",
        "pre_money_valuation": "",
        "terms": "",
        "use_of_funds": "Vans",
        "opens_on": funding_round.opens_on.isoformat(),
        "closes_on": funding_round.closes_on.isoformat(),
        "status": "open",
        "min_amount": "1000000",
        "oversubscription_pct": "15",
        "max_investors": "",
        "qualified_investors_only": "on",
        "holders_first_until": "",
        "lead_investor": in_talks.investor.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    funding_round.refresh_from_db()
    assert (
        funding_round.min_amount,
        funding_round.oversubscription_pct,
        funding_round.max_investors,
        funding_round.qualified_investors_only,
        funding_round.lead_investor,
    ) == (Decimal("1000000"), Decimal("15"), 200, True, in_talks.investor)
    too_high = client.post(url, {**data, "min_amount": "4000000"})
    assert "min_amount" in too_high.context["form"].errors


def test_the_api_reads_and_writes_the_syndicate_terms() -> None:
    cache.clear()
    venture = VentureFactory()
    _token, key = make_token(organization=venture.organization, role=Role.MEMBER)
    client = Client(headers={"accept-language": "en", "authorization": f"Bearer {key}"})
    body = {
        "title": "Pre-A", "instrument": "equity", "currency": "CNY",
        "target_amount": "5000000.00", "min_ticket": "250000", "use_of_funds": "Vans",
        "opens_on": "2026-12-01", "closes_on": "2027-03-31",
        "min_amount": "2000000.00", "oversubscription_pct": "10.00", "max_investors": 49,
        "qualified_investors_only": True, "holders_first_until": "2026-12-15",
    }  # fmt: skip
    created = client.post("/api/v1/rounds", body, content_type="application/json")
    assert created.status_code == 201, created.content
    out = created.json()
    assert (out["min_amount"], out["hard_cap"], out["max_investors"], out["lead_investor"]) == (
        "2000000.00",
        "5500000.00",
        49,
        None,
    )
    round_id = out["id"]
    wrong = client.patch(
        f"/api/v1/rounds/{round_id}", {"min_amount": "6000000.00"}, content_type="application/json"
    )
    assert wrong.status_code == 422
    assert [e["loc"] for e in wrong.json()["detail"]] == [["body", "min_amount"]]
    nobody = client.patch(
        f"/api/v1/rounds/{round_id}", {"lead_investor": 999999}, content_type="application/json"
    )
    assert nobody.status_code == 422
    assert [e["loc"] for e in nobody.json()["detail"]] == [["body", "lead_investor"]]
    cache.clear()
