"""The nightly work as the worker and an operator run it: tasks, the management command, the
admin, and the database's own refusal of a repeated alert."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from runway.orgs.tests.factories import UserFactory
from runway.portfolio import tasks
from runway.portfolio.models import Alert, AlertKind
from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.tests.factories import HoldingFactory, holder, month, months, year_of

pytestmark = pytest.mark.django_db


def test_the_tasks_find_alerts_then_send_digests() -> None:
    holding = HoldingFactory()  # never reported: a missed update whatever today is
    holder(holding)
    assert tasks.portfolio_alerts.enqueue().return_value == 1
    assert tasks.portfolio_alerts.enqueue().return_value == 0
    assert tasks.portfolio_digests.enqueue().return_value == 1
    assert tasks.portfolio_digests.enqueue().return_value == 0
    assert len(mail.outbox) == 1


def test_the_command_runs_both_and_says_what_it_did() -> None:
    holding = HoldingFactory()
    months(holding.venture, year_of(month(2025, 9), [1000] * 13))  # up to September 2026
    holder(holding)
    out = io.StringIO()
    call_command("portfolio_alerts", "--date", "2026-11-10", stdout=out)
    assert "2026-11-10: 0 new alerts over 1 holdings in 1 ventures" in out.getvalue()
    out = io.StringIO()
    call_command("portfolio_alerts", "--date", "2026-11-11", stdout=out)
    assert "2026-11-11: 1 new alerts over 1 holdings in 1 ventures" in out.getvalue()
    assert "1 digests sent, 0 already sent today" in out.getvalue()
    out = io.StringIO()
    call_command("portfolio_alerts", "--no-alerts", stdout=out)
    assert "new alerts" not in out.getvalue()
    assert "0 digests sent, 1 already sent today" in out.getvalue()


def test_the_command_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="not a date"):
        call_command("portfolio_alerts", "--date", "11/11/2026", stdout=io.StringIO())


def test_the_database_refuses_a_second_alert_for_the_same_month() -> None:
    holding = HoldingFactory()
    fields = {
        "investor": holding.investor, "venture": holding.venture,
        "kind": AlertKind.MISSED_UPDATE, "period": dt.date(2026, 10, 1),
    }  # fmt: skip
    Alert.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**{**fields, "period": dt.date(2026, 10, 15)})


@pytest.mark.parametrize(
    "name",
    [
        "admin:portfolio_holding_changelist",
        "admin:portfolio_alert_changelist",
        "admin:portfolio_digestpreference_changelist",
        "admin:portfolio_digestdelivery_changelist",
        "admin:portfolio_metricsaccessevent_changelist",
    ],
)
def test_operators_read_everything_in_the_admin_and_change_nothing(
    client: Client, name: str
) -> None:
    holding = HoldingFactory()
    holder(holding)
    portfolio_alerts_run(today=dt.date(2026, 11, 20))
    tasks.portfolio_digests.enqueue()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse(name.replace("changelist", "add"))).status_code == 403
