"""Traffic exports: daily visits and page views, validated, merged into the monthly KPIs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from runway.engine.orders import Reason, with_traffic
from runway.engine.orders.traffic import import_traffic


def test_a_chinese_analytics_export_reads_and_same_dates_add_up(as_of: dt.datetime) -> None:
    content = (
        (
            "统计日期,访客数,浏览量,支付买家数\n"
            "2026-09-01,1,200,3000,12\n"
            "2026-09-01,800,1200,4\n"
            "2026-09-02,1000,1500,9\n"
        )
        .replace("1,200,3000", '"1,200",3000')
        .encode("gbk")
    )
    result = import_traffic(content, as_of=as_of)
    assert result.accepted, result.rejection
    assert result.traffic.rows() == [
        (dt.date(2026, 9, 1), 2000, 4200),
        (dt.date(2026, 9, 2), 1000, 1500),
    ]
    assert result.columns == {"date": "统计日期", "visits": "访客数", "page_views": "浏览量"}


def test_bad_traffic_rows_are_problems_under_the_threshold(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    rows = [(f"2026-08-{d:02d}", 100, 300) for d in range(1, 29)]
    bad = [("2026-13-01", 1, 1), ("2026-08-30", -5, 1), ("2027-01-01", 1, 1)]
    result = import_traffic(csv(("Day", "Sessions", "Pageviews"), rows + bad), as_of=as_of)
    assert result.rejection is not None
    assert result.rejection.reason is Reason.TOO_MANY_BAD_ROWS
    assert result.problems.select("row", "reason").rows() == [
        (30, "unparseable_date"),
        (31, "negative_quantity"),
        (32, "future_date"),
    ]
    assert result.traffic.is_empty()
    lenient = import_traffic(
        csv(("Day", "Sessions", "Pageviews"), rows + bad), as_of=as_of, max_bad_share=0.2
    )
    assert lenient.accepted
    assert lenient.traffic["visits"].sum() == 2800


def test_traffic_without_page_views_and_a_missing_column(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    result = import_traffic(csv(("date", "uv"), [("2026-09-01", 5)]), as_of=as_of)
    assert result.traffic.rows() == [(dt.date(2026, 9, 1), 5, None)]
    missing = import_traffic(csv(("date", "clicks"), [("2026-09-01", 5)]), as_of=as_of)
    assert missing.rejection is not None
    assert missing.rejection.reason is Reason.MISSING_COLUMN


def test_imported_traffic_merges_into_kpis(csv: Callable[..., bytes], as_of: dt.datetime) -> None:
    traffic = import_traffic(
        csv(("date", "visits"), [("2026-09-01", 50), ("2026-09-30", 50)]), as_of=as_of
    ).traffic
    kpis = pl.DataFrame({"month": [dt.date(2026, 9, 1)], "orders": [4]})
    kpis = kpis.with_columns(
        *(pl.lit(None).alias(c) for c in ("days", "complete", "gmv", "refunds", "net_revenue",
                                           "cancelled_orders", "buyers", "new_buyers",
                                           "returning_buyers", "repeat_buyer_rate", "aov",
                                           "refund_rate"))
    )  # fmt: skip
    merged = with_traffic(kpis, traffic)
    assert merged.select("visits", "conversion").rows() == [(100, 0.04)]
