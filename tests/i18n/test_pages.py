"""Every page a role can reach renders in Chinese and Russian, no English interface text left."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from runway.deals.models import DealState
from runway.deals.tests.factories import DealFactory
from runway.investors.services import grid_create
from runway.investors.tests.factories import RBF_GRID as RBF
from runway.investors.tests.factories import MandateFactory
from runway.matching.models import Match
from runway.matching.tests.factories import store_history
from runway.metrics.models import MonthlyKPI
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import BAD_ORDERS_CSV, upload
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.passports.services import passport_issue
from runway.programs.models import Application
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory
from tests.i18n.catalogue import catalogue

pytestmark = pytest.mark.django_db

TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.DOTALL)
SPACES = re.compile(r"\s+")


@cache
def english_phrases() -> tuple[str, ...]:
    """Interface messages long enough that finding one verbatim means it was not translated."""
    phrases = set()
    for entry in catalogue("ru"):
        text = entry.msgid.strip()
        if "%" in text or "<" in text or len(text) < 12 or " " not in text:
            continue
        phrases.add(SPACES.sub(" ", text))
    return tuple(sorted(phrases))


def visible_text(html: str) -> str:
    return SPACES.sub(" ", TAGS.sub(" ", html))


def pages_for(kind: str) -> tuple[Any, list[str]]:
    if kind == "anonymous":
        urls = [
            "dashboard:home",
            "accounts:login",
            "accounts:signup",
            "accounts:password_reset",
            "passports:verify",
            "directory:list",
        ]
        return None, [reverse(name) for name in urls]
    actor = make_actor(kind=kind, role=Role.OWNER, is_verified=True)
    urls = [
        reverse("dashboard:home"),
        reverse("accounts:profile"),
        reverse("orgs:detail"),
        reverse("orgs:edit"),
        reverse("orgs:invite"),
        reverse("orgs:create"),
        reverse("api_tokens:list"),
        reverse("ventures:list"),
        reverse("ventures:round_list"),
    ]
    other = FundingRoundFactory(status=RoundStatus.OPEN)
    program = ProgramFactory()
    urls += [
        reverse("notifications:list"),
        reverse("programs:list"),
        reverse("programs:detail", args=[program.pk]),
    ]
    urls += [reverse("ventures:detail", args=[other.venture.pk])]
    urls += [
        reverse("directory:list"),
        reverse("directory:profile", args=[other.venture.organization.slug]),
    ]
    urls += [reverse("ventures:round_detail", args=[other.pk])]
    if kind == OrganizationKind.VENTURE:
        venture = VentureFactory(organization=actor.organization)
        own = FundingRoundFactory(venture=venture, status=RoundStatus.DRAFT)
        venture_deal = DealFactory(
            funding_round=FundingRoundFactory(venture=venture), state=DealState.INTRO_REQUESTED
        )
        job = import_job_run(
            job=import_job_create(
                actor=None, venture=venture, upload=upload(BAD_ORDERS_CSV), enqueue=False
            )
        )
        good = import_job_run(
            job=import_job_create(actor=None, venture=venture, upload=upload(), enqueue=False)
        )
        passport, token = passport_issue(
            actor=actor,
            venture=venture,
            period_from=dt.date(2025, 1, 1),  # the months of the metrics test export
            period_to=dt.date(2025, 3, 1),
            valid_days=30,
        )
        urls += [
            reverse("passports:list", args=[venture.pk]),
            reverse("passports:detail", args=[passport.passport_id]),
            reverse("passports:share", args=[token]),
            reverse("metrics:traction", args=[venture.pk]),
            reverse("metrics:import_create", args=[venture.pk]),
            reverse("metrics:job", args=[job.pk]),
            reverse("metrics:job", args=[good.pk]),
            reverse("ventures:edit", args=[venture.pk]),
            reverse("ventures:round_create"),
            reverse("ventures:round_detail", args=[own.pk]),
            reverse("ventures:round_edit", args=[own.pk]),
            reverse("metrics:figures_create", args=[venture.pk]),
            reverse("metrics:traffic_create", args=[venture.pk]),
            reverse("matching:capital"),
            reverse("deals:list"),
            reverse("deals:data_room"),
            reverse("deals:detail", args=[venture_deal.pk]),
        ]
        # Two years of figures up to last month, so the capital page shows offers, not only
        # declines (they replace the test export's three months).
        MonthlyKPI.objects.filter(venture=venture).delete()
        store_history(venture)
        lender = make_actor(kind=OrganizationKind.INVESTOR, category="revenue_lender")
        grid_create(actor=lender, **RBF)
    if kind == OrganizationKind.INVESTOR:
        mandate = MandateFactory(organization=actor.organization)
        urls += [
            reverse("investors:mandate_list"),
            reverse("investors:mandate_create"),
            reverse("investors:mandate_detail", args=[mandate.pk]),
            reverse("investors:mandate_edit", args=[mandate.pk]),
            reverse("investors:grid_list"),
            reverse("investors:grid_create"),
            reverse("investors:grid_edit", args=[grid_create(actor=actor, **RBF).pk]),
            reverse("matching:investor_matches"),
            reverse("deals:list"),
            reverse("deals:detail", args=[DealFactory(investor=actor.organization).pk]),
            reverse("matching:match_detail", args=[match_for(mandate, other, program).pk]),
        ]
    if kind == OrganizationKind.GOVERNMENT:
        own_program = ProgramFactory(organization=actor.organization)
        Application.objects.create(
            program=own_program, venture=other.venture, amount=Decimal(1000), currency="CNY"
        )
        urls += [
            reverse("programs:create"),
            reverse("programs:edit", args=[own_program.pk]),
            reverse("programs:detail", args=[own_program.pk]),
            reverse("programs:dashboard"),
        ]
    return actor, urls


def match_for(mandate: Any, funding_round: Any, program: Any) -> Match:
    """A stored match, as the matching service writes them, to render its page."""
    return Match.objects.create(
        mandate=mandate,
        funding_round=funding_round,
        score=Decimal("72.50"),
        rank_for_mandate=1,
        rank_for_round=1,
        explanation=[{"component": "sector", "value": 1.0, "weight": 0.3, "points": 30.0}],
        engine_version="test",
    )


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
@pytest.mark.parametrize(
    "kind",
    ["anonymous", *[kind.value for kind in OrganizationKind]],
)
def test_pages_have_no_untranslated_interface_text(kind: str, language: str) -> None:
    actor, urls = pages_for(kind)
    client = Client()
    client.cookies["django_language"] = language
    if actor is not None:
        client.force_login(actor.user)
    leftovers: dict[str, list[str]] = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found = [phrase for phrase in english_phrases() if phrase in text]
        if found:
            leftovers[url] = found
    assert leftovers == {}
