"""demo_build and demo_delete against the database, with small order histories."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.contrib.auth import authenticate
from django.core.files.storage import default_storage

from runway.accounts.models import User
from runway.demo.catalogue import DEMO_DOMAIN, DEMO_PASSWORD, load_catalogue
from runway.demo.histories import export_path
from runway.demo.services import demo_build, demo_delete
from runway.engine.credit_code import validate
from runway.engine.export_formats import ExportFormat
from runway.investors.models import LenderGrid, Mandate
from runway.orgs.models import Membership, Organization
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory
from runway.programs.models import Application, Award, PreRegistration, Program
from runway.taxonomy.models import Sector
from runway.ventures.models import FundingRound, RoundStatus, Venture

pytestmark = pytest.mark.django_db
SMALL = {"scale": 0.05, "months": 2}
CATALOGUE = load_catalogue()


def build(**options: Any) -> Any:
    return demo_build(**{**SMALL, **options})


def exported_files() -> dict[str, str]:
    """The sha256 of each venture's stored export, by slug."""
    files = {}
    for venture in CATALOGUE.ventures:
        extension = "xlsx" if venture.history.export_format is ExportFormat.ONLINE_RETAIL else "csv"
        with default_storage.open(export_path(venture.organization.slug, extension)) as file:
            files[venture.organization.slug] = hashlib.sha256(file.read()).hexdigest()
    return files


def snapshot() -> dict[str, Any]:
    """Everything the demo writes, without ids or timestamps."""
    return {
        "organizations": sorted(
            Organization.objects.values_list(
                "slug", "name", "kind", "category", "country", "credit_code", "registry_number",
                "city", "is_verified",
            )
        ),
        "ventures": sorted(
            Venture.objects.values_list(
                "organization__slug", "tagline", "stage__code", "district", "founded_on",
                "team_size", "is_public", "description_ru",
            )
        ),
        "rounds": sorted(
            FundingRound.objects.values_list(
                "venture__organization__slug", "title", "status", "currency", "target_amount",
                "min_ticket", "opens_on",
            )
        ),
        "mandates": sorted(
            Mandate.objects.values_list(
                "organization__slug", "title", "status", "ticket_min", "ticket_max", "traction_rule"
            )
        ),
        "grids": sorted(
            LenderGrid.objects.values_list(
                "organization__slug", "title", "kind", "is_active", "currency", "max_multiple",
                "pricing_by_grade", "remittance_share", "repayment_cap", "term_months",
            )
        ),
        "programs": sorted(
            Program.objects.values_list(
                "organization__slug", "title", "kind", "status", "budget", "committed", "opens_on",
            )
        ),
        "registrations": sorted(
            PreRegistration.objects.values_list(
                "program__title", "venture__organization__slug", "registered_on",
                "registered_by__email",
            )
        ),
        "applications": sorted(
            Application.objects.values_list(
                "program__title", "venture__organization__slug", "funding_round__title", "amount",
                "private_amount", "status", "submitted_by__email", "decided_by__email",
            )
        ),
        "awards": sorted(
            Award.objects.values_list(
                "program__title", "venture__organization__slug", "amount", "private_amount",
                "awarded_by__email",
            )
        ),
        "memberships": sorted(
            Membership.objects.values_list("user__email", "organization__slug", "role")
        ),
        "users": sorted(User.objects.values_list("email", "full_name", "is_staff", "is_superuser")),
        "files": exported_files(),
    }  # fmt: skip


