"""Layout detection: the headers of real exports, a user's mapping, and what is missing."""

from __future__ import annotations

import pytest

from runway.engine.orders import preview_orders
from runway.engine.orders.layouts import Shape, detect_layout, resolve_layout
from runway.engine.orders.problems import ReadError, Reason

TAOBAO = (
    "订单编号", "买家会员名", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额",
    "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量", "退款金额",
)  # fmt: skip
PINDUODUO = (
    "订单号", "订单状态", "商品数量（件）", "商品总价（元）", "用户实付金额（元）",
    "商家实收金额（元）", "订单成交时间", "支付时间", "售后状态",
)  # fmt: skip
DOUYIN = ("主订单编号", "子订单编号", "选购商品", "商品数量", "订单应付金额", "订单提交时间",
          "订单状态", "小店名称", "商家编码")  # fmt: skip
SHOPIFY = ("Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency",
           "Subtotal", "Total", "Created at", "Lineitem quantity", "Lineitem name",
           "Refunded Amount", "Cancelled at")  # fmt: skip
UCI = ("Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID",
       "Country")  # fmt: skip
UCI_2011 = ("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
            "CustomerID", "Country")  # fmt: skip
CDNOW = ("customer_id", "date", "number_of_cds", "dollar_value")


@pytest.mark.parametrize(
    ("headers", "layout", "shape", "expected"),
    [
        (TAOBAO, "taobao", Shape.ORDERS, {"order_id": "订单编号", "amount": "总金额",
                                          "ordered_at": "订单创建时间",
                                          "refund_amount": "退款金额"}),
        (PINDUODUO, "pinduoduo", Shape.ORDERS, {"order_id": "订单号",
                                                "amount": "商品总价（元）"}),
        (DOUYIN, "douyin", Shape.LINES, {"order_id": "主订单编号", "amount": "订单应付金额"}),
        (SHOPIFY, "shopify", Shape.ORDERS, {"order_id": "Name", "customer_id": "Email",
                                            "ordered_at": "Created at", "currency": "Currency"}),
        (UCI, "online_retail", Shape.LINES, {"price": "Price", "customer_id": "Customer ID"}),
        (UCI_2011, "online_retail", Shape.LINES, {"order_id": "InvoiceNo", "price": "UnitPrice"}),
        (CDNOW, "cdnow", Shape.LINES, {"customer_id": "customer_id", "amount": "dollar_value"}),
        (("Order ID", "Order Date", "Total", "Customer"), "generic", Shape.ORDERS,
         {"order_id": "Order ID", "ordered_at": "Order Date", "amount": "Total"}),
    ],
)  # fmt: skip
def test_real_export_headers_are_recognized(
    headers: tuple[str, ...], layout: str, shape: Shape, expected: dict[str, str]
) -> None:
    match = resolve_layout(headers, {})
    assert (match.layout.name, match.layout.shape) == (layout, shape)
    assert expected.items() <= match.columns.items()


def test_headers_compare_after_trimming_case_folding_and_width() -> None:
    match = detect_layout((" INVOICE ", "stockcode", "Quantity", "InvoiceDate", "PRICE"))
    assert match.layout.name == "online_retail"
    assert match.columns["order_id"] == " INVOICE "


def test_a_mapping_names_columns_of_an_unknown_export() -> None:
    headers = ("单号", "下单日期", "实付", "客户")
    with pytest.raises(ReadError) as raised:
        resolve_layout(headers, {})
    assert raised.value.reason is Reason.UNKNOWN_LAYOUT
    mapping = {
        "order_id": "单号",
        "ordered_at": "下单日期",
        "amount": "实付",
        "customer_id": "客户",
    }
    match = resolve_layout(headers, mapping)
    assert match.columns == mapping
    assert match.layout.shape is Shape.ORDERS


def test_a_mapping_with_a_unit_price_reads_lines() -> None:
    headers = ("doc", "when", "qty", "unit")
    mapping = {"order_id": "doc", "ordered_at": "when", "quantity": "qty", "price": "unit"}
    assert resolve_layout(headers, mapping).layout.shape is Shape.LINES


def test_a_mapping_corrects_a_recognized_layout() -> None:
    match = resolve_layout(TAOBAO, {"amount": "买家实际支付金额"})
    assert (match.layout.name, match.columns["amount"]) == ("taobao", "买家实际支付金额")


def test_a_missing_required_column_is_named_with_the_headers_expected() -> None:
    headers = tuple(h for h in TAOBAO if h != "订单创建时间")
    with pytest.raises(ReadError) as raised:
        resolve_layout(headers, {})
    assert raised.value.reason is Reason.MISSING_COLUMN
    assert "ordered_at" in str(raised.value.params["columns"])
    assert "订单创建时间" in str(raised.value.params["columns"])


@pytest.mark.parametrize("mapping", [{"order_number": "Invoice"}, {"order_id": "No such column"}])
def test_a_mapping_naming_an_unknown_field_or_header_is_refused(mapping: dict[str, str]) -> None:
    with pytest.raises(ReadError) as raised:
        resolve_layout(UCI, mapping)
    assert raised.value.reason is Reason.BAD_MAPPING


def test_a_preview_shows_headers_rows_and_the_layout() -> None:
    content = "\n".join([",".join(UCI), "489434,85048,,12,2010-12-01 07:45:00,6.95,13085,UK"])
    preview = preview_orders(content.encode())
    assert (preview.layout, preview.rejection, preview.missing) == ("online_retail", None, ())
    assert preview.headers == UCI
    assert preview.rows.row(0)[:2] == ("489434", "85048")
    assert preview.columns["price"] == "Price"


def test_a_preview_of_unknown_headers_asks_for_a_mapping() -> None:
    preview = preview_orders(b"doc,when,paid\nX1,2026-01-01,5\n")
    assert preview.rejection is not None
    assert preview.rejection.reason is Reason.UNKNOWN_LAYOUT
    assert preview.rows.height == 1
    mapped = preview_orders(
        b"doc,when,paid\nX1,2026-01-01,5\n",
        mapping={"order_id": "doc", "ordered_at": "when", "amount": "paid"},
    )
    assert (mapped.rejection, mapped.missing) == (None, ())


def test_a_preview_of_an_unreadable_file_says_why() -> None:
    preview = preview_orders(b"")
    assert preview.rejection is not None
    assert preview.rejection.reason is Reason.EMPTY_FILE
