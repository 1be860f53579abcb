"""Order exports in the layouts real shops download, written from a frame of canonical orders.

Each writer takes a frame with the columns of `order_synthesis.ORDER_COLUMNS` and returns the file
as bytes: a Taobao/Tmall seller export (GBK CSV), a Pinduoduo export (UTF-8 CSV with BOM), a
Shopify orders CSV, and the UCI Online Retail line-item layout (.xlsx or CSV), where a refund or a
cancellation is a second invoice starting with "C" and negative quantities. Times are written as
the shop's wall-clock time, the way the platforms show them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

import polars as pl
import xlsxwriter  # type: ignore[import-untyped]

from runway.engine.order_synthesis import AMOUNT_DTYPE, IdStyle, OrderStatus

if TYPE_CHECKING:
    from collections.abc import Mapping

WALL_CLOCK = "%Y-%m-%d %H:%M:%S"
UNPAID = (OrderStatus.PENDING.value, OrderStatus.CANCELLED.value)

# The platforms' own wording, full-width commas included.
TAOBAO_STATUS = {
    OrderStatus.PENDING: "等待买家付款",
    OrderStatus.PAID: "买家已付款，等待卖家发货",
    OrderStatus.SHIPPED: "卖家已发货，等待买家确认",
    OrderStatus.COMPLETED: "交易成功",
    OrderStatus.REFUNDED: "交易关闭",
    OrderStatus.CANCELLED: "交易关闭",
}
PINDUODUO_STATUS = {
    OrderStatus.PENDING: "待支付",
    OrderStatus.PAID: "待发货",
    OrderStatus.SHIPPED: "已发货，待签收",
    OrderStatus.COMPLETED: "已签收",
    OrderStatus.REFUNDED: "已取消",
    OrderStatus.CANCELLED: "已取消",
}
COUNTRY_NAMES = {
    "AM": "Armenia", "AU": "Australia", "BG": "Bulgaria", "BY": "Belarus", "CA": "Canada",
    "CN": "China", "CZ": "Czech Republic", "DE": "Germany", "EE": "Estonia", "ES": "Spain",
    "FR": "France", "GB": "United Kingdom", "GE": "Georgia", "HK": "Hong Kong", "HU": "Hungary",
    "IE": "EIRE", "IT": "Italy", "JP": "Japan", "KG": "Kyrgyzstan", "KR": "Korea",
    "KZ": "Kazakhstan", "LT": "Lithuania", "LV": "Latvia", "MD": "Moldova", "NL": "Netherlands",
    "PL": "Poland", "RO": "Romania", "RS": "Serbia", "RU": "Russia", "SG": "Singapore",
    "SK": "Slovakia", "TH": "Thailand", "UA": "Ukraine", "US": "USA", "UZ": "Uzbekistan",
    "VN": "Vietnam",
}  # fmt: skip


class ExportFormat(StrEnum):
    TAOBAO = "taobao"
    PINDUODUO = "pinduoduo"
    SHOPIFY = "shopify"
    ONLINE_RETAIL = "online_retail"  # .xlsx
    ONLINE_RETAIL_CSV = "online_retail_csv"


ID_STYLES = {
    ExportFormat.TAOBAO: IdStyle.TAOBAO,
    ExportFormat.PINDUODUO: IdStyle.PINDUODUO,
    ExportFormat.SHOPIFY: IdStyle.SHOPIFY,
    ExportFormat.ONLINE_RETAIL: IdStyle.INVOICE,
    ExportFormat.ONLINE_RETAIL_CSV: IdStyle.INVOICE,
}
UTF8_CSV = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class ExportFile:
    content: bytes
    extension: str  # without the dot
    media_type: str


def export_orders(
    orders: pl.DataFrame,
    export_format: ExportFormat,
    *,
    product_names: Mapping[str, str] | None = None,
) -> ExportFile:
    """The orders written in `export_format`; `product_names` maps sku to a line-item name."""
    names = product_names or {}
    if export_format is ExportFormat.TAOBAO:
        return ExportFile(write_taobao(orders), "csv", "text/csv; charset=gbk")
    if export_format is ExportFormat.PINDUODUO:
        return ExportFile(write_pinduoduo(orders), "csv", UTF8_CSV)
    if export_format is ExportFormat.SHOPIFY:
        return ExportFile(write_shopify(orders, product_names=names), "csv", UTF8_CSV)
    if export_format is ExportFormat.ONLINE_RETAIL:
        content = write_online_retail(orders, product_names=names)
        return ExportFile(content, "xlsx", XLSX_MEDIA_TYPE)
    content = write_online_retail(orders, product_names=names, excel=False)
    return ExportFile(content, "csv", UTF8_CSV)


def _money(value: str) -> pl.Expr:
    return pl.lit(Decimal(value)).cast(AMOUNT_DTYPE)


def _status(mapping: Mapping[OrderStatus, str]) -> pl.Expr:
    return pl.col("status").replace_strict({k.value: v for k, v in mapping.items()})


def _paid_at() -> pl.Expr:
    """Buyers pay a few seconds to minutes after ordering; the delay is derived, not drawn."""
    delay = pl.int_range(pl.len(), dtype=pl.Int64) * 7919 % 283 + 12
    return pl.col("ordered_at") + pl.duration(seconds=delay)


def _wall_clock(expr: pl.Expr, when: pl.Expr | None = None) -> pl.Expr:
    text = expr.dt.strftime(WALL_CLOCK)
    return text if when is None else pl.when(when).then(text)


def _unit_price() -> pl.Expr:
    """amount / quantity, exact: synthesized amounts are a whole number of units."""
    cents = (pl.col("amount") * 100).cast(pl.Int64) // pl.col("quantity")
    return (cents.cast(pl.Decimal(20, 2)) / 100).cast(AMOUNT_DTYPE)


def _product_name(product_names: Mapping[str, str]) -> pl.Expr:
    return pl.col("sku").replace_strict(dict(product_names), default=pl.col("sku"))


def _csv(frame: pl.DataFrame) -> str:
    return frame.write_csv(null_value="")


def write_taobao(orders: pl.DataFrame) -> bytes:
    """淘宝/天猫 卖家中心 order list: one row per order, GBK, 19-digit 订单编号 as text."""
    unpaid = pl.col("status").is_in(UNPAID)
    total = pl.col("amount") + _money("0.00")
    frame = orders.select(
        pl.col("order_id").alias("订单编号"),
        pl.col("customer_id").alias("买家会员名"),
        pl.col("amount").alias("买家应付货款"),
        _money("0.00").alias("买家应付邮费"),
        total.alias("总金额"),
        pl.when(unpaid).then(_money("0.00")).otherwise(total).alias("买家实际支付金额"),
        _status(TAOBAO_STATUS).alias("订单状态"),
        _wall_clock(pl.col("ordered_at")).alias("订单创建时间"),
        _wall_clock(_paid_at(), ~unpaid).alias("订单付款时间"),
        pl.col("quantity").alias("宝贝总数量"),
        pl.col("refund_amount").alias("退款金额"),
    )
    return _csv(frame).encode("gbk")


def write_pinduoduo(orders: pl.DataFrame) -> bytes:
    """拼多多 商家后台 order export; 商家实收 is what stays with the shop after refunds."""
    unpaid = pl.col("status").is_in(UNPAID)
    paid = pl.when(unpaid).then(_money("0.00")).otherwise(pl.col("amount"))
    refunded = pl.col("refund_amount") > 0
    frame = orders.select(
        pl.col("order_id").alias("订单号"),
        _status(PINDUODUO_STATUS).alias("订单状态"),
        pl.col("quantity").alias("商品数量(件)"),
        pl.col("amount").alias("商品总价(元)"),
        paid.alias("用户实付金额(元)"),
        (paid - pl.col("refund_amount")).cast(AMOUNT_DTYPE).alias("商家实收金额(元)"),
        _wall_clock(pl.col("ordered_at")).alias("订单成交时间"),
        _wall_clock(_paid_at(), ~unpaid).alias("支付时间"),
        pl.when(refunded)
        .then(pl.lit("退款成功"))
        .otherwise(pl.lit("无售后或售后取消"))
        .alias("售后状态"),
    )
    return ("\ufeff" + _csv(frame)).encode("utf-8")


def write_shopify(orders: pl.DataFrame, *, product_names: Mapping[str, str]) -> bytes:
    """Shopify's orders export (one line item per order here), times with their UTC offset."""
    status = pl.col("status")
    offset_clock = "%Y-%m-%d %H:%M:%S %z"
    financial = (
        pl.when(status == OrderStatus.PENDING.value).then(pl.lit("pending"))
        .when(status == OrderStatus.CANCELLED.value).then(pl.lit("voided"))
        .when(status == OrderStatus.REFUNDED.value).then(pl.lit("refunded"))
        .when(pl.col("refund_amount") > 0).then(pl.lit("partially_refunded"))
        .otherwise(pl.lit("paid"))
    )  # fmt: skip
    shipped = status.is_in([OrderStatus.SHIPPED, OrderStatus.COMPLETED, OrderStatus.REFUNDED])
    email = (
        pl.when(pl.col("customer_id").str.contains("@", literal=True))
        .then(pl.col("customer_id"))
        .otherwise(pl.col("customer_id") + "@example.com")
    )
    frame = orders.select(
        pl.col("order_id").alias("Name"),
        email.alias("Email"),
        financial.alias("Financial Status"),
        pl.when(~status.is_in(UNPAID)).then(_paid_at().dt.strftime(offset_clock)).alias("Paid at"),
        pl.when(shipped).then(pl.lit("fulfilled")).otherwise(pl.lit("unfulfilled"))
        .alias("Fulfillment Status"),
        pl.col("currency").alias("Currency"),
        pl.col("amount").alias("Subtotal"),
        _money("0.00").alias("Shipping"),
        _money("0.00").alias("Taxes"),
        pl.col("amount").alias("Total"),
        pl.col("ordered_at").dt.strftime(offset_clock).alias("Created at"),
        pl.col("quantity").alias("Lineitem quantity"),
        _product_name(product_names).alias("Lineitem name"),
        _unit_price().alias("Lineitem price"),
        pl.col("sku").alias("Lineitem sku"),
        pl.col("country").alias("Billing Country"),
        pl.when(status == OrderStatus.CANCELLED.value)
        .then((pl.col("ordered_at") + pl.duration(hours=1)).dt.strftime(offset_clock))
        .alias("Cancelled at"),
        pl.col("refund_amount").alias("Refunded Amount"),
    )  # fmt: skip
    return _csv(frame).encode("utf-8")


