"""Reading passports back: share links and checking a pasted document."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from runway.engine import passport as engine
from runway.orgs.models import Role
from runway.passports.selectors import passport_by_share_token, passport_check, passport_json
from runway.passports.services import passport_revoke
from runway.passports.tests.factories import issued
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_a_share_token_finds_its_passport_and_nothing_else() -> None:
    passport, token = issued()
    assert passport_by_share_token(token=token) == passport
    assert passport_by_share_token(token=token + "x") is None
    assert passport_by_share_token(token=passport.token_hash) is None


def test_the_downloaded_file_verifies() -> None:
    passport, _token = issued()
    check = passport_check(raw=passport_json(passport), now=timezone.now())
    assert check.ok
    assert check.revoked_at is None


def test_a_revoked_passport_still_has_a_good_signature_but_is_not_ok() -> None:
    passport, _token = issued()
    actor = member_of(passport.venture.organization, Role.MEMBER)
    passport_revoke(actor=actor, passport=passport)
    check = passport_check(raw=passport_json(passport), now=timezone.now())
    assert check.verification.ok
    assert check.revoked_at is not None
    assert not check.ok


def test_a_tampered_figure_breaks_the_signature() -> None:
    passport, _token = issued()
    document = json.loads(passport_json(passport))
    document["kpis"][0]["gmv"] = "999999.00"
    check = passport_check(raw=json.dumps(document).encode(), now=timezone.now())
    assert check.verification.reason == engine.Reason.BAD_SIGNATURE
    assert check.revoked_at is None
    assert not check.ok


def test_an_expired_passport_is_not_ok() -> None:
    passport, _token = issued(valid_days=1)
    later = passport.expires_at + dt.timedelta(minutes=1)
    check = passport_check(raw=passport_json(passport), now=later)
    assert check.verification.reason == engine.Reason.EXPIRED
    assert not check.ok
