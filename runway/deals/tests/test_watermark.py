"""PDFs reach investors stamped on every page with the reader's name, organization and time."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from runway.deals.models import AccessGrant, GrantLevel
from runway.deals.services.documents import document_upload
from runway.deals.tests.factories import investor, named, pdf_bytes, upload
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def pages_text(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


@pytest.fixture
def plan() -> Any:
    owner = member_of(VentureFactory().organization)
    return document_upload(
        actor=owner,
        file=upload("plan.pdf", pdf_bytes("Business plan 2026", pages=3)),
        title="Business plan",
        confidentiality="on_intro",
    )


def reader_of(plan: Any, name: str) -> Any:
    reader = investor()
    named(reader, name)
    AccessGrant.objects.create(
        venture=plan.venture, organization=reader.organization, level=GrantLevel.ON_INTRO
    )
    return reader


def test_every_page_names_the_reader(client_for: Any, plan: Any) -> None:
    reader = reader_of(plan, "Ivan Petrov")
    response = client_for(reader).get(f"/deals/documents/{plan.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    texts = pages_text(response.content)
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert f"Business plan 2026 · {number}" in text
        assert "Ivan Petrov" in text
        assert reader.organization.name in text
        assert "CST" in text  # the time, in the platform's time zone


def test_a_chinese_name_is_stamped_readably(client_for: Any, plan: Any) -> None:
    reader = reader_of(plan, "张伟")
    response = client_for(reader).get(f"/deals/documents/{plan.pk}/view/")
    assert response["Content-Disposition"].startswith("inline")
    assert "张伟" in pages_text(response.content)[0]


def test_the_ventures_own_copy_is_not_stamped(client_for: Any, plan: Any) -> None:
    owner = member_of(plan.venture.organization)
    response = client_for(owner).get(f"/deals/documents/{plan.pk}/download/")
    body = b"".join(response.streaming_content)
    assert "Confidential" not in pages_text(body)[0]
    with plan.file.open("rb") as stored:
        assert body == stored.read()
