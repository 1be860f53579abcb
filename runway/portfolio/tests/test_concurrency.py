"""Nightly runs that overlap (two workers, a manual run during the scheduled one) still store
each alert once, notify once and e-mail each member once (PostgreSQL, real threads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core import mail

from runway.notifications.models import Notification
from runway.portfolio.models import Alert, DigestDelivery
from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.services.digests import digests_send
from runway.portfolio.tests.factories import (
    HoldingFactory,
    holder,
    investor_org,
    snapshot,
    user_of,
)
from tests.concurrency.test_invariants import run_at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy"),
    pytest.mark.xdist_group("concurrency"),
]

RUNS = 12


def test_overlapping_runs_store_and_notify_each_alert_once() -> None:
    investor = investor_org()
    holdings = [HoldingFactory(investor=investor) for _ in range(5)]
    for holding in holdings:
        snapshot(holding.venture, cash="20000.00", burn="10000.00")
    calls: list[Callable[[], Any]] = [
        partial(portfolio_alerts_run, today=dt.date(2026, 11, 20)) for _ in range(RUNS)
    ]

    results = run_at_once(calls)

    assert [r for r in results if isinstance(r, Exception)] == []
    # Each venture: a short runway and a missed update, told once whoever stored it.
    assert sum(len(r.created) for r in results) == 10
    assert Alert.objects.count() == 10
    assert Notification.objects.filter(organization=investor).count() == 10


def test_overlapping_digest_runs_send_each_member_one_email() -> None:
    holding = HoldingFactory()
    readers = [holder(holding) for _ in range(3)]
    portfolio_alerts_run(today=dt.date(2026, 11, 20))
    mail.outbox = []

    results = run_at_once([digests_send for _ in range(RUNS)])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(r.sent for r in results) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user_of(r).email for r in readers)
    assert DigestDelivery.objects.count() == 3
