"""The order-export layouts Runway recognizes, and how a file's headers are matched to one.

A layout names, for each field Runway reads, the headers real exports use for it (first present
wins), says whether a row is a whole order or one line of an order, and how cancellations show.
Fields are the canonical order columns plus a few that only help derive them (`price`, the unit
price of a line; `paid_amount`, `received_amount` and `after_sale` for Pinduoduo's refunds).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from runway.engine.orders.problems import ReadError, Reason

CANONICAL_FIELDS = (
    "order_id", "ordered_at", "customer_id", "amount", "currency", "quantity",
    "status", "refund_amount", "country", "channel", "sku",
)  # fmt: skip
HELPER_FIELDS = ("price", "paid_amount", "received_amount", "after_sale", "cancelled_at")
FIELDS = CANONICAL_FIELDS + HELPER_FIELDS
MONEY_FIELDS = ("amount", "refund_amount", "price", "paid_amount", "received_amount")
TEXT_FIELDS = ("order_id", "customer_id", "currency", "country", "channel", "sku")


class Shape(StrEnum):
    ORDERS = "orders"  # one row per order: a repeated order id is a duplicate
    LINES = "lines"  # one row per order line: an order spans rows


class Status(StrEnum):
    """Order statuses after normalization; `other` is text no platform table knows."""

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"
    OTHER = "other"


# Status text of every platform, compared after NFKC, trimming and case folding.
STATUS_TEXT: dict[str, Status] = {
    # canonical and generic English
    "pending": Status.PENDING, "unpaid": Status.PENDING, "authorized": Status.PENDING,
    "paid": Status.PAID, "partially_paid": Status.PAID, "processing": Status.PAID,
    "shipped": Status.SHIPPED, "fulfilled": Status.SHIPPED,
    "completed": Status.COMPLETED, "complete": Status.COMPLETED, "delivered": Status.COMPLETED,
    "partially_refunded": Status.COMPLETED,
    "refunded": Status.REFUNDED,
    "cancelled": Status.CANCELLED, "canceled": Status.CANCELLED, "voided": Status.CANCELLED,
    "expired": Status.CANCELLED, "closed": Status.CANCELLED,
    # Taobao / Tmall
    "等待买家付款": Status.PENDING, "买家已付款,等待卖家发货": Status.PAID,
    "等待卖家发货": Status.PAID, "卖家部分发货": Status.SHIPPED,
    "卖家已发货,等待买家确认": Status.SHIPPED, "交易成功": Status.COMPLETED,
    "交易完成": Status.COMPLETED, "交易关闭": Status.CANCELLED,
    # Pinduoduo
    "待支付": Status.PENDING, "待发货": Status.PAID, "已发货,待签收": Status.SHIPPED,
    "已签收": Status.COMPLETED, "已取消": Status.CANCELLED,
    # Douyin
    "备货中": Status.PAID, "已支付": Status.PAID, "已发货": Status.SHIPPED,
    "已完成": Status.COMPLETED, "已关闭": Status.CANCELLED,
}  # fmt: skip


class RefundRule(StrEnum):
    COLUMN = "column"  # refund_amount is a column (or absent: no refunds)
    PAID_MINUS_RECEIVED = "paid_minus_received"  # Pinduoduo: paid - received after a refund


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    shape: Shape
    aliases: Mapping[str, tuple[str, ...]]  # field -> headers, first present wins
    required: tuple[str, ...]
    signature: tuple[str, ...] = ()  # headers that only this layout has
    currency: str | None = None  # when the file names none
    cancellation_prefix: str | None = None  # order ids of reversal lines (UCI: "C")
    order_key: tuple[str, ...] = ()  # without an order id: fields that identify an order
    refund_rule: RefundRule = RefundRule.COLUMN
    continuation_rows: bool = False  # Shopify: later lines of an order leave order fields empty


GENERIC = Layout(
    name="generic",
    shape=Shape.ORDERS,
    aliases={
        "order_id": ("order_id", "order id", "order number", "order no", "order_no", "order"),
        "ordered_at": ("ordered_at", "order date", "created_at", "created at", "date"),
        "customer_id": ("customer_id", "customer id", "customer", "buyer", "email"),
        "amount": ("amount", "total", "order total", "gmv"),
        "currency": ("currency",),
        "quantity": ("quantity", "qty"),
        "status": ("status", "order status"),
        "refund_amount": ("refund_amount", "refund", "refunded", "refund amount"),
        "country": ("country",),
        "channel": ("channel",),
        "sku": ("sku",),
    },
    required=("order_id", "ordered_at", "amount"),
)
TAOBAO = Layout(
    name="taobao",
    shape=Shape.ORDERS,
    aliases={
        "order_id": ("订单编号",),
        "customer_id": ("买家会员名", "买家昵称"),
        "amount": ("总金额", "买家应付货款", "买家实际支付金额"),
        "ordered_at": ("订单创建时间", "下单时间"),
        "status": ("订单状态",),
        "refund_amount": ("退款金额",),
        "quantity": ("宝贝总数量", "宝贝数量"),
    },
    required=("order_id", "ordered_at", "amount"),
    signature=("买家会员名", "买家实际支付金额", "买家应付货款", "宝贝总数量", "订单创建时间"),
    currency="CNY",
)
PINDUODUO = Layout(
    name="pinduoduo",
    shape=Shape.ORDERS,
    aliases={
        "order_id": ("订单号",),
        "amount": ("商品总价(元)", "用户实付金额(元)"),
        "ordered_at": ("订单成交时间", "支付时间"),
        "quantity": ("商品数量(件)",),
        "status": ("订单状态",),
        "customer_id": ("用户id", "买家id"),
        "paid_amount": ("用户实付金额(元)",),
        "received_amount": ("商家实收金额(元)",),
        "after_sale": ("售后状态",),
    },
    required=("order_id", "ordered_at", "amount"),
    signature=("商品总价(元)", "用户实付金额(元)", "商家实收金额(元)", "订单成交时间"),
    currency="CNY",
    refund_rule=RefundRule.PAID_MINUS_RECEIVED,
)
DOUYIN = Layout(
    name="douyin",
    shape=Shape.LINES,  # one row per 子订单; 主订单编号 is the order
    aliases={
        "order_id": ("主订单编号", "订单编号"),
        "amount": ("订单应付金额",),
        "ordered_at": ("订单提交时间", "下单时间"),
        "quantity": ("商品数量",),
        "status": ("订单状态",),
        "customer_id": ("用户id", "买家id"),
        "sku": ("商家编码", "商品id"),
        "channel": ("小店名称",),
    },
    required=("order_id", "ordered_at", "amount"),
    signature=("订单应付金额", "小店名称", "主订单编号", "子订单编号", "订单提交时间"),
    currency="CNY",
)
SHOPIFY = Layout(
    name="shopify",
    shape=Shape.ORDERS,
    aliases={
        "order_id": ("name",),
        "customer_id": ("email",),
        "amount": ("total",),
        "ordered_at": ("created at",),
        "currency": ("currency",),
        "refund_amount": ("refunded amount",),
        "status": ("financial status",),
        "quantity": ("lineitem quantity",),
        "sku": ("lineitem sku",),
        "country": ("billing country", "shipping country"),
        "cancelled_at": ("cancelled at",),
    },
    required=("order_id", "ordered_at", "amount"),
    signature=("financial status", "lineitem quantity", "fulfillment status", "lineitem name"),
    continuation_rows=True,
)
ONLINE_RETAIL = Layout(
    name="online_retail",
    shape=Shape.LINES,
    aliases={
        "order_id": ("invoice", "invoiceno"),
        "sku": ("stockcode",),
        "quantity": ("quantity",),
        "ordered_at": ("invoicedate",),
        "price": ("price", "unitprice"),
        "customer_id": ("customer id", "customerid"),
        "country": ("country",),
    },
    required=("order_id", "ordered_at", "quantity", "price"),
    signature=("invoice", "invoiceno", "stockcode", "invoicedate", "unitprice"),
    currency="GBP",
    cancellation_prefix="C",
)
CDNOW = Layout(
    name="cdnow",
    shape=Shape.LINES,  # a customer's rows of one day are one order (no order id)
    aliases={
        "customer_id": ("customer_id",),
        "ordered_at": ("date",),
        "quantity": ("number_of_cds",),
        "amount": ("dollar_value",),
    },
    required=("customer_id", "ordered_at", "amount"),
    signature=("number_of_cds", "dollar_value"),
    currency="USD",
    order_key=("customer_id", "ordered_at"),
)
LAYOUTS = (TAOBAO, PINDUODUO, DOUYIN, SHOPIFY, ONLINE_RETAIL, CDNOW, GENERIC)


def normalize_header(text: str) -> str:
    """Headers compare after NFKC (full-width brackets and commas become ASCII), trim, casefold."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\ufeff", "").split()).casefold()


