"""Deleting and replacing data-room documents: who may, what disappears (the document, its file),
what stays (the audit trail, the analytics, the version history), and where grants go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client

from runway.deals.models import (
    AccessEvent,
    AccessGrant,
    Confidentiality,
    Document,
    GrantLevel,
    NdaAcceptance,
)
from runway.deals.nda import NDA_VERSION
from runway.deals.selectors import analytics_csv_rows, document_analytics
from runway.deals.services.documents import document_delete, document_replace, document_upload
from runway.deals.tests.factories import PNG, investor, pdf_bytes, upload, user_of
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Role
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db

CSV_V1 = b"month,revenue\n2026-01,100\n2026-02,120\n"
CSV_V2 = b"month,revenue\n2026-01,100\n2026-02,120\n2026-03,150\n"
CSV_OTHER = b"month,orders\n2026-01,10\n2026-02,12\n"


@pytest.fixture
def venture() -> Venture:
    return VentureFactory()


@pytest.fixture
def owner(venture: Venture) -> Actor:
    return member_of(venture.organization, Role.OWNER)


@pytest.fixture
def plan(owner: Actor) -> Document:
    """A real upload, so its bytes are in storage."""
    return document_upload(
        actor=owner, file=upload("plan.csv", CSV_V1), title="Revenue plan", confidentiality="on_nda"
    )


def downloaded(client: Client, document_id: int) -> int:
    return int(client.get(f"/deals/documents/{document_id}/download/").status_code)


def holder_of(venture: Venture, document: Document) -> Actor:
    """An investor with a grant on this one document and the venture's NDA accepted."""
    reader = investor()
    AccessGrant.objects.create(venture=venture, organization=reader.organization, document=document)
    NdaAcceptance.objects.create(
        organization=reader.organization, venture=venture, version=NDA_VERSION,
        user=user_of(reader),
    )  # fmt: skip
    return reader


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN, Role.MEMBER])
def test_the_ventures_editors_delete_and_the_document_is_gone_for_everyone(
    client_for: Callable[[Actor], Client],
    django_capture_on_commit_callbacks: Any,
    venture: Venture,
    plan: Document,
    role: str,
) -> None:
    reader = holder_of(venture, plan)
    stored = plan.file.name
    assert downloaded(client_for(reader), plan.pk) == 200
    editor = client_for(member_of(venture.organization, role))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/deals/data-room/documents/{plan.pk}/delete/")

    assert response.status_code == 302
    deleted = Document.all_versions.get(pk=plan.pk)
    assert deleted.deleted_at is not None
    assert deleted.deleted_by is not None
    assert not Document.objects.filter(pk=plan.pk).exists()
    assert not default_storage.exists(stored)
    # Gone for the grant holder and for the venture itself, pages and lists alike.
    assert downloaded(client_for(reader), plan.pk) == 404
    assert downloaded(editor, plan.pk) == 404
    room = editor.get("/deals/data-room/")
    assert room.status_code == 200
    assert f"/deals/documents/{plan.pk}/view/" not in room.content.decode()
    assert "1 deleted document" in room.content.decode()
    # The grant made for it alone is revoked, not left pointing at nothing.
    assert AccessGrant.objects.get(document=deleted).revoked_at is not None
    # Deleting again finds nothing.
    assert editor.post(f"/deals/data-room/documents/{plan.pk}/delete/").status_code == 404


@pytest.mark.parametrize("who", ["viewer", "investor_with_grant", "other_investor"])
def test_others_cannot_delete_or_replace(
    client_for: Callable[[Actor], Client], venture: Venture, plan: Document, who: str
) -> None:
    makers: dict[str, Callable[[], Actor]] = {
        "viewer": lambda: member_of(venture.organization, Role.VIEWER),
        "investor_with_grant": lambda: holder_of(venture, plan),
        "other_investor": investor,
    }
    actor = makers[who]()
    client = client_for(actor)

    deleted = client.post(f"/deals/data-room/documents/{plan.pk}/delete/")
    replaced = client.post(
        f"/deals/data-room/documents/{plan.pk}/replace/", {"file": upload("v2.csv", CSV_V2)}
    )

    assert (deleted.status_code, replaced.status_code) == (404, 404)
    assert Document.objects.get(pk=plan.pk).sha256 == plan.sha256
    assert Document.all_versions.count() == 1
    with pytest.raises(AccessDenied):
        document_delete(actor=actor, document=plan)
    with pytest.raises(AccessDenied):
        document_replace(actor=actor, document=plan, file=upload("v2.csv", CSV_V2))