def test_builds_the_full_catalogue_with_an_export_per_venture(media: Path) -> None:
    report = build(scale=0.2, months=3)
    assert report.built
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds["venture"] == Venture.objects.count() == report.ventures >= 40
    assert kinds["intermediary"] == 3
    assert kinds["government"] == 2
    assert kinds["platform"] == 1
    investors = Counter(
        Organization.objects.filter(kind="investor").values_list("category", flat=True)
    )
    assert sum(investors.values()) == 20
    assert set(investors) == {"vc", "angel", "strategic", "revenue_lender", "bank"}
    assert set(
        Organization.objects.filter(kind="government").values_list("category", flat=True)
    ) == {"guidance_fund"}
    for investor in Organization.objects.filter(kind="investor"):
        assert 1 <= investor.mandates.count() <= 2
    assert set(FundingRound.objects.values_list("status", flat=True)) == set(RoundStatus.values)
    assert {"CNY", "USD", "HKD", "RUB"} <= set(
        FundingRound.objects.values_list("currency", flat=True)
    )
    covered = set(Venture.objects.values_list("sectors__code", flat=True))
    assert covered == set(Sector.objects.values_list("code", flat=True))
    assert all(
        validate(code) is None
        for code in Organization.objects.exclude(credit_code="").values_list(
            "credit_code", flat=True
        )
    )
    assert 0 < Organization.objects.filter(is_verified=True).count() < Organization.objects.count()
    assert Venture.objects.filter(is_public=False).exists()
    owners = Membership.objects.filter(role="owner").values_list("organization_id", flat=True)
    assert set(owners) == set(Organization.objects.values_list("pk", flat=True))
    # After the catalogue, the demo's syndicate closes a round (and opens its follow-on) and a
    # venture's round fails, which leads to its sale listing.
    statuses = Counter(FundingRound.objects.values_list("status", flat=True))
    assert statuses - Counter(report.rounds) == Counter({"closed": 1, "failed": 1})
    assert Counter(report.rounds) - statuses == Counter()
    assert report.mandates == Mandate.objects.count()
    assert report.exports == len(CATALOGUE.ventures)
    assert report.orders > 0
    files = exported_files()
    assert set(files) == {v.organization.slug for v in CATALOGUE.ventures}
    with default_storage.open(export_path("silkroad-trade", "xlsx")) as file:
        lines = pl.read_excel(file.read())
    assert lines.columns[:2] == ["Invoice", "StockCode"]
    assert lines.height > 0
    with default_storage.open(export_path("jike-digital", "csv")) as file:
        text = file.read().decode("gbk")
    assert text.startswith("订单编号,买家会员名")
    assert (media / "demo-exports" / "trailblaze-outdoor" / "orders.csv").exists()


def test_every_listed_login_signs_in_with_the_demo_password(media: Path) -> None:
    report = build()
    emails = {login.email for login in report.logins}
    for name in ("venture", "investor", "lender", "intermediary", "government", "admin", "viewer"):
        assert f"{name}@{DEMO_DOMAIN}" in emails
    for login in report.logins:
        user = authenticate(email=login.email, password=DEMO_PASSWORD)
        assert user is not None, login.email
        membership = Membership.objects.get(user=user, organization__name=login.organization)
        assert membership.role == login.role
        assert membership.organization.kind == login.organization_kind
    assert authenticate(email=f"venture@{DEMO_DOMAIN}", password="wrong") is None
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    assert admin.is_staff
    assert admin.is_superuser
    assert not User.objects.filter(is_staff=True).exclude(pk=admin.pk).exists()
    assert {"owner", "admin", "member", "viewer"} <= set(
        Membership.objects.values_list("role", flat=True)
    )
    assert report.users == User.objects.count()


def test_a_second_run_without_reset_adds_nothing(media: Path) -> None:
    build()
    before = snapshot()
    report = build()
    assert not report.built
    assert "--reset" in report.message
    assert snapshot() == before


def test_does_nothing_when_the_database_has_other_organizations(media: Path) -> None:
    OrganizationFactory()
    report = build()
    assert not report.built
    assert not User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists()
    assert not (media / "demo-exports").exists()


def test_reset_rebuilds_identically_and_leaves_other_data_alone(media: Path) -> None:
    build()
    before = snapshot()
    other = OrganizationFactory(slug="someone-else")
    stale = media / "demo-exports" / "silkroad-trade" / "stale.txt"
    stale.write_text("left by hand")
    report = build(reset=True)
    assert report.built
    Organization.objects.filter(pk=other.pk).delete()  # compare the demo's rows only
    assert snapshot() == before
    assert stale.exists()
    assert not list((media / "demo-exports" / "silkroad-trade").glob("orders_*"))


def test_demo_delete_removes_organizations_users_and_files(media: Path) -> None:
    build()
    other = OrganizationFactory()
    assert demo_delete() == len(CATALOGUE.slugs)
    assert list(Organization.objects.all()) == [other]
    assert not User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists()
    assert not any(p.is_file() for p in (media / "demo-exports").rglob("*"))


def test_delete_spares_a_real_organization_that_shares_a_demo_slug(media: Path) -> None:
    real = MembershipFactory(organization=OrganizationFactory(slug="silkroad-trade")).organization
    assert demo_delete() == 0
    assert Organization.objects.filter(pk=real.pk).exists()