@dataclass(frozen=True, slots=True)
class LayoutMatch:
    layout: Layout
    columns: Mapping[str, str]  # field -> the file's own header
    missing: tuple[str, ...]  # required fields with no column
    score: int  # headers recognized
    signature_hits: int = 0
    unknown_mapping: tuple[str, ...] = field(default=())  # mapped headers the file lacks


def match_layout(layout: Layout, headers: tuple[str, ...]) -> LayoutMatch:
    """Which of `layout`'s fields the headers provide."""
    by_normal = {normalize_header(h): h for h in reversed(headers)}  # the first header wins
    columns: dict[str, str] = {}
    for name, aliases in layout.aliases.items():
        for alias in aliases:
            if (found := by_normal.get(normalize_header(alias))) is not None:
                columns[name] = found
                break
    missing = tuple(name for name in layout.required if name not in columns)
    hits = sum(normalize_header(s) in by_normal for s in layout.signature)
    return LayoutMatch(layout, columns, missing, len(set(columns.values())), hits)


def detect_layout(
    headers: tuple[str, ...], mapping: Mapping[str, str] | None = None
) -> LayoutMatch:
    """The best layout for `headers`, with `mapping` (field -> header) applied on top.

    Layouts with a signature header present win over the generic one; among those, the one
    recognizing the most headers. With a mapping and no recognized layout, the generic layout
    (lines when a unit `price` is mapped) takes the mapping as it is.
    """
    mapping = positional(mapping or {}, headers)
    matches = [match_layout(layout, headers) for layout in LAYOUTS]
    best = max(
        matches,
        key=lambda m: (m.signature_hits > 0, not m.missing, m.score, m.signature_hits),
    )
    if not mapping:
        return best
    base = best if best.score >= 2 else match_layout(_generic_for(mapping), headers)
    present = set(headers)
    unknown = tuple(header for header in mapping.values() if header not in present)
    columns = {**base.columns, **{k: v for k, v in mapping.items() if v in present}}
    missing = tuple(name for name in base.layout.required if name not in columns)
    return LayoutMatch(base.layout, columns, missing, base.score, base.signature_hits, unknown)


