"""Issuing and revoking passports: what is signed, what is stored, what is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.engine import passport as engine
from runway.metrics.models import ImportJob, MonthlyKPI
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import OTHER_ORDERS_CSV, upload
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role
from runway.passports.keys import platform_public_key
from runway.passports.models import Passport, PassportStatus
from runway.passports.services import passport_issue, passport_revoke
from runway.passports.tests.factories import JANUARY, MARCH, issued, venture_with_traction
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_an_issued_passport_verifies_and_holds_the_stored_figures() -> None:
    venture = venture_with_traction()
    actor = member_of(venture.organization, Role.MEMBER)
    passport, token = issued(venture, actor=actor)

    verdict = engine.verify(passport.document, public_key=platform_public_key(), now=timezone.now())
    assert verdict.ok, verdict.detail
    signed = verdict.passport
    assert signed is not None
    assert signed.passport_id == str(passport.passport_id)
    assert signed.venture_id == venture.pk
    assert signed.venture_name == venture.organization.name
    assert signed.credit_code == venture.organization.credit_code
    assert (signed.period_from, signed.period_to) == ("2025-01", "2025-03")
    assert signed.verification == "imported"
    assert signed.expires_at - signed.issued_at == dt.timedelta(days=90)
    assert (signed.issued_at, signed.expires_at) == (passport.issued_at, passport.expires_at)
    kpis = list(MonthlyKPI.objects.filter(venture=venture).order_by("month"))
    assert [row["month"] for row in signed.kpis] == ["2025-01", "2025-02", "2025-03"]
    for row, kpi in zip(signed.kpis, kpis, strict=True):
        assert Decimal(str(row["gmv"])) == kpi.gmv
        assert Decimal(str(row["net_revenue"])) == kpi.net_revenue
        assert Decimal(str(row["refunds"])) == kpi.refunds
        assert row["orders"] == kpi.orders
        assert row["buyers"] == kpi.buyers
        assert row["new_buyers"] == kpi.new_buyers
    assert signed.kpis[0]["gmv"] == "150.50"
    job = ImportJob.objects.get(venture=venture)
    assert signed.sources == ((job.content_hash, "orders.csv"),)
    assert passport.issued_by == actor.user
    assert passport.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(passport.document)
    assert passport.status(timezone.now()) == PassportStatus.VALID


def test_only_the_months_of_the_period_are_signed() -> None:
    venture = venture_with_traction()
    actor = member_of(venture.organization, Role.OWNER)
    passport, _token = passport_issue(
        actor=actor, venture=venture, period_from=dt.date(2025, 2, 14), period_to=MARCH,
        valid_days=30,
    )  # fmt: skip
    assert [row["month"] for row in passport.document["kpis"]] == ["2025-02", "2025-03"]
    assert passport.period_from == dt.date(2025, 2, 1)


def test_sources_name_the_file_that_yielded_the_signed_months() -> None:
    """A new import replaces the imported figures, so only its file is a source."""
    venture = venture_with_traction()
    job = import_job_create(
        actor=None, venture=venture, upload=upload(OTHER_ORDERS_CSV, "may.csv"), enqueue=False
    )
    import_job_run(job=job)
    actor = member_of(venture.organization, Role.MEMBER)
    passport, _token = passport_issue(
        actor=actor, venture=venture, period_from=JANUARY, period_to=dt.date(2025, 5, 1),
        valid_days=30,
    )  # fmt: skip
    assert passport.document["sources"] == [{"sha256": job.content_hash, "name": "may.csv"}]
    assert [row["month"] for row in passport.document["kpis"]] == ["2025-04", "2025-05"]


def test_an_empty_period_is_refused_on_the_field() -> None:
    venture = venture_with_traction()
    actor = member_of(venture.organization, Role.MEMBER)
    with pytest.raises(ValidationError) as error:
        passport_issue(
            actor=actor, venture=venture, period_from=dt.date(2024, 1, 1),
            period_to=dt.date(2024, 12, 1), valid_days=90,
        )  # fmt: skip
    assert "period_from" in error.value.message_dict
    assert not Passport.objects.filter(venture=venture).exists()


def test_a_reversed_period_and_a_bad_validity_are_refused() -> None:
    venture = venture_with_traction()
    actor = member_of(venture.organization, Role.MEMBER)
    with pytest.raises(ValidationError) as reversed_period:
        passport_issue(
            actor=actor, venture=venture, period_from=MARCH, period_to=JANUARY, valid_days=90
        )
    assert "period_to" in reversed_period.value.message_dict
    with pytest.raises(ValidationError) as no_days:
        passport_issue(
            actor=actor, venture=venture, period_from=JANUARY, period_to=MARCH, valid_days=0
        )
    assert "valid_days" in no_days.value.message_dict


def test_a_viewer_cannot_issue_or_revoke() -> None:
    venture = venture_with_traction()
    viewer = member_of(venture.organization, Role.VIEWER)
    with pytest.raises(AccessDenied):
        passport_issue(
            actor=viewer, venture=venture, period_from=JANUARY, period_to=MARCH, valid_days=90
        )
    passport, _token = issued(venture)
    with pytest.raises(AccessDenied):
        passport_revoke(actor=viewer, passport=passport)
    passport.refresh_from_db()
    assert passport.revoked_at is None


def test_revoking_is_final_and_keeps_the_first_time() -> None:
    venture = venture_with_traction()
    actor = member_of(venture.organization, Role.MEMBER)
    passport, _token = issued(venture, actor=actor)
    passport_revoke(actor=actor, passport=passport)
    passport.refresh_from_db()
    first = passport.revoked_at
    assert first is not None
    assert passport.status(timezone.now()) == PassportStatus.REVOKED
    passport_revoke(actor=actor, passport=passport)
    passport.refresh_from_db()
    assert passport.revoked_at == first


def test_a_passport_expires_after_its_validity() -> None:
    passport, _token = issued(valid_days=1)
    assert passport.status(passport.expires_at - dt.timedelta(seconds=1)) == PassportStatus.VALID
    assert passport.status(passport.expires_at) == PassportStatus.EXPIRED
    verdict = engine.verify(
        passport.document, public_key=platform_public_key(), now=passport.expires_at
    )
    assert verdict.reason == engine.Reason.EXPIRED
