"""Reindexing turns a venture's stored figures into the directory's facts and bands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from runway.directory.models import DirectoryEntry, ProfileSettings
from runway.directory.services import profile_settings_update, venture_reindex
from runway.directory.tests.factories import MAMA, add_months, make_venture
from runway.directory.triggers import venture_changed
from runway.metrics.models import VerificationLevel
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.passports.services import passport_issue, passport_revoke
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_a_venture_without_figures_has_no_bands_or_grade() -> None:
    entry = DirectoryEntry.objects.get(venture=make_venture(**MAMA))
    assert (entry.grade, entry.verification, entry.revenue_band, entry.growth_band) == (
        "",
        "",
        "",
        "",
    )
    assert entry.annual_revenue is None
    assert entry.joined_at == entry.venture.organization.created_at


def test_bands_grade_and_verification_come_from_the_stored_months() -> None:
    venture = make_venture(**MAMA)
    # 24 months from 100,000 growing 2% a month: the last 12 average ~140,000 a month.
    add_months(venture, verification=VerificationLevel.CONNECTED)
    entry = venture_reindex(venture_id=venture.pk)
    assert entry is not None
    assert entry.verification == VerificationLevel.CONNECTED
    assert entry.months_of_history == 24
    assert entry.latest_month == dt.date(2025, 12, 1)
    assert entry.annual_revenue is not None
    assert Decimal(1_600_000) < entry.annual_revenue < Decimal(1_800_000)
    assert entry.annual_revenue_cny == entry.annual_revenue
    assert entry.revenue_band == "1m-5m"
    # 1.02 ** 12 - 1 = 26.8% a year.
    assert entry.growth_yoy == Decimal("0.268242")
    assert entry.growth_band == "growing"
    assert entry.grade in {"A", "B", "C", "D", "E"}


def test_revenue_in_another_currency_is_banded_at_indicative_rates() -> None:
    venture = make_venture(**MAMA)
    add_months(venture, net_revenue=Decimal(200_000), monthly_growth=Decimal(0), currency="USD")
    entry = venture_reindex(venture_id=venture.pk)
    assert entry is not None
    assert entry.annual_revenue == Decimal("2400000.00")
    # About 7 yuan to the dollar: 17 million yuan a year.
    assert entry.revenue_band == "5m-20m"
    assert entry.growth_band == "steady"


def test_the_weakest_recent_month_sets_the_verification_level() -> None:
    venture = make_venture(**MAMA)
    add_months(venture, months=11)
    add_months(venture, months=1, first=dt.date(2024, 12, 1), verification="self_reported")
    assert venture_reindex(venture_id=venture.pk).verification == "self_reported"  # type: ignore[union-attr]


def test_a_valid_passport_is_recorded_and_a_revoked_one_is_not() -> None:
    venture = make_venture(**MAMA)
    add_months(venture, months=3)
    owner = member_of(venture.organization, Role.OWNER)
    passport, _token = passport_issue(
        actor=owner, venture=venture, period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 3, 1), valid_days=30,
    )  # fmt: skip
    entry = venture_reindex(venture_id=venture.pk)
    assert entry is not None
    assert entry.passport_expires_at == passport.expires_at
    assert entry.passport_expires_at > timezone.now()
    passport_revoke(actor=owner, passport=passport)
    assert venture_reindex(venture_id=venture.pk).passport_expires_at is None  # type: ignore[union-attr]


def test_a_change_reindexes_the_venture_after_the_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    venture = make_venture(**MAMA)
    venture.tagline = "Now also a podcast"
    venture.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        venture_changed(venture.pk)
    assert "podcast" not in DirectoryEntry.objects.get(venture=venture).tokens_profile
    for callback in callbacks:
        callback()
    assert "podcast" in DirectoryEntry.objects.get(venture=venture).tokens_profile


def test_the_command_rebuilds_every_venture(capsys: pytest.CaptureFixture[str]) -> None:
    venture = make_venture(**MAMA, index=False)
    call_command("directory_reindex")
    assert DirectoryEntry.objects.filter(venture=venture).exists()
    assert "1 ventures indexed" in capsys.readouterr().out
    call_command("directory_reindex", venture=venture.pk)
    assert "indexed" in capsys.readouterr().out


def test_members_change_the_listing_settings_and_others_cannot() -> None:
    venture = make_venture(**MAMA)
    member = member_of(venture.organization, Role.MEMBER)
    settings = profile_settings_update(
        actor=member, venture=venture, listed=False, show_raw_figures=True
    )
    assert (settings.listed, settings.show_raw_figures) == (False, True)
    viewer = member_of(venture.organization, Role.VIEWER)
    outsider = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    for actor in (viewer, outsider):
        with pytest.raises(AccessDenied):
            profile_settings_update(
                actor=actor, venture=venture, listed=True, show_raw_figures=False
            )
    assert ProfileSettings.objects.get(venture=venture).listed is False
