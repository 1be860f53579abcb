"""The deal and data-room pages, for each side, allowed and refused."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from runway.deals.models import AccessEvent, AccessGrant, Deal, DealEvent, DealState, Document
from runway.deals.tests.factories import (
    PNG,
    DealFactory,
    DocumentFactory,
    investor,
    investor_member,
    named,
    upload,
    user_of,
    venture_member,
)
from runway.investors.tests.factories import MandateFactory
from runway.matching.models import Match
from runway.notifications.models import Notification
from runway.orgs.models import Role
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db


def test_each_side_lists_its_deals_and_the_venture_not_the_shortlist(client_for: Any) -> None:
    asked = DealFactory(state=DealState.INTRO_REQUESTED)
    shortlisted = DealFactory(funding_round=asked.funding_round, state=DealState.INTERESTED)
    founder = venture_member(asked)
    html = client_for(founder).get("/deals/").content.decode()
    assert f"/deals/{asked.pk}/" in html
    assert f"/deals/{shortlisted.pk}/" not in html
    assert client_for(founder).get(f"/deals/{shortlisted.pk}/").status_code == 404
    mine = client_for(investor_member(shortlisted)).get("/deals/").content.decode()
    assert f"/deals/{shortlisted.pk}/" in mine
    assert f"/deals/{asked.pk}/" not in mine
    filtered = client_for(founder).get("/deals/?state=closed").content.decode()
    assert f"/deals/{asked.pk}/" not in filtered


def test_the_page_offers_each_side_its_own_moves(client_for: Any) -> None:
    deal = DealFactory(state=DealState.INTRO_REQUESTED)
    founder_page = client_for(venture_member(deal)).get(f"/deals/{deal.pk}/").content.decode()
    assert "Accept the intro" in founder_page
    assert "Decline the intro" in founder_page
    investor_page = client_for(investor_member(deal)).get(f"/deals/{deal.pk}/").content.decode()
    assert "Accept the intro" not in investor_page
    assert "Pass" in investor_page
    viewer_page = client_for(venture_member(deal, Role.VIEWER)).get(f"/deals/{deal.pk}/")
    assert 'id="moves"' not in viewer_page.content.decode()


def test_a_move_posted_twice_applies_once(client_for: Any) -> None:
    deal = DealFactory(state=DealState.INTRO_REQUESTED)
    client = client_for(venture_member(deal))
    form = {"seen": "intro_requested", "to": "intro_accepted", "note": ""}
    assert client.post(f"/deals/{deal.pk}/move/", form).status_code == 302
    second = client.post(f"/deals/{deal.pk}/move/", form, follow=True)
    assert "has moved on" in second.content.decode()
    assert Deal.objects.get(pk=deal.pk).state == DealState.INTRO_ACCEPTED
    assert DealEvent.objects.filter(deal=deal).count() == 1


def test_outsiders_and_viewers_cannot_post_moves(client_for: Any) -> None:
    deal = DealFactory(state=DealState.INTRO_REQUESTED)
    form = {"seen": "intro_requested", "to": "intro_accepted"}
    assert client_for(investor()).post(f"/deals/{deal.pk}/move/", form).status_code == 404
    viewer = venture_member(deal, Role.VIEWER)
    assert client_for(viewer).post(f"/deals/{deal.pk}/move/", form).status_code == 404
    assert Deal.objects.get(pk=deal.pk).state == DealState.INTRO_REQUESTED


def test_the_thread_is_between_the_two_sides(client_for: Any) -> None:
    deal = DealFactory(state=DealState.INTRO_ACCEPTED)
    asker = investor_member(deal)
    response = client_for(asker).post(
        f"/deals/{deal.pk}/messages/", {"body": "What is your repeat rate?"}
    )
    assert response.status_code == 302
    note = Notification.objects.get(organization=deal.funding_round.venture.organization)
    assert note.verb == "deal_message"
    founder_page = client_for(venture_member(deal)).get(f"/deals/{deal.pk}/").content.decode()
    assert "What is your repeat rate?" in founder_page
    assert client_for(investor()).get(f"/deals/{deal.pk}/").status_code == 404
    empty = client_for(asker).post(f"/deals/{deal.pk}/messages/", {"body": " "})
    assert empty.status_code == 422
    assert deal.messages.count() == 1


def test_a_shortlisted_deal_has_no_thread_yet(client_for: Any) -> None:
    deal = DealFactory(state=DealState.INTERESTED)
    response = client_for(investor_member(deal)).post(
        f"/deals/{deal.pk}/messages/", {"body": "Hello?"}
    )
    assert response.status_code == 422
    assert "Ask for an introduction first" in response.content.decode()


def test_an_investor_asks_for_an_intro_from_a_round(client_for: Any) -> None:
    funding_round = FundingRoundFactory()
    me = investor()
    client = client_for(me)
    assert client.get(f"/deals/start/round/{funding_round.pk}/").status_code == 200
    response = client.post(
        f"/deals/start/round/{funding_round.pk}/",
        {"action": "request", "message": "We know your market."},
    )
    deal = Deal.objects.get()
    assert response["Location"] == f"/deals/{deal.pk}/"
    assert (deal.state, deal.intro_message) == (DealState.INTRO_REQUESTED, "We know your market.")
    # Coming back to the round leads to the deal, not to a second request.
    again = client.get(f"/deals/start/round/{funding_round.pk}/")
    assert again["Location"] == f"/deals/{deal.pk}/"


def test_an_intro_request_without_a_message_is_shown_again(client_for: Any) -> None:
    funding_round = FundingRoundFactory()
    response = client_for(investor()).post(
        f"/deals/start/round/{funding_round.pk}/", {"action": "request", "message": ""}
    )
    assert response.status_code == 422
    assert "Write a short message" in response.content.decode()
    assert not Deal.objects.exists()


def test_an_investor_starts_from_its_own_match_only(client_for: Any) -> None:
    funding_round = FundingRoundFactory()
    mandate = MandateFactory()
    match = Match.objects.create(
        mandate=mandate, funding_round=funding_round, score=80, engine_version="test"
    )
    me = member_of(mandate.organization)
    response = client_for(me).post(
        f"/deals/start/match/{match.pk}/", {"action": "track", "message": ""}
    )
    assert response.status_code == 302
    deal = Deal.objects.get()
    assert (deal.match, deal.state) == (match, DealState.INTERESTED)
    assert client_for(investor()).get(f"/deals/start/match/{match.pk}/").status_code == 404


def test_ventures_cannot_start_deals(client_for: Any) -> None:
    funding_round = FundingRoundFactory()
    founder = member_of(funding_round.venture.organization)
    assert client_for(founder).get(f"/deals/start/round/{funding_round.pk}/").status_code == 404


# --- The data room ----------------------------------------------------------------------


def test_the_venture_uploads_and_sees_refusals_next_to_the_file(client_for: Any) -> None:
    founder = member_of(VentureFactory().organization)
    client = client_for(founder)
    assert client.get("/deals/data-room/").status_code == 200
    ok = client.post(
        "/deals/data-room/upload/",
        {"title": "Orders", "confidentiality": "on_intro",
         "file": upload("orders.csv", b"day,orders\n1,20\n2,25\n")},
    )  # fmt: skip
    assert ok.status_code == 302
    bad = client.post(
        "/deals/data-room/upload/",
        {"title": "", "confidentiality": "on_intro", "file": upload("accounts.pdf", PNG)},
    )
    assert bad.status_code == 422
    assert "is a PNG image, not a PDF document" in bad.content.decode()
    assert list(Document.objects.values_list("title", flat=True)) == ["Orders"]


def test_investors_and_viewers_do_not_manage_a_data_room(client_for: Any) -> None:
    assert client_for(investor()).get("/deals/data-room/").status_code == 404
    viewer = member_of(VentureFactory().organization, Role.VIEWER)
    assert client_for(viewer).get("/deals/data-room/").status_code == 200
    response = client_for(viewer).post(
        "/deals/data-room/upload/",
        {"confidentiality": "public", "file": upload("a.csv", b"a,b\n1,2\n")},
    )
    assert response.status_code == 404


def test_the_venture_grants_revokes_and_changes_confidentiality(client_for: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    venture = deal.funding_round.venture
    document = DocumentFactory(venture=venture, confidentiality="on_nda")
    founder = venture_member(deal)
    client = client_for(founder)
    response = client.post(
        "/deals/data-room/grants/",
        {"organization": deal.investor.pk, "document": document.pk, "level": "on_intro"},
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert (grant.document, grant.organization) == (document, deal.investor)
    # Under NDA, a document grant is not enough; made `on_intro`, it opens.
    reader = client_for(investor_member(deal))
    assert reader.get(f"/deals/documents/{document.pk}/download/").status_code == 404
    client.post(
        f"/deals/data-room/documents/{document.pk}/confidentiality/",
        {"confidentiality": "on_intro"},
    )
    assert reader.get(f"/deals/documents/{document.pk}/download/").status_code == 200
    assert client.post(f"/deals/data-room/grants/{grant.pk}/revoke/").status_code == 302
    assert reader.get(f"/deals/documents/{document.pk}/download/").status_code == 404
    # Another venture can neither revoke this grant nor regrade the document.
    stranger = client_for(member_of(VentureFactory().organization))
    assert stranger.post(f"/deals/data-room/grants/{grant.pk}/revoke/").status_code == 404
    assert (
        stranger.post(
            f"/deals/data-room/documents/{document.pk}/confidentiality/",
            {"confidentiality": "public"},
        ).status_code
        == 404
    )


def test_a_grant_to_an_organization_outside_the_ventures_deals_is_refused(
    client_for: Any,
) -> None:
    founder = member_of(VentureFactory().organization)
    response = client_for(founder).post(
        "/deals/data-room/grants/",
        {"organization": investor().organization.pk, "level": "on_intro"},
    )
    assert response.status_code == 422
    assert not AccessGrant.objects.exists()


def test_analytics_count_each_reader_and_export_as_csv(client_for: Any) -> None:
    deal = DealFactory(state=DealState.INTRO_ACCEPTED)
    venture = deal.funding_round.venture
    document = DocumentFactory(venture=venture, confidentiality="on_intro", title="=Cohorts")
    AccessGrant.objects.create(venture=venture, organization=deal.investor, level="on_intro")
    reader = investor_member(deal)
    named(reader, "Zhang Wei")
    client = client_for(reader)
    client.get(f"/deals/documents/{document.pk}/view/")
    client.get(f"/deals/documents/{document.pk}/view/")
    client.get(f"/deals/documents/{document.pk}/download/")
    refused = investor()
    client_for(refused).get(f"/deals/documents/{document.pk}/download/")
    founder = venture_member(deal)
    client_for(founder).get(f"/deals/documents/{document.pk}/download/")  # not analytics
    page = client_for(founder).get("/deals/data-room/").content.decode()
    assert "Zhang Wei" in page

    export = client_for(founder).get("/deals/data-room/analytics.csv")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Document", "Organization", "Person", "E-mail", "Views", "Downloads", "Refused",
        "Last access",
    ]  # fmt: skip
    body = {(row[1], row[2]): row for row in rows[1:]}
    assert set(body) == {
        (deal.investor.name, "Zhang Wei"),
        (refused.organization.name, user_of(refused).full_name),
    }
    zhang = body[(deal.investor.name, "Zhang Wei")]
    # A title that a spreadsheet would run as a formula is quoted.
    assert zhang[0] == "'=Cohorts"
    assert zhang[4:7] == ["2", "1", "0"]
    assert body[(refused.organization.name, user_of(refused).full_name)][4:7] == ["0", "0", "1"]
    assert AccessEvent.objects.count() == 5
    assert client_for(reader).get("/deals/data-room/analytics.csv").status_code == 404


def _queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_cost_the_same_queries_however_many_rows(client_for: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    me = investor_member(deal)
    founder = venture_member(deal)
    client, venture_client = client_for(me), client_for(founder)
    venture = deal.funding_round.venture
    AccessGrant.objects.create(venture=venture, organization=deal.investor, level="on_intro")
    DocumentFactory(venture=venture)
    few = [
        _queries(client, "/deals/"),
        _queries(client, f"/deals/{deal.pk}/"),
        _queries(venture_client, "/deals/data-room/"),
    ]
    for _ in range(4):
        DealFactory(investor=deal.investor, state=DealState.INTRO_REQUESTED)
        document = DocumentFactory(venture=venture)
        client.post(f"/deals/{deal.pk}/messages/", {"body": "One more question"})
        client.get(f"/deals/documents/{document.pk}/view/")
    many = [
        _queries(client, "/deals/"),
        _queries(client, f"/deals/{deal.pk}/"),
        _queries(venture_client, "/deals/data-room/"),
    ]
    assert many == few
