"""Reads for data passports: a venture's list, the share-link look-up, verifying a document."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from django.db.models import Max, Min

from runway.engine import passport as engine
from runway.metrics.models import MonthlyKPI
from runway.orgs.services import hash_token
from runway.passports.keys import platform_public_key
from runway.passports.models import Passport
from runway.ventures.models import Venture


def passport_list(*, venture: Venture) -> list[Passport]:
    """The venture's passports, newest first."""
    return list(
        Passport.objects.filter(venture=venture)
        .select_related("issued_by")
        .order_by("-issued_at", "-pk")
    )


def kpi_months(*, venture: Venture) -> tuple[dt.date | None, dt.date | None]:
    """The first and last month of the venture's figures: the issue form's default period."""
    span = MonthlyKPI.objects.filter(venture=venture).aggregate(
        first=Min("month"), last=Max("month")
    )
    return span["first"], span["last"]


def passport_by_share_token(*, token: str) -> Passport | None:
    """The passport a share link names, whatever its status (the page shows the status)."""
    return (
        Passport.objects.select_related("venture__organization")
        .filter(token_hash=hash_token(token))
        .first()
    )


def passport_json(passport: Passport) -> bytes:
    """The signed document as a file: indented for people; verifiers canonicalize it anyway."""
    return json.dumps(passport.document, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True, slots=True)
class PassportCheck:
    verification: engine.Verification
    revoked_at: dt.datetime | None

    @property
    def ok(self) -> bool:
        return self.verification.ok and self.revoked_at is None


def passport_check(*, raw: bytes, now: dt.datetime) -> PassportCheck:
    """Verifies a document against the platform's public key at `now`, and whether the platform
    revoked it; revocation is looked up only for documents whose signature holds."""
    verification = engine.verify_json(raw, public_key=platform_public_key(), now=now)
    revoked_at = None
    if verification.passport is not None:
        revoked_at = _revoked_at(verification.passport.passport_id)
    return PassportCheck(verification=verification, revoked_at=revoked_at)


def _revoked_at(passport_id: str) -> dt.datetime | None:
    try:
        key = uuid.UUID(passport_id)
    except ValueError:
        return None  # signed by the platform key but not issued here: never revoked here
    return (
        Passport.objects.filter(passport_id=key, revoked_at__isnull=False)
        .values_list("revoked_at", flat=True)
        .first()
    )
