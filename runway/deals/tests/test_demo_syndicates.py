"""The demo's syndicates, built through the services on a small demo, and deleted with it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from runway.deals.models import Commitment, CommitmentKind, CommitmentStatus, ProgramReservation
from runway.demo.commitments import delete_demo_syndicates
from runway.demo.services import _demo_organizations, demo_build, demo_delete
from runway.notifications.models import Notification
from runway.orgs.models import Organization
from runway.portfolio.models import Holding
from runway.ventures.models import FundingRound, RoundStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_gets_a_syndicate_a_closed_round_and_a_follow_on() -> None:
    demo_build(scale=0.05, months=2)  # builds the syndicates after the catalogue

    syndicate = FundingRound.objects.get(
        venture__organization__slug="silkroad-trade", title="Pre-A 轮"
    )
    assert syndicate.lead_investor == Organization.objects.get(slug="pengcheng-capital")
    hard = Commitment.objects.filter(funding_round=syndicate, kind=CommitmentKind.HARD)
    assert hard.count() == 4
    assert sum(c.amount for c in hard) == Decimal("6500000")
    assert Commitment.objects.filter(funding_round=syndicate, kind=CommitmentKind.SOFT).exists()

    closed = FundingRound.objects.get(
        venture__organization__slug="futian-chipstock", title="种子轮"
    )
    assert closed.status == RoundStatus.CLOSED
    private = Holding.objects.filter(funding_round=closed, program__isnull=True)
    assert private.count() == 3
    # The guidance fund's co-investment program took its share and holds it too.
    public = Holding.objects.get(funding_round=closed, program__isnull=False)
    assert public.amount == Decimal("900000.00")
    assert set(
        Commitment.objects.filter(funding_round=closed).values_list("status", flat=True)
    ) == {CommitmentStatus.CONVERTED}
    assert Notification.objects.filter(verb="follow_on_offer").count() == 3

    with transaction.atomic():
        delete_demo_syndicates(_demo_organizations())
    assert demo_delete() > 0
    assert not Holding.objects.exists()
    assert not ProgramReservation.objects.exists()
