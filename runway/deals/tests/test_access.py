"""The data-room access matrix, through the download and view pages: who gets the file, who gets
404, and the AccessEvent each attempt leaves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from runway.deals.models import (
    AccessEvent,
    AccessGrant,
    Confidentiality,
    Document,
    GrantLevel,
    NdaAcceptance,
)
from runway.deals.nda import NDA_VERSION
from runway.deals.tests.factories import DocumentFactory, investor, user_of
from runway.orgs.models import Role
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def room() -> dict[str, Any]:
    venture = VentureFactory()
    return {
        "venture": venture,
        **{
            level: DocumentFactory(venture=venture, confidentiality=level, title=f"{level} doc")
            for level in Confidentiality.values
        },
    }


def status(client: Client, document: Document, action: str = "download") -> int:
    return int(client.get(f"/deals/documents/{document.pk}/{action}/").status_code)


def statuses(client_for: Any, actor: Any, room: dict[str, Any]) -> dict[str, int]:
    client = client_for(actor)
    return {level: status(client, room[level]) for level in Confidentiality.values}


def grant(room: dict[str, Any], actor: Any, **fields: Any) -> AccessGrant:
    return AccessGrant.objects.create(
        venture=room["venture"], organization=actor.organization, **fields
    )


def accept_nda(room: dict[str, Any], actor: Any) -> None:
    NdaAcceptance.objects.create(
        organization=actor.organization, venture=room["venture"], version=NDA_VERSION,
        user=user_of(actor),
    )  # fmt: skip


ALL = {"public": 200, "on_intro": 200, "on_nda": 200}


def test_the_ventures_own_people_open_everything(client_for: Any, room: dict[str, Any]) -> None:
    organization = room["venture"].organization
    assert statuses(client_for, member_of(organization), room) == ALL
    assert statuses(client_for, member_of(organization, Role.VIEWER), room) == ALL


def test_without_a_grant_only_public_documents_open(client_for: Any, room: dict[str, Any]) -> None:
    outsider = investor()
    assert statuses(client_for, outsider, room) == {"public": 200, "on_intro": 404, "on_nda": 404}
    denied = AccessEvent.objects.filter(organization=outsider.organization, outcome="denied")
    assert {event.document.confidentiality for event in denied} == {"on_intro", "on_nda"}
    assert all(event.user == outsider.user and event.action == "download" for event in denied)


def test_public_documents_of_a_private_profile_stay_private(client_for: Any) -> None:
    document = DocumentFactory(
        venture=VentureFactory(is_public=False), confidentiality=Confidentiality.PUBLIC
    )
    assert status(client_for(investor()), document) == 404


def test_a_data_room_grant_opens_its_level_and_no_more(
    client_for: Any, room: dict[str, Any]
) -> None:
    reader = investor()
    grant(room, reader, level=GrantLevel.ON_INTRO)
    assert statuses(client_for, reader, room) == {"public": 200, "on_intro": 200, "on_nda": 404}


def test_documents_under_nda_need_the_grant_and_the_nda(
    client_for: Any, room: dict[str, Any]
) -> None:
    reader = investor()
    grant(room, reader, level=GrantLevel.ON_NDA)
    assert statuses(client_for, reader, room)["on_nda"] == 404
    accept_nda(room, reader)
    assert statuses(client_for, reader, room) == ALL
    # An NDA alone, without a grant, opens nothing confidential.
    other = investor()
    accept_nda(room, other)
    assert statuses(client_for, other, room) == {"public": 200, "on_intro": 404, "on_nda": 404}


def test_an_older_nda_version_does_not_count(client_for: Any, room: dict[str, Any]) -> None:
    reader = investor()
    grant(room, reader, level=GrantLevel.ON_NDA)
    NdaAcceptance.objects.create(
        organization=reader.organization, venture=room["venture"], version="2020.1",
        user=user_of(reader),
    )  # fmt: skip
    assert statuses(client_for, reader, room)["on_nda"] == 404


def test_expired_and_revoked_grants_open_nothing(client_for: Any, room: dict[str, Any]) -> None:
    now = timezone.now()
    expired, revoked, later = investor(), investor(), investor()
    grant(room, expired, level=GrantLevel.ON_INTRO, expires_at=now - dt.timedelta(minutes=1))
    grant(room, revoked, level=GrantLevel.ON_INTRO, revoked_at=now)
    grant(room, later, level=GrantLevel.ON_INTRO, expires_at=now + dt.timedelta(days=1))
    assert statuses(client_for, expired, room)["on_intro"] == 404
    assert statuses(client_for, revoked, room)["on_intro"] == 404
    assert statuses(client_for, later, room)["on_intro"] == 200


def test_a_document_grant_opens_that_document_only(client_for: Any, room: dict[str, Any]) -> None:
    reader = investor()
    other_doc = DocumentFactory(venture=room["venture"], confidentiality="on_intro")
    grant(room, reader, document=room["on_intro"])
    client = client_for(reader)
    assert status(client, room["on_intro"]) == 200
    assert status(client, other_doc) == 404


def test_a_grant_belongs_to_its_organization(client_for: Any, room: dict[str, Any]) -> None:
    holder = investor()
    grant(room, holder, level=GrantLevel.ON_INTRO)
    # A colleague of the holder shares its access; another investor does not.
    assert status(client_for(member_of(holder.organization, Role.VIEWER)), room["on_intro"]) == 200
    assert status(client_for(investor()), room["on_intro"]) == 404


def test_views_and_downloads_are_both_recorded(client_for: Any, room: dict[str, Any]) -> None:
    reader = investor()
    grant(room, reader, level=GrantLevel.ON_INTRO)
    client = Client(headers={"user-agent": "Audit/1.0"}, REMOTE_ADDR="203.0.113.7")
    client.force_login(user_of(reader))
    assert status(client, room["on_intro"], "view") == 200
    assert status(client, room["on_intro"], "download") == 200
    assert status(client, room["on_nda"], "view") == 404
    events = list(AccessEvent.objects.order_by("pk").values_list("action", "outcome", "document"))
    assert events == [
        ("view", "allowed", room["on_intro"].pk),
        ("download", "allowed", room["on_intro"].pk),
        ("view", "denied", room["on_nda"].pk),
    ]
    assert set(AccessEvent.objects.values_list("ip", "user_agent")) == {
        ("203.0.113.7", "Audit/1.0")
    }


def test_files_are_served_privately_and_inline_or_as_attachment(
    client_for: Any, room: dict[str, Any]
) -> None:
    client = client_for(member_of(room["venture"].organization))
    view = client.get(f"/deals/documents/{room['public'].pk}/view/")
    download = client.get(f"/deals/documents/{room['public'].pk}/download/")
    assert view["Content-Disposition"].startswith("inline")
    assert download["Content-Disposition"] == 'attachment; filename="statements.csv"'
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Type"] == "text/csv"
    assert b"".join(download.streaming_content) == b"month,revenue\n2026-01,100\n"


def test_strangers_and_missing_documents(client_for: Any, room: dict[str, Any]) -> None:
    response = Client().get(f"/deals/documents/{room['on_intro'].pk}/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert status(client_for(investor()), Document(pk=999_999)) == 404
    assert not AccessEvent.objects.exists()


def test_the_storage_url_is_never_the_way_in(client_for: Any, room: dict[str, Any]) -> None:
    """Nothing routes MEDIA_URL: the file's storage path answers 404 even to its owner."""
    owner = client_for(member_of(room["venture"].organization))
    assert owner.get(f"/media/{room['on_intro'].file.name}").status_code == 404
