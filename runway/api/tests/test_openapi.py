"""The OpenAPI document and the docs page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("post", "/api/v1/metrics/ventures/{venture_id}/imports"),
    ("get", "/api/v1/metrics/imports/{job_id}"),
    ("get", "/api/v1/metrics/ventures/{venture_id}/kpis"),
    ("get", "/api/v1/organizations/me"),
    ("get", "/api/v1/organizations/{organization_id}"),
    ("get", "/api/v1/ventures"),
    ("post", "/api/v1/ventures"),
    ("get", "/api/v1/ventures/{venture_id}"),
    ("patch", "/api/v1/ventures/{venture_id}"),
    ("get", "/api/v1/rounds"),
    ("post", "/api/v1/rounds"),
    ("get", "/api/v1/rounds/{round_id}"),
    ("patch", "/api/v1/rounds/{round_id}"),
    ("get", "/api/v1/mandates"),
    ("post", "/api/v1/mandates"),
    ("get", "/api/v1/mandates/{mandate_id}"),
    ("patch", "/api/v1/mandates/{mandate_id}"),
    ("get", "/api/v1/taxonomy"),
    ("post", "/api/v1/metrics/ventures/{venture_id}/kpis"),
    ("post", "/api/v1/metrics/ventures/{venture_id}/traffic"),
    ("get", "/api/v1/metrics/ventures/{venture_id}/finance"),
    ("post", "/api/v1/metrics/ventures/{venture_id}/finance"),
    ("get", "/api/v1/programs"),
    ("post", "/api/v1/programs"),
    ("get", "/api/v1/programs/{program_id}"),
    ("get", "/api/v1/programs/{program_id}/eligibility"),
    ("get", "/api/v1/programs/{program_id}/applications"),
    ("post", "/api/v1/programs/{program_id}/applications"),
    ("post", "/api/v1/program-applications/{application_id}/approve"),
    ("post", "/api/v1/program-applications/{application_id}/reject"),
    ("get", "/api/v1/capital/score"),
    ("get", "/api/v1/capital/offers"),
    ("get", "/api/v1/capital/matches"),
    ("get", "/api/v1/capital/matches/{match_id}/policy"),
    ("get", "/api/v1/directory"),
    ("get", "/api/v1/deals"),
    ("post", "/api/v1/deals"),
    ("get", "/api/v1/deals/{deal_id}"),
    ("post", "/api/v1/deals/{deal_id}/transition"),
    ("get", "/api/v1/deals/{deal_id}/messages"),
    ("post", "/api/v1/deals/{deal_id}/messages"),
    ("get", "/api/v1/deals/{deal_id}/documents"),
    ("get", "/api/v1/deals/{deal_id}/term-sheets"),
    ("post", "/api/v1/deals/{deal_id}/term-sheets"),
    ("post", "/api/v1/deals/{deal_id}/term-sheets/{version}/accept"),
    ("post", "/api/v1/deals/{deal_id}/term-sheets/{version}/reject"),
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
