"""Passport pages end to end: issue, detail, download, revoke; the public share and verify pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from runway.cli import main
from runway.engine import passport as engine
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.passports.keys import platform_private_key, platform_public_key
from runway.passports.models import Passport
from runway.passports.selectors import passport_json
from runway.passports.services import passport_revoke
from runway.passports.tests.factories import issued, venture_with_traction
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db

ISSUE = {"period_from": "2025-01", "period_to": "2025-03", "valid_days": "90"}


def english() -> Client:
    return Client(headers={"accept-language": "en"})


def test_a_member_issues_sees_the_share_link_once_and_downloads_the_json(client_for: Any) -> None:
    venture = venture_with_traction()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    page = client.get(reverse("passports:list", args=[venture.pk]))
    assert page.status_code == 200
    assert b'id="issue-form"' in page.content
    assert b'value="90"' in page.content
    assert b'value="2025-01"' in page.content  # the figures' first and last months
    assert b'value="2025-03"' in page.content
    response = client.post(reverse("passports:list", args=[venture.pk]), ISSUE)
    passport = Passport.objects.get(venture=venture)
    assert response.status_code == 302
    assert response["Location"] == reverse("passports:detail", args=[passport.passport_id])
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert b'id="share-link"' in detail.content
    assert b"150.50" in detail.content
    share_path = detail.content.split(b"/passports/s/")[1].split(b"/")[0].decode()
    assert english().get(reverse("passports:share", args=[share_path])).status_code == 200
    again = client.get(response["Location"])
    assert b'id="share-link"' not in again.content  # shown once
    download = client.get(reverse("passports:download", args=[passport.passport_id]))
    assert download["Content-Type"].startswith("application/json")
    assert "attachment" in download["Content-Disposition"]
    verdict = engine.verify_json(
        download.content, public_key=platform_public_key(), now=passport.issued_at
    )
    assert verdict.ok
    listing = client.get(reverse("passports:list", args=[venture.pk]))
    assert reverse("passports:detail", args=[passport.passport_id]).encode() in listing.content


def test_an_empty_period_shows_the_error_next_to_the_field(client_for: Any) -> None:
    venture = venture_with_traction()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    data = {**ISSUE, "period_from": "2024-01", "period_to": "2024-06"}
    page = client.post(reverse("passports:list", args=[venture.pk]), data)
    assert page.status_code == 200
    assert b"Please correct the errors below." in page.content
    assert b'id="id_period_from-errors"' in page.content
    assert b"There are no monthly figures in this period." in page.content
    assert not Passport.objects.exists()


def test_a_venture_without_figures_is_told_to_import_first(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.OWNER))
    page = client.get(reverse("passports:list", args=[venture.pk]))
    assert b"There are no monthly figures to sign yet" in page.content
    assert b"No passports issued yet." in page.content


def test_a_reversed_period_is_a_form_error(client_for: Any) -> None:
    venture = venture_with_traction()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    data = {**ISSUE, "period_from": "2025-03", "period_to": "2025-01"}
    page = client.post(reverse("passports:list", args=[venture.pk]), data)
    assert b'id="id_period_to-errors"' in page.content
    assert not Passport.objects.exists()


def test_a_viewer_lists_and_reads_but_cannot_issue_or_revoke(client_for: Any) -> None:
    venture = venture_with_traction()
    passport, _token = issued(venture)
    client = client_for(member_of(venture.organization, Role.VIEWER))
    page = client.get(reverse("passports:list", args=[venture.pk]))
    assert page.status_code == 200
    assert b'id="issue-form"' not in page.content
    detail = client.get(reverse("passports:detail", args=[passport.passport_id]))
    assert detail.status_code == 200
    assert b'id="revoke"' not in detail.content
    assert client.post(reverse("passports:list", args=[venture.pk]), ISSUE).status_code == 404
    revoke = client.post(reverse("passports:revoke", args=[passport.passport_id]))
    assert revoke.status_code == 404
    passport.refresh_from_db()
    assert passport.revoked_at is None
    assert Passport.objects.count() == 1


def test_a_member_revokes(client_for: Any) -> None:
    venture = venture_with_traction()
    passport, _token = issued(venture)
    client = client_for(member_of(venture.organization, Role.MEMBER))
    response = client.post(reverse("passports:revoke", args=[passport.passport_id]))
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.revoked_at is not None
    detail = client.get(reverse("passports:detail", args=[passport.passport_id]))
    assert b"passport-status-revoked" in detail.content
    assert b'id="revoke"' not in detail.content


@pytest.mark.parametrize(
    "kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR, OrganizationKind.PLATFORM]
)
def test_another_organization_gets_404_everywhere(client_for: Any, kind: str) -> None:
    venture = venture_with_traction()
    passport, _token = issued(venture)
    client = client_for(make_actor(kind=kind, role=Role.OWNER))
    pid = passport.passport_id
    assert client.get(reverse("passports:list", args=[venture.pk])).status_code == 404
    assert client.get(reverse("passports:detail", args=[pid])).status_code == 404
    assert client.get(reverse("passports:download", args=[pid])).status_code == 404
    assert client.post(reverse("passports:revoke", args=[pid])).status_code == 404
    assert client.post(reverse("passports:list", args=[venture.pk]), ISSUE).status_code == 404
    passport.refresh_from_db()
    assert passport.revoked_at is None


def test_anonymous_is_sent_to_sign_in_on_member_pages() -> None:
    passport, _token = issued()
    for url in (
        reverse("passports:list", args=[passport.venture_id]),
        reverse("passports:detail", args=[passport.passport_id]),
        reverse("passports:download", args=[passport.passport_id]),
    ):
        response = english().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_traction_page_links_members_to_their_passports(client_for: Any) -> None:
    venture = venture_with_traction()
    link = reverse("passports:list", args=[venture.pk]).encode()
    member = client_for(member_of(venture.organization, Role.VIEWER))
    assert link in member.get(reverse("metrics:traction", args=[venture.pk])).content
    staff = client_for(make_actor(kind=OrganizationKind.PLATFORM, role=Role.OWNER))
    assert link not in staff.get(reverse("metrics:traction", args=[venture.pk])).content


def test_a_valid_share_link_shows_figures_and_the_download_without_sign_in() -> None:
    passport, token = issued()
    page = english().get(reverse("passports:share", args=[token]))
    assert page.status_code == 200
    assert passport.venture.organization.name.encode() in page.content
    assert b"passport-status-valid" in page.content
    assert b"150.50" in page.content
    download = english().get(reverse("passports:share_download", args=[token]))
    assert download.status_code == 200
    assert json.loads(download.content) == passport.document


def test_an_unknown_share_link_is_404() -> None:
    issued()
    assert english().get(reverse("passports:share", args=["no-such-token"])).status_code == 404


def test_a_revoked_share_link_shows_its_status_not_its_figures() -> None:
    passport, token = issued()
    passport_revoke(actor=member_of(passport.venture.organization), passport=passport)
    page = english().get(reverse("passports:share", args=[token]))
    assert page.status_code == 200
    assert b"passport-status-revoked" in page.content
    assert b"revoked this passport" in page.content
    assert b"150.50" not in page.content
    assert english().get(reverse("passports:share_download", args=[token])).status_code == 404


def test_an_expired_share_link_shows_its_status_not_its_figures() -> None:
    passport, token = issued()
    past = passport.issued_at - dt.timedelta(days=200)
    Passport.objects.filter(pk=passport.pk).update(
        issued_at=past, expires_at=past + dt.timedelta(days=90)
    )
    page = english().get(reverse("passports:share", args=[token]))
    assert b"passport-status-expired" in page.content
    assert b"150.50" not in page.content
    assert english().get(reverse("passports:share_download", args=[token])).status_code == 404


def _verify(content: bytes, *, upload: bool = False) -> bytes:
    data: dict[str, Any] = (
        {"file": SimpleUploadedFile("passport.json", content)}
        if upload
        else {"document": content.decode()}
    )
    page = english().post(reverse("passports:verify"), data)
    assert page.status_code == 200
    return page.content


def test_anyone_verifies_a_valid_passport_pasted_or_uploaded() -> None:
    passport, _token = issued()
    assert english().get(reverse("passports:verify")).status_code == 200
    for upload in (False, True):
        page = _verify(passport_json(passport), upload=upload)
        assert b"message-success" in page
        assert b"Valid: the platform signed exactly these figures" in page
        assert b"150.50" in page


def test_the_verify_page_catches_a_tampered_figure() -> None:
    passport, _token = issued()
    document = json.loads(passport_json(passport))
    document["kpis"][0]["gmv"] = "1500.50"
    page = _verify(json.dumps(document).encode())
    assert b"message-error" in page
    assert b"Altered: the signature does not match" in page
    assert b"passport-figures" not in page  # no figures shown from an altered document


def test_the_verify_page_reports_an_expired_passport() -> None:
    venture = venture_with_traction()
    document = engine.issue(
        {key: value for key, value in issued(venture)[0].document.items()
         if key not in {"signature", "format", "issued_at", "expires_at"}},
        private_key=platform_private_key(),
        issued_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
        expires_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    page = _verify(json.dumps(document).encode())
    assert b"Expired: the signature is good" in page
    assert b"message-error" in page


def test_the_verify_page_reports_a_revoked_passport() -> None:
    passport, _token = issued()
    passport_revoke(actor=member_of(passport.venture.organization), passport=passport)
    page = _verify(passport_json(passport))
    assert b"message-error" in page
    assert b"The venture revoked this passport" in page


def test_the_verify_form_needs_a_document() -> None:
    page = english().post(reverse("passports:verify"), {"document": ""})
    assert b"Paste a passport or upload its file." in page.content
    assert b'id="verdict"' not in page.content


def test_garbage_is_not_a_passport() -> None:
    page = _verify(b"{not json")
    assert b"Not a passport" in page


def test_the_command_line_verifies_a_downloaded_passport_with_the_served_key(
    tmp_path: Path, capsys: Any
) -> None:
    """The round trip without Runway's database: the file, the key, `runway passport verify`."""
    passport, token = issued()
    document = tmp_path / "passport.json"
    document.write_bytes(english().get(reverse("passports:share_download", args=[token])).content)
    key = tmp_path / "key.pem"
    key.write_bytes(english().get(reverse("passports:public_key")).content)
    assert main(["passport", "verify", str(document), "--public-key", str(key)]) == 0
    assert str(passport.passport_id) in capsys.readouterr().out
    document.write_bytes(document.read_bytes().replace(b'"150.50"', b'"151.50"'))
    assert main(["passport", "verify", str(document), "--public-key", str(key)]) == 1