def online_retail_lines(orders: pl.DataFrame, *, product_names: Mapping[str, str]) -> pl.DataFrame:
    """UCI Online Retail lines: each order, then a "C" invoice for what was refunded or cancelled.

    A full refund or a cancellation reverses the line; a partial refund is a manual adjustment
    (StockCode "M", Quantity -1, Price = the amount refunded), as in the UCI data.
    """
    local = pl.col("ordered_at").dt.replace_time_zone(None)
    description = _product_name(product_names)
    country = pl.col("country").replace_strict(COUNTRY_NAMES, default=pl.col("country"))
    sales = orders.select(
        pl.col("order_id").alias("Invoice"),
        pl.col("sku").alias("StockCode"),
        description.alias("Description"),
        pl.col("quantity").alias("Quantity"),
        local.alias("InvoiceDate"),
        _unit_price().alias("Price"),
        pl.col("customer_id").alias("Customer ID"),
        country.alias("Country"),
    )
    last = local.max()
    in_full = pl.col("status").is_in([OrderStatus.REFUNDED, OrderStatus.CANCELLED])
    later = (
        pl.when(pl.col("status") == OrderStatus.CANCELLED.value)
        .then(pl.duration(hours=1))
        .otherwise(pl.duration(days=pl.int_range(pl.len(), dtype=pl.Int64) % 14 + 1))
    )
    returns = orders.filter(in_full | (pl.col("refund_amount") > 0)).select(
        ("C" + pl.col("order_id")).alias("Invoice"),
        pl.when(in_full).then(pl.col("sku")).otherwise(pl.lit("M")).alias("StockCode"),
        pl.when(in_full).then(description).otherwise(pl.lit("Manual")).alias("Description"),
        pl.when(in_full).then(-pl.col("quantity")).otherwise(pl.lit(-1, pl.Int64))
        .alias("Quantity"),
        pl.min_horizontal(local + later, last).alias("InvoiceDate"),
        pl.when(in_full).then(_unit_price()).otherwise(pl.col("refund_amount")).alias("Price"),
        pl.col("customer_id").alias("Customer ID"),
        country.alias("Country"),
    )  # fmt: skip
    return pl.concat([sales, returns]).sort("InvoiceDate", "Invoice", maintain_order=True)