def positional(mapping: Mapping[str, str], headers: tuple[str, ...]) -> dict[str, str]:
    """`mapping` with `column_<n>` read as the n-th column where no header has that name, so a
    mapping written for a header-less file still holds once Runway names its columns."""
    out = dict(mapping)
    for name, header in mapping.items():
        number = header.removeprefix("column_")
        if header not in headers and number.isdigit() and 1 <= int(number) <= len(headers):
            out[name] = headers[int(number) - 1]
    return out


def _generic_for(mapping: Mapping[str, str]) -> Layout:
    if "price" not in mapping:
        return GENERIC
    return Layout(
        name="generic_lines",
        shape=Shape.LINES,
        aliases=GENERIC.aliases,
        required=("order_id", "ordered_at", "quantity", "price"),
    )


def resolve_layout(headers: tuple[str, ...], mapping: Mapping[str, str]) -> LayoutMatch:
    """The layout to read `headers` with, or a ReadError saying why there is none."""
    unknown_fields = sorted(set(mapping) - set(FIELDS))
    if unknown_fields:
        raise ReadError(Reason.BAD_MAPPING, fields=", ".join(unknown_fields))
    match = detect_layout(headers, mapping)
    if match.unknown_mapping:
        raise ReadError(Reason.BAD_MAPPING, headers=", ".join(match.unknown_mapping))
    if not match.missing:
        return match
    if match.signature_hits == 0 and match.score < 2 and not mapping:
        raise ReadError(Reason.UNKNOWN_LAYOUT, headers=", ".join(headers)[:500])
    expected = [
        f"{name} ({' / '.join(match.layout.aliases.get(name, ()))})" for name in match.missing
    ]
    raise ReadError(Reason.MISSING_COLUMN, columns=", ".join(expected), layout=match.layout.name)