def test_anonymous_visitors_are_sent_to_sign_in(plan: Document) -> None:
    for action in ("delete", "replace"):
        response = Client().post(f"/deals/data-room/documents/{plan.pk}/{action}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert Document.objects.filter(pk=plan.pk).exists()


def test_the_audit_trail_survives_deletion(
    client_for: Callable[[Actor], Client], owner: Actor, venture: Venture, plan: Document
) -> None:
    reader = holder_of(venture, plan)
    stranger = investor()
    assert downloaded(client_for(reader), plan.pk) == 200
    assert client_for(reader).get(f"/deals/documents/{plan.pk}/view/").status_code == 200
    assert downloaded(client_for(stranger), plan.pk) == 404

    document_delete(actor=owner, document=plan)

    assert AccessEvent.objects.filter(document_id=plan.pk).count() == 3
    rows = {row.organization: row for row in document_analytics(venture=venture)}
    assert (rows[reader.organization.name].views, rows[reader.organization.name].downloads) == (
        1,
        1,
    )
    assert rows[stranger.organization.name].denied == 1
    csv_rows = analytics_csv_rows(venture=venture)
    assert sorted(row[0] for row in csv_rows) == ["Revenue plan", "Revenue plan"]
    assert {(row[1], row[4], row[5], row[6]) for row in csv_rows} == {
        (reader.organization.name, "1", "1", "0"),
        (stranger.organization.name, "0", "0", "1"),
    }
    exported = client_for(owner).get("/deals/data-room/analytics.csv").content.decode("utf-8-sig")
    assert exported.count("Revenue plan") == 2
    # The page's analytics section still lists who opened it.
    assert reader.organization.name in client_for(owner).get("/deals/data-room/").content.decode()


def test_a_replacement_takes_the_old_versions_place_and_its_grants(
    client_for: Callable[[Actor], Client],
    django_capture_on_commit_callbacks: Any,
    owner: Actor,
    venture: Venture,
    plan: Document,
) -> None:
    reader = holder_of(venture, plan)
    old_file = plan.file.name
    assert downloaded(client_for(reader), plan.pk) == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            f"/deals/data-room/documents/{plan.pk}/replace/", {"file": upload("v2.csv", CSV_V2)}
        )

    assert response.status_code == 302
    current = Document.objects.get(venture=venture)
    assert current.pk != plan.pk
    assert current.replaces_id == plan.pk
    assert (current.title, current.confidentiality) == ("Revenue plan", Confidentiality.ON_NDA)
    assert current.original_name == "v2.csv"
    old = Document.all_versions.get(pk=plan.pk)
    assert old.deleted_at is not None
    assert not default_storage.exists(old_file)
    assert default_storage.exists(current.file.name)
    # The grant follows: the holder opens the new version, and only it.
    grant = AccessGrant.objects.get(organization=reader.organization)
    assert (grant.document_id, grant.revoked_at) == (current.pk, None)
    reader_client = client_for(reader)
    assert downloaded(reader_client, current.pk) == 200
    body = reader_client.get(f"/deals/documents/{current.pk}/download/")
    assert body.getvalue() == CSV_V2
    assert downloaded(reader_client, plan.pk) == 404
    # The venture sees the history; the old version's events stay on it.
    page = client_for(owner).get("/deals/data-room/").content.decode()
    assert "1 earlier version" in page
    assert "plan.csv" in page
    assert AccessEvent.objects.filter(document_id=plan.pk, outcome="allowed").count() == 1


def test_a_replacement_may_bring_a_new_title_and_confidentiality(
    owner: Actor, plan: Document
) -> None:
    second = document_replace(
        actor=owner, document=plan, file=upload("v2.csv", CSV_V2), title="Plan 2027",
        confidentiality=Confidentiality.ON_INTRO,
    )  # fmt: skip
    third = document_replace(actor=owner, document=second, file=upload("v3.pdf", pdf_bytes()))

    assert (third.title, third.confidentiality, third.content_type) == (
        "Plan 2027",
        Confidentiality.ON_INTRO,
        "application/pdf",
    )
    assert [d.pk for d in Document.objects.all()] == [third.pk]
    assert third.replaces == second
    assert second.replaces == plan
    # A replaced version cannot be replaced again (a stale page or a second click).
    with pytest.raises(AccessDenied):
        document_replace(actor=owner, document=second, file=upload("v4.png", PNG))