def write_online_retail(
    orders: pl.DataFrame, *, product_names: Mapping[str, str], excel: bool = True
) -> bytes:
    """The UCI Online Retail layout as .xlsx (one sheet) or as CSV."""
    lines = online_retail_lines(orders, product_names=product_names)
    numeric_ids = lines.height > 0 and bool(lines["Customer ID"].str.contains(r"^\d+$").all())
    if numeric_ids:
        lines = lines.with_columns(pl.col("Customer ID").cast(pl.Int64))
    if not excel:
        return _csv(lines.with_columns(_wall_clock(pl.col("InvoiceDate")))).encode("utf-8")
    return _xlsx(lines)


def _xlsx(lines: pl.DataFrame) -> bytes:
    excel_epoch = dt.datetime(1899, 12, 30)  # noqa: DTZ001  Excel serial dates are naive
    cells = lines.with_columns(
        ((pl.col("InvoiceDate") - pl.lit(excel_epoch)).dt.total_microseconds() / 86_400e6),
        pl.col("Price").cast(pl.Float64),
    )
    years = lines["InvoiceDate"].dt.year()
    sheet = f"Year {years.min()!s}-{years.max()!s}" if lines.height else "Orders"
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    # The same orders must give the same bytes: stamp the file with its last line, not the clock.
    last = lines["InvoiceDate"].max()
    created = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    if isinstance(last, dt.datetime):
        created = last.replace(tzinfo=dt.UTC)
    workbook.set_properties({"created": created})
    worksheet = workbook.add_worksheet(sheet)
    worksheet.set_column(4, 4, 19, workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}))
    worksheet.set_column(5, 5, 9, workbook.add_format({"num_format": "0.00"}))
    worksheet.write_row(0, 0, cells.columns)
    # xlsxwriter takes one cell at a time; this loop is the writer's cost (~100 µs a line).
    for index, row in enumerate(cells.iter_rows(), start=1):
        worksheet.write_row(index, 0, row)
    workbook.close()
    return buffer.getvalue()
