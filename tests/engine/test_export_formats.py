"""Order exports: each layout reads back with the same orders, amounts and ids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from runway.engine.export_formats import (
    ID_STYLES,
    ExportFormat,
    export_orders,
    write_online_retail,
    write_pinduoduo,
    write_shopify,
    write_taobao,
)
from runway.engine.order_synthesis import (
    IdStyle,
    OrderProfile,
    OrderStatus,
    Product,
    synthesize_orders,
)

PRODUCTS = (
    Product("HK-100", "USB-C cable 1m", Decimal("12.50")),
    Product("HK-200", "Phone case", Decimal("39.90")),
)
NAMES = {"HK-100": "USB-C CABLE 1M", "HK-200": "PHONE CASE"}
TAOBAO_HEADERS = [
    "订单编号", "买家会员名", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额",
    "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量", "退款金额",
]  # fmt: skip


def orders_in(style: IdStyle, *, months: int = 3, base: float = 400) -> pl.DataFrame:
    profile = OrderProfile(
        as_of=dt.date(2026, 10, 31),
        products=PRODUCTS,
        months=months,
        base_monthly_orders=base,
        mean_quantity=3,
        refund_rate=0.12,
        cancel_rate=0.05,
        id_style=style,
    )
    return synthesize_orders(profile, seed=11)


def as_text(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    return frame.with_columns(pl.col(column).cast(pl.String))


def total(series: pl.Series) -> Decimal:
    return sum((Decimal(str(v)) for v in series.fill_null(0)), Decimal("0"))


def test_taobao_is_gbk_with_19_digit_order_ids_kept_as_text() -> None:
    orders = orders_in(IdStyle.TAOBAO)
    content = write_taobao(orders)
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    text = content.decode("gbk")
    back = pl.read_csv(text.encode(), infer_schema=False)
    assert back.columns == TAOBAO_HEADERS
    assert back["订单编号"].to_list() == orders["order_id"].to_list()
    assert back["订单编号"].str.contains(r"^\d{19}$").all()
    assert total(back["买家应付货款"]) == total(orders["amount"])
    assert total(back["退款金额"]) == total(orders["refund_amount"])
    assert back["宝贝总数量"].cast(pl.Int64).to_list() == orders["quantity"].to_list()


def test_taobao_statuses_and_payments() -> None:
    orders = orders_in(IdStyle.TAOBAO)
    back = pl.read_csv(write_taobao(orders).decode("gbk").encode(), infer_schema=False)
    joined = pl.concat([orders, back], how="horizontal")
    unpaid = joined.filter(pl.col("status").is_in(["pending", "cancelled"]))
    assert unpaid.height > 0
    assert (unpaid["买家实际支付金额"] == "0.00").all()
    assert unpaid["订单付款时间"].is_null().all()
    statuses = dict(joined.select("status", "订单状态").unique().iter_rows())
    assert statuses["completed"] == "交易成功"
    assert statuses["cancelled"] == statuses["refunded"] == "交易关闭"
    created = joined["订单创建时间"].str.to_datetime("%Y-%m-%d %H:%M:%S")
    assert (created == joined["ordered_at"].dt.replace_time_zone(None)).all()


def test_pinduoduo_round_trips_with_what_the_shop_keeps() -> None:
    orders = orders_in(IdStyle.PINDUODUO)
    content = write_pinduoduo(orders)
    assert content.startswith("\ufeff".encode())
    back = pl.read_csv(content.decode("utf-8-sig").encode(), infer_schema=False)
    assert back.columns[:1] == ["订单号"]
    assert {
        "商品数量(件)",
        "商品总价(元)",
        "用户实付金额(元)",
        "商家实收金额(元)",
        "订单成交时间",
        "支付时间",
        "售后状态",
    } <= set(back.columns)
    assert back["订单号"].to_list() == orders["order_id"].to_list()
    paid, kept = total(back["用户实付金额(元)"]), total(back["商家实收金额(元)"])
    assert paid - kept == total(orders["refund_amount"])
    refunded = orders["refund_amount"] > 0
    assert (back.filter(refunded)["售后状态"] == "退款成功").all()


def test_shopify_round_trips() -> None:
    orders = orders_in(IdStyle.SHOPIFY)
    back = pl.read_csv(write_shopify(orders, product_names=NAMES), infer_schema=False)
    assert back["Name"].to_list() == orders["order_id"].to_list()
    assert back["Email"].str.ends_with("@example.com").all()
    assert total(back["Total"]) == total(orders["amount"])
    assert total(back["Refunded Amount"]) == total(orders["refund_amount"])
    assert set(back["Lineitem name"]) == set(NAMES.values())
    created = back["Created at"].str.to_datetime("%Y-%m-%d %H:%M:%S %z")
    assert (created == orders["ordered_at"].dt.convert_time_zone("UTC")).all()
    statuses = dict(
        pl.concat([orders, back], how="horizontal")
        .select("status", "Financial Status")
        .unique()
        .iter_rows()
    )
    assert statuses["refunded"] == "refunded"
    assert statuses["cancelled"] == "voided"
    partly = back.filter((orders["refund_amount"] > 0) & (orders["status"] != OrderStatus.REFUNDED))
    assert (partly["Financial Status"] == "partially_refunded").all()


def net_of_lines(lines: pl.DataFrame) -> Decimal:
    cents = (pl.col("Quantity") * (pl.col("Price").cast(pl.Float64) * 100).round()).cast(pl.Int64)
    return Decimal(int(lines.select(cents.sum()).item())) / 100


def expected_net(orders: pl.DataFrame) -> Decimal:
    kept = orders.filter(pl.col("status") != OrderStatus.CANCELLED)
    return total(kept["amount"]) - total(kept["refund_amount"])


def test_online_retail_xlsx_reads_back_with_c_invoices() -> None:
    orders = orders_in(IdStyle.INVOICE)
    lines = pl.read_excel(write_online_retail(orders, product_names=NAMES))
    assert lines.columns == [
        "Invoice",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "Price",
        "Customer ID",
        "Country",
    ]
    assert lines.schema["Invoice"] == pl.String
    assert lines.schema["InvoiceDate"] == pl.Datetime("ms")
    returns = lines.filter(pl.col("Invoice").str.starts_with("C"))
    undone = orders.filter(
        (pl.col("refund_amount") > 0) | (pl.col("status") == OrderStatus.CANCELLED)
    )
    assert returns.height == undone.height > 0
    assert (returns["Quantity"] < 0).all()
    assert (lines.filter(~pl.col("Invoice").str.starts_with("C"))["Quantity"] > 0).all()
    assert net_of_lines(lines) == expected_net(orders)
    assert lines["InvoiceDate"].is_sorted()


def test_the_same_orders_give_the_same_workbook_bytes() -> None:
    orders = orders_in(IdStyle.INVOICE, months=1, base=50)
    first = write_online_retail(orders, product_names=NAMES)
    assert write_online_retail(orders, product_names=NAMES) == first
    assert write_online_retail(orders.head(10), product_names=NAMES) != first


def test_online_retail_csv_keeps_invoices_as_text() -> None:
    orders = orders_in(IdStyle.INVOICE)
    lines = pl.read_csv(
        write_online_retail(orders, product_names=NAMES, excel=False),
        schema_overrides={"Invoice": pl.String},
    )
    assert (
        lines.height
        == orders.height
        + orders.filter(
            (pl.col("refund_amount") > 0) | (pl.col("status") == OrderStatus.CANCELLED)
        ).height
    )
    assert net_of_lines(lines) == expected_net(orders)
    assert set(lines["Country"]) == {"China"}


@pytest.mark.parametrize("export_format", list(ExportFormat))
def test_every_format_writes_an_empty_history(export_format: ExportFormat) -> None:
    empty = orders_in(ID_STYLES[export_format], base=0)
    assert empty.height == 0
    exported = export_orders(empty, export_format)
    assert exported.content
    if exported.extension == "xlsx":
        assert pl.read_excel(exported.content).height == 0


@pytest.mark.parametrize(
    ("export_format", "extension"),
    [
        (ExportFormat.TAOBAO, "csv"),
        (ExportFormat.ONLINE_RETAIL, "xlsx"),
        (ExportFormat.ONLINE_RETAIL_CSV, "csv"),
    ],
)
def test_export_orders_names_the_file_type(export_format: ExportFormat, extension: str) -> None:
    exported = export_orders(orders_in(ID_STYLES[export_format], months=1, base=30), export_format)
    assert exported.extension == extension
    assert exported.media_type