BAD_FILES = [
    ("plan.pdf", PNG, "is a PNG image, not a PDF document"),
    ("empty.csv", b"", "The file is empty."),
    ("big.csv", b"a,b\n" + b"1,2\n" * 300, "the limit is"),
    ("same.csv", CSV_V1, "same file as the current version"),
    ("other.csv", CSV_OTHER, "already in your data room as “Orders”"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_a_refused_replacement_changes_nothing(
    settings: Any,
    media: Any,
    owner: Actor,
    plan: Document,
    name: str,
    content: bytes,
    message: str,
) -> None:
    settings.DEALS_DOCUMENT_MAX_BYTES = 1000
    document_upload(actor=owner, file=upload("orders.csv", CSV_OTHER), title="Orders",
                    confidentiality="on_intro")  # fmt: skip
    files_before = sorted(path.name for path in media.rglob("*") if path.is_file())

    with pytest.raises(ValidationError) as caught:
        document_replace(actor=owner, document=plan, file=upload(name, content))

    assert message in " ".join(caught.value.message_dict["file"])
    assert Document.all_versions.count() == 2
    assert Document.objects.get(pk=plan.pk).deleted_at is None
    assert sorted(path.name for path in media.rglob("*") if path.is_file()) == files_before


def test_a_refused_replacement_on_the_page_answers_422_with_the_error(
    client_for: Callable[[Actor], Client], owner: Actor, plan: Document
) -> None:
    response = client_for(owner).post(
        f"/deals/data-room/documents/{plan.pk}/replace/", {"file": upload("plan.pdf", PNG)}
    )

    assert response.status_code == 422
    assert "is a PNG image, not a PDF document" in response.content.decode()
    assert Document.objects.get(pk=plan.pk).deleted_at is None


def test_a_deleted_file_may_be_uploaded_again(owner: Actor, plan: Document) -> None:
    document_delete(actor=owner, document=plan)

    again = document_upload(
        actor=owner, file=upload("plan.csv", CSV_V1), confidentiality="on_intro"
    )

    assert again.sha256 == plan.sha256
    assert list(Document.objects.all()) == [again]


def test_a_deleted_document_leaves_the_deal_page_and_the_grant_form(
    client_for: Callable[[Actor], Client], owner: Actor, venture: Venture, plan: Document
) -> None:
    from runway.deals.models import DealState
    from runway.deals.tests.factories import DealFactory
    from runway.ventures.tests.factories import FundingRoundFactory

    deal = DealFactory(
        funding_round=FundingRoundFactory(venture=venture), state=DealState.INTRO_ACCEPTED
    )
    AccessGrant.objects.create(
        venture=venture, organization=deal.investor, deal=deal, level=GrantLevel.ON_NDA
    )
    public = document_upload(
        actor=owner, file=upload("deck.csv", CSV_OTHER), title="Deck", confidentiality="public"
    )
    reader = client_for(member_of(deal.investor))
    assert "Deck" in reader.get(f"/deals/{deal.pk}/").content.decode()
    assert (
        f'<option value="{public.pk}">Deck'
        in client_for(owner).get("/deals/data-room/").content.decode()
    )

    document_delete(actor=owner, document=public)

    assert "Deck" not in reader.get(f"/deals/{deal.pk}/").content.decode()
    room = client_for(owner).get("/deals/data-room/").content.decode()
    assert f'<option value="{public.pk}">Deck' not in room


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("concurrency")
@pytest.mark.usefixtures("taxonomy")
def test_replacements_and_deletions_at_once_leave_one_current_version(media: Any) -> None:
    """Twenty editors replacing and deleting the same document at once, each from a page that
    showed it live: one wins, the rest are refused, and no orphan file stays in storage."""
    from functools import partial

    from tests.concurrency.test_invariants import run_at_once

    venture = VentureFactory()
    editors = [member_of(venture.organization) for _ in range(4)]
    plan = document_upload(
        actor=editors[0], file=upload("plan.csv", CSV_V1), confidentiality="on_intro"
    )
    calls: list[Callable[[], Any]] = []
    for n in range(20):
        seen = Document.objects.get(pk=plan.pk)
        if n % 4 == 3:
            calls.append(partial(document_delete, actor=editors[n % 4], document=seen))
        else:
            content = f"month,revenue\n2026-01,{n}\n2026-02,{n + 1}\n".encode()
            calls.append(
                partial(
                    document_replace,
                    actor=editors[n % 4],
                    document=seen,
                    file=upload(f"v{n}.csv", content),
                )
            )

    results = run_at_once(calls)

    won = [result for result in results if isinstance(result, Document)]
    assert len(won) == 1
    assert all(isinstance(r, Document | AccessDenied | ValidationError) for r in results)
    live = list(Document.objects.filter(venture=venture))
    assert len(live) == (0 if won[0].pk == plan.pk else 1)
    assert Document.all_versions.filter(venture=venture).count() == 1 + len(live)
    stored = {path.name for path in media.rglob("*") if path.is_file()}
    assert stored == {PurePath(d.file.name).name for d in live}
