"""The nightly alert run: which alerts it finds, hand-checked at the edges; that it never repeats
one; that each new alert notifies its holder; and the rules on a real retailer's history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from runway.metrics.models import MonthlyKPI
from runway.metrics.services import import_job_create, import_job_run
from runway.notifications.models import Notification
from runway.notifications.wording import text_of
from runway.orgs.models import OrganizationKind
from runway.orgs.tests.factories import OrganizationFactory
from runway.portfolio.models import Alert
from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.tests.factories import (
    HoldingFactory,
    founder,
    investor_org,
    month,
    months,
    snapshot,
    year_of,
)
from runway.ventures.models import Venture
from runway.ventures.tests.factories import FundingRoundFactory
from tests.shared_data import SHARED_DATA, shared_data_mark

pytestmark = pytest.mark.django_db

CDNOW = SHARED_DATA / "cdnow" / "CDNOW_master.txt"
# After the 10th: October 2026's figures are overdue on this day.
NIGHT = dt.date(2026, 11, 20)


def _up_to_date(venture: Venture) -> None:
    """Every month from a year before October 2026 to October 2026, flat: no alert of its own."""
    months(venture, year_of(month(2025, 10), [1000] * 13))


def _kinds() -> list[tuple[str, str]]:
    return sorted((a.kind, f"{a.period:%Y-%m}") for a in Alert.objects.all())


def test_runway_exactly_six_months_is_fine_five_point_nine_alerts() -> None:
    low, six, profitable, silent = (HoldingFactory() for _ in range(4))
    for holding in (low, six, profitable, silent):
        _up_to_date(holding.venture)
    snapshot(low.venture, cash="59000.00", burn="10000.00", as_of=dt.date(2026, 10, 31))
    snapshot(six.venture, cash="60000.00", burn="10000.00")
    snapshot(profitable.venture, cash="1000.00", burn="0")
    # `silent` never stated its cash: its runway is unknown, which is not an alert.

    run = portfolio_alerts_run(today=NIGHT)

    assert [(a.venture_id, a.kind) for a in run.created] == [(low.venture_id, "low_runway")]
    alert = run.created[0]
    assert alert.investor == low.investor
    assert alert.holding == low
    assert alert.period == dt.date(2026, 10, 1)
    assert alert.values == {
        "months": "5.9", "cash": "59000.00", "monthly_burn": "10000.00", "currency": "CNY",
        "as_of": "2026-10-31",
    }  # fmt: skip
    assert run.holdings == 4
    assert run.ventures == 4


def test_runway_is_compared_as_shown_to_a_tenth_of_a_month() -> None:
    rounded_up, rounded_down = HoldingFactory(), HoldingFactory()
    for holding in (rounded_up, rounded_down):
        _up_to_date(holding.venture)
    snapshot(rounded_up.venture, cash="59600.00", burn="10000.00")  # 5.96 shows as 6.0
    snapshot(rounded_down.venture, cash="59400.00", burn="10000.00")  # 5.94 shows as 5.9
    assert [a.venture_id for a in portfolio_alerts_run(today=NIGHT).created] == [
        rounded_down.venture_id
    ]


def test_only_the_latest_snapshot_counts() -> None:
    holding = HoldingFactory()
    _up_to_date(holding.venture)
    snapshot(holding.venture, cash="10000.00", burn="10000.00", as_of=dt.date(2026, 9, 30))
    snapshot(holding.venture, cash="200000.00", burn="10000.00", as_of=dt.date(2026, 10, 31))
    assert portfolio_alerts_run(today=NIGHT).created == []


def test_net_revenue_down_thirty_percent_is_fine_thirty_one_alerts() -> None:
    thirty, thirty_one = HoldingFactory(), HoldingFactory()
    months(thirty.venture, year_of(month(2025, 10), [1000] * 12 + [700]))
    months(thirty_one.venture, year_of(month(2025, 10), [1000] * 12 + [690]))

    run = portfolio_alerts_run(today=NIGHT)

    assert [(a.venture_id, a.kind) for a in run.created] == [
        (thirty_one.venture_id, "revenue_drop")
    ]
    alert = run.created[0]
    assert alert.period == dt.date(2026, 10, 1)
    assert alert.values == {
        "month": "2026-10", "net_revenue": "690.00", "last_year": "1000.00", "currency": "CNY",
        "change": "-0.3100",
    }  # fmt: skip
    # The platform's own stored growth agrees with the rule on both ventures.
    latest = MonthlyKPI.objects.get(venture=thirty.venture, month=month(2026, 10))
    assert latest.net_revenue_yoy == Decimal("-0.300000")


@pytest.mark.parametrize(
    ("today", "alerted"),
    [
        (dt.date(2026, 11, 10), []),  # October is due by the end of the 10th
        (dt.date(2026, 11, 11), [("missed_update", "2026-10")]),
    ],
)
def test_last_months_figures_are_due_by_the_tenth(
    today: dt.date, alerted: list[tuple[str, str]]
) -> None:
    holding = HoldingFactory(acquired_on=dt.date(2025, 6, 30))
    months(holding.venture, year_of(month(2025, 9), [1000] * 13))  # up to September 2026
    portfolio_alerts_run(today=today)
    assert _kinds() == alerted
    if alerted:
        alert = Alert.objects.get()
        assert alert.values == {"month": "2026-10", "due": "2026-11-10", "latest_month": "2026-09"}


def test_a_late_update_stops_further_alerts_but_keeps_the_one_given() -> None:
    holding = HoldingFactory()
    months(holding.venture, year_of(month(2025, 9), [1000] * 13))
    assert len(portfolio_alerts_run(today=dt.date(2026, 11, 11)).created) == 1
    months(holding.venture, {month(2026, 10): 1000})
    assert portfolio_alerts_run(today=dt.date(2026, 11, 12)).created == []
    assert _kinds() == [("missed_update", "2026-10")]


def test_the_due_day_is_a_setting(settings: Any) -> None:
    settings.PORTFOLIO_UPDATE_DUE_DAY = 5
    holding = HoldingFactory()
    months(holding.venture, year_of(month(2025, 9), [1000] * 13))
    assert portfolio_alerts_run(today=dt.date(2026, 11, 5)).created == []
    assert [a.values["due"] for a in portfolio_alerts_run(today=dt.date(2026, 11, 6)).created] == [
        "2026-11-05"
    ]


def test_a_venture_with_no_figures_at_all_has_missed_its_update() -> None:
    holding = HoldingFactory()
    alert = portfolio_alerts_run(today=NIGHT).created[0]
    assert (alert.venture_id, alert.kind, alert.values["latest_month"]) == (
        holding.venture_id, "missed_update", None,
    )  # fmt: skip


def test_updates_due_before_the_holder_invested_are_not_its_concern() -> None:
    HoldingFactory(acquired_on=dt.date(2026, 11, 15))  # after October's due date, Nov 10
    assert portfolio_alerts_run(today=NIGHT).created == []


def test_running_again_adds_nothing_and_notifies_once() -> None:
    holding = HoldingFactory()
    months(holding.venture, year_of(month(2025, 10), [1000] * 12 + [500]))
    snapshot(holding.venture, cash="30000.00", burn="10000.00")

    first = portfolio_alerts_run(today=NIGHT)
    again = portfolio_alerts_run(today=NIGHT)
    next_night = portfolio_alerts_run(today=NIGHT + dt.timedelta(days=1))

    assert sorted(a.kind for a in first.created) == ["low_runway", "revenue_drop"]
    assert again.created == []
    assert next_night.created == []
    assert Alert.objects.count() == 2
    notes = Notification.objects.filter(organization=holding.investor).order_by("verb")
    assert [n.verb for n in notes] == ["portfolio_low_runway", "portfolio_revenue_drop"]
    assert all(n.url == f"/portfolio/{holding.pk}/" for n in notes)
    name = holding.venture.name
    assert [text_of(n) for n in notes] == [
        f"{name} has 3.0 months of cash left at its current burn (as of 2026-10-31).",
        f"Net revenue of {name} in 2026-10 is 50.0% below the same month last year.",
    ]


def test_a_new_snapshot_in_a_later_month_alerts_again() -> None:
    holding = HoldingFactory()
    _up_to_date(holding.venture)
    snapshot(holding.venture, cash="30000.00", burn="10000.00", as_of=dt.date(2026, 9, 30))
    portfolio_alerts_run(today=NIGHT)
    snapshot(holding.venture, cash="20000.00", burn="10000.00", as_of=dt.date(2026, 10, 31))
    portfolio_alerts_run(today=NIGHT)
    assert _kinds() == [("low_runway", "2026-09"), ("low_runway", "2026-10")]


def test_each_holder_is_told_once_per_venture_whatever_its_number_of_holdings() -> None:
    first = HoldingFactory(acquired_on=dt.date(2025, 1, 10))
    follow_on = HoldingFactory(
        investor=first.investor,
        funding_round=FundingRoundFactory(venture=first.venture, title="Series A"),
        acquired_on=dt.date(2026, 3, 1),
    )
    other = HoldingFactory(funding_round=follow_on.funding_round, investor=investor_org())
    government = HoldingFactory(
        funding_round=first.funding_round,
        investor=OrganizationFactory(kind=OrganizationKind.GOVERNMENT),
    )
    _up_to_date(first.venture)
    snapshot(first.venture, cash="10000.00", burn="10000.00")

    created = portfolio_alerts_run(today=NIGHT).created

    assert sorted((a.investor_id, a.holding_id) for a in created) == sorted(
        [(first.investor_id, first.pk), (other.investor_id, other.pk),
         (government.investor_id, government.pk)]
    )  # fmt: skip
    for investor_id in (first.investor_id, other.investor_id, government.investor_id):
        assert Notification.objects.filter(organization_id=investor_id).count() == 1


def test_ventures_nobody_holds_are_not_watched() -> None:
    venture = FundingRoundFactory().venture
    snapshot(venture, cash="1000.00", burn="10000.00")
    run = portfolio_alerts_run(today=NIGHT)
    assert (run.created, run.holdings, run.ventures) == ([], 0, 0)


def _import(venture: Venture, content: bytes, name: str) -> None:
    job = import_job_create(
        actor=founder(venture),
        venture=venture,
        upload=ContentFile(content, name=name),
        enqueue=False,
    )
    import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == "succeeded", job.rejection_reason


@shared_data_mark(CDNOW)
@pytest.mark.parametrize(
    ("last_month", "expected"),
    [
        # June 1998 net revenue 76,109.30 against 108,395.87 in June 1997: down 29.8%, no alert.
        ("199806", []),
        # The export taken a month earlier ends in May: 70,989.66 against 107,933.30, down 34.2%.
        ("199805", [("revenue_drop", "1998-05", "70989.66", "107933.30", "-0.3423")]),
    ],
)
def test_cdnow_the_real_retailers_fall_is_measured_on_its_latest_complete_month(
    tmp_path: Path, last_month: str, expected: list[tuple[str, ...]]
) -> None:
    """CDNOW's 1997 cohort bought less every month; June 1998 is just inside the threshold."""
    lines = CDNOW.read_bytes().splitlines(keepends=True)
    kept = [lines[0]] + [line for line in lines[1:] if line.split()[1][:6] <= last_month.encode()]
    holding = HoldingFactory(acquired_on=dt.date(1997, 12, 31), currency="USD")
    _import(holding.venture, b"".join(kept), "CDNOW_master.txt")

    due_night = dt.date(int(last_month[:4]), int(last_month[4:]) + 1, 11)
    created = portfolio_alerts_run(today=due_night).created

    assert [
        (a.kind, a.values["month"], a.values["net_revenue"], a.values["last_year"],
         a.values["change"])
        for a in created
    ] == expected  # fmt: skip
    # The rule and the platform's stored growth say the same of the latest complete month.
    latest = MonthlyKPI.objects.filter(venture=holding.venture, complete=True).latest("month")
    assert (latest.net_revenue_yoy < Decimal("-0.30")) == bool(expected)
    # A month later nothing new was imported: the update is missed, the fall already told.
    later = portfolio_alerts_run(today=due_night + dt.timedelta(days=31)).created
    assert [(a.kind, a.values["latest_month"]) for a in later] == [
        ("missed_update", f"{last_month[:4]}-{last_month[4:]}")
    ]
