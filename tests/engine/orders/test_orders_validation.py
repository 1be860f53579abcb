"""Row rules per layout: cancellations, negative quantities, refunds, currencies, duplicates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import polars as pl
import pytest

from runway.engine.orders import import_orders

UCI = ("Invoice", "StockCode", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country")


def uci_rows(count: int) -> list[tuple[object, ...]]:
    return [
        (f"5{i:05d}", "85048", 2, f"2010-11-{1 + i % 28:02d} 09:30:00", "1.25", 13000 + i % 9, "UK")
        for i in range(count)
    ]


def test_line_items_cancellations_and_bad_lines(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    rows = uci_rows(300)
    rows += [
        ("C500001", "85048", -2, "2010-12-01 10:00:00", "1.25", 13001, "UK"),  # a cancellation
        ("500999", "85048", -5, "2010-11-15 10:00:00", "1.25", 13002, "UK"),  # not one: problem
        ("A500998", "B", 1, "2010-11-15 10:00:00", "-99.00", None, "UK"),  # bad-debt adjustment
        ("500997", "POST", 3, "2010-11-15 10:00:00", "0", None, "UK"),  # free line: fine
        rows[0],  # an identical line of the same invoice: a purchase, and a warning
    ]
    result = import_orders(csv(UCI, rows), as_of=as_of, keep_orders=True)
    assert result.accepted, result.rejection
    assert result.problems.select("row", "column", "reason").rows() == [
        (303, "Quantity", "negative_quantity"),
        (304, "Price", "negative_amount"),
    ]
    assert result.warnings.rows() == [(306, "Invoice", "500000", "duplicate_line")]
    november, december = result.kpis.rows(named=True)
    assert november["gmv"] == Decimal("752.50")  # 301 lines of 2 x 1.25, and a free one
    assert november["orders"] == 301
    assert (december["refunds"], december["cancelled_orders"], december["orders"]) == (
        Decimal("2.50"),
        1,
        0,
    )
    assert result.orders.filter(pl.col("line") == "reversal")["refund_amount"].to_list() == [
        Decimal("2.50")
    ]


def test_orders_layouts_check_quantity_refunds_and_currency(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    header = ("Name", "Email", "Financial Status", "Currency", "Total", "Created at",
              "Lineitem quantity", "Refunded Amount")  # fmt: skip
    good = [
        (f"#{1000 + i}", f"b{i % 5}@example.com", "paid", "USD", "20.00",
         "2026-09-01 10:00:00 +0800", 1, "0.00")
        for i in range(400)
    ]  # fmt: skip
    bad = [
        ("#2001", "x@example.com", "paid", "USD", "20.00", "2026-09-01 10:00:00 +0800", -1, "0"),
        ("#2002", "x@example.com", "refunded", "USD", "20.00", "2026-09-01 10:00:00 +0800", 1,
         "25.00"),
        ("#2003", "x@example.com", "paid", "EUR", "20.00", "2026-09-01 10:00:00 +0800", 1, "0"),
        ("#2004", "x@example.com", "on hold", "USD", "20.00", "2026-09-01 10:00:00 +0800", 1, "0"),
    ]  # fmt: skip
    result = import_orders(csv(header, good + bad), as_of=as_of)
    assert result.accepted, result.rejection
    assert result.currency == "USD"
    assert result.problems.select("row", "reason").rows() == [
        (402, "negative_quantity"),
        (403, "refund_exceeds_amount"),
        (404, "other_currency"),
    ]
    assert result.warnings.select("row", "value", "reason").rows() == [
        (405, "on hold", "unknown_status")
    ]
    assert result.kpis["orders"].to_list() == [401]


def test_shopify_further_line_items_are_not_orders(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    header = ("Name", "Email", "Financial Status", "Total", "Created at", "Lineitem quantity",
              "Lineitem sku", "Cancelled at")  # fmt: skip
    rows = [
        ("#1001", "a@x.com", "paid", "30.00", "2026-09-01 10:00:00 +0800", 1, "S1", None),
        ("#1001", "a@x.com", None, None, None, 2, "S2", None),
        ("#1002", "b@x.com", "voided", "15.00", "2026-09-02 10:00:00 +0800", 1, "S1",
         "2026-09-02 11:00:00 +0800"),
    ]  # fmt: skip
    result = import_orders(csv(header, rows), as_of=as_of)
    assert result.accepted, result.rejection
    assert (result.rows, result.excluded_rows) == (2, 0)
    assert result.kpis.select("gmv", "refunds", "orders", "cancelled_orders").rows() == [
        (Decimal("45.00"), Decimal("15.00"), 2, 1)
    ]


def test_pinduoduo_refunds_come_from_paid_minus_received(as_of: dt.datetime) -> None:
    content = (
        "订单号,订单状态,商品数量(件),商品总价(元),用户实付金额(元),商家实收金额(元),"
        "订单成交时间,售后状态\n"
        "260901-1,已签收,1,100.00,100.00,70.00,2026-09-01 10:00:00,退款成功\n"
        "260901-2,已签收,1,50.00,50.00,45.00,2026-09-01 11:00:00,无售后或售后取消\n"
        "260901-3,已取消,1,80.00,80.00,0.00,2026-09-01 12:00:00,退款成功\n"
        "260901-4,已取消,1,20.00,0.00,0.00,2026-09-01 13:00:00,无售后或售后取消\n"
    ).encode("utf-8-sig")
    result = import_orders(content, as_of=as_of, keep_orders=True)
    assert result.accepted, result.rejection
    assert result.orders["refund_amount"].to_list() == [
        Decimal("30"),
        Decimal("0"),
        Decimal("80"),
        Decimal("0"),
    ]
    # A closed order with money back was paid and refunded; one without was cancelled.
    assert result.orders["status"].to_list() == ["completed", "completed", "refunded", "cancelled"]
    assert result.kpis.select("gmv", "refunds", "cancelled_orders").rows() == [
        (Decimal("250.00"), Decimal("130.00"), 1)
    ]


def test_douyin_sub_orders_are_lines_of_one_order(as_of: dt.datetime) -> None:
    content = (
        "主订单编号,子订单编号,商品数量,订单应付金额,订单提交时间,订单状态,小店名称\n"
        "6901,6901-1,1,39.90,2026/09/01 10:00:00,已完成,好店\n"
        "6901,6901-2,2,20.00,2026/09/01 10:00:00,已完成,好店\n"
        "6902,6902-1,1,10.00,2026/09/02 10:00:00,已关闭,好店\n"
    ).encode()
    result = import_orders(content, as_of=as_of)
    assert (result.accepted, result.layout) == (True, "douyin")
    assert result.kpis.select("gmv", "refunds", "orders", "cancelled_orders").rows() == [
        (Decimal("69.90"), Decimal("10.00"), 2, 1)
    ]


@pytest.mark.parametrize("keep_orders", [False, True])
def test_both_paths_give_the_same_figures(
    keep_orders: bool, csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    header = ("order_id", "ordered_at", "customer_id", "amount", "status", "refund_amount")
    rows = [
        (f"T{i}", f"2026-{1 + i % 9:02d}-{1 + i % 27:02d} 08:00", f"c{i % 37}", f"{i}.25",
         ("completed", "cancelled", "refunded")[i % 3], f"{i % 5}.00")
        for i in range(5, 600)
    ]  # fmt: skip
    fast = import_orders(csv(header, rows), as_of=as_of)
    slow = import_orders(csv(header, rows), as_of=as_of, keep_orders=keep_orders)
    repeated = import_orders(csv(header, [*rows, rows[0]]), as_of=as_of)  # the second path
    assert fast.kpis.equals(slow.kpis)
    assert fast.kpis.equals(repeated.kpis)
    assert fast.cohorts.equals(repeated.cohorts)
    assert slow.orders.height == (len(rows) if keep_orders else 0)
