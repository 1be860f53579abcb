"""The OpenAPI document and the docs page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("delete", "/api/v1/deals/data-room/files/{document_id}"),
    ("delete", "/api/v1/events/slots/{slot_id}"),
    ("get", "/api/v1/capital/matches"),
    ("get", "/api/v1/capital/matches/{match_id}/policy"),
    ("get", "/api/v1/capital/offers"),
    ("get", "/api/v1/capital/score"),
    ("get", "/api/v1/commitments"),
    ("get", "/api/v1/commitments/qualification"),
    ("get", "/api/v1/commitments/rounds/{round_id}"),
    ("get", "/api/v1/commitments/{commitment_id}"),
    ("get", "/api/v1/deals"),
    ("get", "/api/v1/deals/data-room/files"),
    ("get", "/api/v1/deals/data-room/files/{document_id}/file"),
    ("get", "/api/v1/deals/{deal_id}"),
    ("get", "/api/v1/deals/{deal_id}/documents"),
    ("get", "/api/v1/deals/{deal_id}/documents/{document_id}/file"),
    ("get", "/api/v1/deals/{deal_id}/messages"),
    ("get", "/api/v1/deals/{deal_id}/term-sheets"),
    ("get", "/api/v1/directory"),
    ("get", "/api/v1/events"),
    ("get", "/api/v1/events/registrations"),
    ("get", "/api/v1/events/{event_id}"),
    ("get", "/api/v1/events/{event_id}/applications"),
    ("get", "/api/v1/events/{event_id}/calendar.ics"),
    ("get", "/api/v1/events/{event_id}/intros"),
    ("get", "/api/v1/events/{event_id}/slots"),
    ("get", "/api/v1/exits/listings"),
    ("get", "/api/v1/exits/listings/{listing_id}"),
    ("get", "/api/v1/exits/listings/{listing_id}/confidential"),
    ("get", "/api/v1/exits/listings/{listing_id}/offers"),
    ("get", "/api/v1/exits/listings/{listing_id}/viewers"),
    ("get", "/api/v1/exits/rescue"),
    ("get", "/api/v1/mandates"),
    ("get", "/api/v1/mandates/{mandate_id}"),
    ("get", "/api/v1/metrics/imports/{job_id}"),
    ("get", "/api/v1/metrics/ventures/{venture_id}/finance"),
    ("get", "/api/v1/metrics/ventures/{venture_id}/kpis"),
    ("get", "/api/v1/organizations/me"),
    ("get", "/api/v1/organizations/{organization_id}"),
    ("get", "/api/v1/portfolio/alerts"),
    ("get", "/api/v1/portfolio/holdings"),
    ("get", "/api/v1/portfolio/holdings/{holding_id}"),
    ("get", "/api/v1/programs"),
    ("get", "/api/v1/programs/{program_id}"),
    ("get", "/api/v1/programs/{program_id}/applications"),
    ("get", "/api/v1/programs/{program_id}/eligibility"),
    ("get", "/api/v1/rounds"),
    ("get", "/api/v1/rounds/{round_id}"),
    ("get", "/api/v1/sponsors"),
    ("get", "/api/v1/sponsors/ventures"),
    ("get", "/api/v1/sponsors/{sponsorship_id}"),
    ("get", "/api/v1/taxonomy"),
    ("get", "/api/v1/ventures"),
    ("get", "/api/v1/ventures/{venture_id}"),
    ("patch", "/api/v1/exits/listings/{listing_id}"),
    ("patch", "/api/v1/mandates/{mandate_id}"),
    ("patch", "/api/v1/rounds/{round_id}"),
    ("patch", "/api/v1/ventures/{venture_id}"),
    ("post", "/api/v1/commitments"),
    ("post", "/api/v1/commitments/qualification"),
    ("post", "/api/v1/commitments/rounds/{round_id}/close"),
    ("post", "/api/v1/commitments/rounds/{round_id}/co-investment"),
    ("post", "/api/v1/commitments/rounds/{round_id}/pro-rata"),
    ("post", "/api/v1/commitments/{commitment_id}/withdraw"),
    ("post", "/api/v1/deals"),
    ("post", "/api/v1/deals/data-room/files"),
    ("post", "/api/v1/deals/data-room/files/{document_id}/replace"),
    ("post", "/api/v1/deals/{deal_id}/messages"),
    ("post", "/api/v1/deals/{deal_id}/term-sheets"),
    ("post", "/api/v1/deals/{deal_id}/term-sheets/{version}/accept"),
    ("post", "/api/v1/deals/{deal_id}/term-sheets/{version}/reject"),
    ("post", "/api/v1/deals/{deal_id}/transition"),
    ("post", "/api/v1/events"),
    ("post", "/api/v1/events/applications/{application_id}/decision"),
    ("post", "/api/v1/events/applications/{application_id}/withdraw"),
    ("post", "/api/v1/events/registrations/{registration_id}/cancel"),
    ("post", "/api/v1/events/{event_id}/applications"),
    ("post", "/api/v1/events/{event_id}/intros"),
    ("post", "/api/v1/events/{event_id}/registrations"),
    ("post", "/api/v1/events/{event_id}/slots"),
    ("post", "/api/v1/events/{event_id}/status"),
    ("post", "/api/v1/exits/listings"),
    ("post", "/api/v1/exits/listings/{listing_id}/end-exclusivity"),
    ("post", "/api/v1/exits/listings/{listing_id}/nda"),
    ("post", "/api/v1/exits/listings/{listing_id}/offers"),
    ("post", "/api/v1/exits/listings/{listing_id}/publish"),
    ("post", "/api/v1/exits/listings/{listing_id}/sold"),
    ("post", "/api/v1/exits/listings/{listing_id}/withdraw"),
    ("post", "/api/v1/exits/offers/{offer_id}/accept"),
    ("post", "/api/v1/exits/offers/{offer_id}/reject"),
    ("post", "/api/v1/exits/offers/{offer_id}/withdraw"),
    ("post", "/api/v1/exits/rescue/listing"),
    ("post", "/api/v1/exits/rescue/round"),
    ("post", "/api/v1/mandates"),
    ("post", "/api/v1/metrics/ventures/{venture_id}/finance"),
    ("post", "/api/v1/metrics/ventures/{venture_id}/imports"),
    ("post", "/api/v1/metrics/ventures/{venture_id}/kpis"),
    ("post", "/api/v1/metrics/ventures/{venture_id}/traffic"),
    ("post", "/api/v1/program-applications/{application_id}/approve"),
    ("post", "/api/v1/program-applications/{application_id}/reject"),
    ("post", "/api/v1/programs"),
    ("post", "/api/v1/programs/{program_id}/applications"),
    ("post", "/api/v1/rounds"),
    ("post", "/api/v1/sponsors"),
    ("post", "/api/v1/sponsors/{sponsorship_id}/accept"),
    ("post", "/api/v1/sponsors/{sponsorship_id}/decline"),
    ("post", "/api/v1/sponsors/{sponsorship_id}/end"),
    ("post", "/api/v1/ventures"),
}


def test_the_document_lists_every_endpoint_with_its_errors_declared(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    operations = {
        (method, path): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert set(operations) == ENDPOINTS
    for (method, path), operation in operations.items():
        declared = set(operation["responses"])
        assert {"401", "404", "422", "429"} <= declared, (method, path)
        if method != "get":
            assert "403" in declared, (method, path)
    schemes = document["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_money_is_documented_as_a_decimal_string(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    target = schemas["RoundIn"]["properties"]["target_amount"]

    assert target["type"] == "string"
    assert "pattern" in target


def test_the_docs_page_loads(client: Client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content
