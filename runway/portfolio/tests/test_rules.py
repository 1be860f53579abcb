"""The alert rules on plain values: thresholds at and around their edges, hand-checked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from runway.portfolio import rules

D = Decimal


def test_runway_below_six_months_is_low_exactly_six_is_not() -> None:
    assert rules.runway_is_low(D("5.9"))
    assert not rules.runway_is_low(D("6.0"))
    assert not rules.runway_is_low(D("6"))
    assert rules.runway_is_low(D("0"))
    assert not rules.runway_is_low(None)  # nothing burnt


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (dt.date(2026, 11, 10), dt.date(2026, 9, 1)),  # October is due by the end of today
        (dt.date(2026, 11, 11), dt.date(2026, 10, 1)),
        (dt.date(2026, 11, 30), dt.date(2026, 10, 1)),
        (dt.date(2026, 12, 1), dt.date(2026, 10, 1)),
        (dt.date(2027, 1, 11), dt.date(2026, 12, 1)),  # across a new year
        (dt.date(2027, 1, 5), dt.date(2026, 11, 1)),
    ],
)
def test_the_month_due_is_last_month_only_after_the_tenth(today: dt.date, due: dt.date) -> None:
    assert rules.due_month(today) == due
    assert rules.due_date(due) == rules.months_before(due, -1).replace(day=10)


def test_the_due_day_can_be_another() -> None:
    assert rules.due_month(dt.date(2026, 11, 6), due_day=5) == dt.date(2026, 10, 1)
    assert rules.due_month(dt.date(2026, 11, 5), due_day=5) == dt.date(2026, 9, 1)
    assert rules.due_date(dt.date(2026, 12, 1), due_day=5) == dt.date(2027, 1, 5)


def test_a_fall_of_exactly_thirty_percent_is_no_drop_thirty_one_is() -> None:
    last, now = dt.date(2025, 10, 1), dt.date(2026, 10, 1)
    frame = rules.kpi_frame(
        [
            # 700 / 1000 - 1 is -0.30000000000000004 in binary floating point: still no drop.
            (1, last, True, D("1000.00"), "CNY"), (1, now, True, D("700.00"), "CNY"),
            (2, last, True, D("1000.00"), "CNY"), (2, now, True, D("690.00"), "CNY"),
            (3, last, True, D("1000.00"), "CNY"), (3, now, True, D("699.99"), "CNY"),
        ]
    )  # fmt: skip
    drops = rules.drops_of(rules.revenue_drops(frame))
    assert [(d.venture_id, d.month, d.net_revenue, d.last_year) for d in drops] == [
        (2, now, D("690.00"), D("1000.00")),
        (3, now, D("699.99"), D("1000.00")),
    ]
    assert drops[0].change == D("-0.3100")


def test_only_the_latest_complete_month_against_a_complete_one_a_year_before_counts() -> None:
    frame = rules.kpi_frame(
        [
            # Venture 1: the running month is partial and low; the latest complete one held up.
            (1, dt.date(2025, 9, 1), True, D("1000"), "CNY"),
            (1, dt.date(2025, 10, 1), True, D("1000"), "CNY"),
            (1, dt.date(2026, 9, 1), True, D("950"), "CNY"),
            (1, dt.date(2026, 10, 1), False, D("100"), "CNY"),
            # Venture 2: a year before was partial (the shop opened mid-month): no base.
            (2, dt.date(2025, 10, 1), False, D("1000"), "CNY"),
            (2, dt.date(2026, 10, 1), True, D("10"), "CNY"),
            # Venture 3: no month a year before at all.
            (3, dt.date(2026, 10, 1), True, D("10"), "CNY"),
            # Venture 4: nothing sold a year before, so no fall to measure.
            (4, dt.date(2025, 10, 1), True, D("0"), "CNY"),
            (4, dt.date(2026, 10, 1), True, D("0"), "CNY"),
            # Venture 5: another currency a year before: not comparable.
            (5, dt.date(2025, 10, 1), True, D("1000"), "USD"),
            (5, dt.date(2026, 10, 1), True, D("10"), "CNY"),
            # Venture 6: an older month fell, the latest did not.
            (6, dt.date(2025, 9, 1), True, D("1000"), "CNY"),
            (6, dt.date(2025, 10, 1), True, D("1000"), "CNY"),
            (6, dt.date(2026, 9, 1), True, D("100"), "CNY"),
            (6, dt.date(2026, 10, 1), True, D("1200"), "CNY"),
        ]
    )
    assert rules.drops_of(rules.revenue_drops(frame)) == []


def test_updates_and_latest_months() -> None:
    frame = rules.kpi_frame(
        [
            (1, dt.date(2026, 10, 1), True, D("1"), "CNY"),
            (2, dt.date(2026, 10, 1), False, D("1"), "CNY"),  # partial: not an update
            (2, dt.date(2026, 9, 1), True, D("1"), "CNY"),
            (3, dt.date(2026, 8, 1), True, D("1"), "CNY"),
        ]
    )
    assert rules.updated_ventures(frame, month=dt.date(2026, 10, 1)) == {1}
    assert rules.latest_months(frame) == {
        1: dt.date(2026, 10, 1),
        2: dt.date(2026, 9, 1),
        3: dt.date(2026, 8, 1),
    }


def test_no_rows_no_alerts() -> None:
    empty = rules.kpi_frame([])
    assert rules.drops_of(rules.revenue_drops(empty)) == []
    assert rules.updated_ventures(empty, month=dt.date(2026, 10, 1)) == set()
