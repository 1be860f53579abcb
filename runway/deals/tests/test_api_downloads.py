"""Data-room files through the API with organization tokens: the page's permission check, an
AccessEvent either way, a watermark naming the organization and the token on PDFs; and the
venture's own files (list, upload, download, replace, delete)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from runway.api.models import ApiToken
from runway.api.tests.factories import make_token
from runway.deals.models import (
    AccessEvent,
    AccessGrant,
    Deal,
    DealState,
    Document,
    GrantLevel,
    NdaAcceptance,
)
from runway.deals.nda import NDA_VERSION
from runway.deals.services.documents import document_upload
from runway.deals.tests.factories import PNG, DealFactory, investor, pdf_bytes, upload
from runway.orgs.models import Organization, Role
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}
CSV = b"month,revenue\n2026-01,100\n2026-02,120\n"


class Api:
    """A Django client holding one organization token, reading English."""

    def __init__(self, organization: Organization | None, role: str = Role.MEMBER) -> None:
        self.token: ApiToken | None = None
        headers = {"accept-language": "en"}
        if organization is not None:
            self.token, key = make_token(organization=organization, role=role, name="Fund ERP")
            headers["authorization"] = f"Bearer {key}"
        self.client = Client(headers=headers, REMOTE_ADDR="198.51.100.4")

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}")

    def post(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1{path}", data)

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1{path}")


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def deal() -> Deal:
    """An accepted intro on a round of a venture with a PDF under NDA."""
    venture = VentureFactory()
    deal = DealFactory(
        funding_round=FundingRoundFactory(venture=venture), state=DealState.INTRO_ACCEPTED
    )
    owner = member_of(venture.organization, Role.OWNER)
    document_upload(
        actor=owner, file=upload("plan.pdf", pdf_bytes("Business plan 2026")),
        title="Business plan", confidentiality="on_nda",
    )  # fmt: skip
    document_upload(
        actor=owner, file=upload("kpis.csv", CSV), title="KPIs", confidentiality="on_intro"
    )
    return deal


def doc(deal: Deal, title: str) -> Document:
    return Document.objects.get(venture=deal.funding_round.venture, title=title)


def file_path(deal: Deal, document: Document) -> str:
    return f"/deals/{deal.pk}/documents/{document.pk}/file"


def grant(deal: Deal, **fields: Any) -> AccessGrant:
    fields.setdefault("level", GrantLevel.ON_NDA)
    return AccessGrant.objects.create(
        venture=deal.funding_round.venture, organization=deal.investor, deal=deal, **fields
    )


def accept_nda(deal: Deal) -> None:
    person = member_of(deal.investor)
    assert person.user is not None
    NdaAcceptance.objects.create(
        organization=deal.investor, venture=deal.funding_round.venture, version=NDA_VERSION,
        user=person.user, deal=deal,
    )  # fmt: skip


def events(document: Document) -> list[tuple[str, str, int | None, int | None]]:
    return list(
        AccessEvent.objects.filter(document=document)
        .order_by("pk")
        .values_list("action", "outcome", "organization_id", "user_id")
    )


def pdf_text(body: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_an_investor_token_with_grant_and_nda_gets_the_watermarked_pdf(deal: Deal) -> None:
    grant(deal)
    accept_nda(deal)
    plan = doc(deal, "Business plan")
    api = Api(deal.investor)

    response = api.get(file_path(deal, plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert "Business plan 2026" in text
    assert deal.investor.name in text
    assert "Fund ERP" in text  # the token's name, since no person is behind it
    assert events(plan) == [("download", "allowed", deal.investor.pk, None)]
    assert AccessEvent.objects.get(document=plan).ip == "198.51.100.4"


def test_without_the_nda_a_covered_document_answers_403_and_says_why(deal: Deal) -> None:
    grant(deal)
    plan = doc(deal, "Business plan")

    response = Api(deal.investor).get(file_path(deal, plan))

    assert response.status_code == 403
    assert "accepts the NDA" in response.json()["detail"]
    assert events(plan) == [("download", "denied", deal.investor.pk, None)]
    # The intro-level document opens meanwhile.
    assert Api(deal.investor).get(file_path(deal, doc(deal, "KPIs"))).status_code == 200


@pytest.mark.parametrize("case", ["no_grant", "expired", "revoked", "intro_level_only"])
def test_without_an_active_grant_covering_it_the_answer_is_404_and_recorded(
    deal: Deal, case: str
) -> None:
    past = timezone.now() - dt.timedelta(days=1)
    if case == "expired":
        grant(deal, expires_at=past)
    elif case == "revoked":
        grant(deal, revoked_at=past)
    elif case == "intro_level_only":
        grant(deal, level=GrantLevel.ON_INTRO)
    accept_nda(deal)
    plan = doc(deal, "Business plan")

    response = Api(deal.investor).get(file_path(deal, plan))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert events(plan) == [("download", "denied", deal.investor.pk, None)]


def test_the_ventures_token_opens_its_own_files_unstamped(deal: Deal) -> None:
    venture_org = deal.funding_round.venture.organization
    plan = doc(deal, "Business plan")

    for role in (Role.MEMBER, Role.VIEWER):
        response = Api(venture_org, role).get(file_path(deal, plan))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == plan.file.open("rb").read()
    own = Api(venture_org).get(f"/deals/data-room/files/{plan.pk}/file")
    assert own.status_code == 200
    assert "Fund ERP" not in pdf_text(b"".join(own.streaming_content))
    assert [event[:3] for event in events(plan)] == [("download", "allowed", venture_org.pk)] * 3


def test_strangers_anonymous_and_other_ventures_documents_get_nothing(deal: Deal) -> None:
    plan = doc(deal, "Business plan")
    grant(deal)
    accept_nda(deal)
    stranger = investor().organization

    assert Api(stranger).get(file_path(deal, plan)).json() == NOT_FOUND
    anonymous = Api(None).get(file_path(deal, plan))
    assert anonymous.status_code == 401
    # A document of another venture, asked for through this deal, is not found and not recorded.
    elsewhere = Document.objects.create(
        venture=VentureFactory(), title="Other", original_name="o.csv", content_type="text/csv",
        size=3, sha256="f" * 64, confidentiality="public", file="dataroom/x/other.csv",
    )  # fmt: skip
    assert Api(deal.investor).get(file_path(deal, elsewhere)).json() == NOT_FOUND
    assert not AccessEvent.objects.exists()
    # The venture's own data-room endpoints are the venture's alone.
    investor_api = Api(deal.investor)
    assert investor_api.get("/deals/data-room/files").json() == NOT_FOUND
    assert investor_api.get(f"/deals/data-room/files/{plan.pk}/file").json() == NOT_FOUND
    assert investor_api.delete(f"/deals/data-room/files/{plan.pk}").json() == NOT_FOUND
    assert Document.objects.filter(pk=plan.pk).exists()


def test_a_deleted_document_is_gone_from_the_api_too(deal: Deal) -> None:
    grant(deal)
    accept_nda(deal)
    plan = doc(deal, "Business plan")
    reader, venture = Api(deal.investor), Api(deal.funding_round.venture.organization)
    assert reader.get(file_path(deal, plan)).status_code == 200

    assert venture.delete(f"/deals/data-room/files/{plan.pk}").status_code == 204

    assert reader.get(file_path(deal, plan)).json() == NOT_FOUND
    assert [d["title"] for d in reader.get(f"/deals/{deal.pk}/documents").json()] == ["KPIs"]
    assert [d["title"] for d in venture.get("/deals/data-room/files").json()] == ["KPIs"]
    assert venture.delete(f"/deals/data-room/files/{plan.pk}").json() == NOT_FOUND
    assert events(plan) == [("download", "allowed", deal.investor.pk, None)]


def test_the_venture_uploads_replaces_and_deletes_through_the_api(deal: Deal) -> None:
    venture_org = deal.funding_round.venture.organization
    api = Api(venture_org)
    grant(deal)
    accept_nda(deal)

    created = api.post(
        "/deals/data-room/files",
        {"file": upload("cohorts.csv", b"cohort,buyers\n2026-01,10\n2026-02,12\n"),
         "title": "Cohorts", "confidentiality": "on_intro"},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    assert created.json()["replaces"] is None

    replaced = api.post(
        f"/deals/data-room/files/{created.json()['id']}/replace",
        {"file": upload("cohorts-v2.csv", b"cohort,buyers\n2026-01,10\n2026-03,15\n")},
    )
    assert replaced.status_code == 201, replaced.json()
    body = replaced.json()
    assert (body["title"], body["confidentiality"]) == ("Cohorts", "on_intro")
    assert body["replaces"] == created.json()["id"]
    assert [v["id"] for v in body["earlier_versions"]] == [created.json()["id"]]
    assert body["earlier_versions"][0]["replaced_at"] is not None
    listed = {d["title"]: d for d in api.get("/deals/data-room/files").json()}
    assert sorted(listed) == ["Business plan", "Cohorts", "KPIs"]
    assert listed["Cohorts"]["id"] == body["id"]
    # The investor's grant covers the new version, and the old one is gone.
    reader = Api(deal.investor)
    assert reader.get(f"/deals/{deal.pk}/documents/{body['id']}/file").status_code == 200
    old = reader.get(f"/deals/{deal.pk}/documents/{created.json()['id']}/file")
    assert old.json() == NOT_FOUND

    deleted = api.delete(f"/deals/data-room/files/{body['id']}")
    assert deleted.status_code == 204
    assert "Cohorts" not in {d["title"] for d in api.get("/deals/data-room/files").json()}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", PNG, "is a PNG image, not a PDF document"),
        ("empty.csv", b"", "The file is empty."),
        ("again.csv", CSV, "already in your data room"),
    ],
)
def test_refused_files_answer_422_on_file(
    deal: Deal, name: str, content: bytes, message: str
) -> None:
    api = Api(deal.funding_round.venture.organization)
    plan = doc(deal, "Business plan")

    for path in ("/deals/data-room/files", f"/deals/data-room/files/{plan.pk}/replace"):
        response = api.post(path, {"file": upload(name, content)})
        assert response.status_code == 422
        detail = response.json()["detail"][0]
        assert detail["loc"] == ["body", "file"]
        assert message in detail["msg"]
    assert Document.all_versions.filter(venture=deal.funding_round.venture).count() == 2


@pytest.mark.parametrize("make", ["viewer", "investor"])
def test_only_the_ventures_members_change_its_files(deal: Deal, make: str) -> None:
    api: Callable[[], Api] = {
        "viewer": lambda: Api(deal.funding_round.venture.organization, Role.VIEWER),
        "investor": lambda: Api(deal.investor),
    }[make]
    plan = doc(deal, "Business plan")
    client = api()

    assert client.delete(f"/deals/data-room/files/{plan.pk}").json() == NOT_FOUND
    replaced = client.post(
        f"/deals/data-room/files/{plan.pk}/replace", {"file": upload("v2.png", PNG)}
    )
    assert replaced.json() == NOT_FOUND
    uploaded = client.post("/deals/data-room/files", {"file": upload("new.png", PNG)})
    assert uploaded.json() == NOT_FOUND
    assert Document.all_versions.filter(venture=deal.funding_round.venture).count() == 2
