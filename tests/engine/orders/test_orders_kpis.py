"""Monthly KPIs, growth, trailing totals, traffic and cohorts on orders small enough to check by
hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from runway.engine.orders import cohort_retention, monthly_kpis, traction, with_traffic

SHANGHAI = ZoneInfo("Asia/Shanghai")


def orders(*rows: tuple[str, dt.datetime, str | None, str, str, str | None]) -> pl.DataFrame:
    """(order_id, ordered_at, customer_id, amount, status, refund_amount) rows."""
    frame = pl.DataFrame(
        rows,
        schema=["order_id", "ordered_at", "customer_id", "amount", "status", "refund_amount"],
        orient="row",
    )
    return frame.with_columns(
        pl.col("ordered_at").dt.replace_time_zone("Asia/Shanghai"),
        pl.col("amount").cast(pl.Decimal(18, 2)),
        pl.col("refund_amount").cast(pl.Decimal(18, 2)),
    )


def at(year: int, month: int, day: int = 1, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour)  # noqa: DTZ001  made aware by `orders`


def test_refunds_cancellations_and_net_revenue_per_month() -> None:
    kpis = monthly_kpis(
        orders(
            ("1", at(2026, 1, 1), "a", "100.00", "completed", "0"),
            ("2", at(2026, 1, 2), "b", "50.00", "cancelled", "0"),  # reversed in full
            ("3", at(2026, 1, 3), "a", "30.00", "completed", "10.00"),  # partial refund
            ("4", at(2026, 1, 31), None, "20.00", "refunded", None),  # no figure: in full
            ("5", at(2026, 1, 31, 23), "c", "0.01", "other", None),
        )
    )
    january = kpis.row(0, named=True)
    assert january["gmv"] == Decimal("200.01")
    assert january["refunds"] == Decimal("80.00")
    assert january["net_revenue"] == Decimal("120.01")
    assert (january["orders"], january["cancelled_orders"], january["buyers"]) == (5, 1, 3)
    assert january["aov"] == Decimal("40.00")
    assert january["refund_rate"] == pytest.approx(80 / 200.01)


def test_months_without_orders_are_kept_and_growth_uses_complete_months_only() -> None:
    kpis = monthly_kpis(
        orders(
            ("1", at(2025, 1, 1, 0), "a", "100", "completed", "0"),
            ("2", at(2025, 3, 5), "a", "150", "completed", "0"),
            ("3", at(2025, 4, 30, 23), "b", "300", "completed", "0"),
            ("4", at(2025, 5, 10), "b", "60", "completed", "0"),
        )
    )
    assert kpis["month"].to_list() == [dt.date(2025, m, 1) for m in range(1, 6)]
    assert kpis["orders"].to_list() == [1, 0, 1, 1, 1]
    assert kpis["complete"].to_list() == [True, True, True, True, False]
    assert kpis["days"].to_list() == [31, 28, 31, 30, 10]
    assert kpis["gmv_mom"].to_list() == [None, -1.0, None, 1.0, None]  # no base in February


def test_new_and_returning_buyers() -> None:
    kpis = monthly_kpis(
        orders(
            ("1", at(2026, 1, 5), "a", "10", "completed", "0"),
            ("2", at(2026, 1, 6), "a", "10", "completed", "0"),
            ("3", at(2026, 2, 1), "a", "10", "completed", "0"),
            ("4", at(2026, 2, 2), "b", "10", "completed", "0"),
            ("5", at(2026, 2, 3), None, "10", "completed", "0"),
        )
    )
    assert kpis.select("buyers", "new_buyers", "returning_buyers").rows() == [(1, 1, 0), (2, 1, 1)]
    assert kpis["repeat_buyer_rate"].to_list() == [0.0, 0.5]


def test_year_over_year_and_trailing_twelve_months() -> None:
    rows = [
        (str(i), at(2024 + (i - 1) // 12, (i - 1) % 12 + 1, 15), "a", f"{i}.00", "completed", "0")
        for i in range(1, 26)
    ]
    rows[-1] = ("25", at(2026, 1, 31), "a", "25.00", "completed", "0")  # January 2026 complete
    kpis = monthly_kpis(orders(*rows))
    ttm = dict(zip(kpis["month"].to_list(), kpis["gmv_ttm"].to_list(), strict=True))
    yoy = dict(zip(kpis["month"].to_list(), kpis["gmv_yoy"].to_list(), strict=True))
    # The first month (from the 15th) and the last (to the 31st) decide what is complete.
    assert kpis["complete"][0] is False
    assert ttm[dt.date(2024, 12, 1)] is None  # its twelve months include the partial January
    assert ttm[dt.date(2025, 1, 1)] == sum(Decimal(i) for i in range(2, 14))
    assert ttm[dt.date(2025, 2, 1)] == sum(Decimal(i) for i in range(3, 15))
    assert ttm[dt.date(2026, 1, 1)] == sum(Decimal(i) for i in range(14, 26))
    assert yoy[dt.date(2025, 3, 1)] == pytest.approx(15 / 3 - 1)
    assert yoy[dt.date(2025, 1, 1)] is None


def test_reversal_lines_are_dated_when_they_happened() -> None:
    frame = orders(
        ("489434", at(2010, 11, 30), "13085", "83.40", "completed", None),
        ("C489434", at(2010, 12, 2), "13085", "0", "completed", "13.90"),
    ).with_columns(line=pl.Series(["sale", "reversal"]))
    kpis = monthly_kpis(frame)
    assert kpis.select(
        "month", "gmv", "refunds", "orders", "cancelled_orders", "buyers"
    ).rows() == [
        (dt.date(2010, 11, 1), Decimal("83.40"), Decimal("0.00"), 1, 0, 1),
        (dt.date(2010, 12, 1), Decimal("0.00"), Decimal("13.90"), 0, 1, 0),
    ]
    assert kpis["net_revenue"][1] == Decimal("-13.90")


@pytest.mark.parametrize(
    ("amounts", "gmv"),
    [
        (["0.004"], "0.00"),
        (["0.004", "0.004"], "0.01"),  # summed exactly, then rounded: not 0.00 + 0.00
        (["0.005"], "0.00"),  # half to even
        (["0.015"], "0.02"),
    ],
)
def test_money_is_rounded_once_per_month_half_to_even(amounts: list[str], gmv: str) -> None:
    lines = pl.concat(
        orders((str(i), at(2026, 1, 1), "a", "0", "completed", "0")).with_columns(
            amount=pl.lit(Decimal(amount)).cast(pl.Decimal(18, 4))
        )
        for i, amount in enumerate(amounts)
    )
    assert monthly_kpis(lines)["gmv"][0] == Decimal(gmv)


def test_traffic_adds_visits_page_views_and_conversion() -> None:
    kpis = monthly_kpis(
        orders(
            ("1", at(2026, 1, 5), "a", "10", "completed", "0"),
            ("2", at(2026, 1, 6), "b", "10", "completed", "0"),
            ("3", at(2026, 2, 6), "b", "10", "completed", "0"),
        )
    )
    traffic = pl.DataFrame(
        {
            "date": [dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 2, 1)],
            "visits": [100, 100, 0],
            "page_views": [500, 300, 10],
        }
    )
    merged = with_traffic(kpis, traffic)
    assert merged.select("visits", "page_views", "conversion").rows() == [
        (200, 800, 0.01),
        (0, 10, None),
    ]
    assert merged.columns[:3] == ["month", "days", "complete"]
    assert traction(
        orders(("1", at(2026, 1, 5), "a", "10", "completed", "0")), traffic=traffic
    ).kpis["visits"].to_list() == [200]


def test_cohorts_count_buyers_by_first_month_and_months_since() -> None:
    cohorts = cohort_retention(
        orders(
            ("1", at(2026, 1, 5), "a", "10", "completed", "0"),
            ("2", at(2026, 1, 6), "b", "10", "completed", "0"),
            ("3", at(2026, 3, 6), "a", "10", "completed", "0"),
            ("4", at(2026, 3, 7), "a", "10", "completed", "0"),
            ("5", at(2026, 2, 7), "c", "10", "completed", "0"),
            ("6", at(2026, 3, 8), "c", "10", "completed", "0"),
            ("7", at(2026, 3, 9), None, "10", "completed", "0"),
        )
    )
    assert cohorts.rows() == [
        (dt.date(2026, 1, 1), 0, 2, 2, 1.0),
        (dt.date(2026, 1, 1), 2, 1, 2, 0.5),
        (dt.date(2026, 2, 1), 0, 1, 1, 1.0),
        (dt.date(2026, 2, 1), 1, 1, 1, 1.0),
    ]


def test_an_order_counts_in_the_month_of_its_local_time() -> None:
    utc_evening = dt.datetime(2026, 1, 31, 17, tzinfo=dt.UTC)  # 01:00 on 1 February in Shanghai
    frame = orders(("1", at(2026, 1, 1), "a", "10", "completed", "0")).with_columns(
        ordered_at=pl.lit(utc_evening).dt.convert_time_zone("Asia/Shanghai")
    )
    assert monthly_kpis(frame)["month"].to_list() == [dt.date(2026, 2, 1)]


def test_no_orders_give_an_empty_table_with_every_column() -> None:
    empty = orders(("1", at(2026, 1, 1), "a", "10", "completed", "0")).clear()
    kpis = monthly_kpis(empty)
    assert kpis.is_empty()
    assert {"gmv", "net_revenue", "gmv_mom", "orders_ttm"} <= set(kpis.columns)
    assert cohort_retention(empty).is_empty()
