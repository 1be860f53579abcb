"""From raw columns to typed order lines, with one boolean column per row check.

`plan_lines` looks at a sample once to choose each column's format, then builds a lazy frame that
holds, for every row, the raw values of the mapped columns, the parsed canonical columns and the
checks. Nothing is read until the importer collects it. Every row becomes a line: a `sale` (an
order, or one line of an order) or a `reversal` (a cancellation line such as UCI's "C" invoices,
whose value is in `refund_amount`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from runway.engine.orders import parsing
from runway.engine.orders.layouts import (
    MONEY_FIELDS,
    STATUS_TEXT,
    TEXT_FIELDS,
    LayoutMatch,
    RefundRule,
    Shape,
    Status,
)
from runway.engine.orders.problems import Reason
from runway.engine.orders.reading import ROW, Table

SAMPLE_ROWS = 5000
LINE_KINDS = pl.Enum(["sale", "reversal"])
STATUSES = pl.Enum([s.value for s in Status])
OPTIONAL_OUTPUT = ("quantity", "status", "refund_amount", "country", "channel", "sku")


def month_start(naive: pl.Expr) -> pl.Expr:
    return naive.dt.truncate("1mo").cast(pl.Date)


def raw(name: str) -> str:
    return f"raw:{name}"


@dataclass(frozen=True, slots=True)
class Check:
    flag: str  # the boolean column
    field: str
    reason: Reason


@dataclass(frozen=True, slots=True)
class LinePlan:
    frame: pl.LazyFrame
    checks: tuple[Check, ...]
    output: tuple[str, ...]
    currency: str | None
    formats: Mapping[str, str]  # field -> detected format, for the import report


def plan_lines(
    table: Table, match: LayoutMatch, *, tz: str, as_of: dt.datetime, currency: str | None
) -> LinePlan:
    """The lazy frame of parsed lines and checks for `table` read as `match` says."""
    layout, columns = match.layout, match.columns
    frame = table.frame.select(
        pl.col(ROW).alias("row"), *(pl.col(h).alias(raw(f)) for f, h in columns.items())
    )
    if layout.continuation_rows and {"amount", "ordered_at"} <= columns.keys():
        # Shopify repeats an order's name on each further line item, order fields left empty.
        blank = pl.col(raw("amount")).is_null() & pl.col(raw("ordered_at")).is_null()
        frame = frame.filter(~blank)
    schema = frame.collect_schema()
    sample = frame.head(SAMPLE_ROWS).collect()
    dtypes = {f: schema[raw(f)] for f in columns}
    parsed, formats, detected_currency = _parse(columns, dtypes, sample, tz)
    frame = frame.with_columns(**parsed)
    frame = frame.with_columns(**_derived(match, dtypes))
    file_currency = _file_currency(sample, columns) or detected_currency or currency
    file_currency = file_currency or layout.currency
    checks, flags = _checks(match, as_of, file_currency)
    frame = frame.with_columns(**flags)
    output = ("row", "order_id", "ordered_at", "month", "customer_id", "amount", "line") + tuple(
        name for name in OPTIONAL_OUTPUT if name in columns or _derives(match, name)
    )
    return LinePlan(frame, checks, output, file_currency, formats)


def _parse(
    columns: Mapping[str, str],
    dtypes: Mapping[str, pl.DataType],
    sample: pl.DataFrame,
    tz: str,
) -> tuple[dict[str, pl.Expr], dict[str, str], str | None]:
    parsed: dict[str, pl.Expr] = {}
    formats: dict[str, str] = {}
    currency: str | None = None
    for field in columns:
        name, dtype, values = raw(field), dtypes[field], sample[raw(field)]
        if field in MONEY_FIELDS:
            money = parsing.detect_money(values)
            currency = currency or money.currency
            parsed[field] = parsing.money(name, dtype, money)
            formats[field] = "decimal comma" if money.decimal_comma else "decimal point"
        elif field in ("ordered_at", "cancelled_at"):
            date = parsing.detect_date(values)
            when = parsing.local_datetime(name, dtype, date, tz)
            parsed[field] = when.aware
            if field == "ordered_at":
                parsed["month"] = month_start(when.naive)
            formats[field] = date.pattern or str(dtype)
        elif field == "quantity":
            parsed[field] = parsing.integer(name, dtype, plain=parsing.plain_integers(values))
        elif field == "status":
            text = pl.col(name).cast(pl.String).str.strip_chars()
            normal = text.str.normalize("NFKC").str.to_lowercase()
            parsed[field] = normal.replace_strict(
                {k: v.value for k, v in STATUS_TEXT.items()}, default=Status.OTHER.value
            ).cast(STATUSES)
        elif field in TEXT_FIELDS:
            clean = parsing.needs_cleaning(values)
            parsed[field] = parsing.text(name, dtype, clean=clean)
        else:
            parsed[field] = pl.col(name).cast(pl.String)
    return parsed, formats, currency


def _derives(match: LayoutMatch, name: str) -> bool:
    if name == "refund_amount" and "price" in match.columns:
        return True
    if name == "refund_amount":
        return match.layout.refund_rule is RefundRule.PAID_MINUS_RECEIVED and {
            "paid_amount",
            "received_amount",
        } <= match.columns.keys()
    return name == "status" and "cancelled_at" in match.columns


def _derived(match: LayoutMatch, dtypes: Mapping[str, pl.DataType]) -> dict[str, pl.Expr]:
    """Order id, line kind, line value and refunds where the layout computes them."""
    layout, columns = match.layout, match.columns
    out: dict[str, pl.Expr] = {}
    order_id = pl.col("order_id") if "order_id" in columns else None
    if layout.order_key and order_id is None:
        # CDNOW: a customer's purchases of one calendar day are one order.
        day = pl.col("ordered_at").dt.strftime("%Y-%m-%d")
        order_id = pl.concat_str([pl.col("customer_id"), day], separator="/")
    out["order_id"] = order_id if order_id is not None else pl.lit(None, pl.String)
    reversal = pl.lit(value=False)
    if layout.cancellation_prefix and order_id is not None:
        reversal = order_id.str.starts_with(layout.cancellation_prefix).fill_null(value=False)
    out["line"] = pl.when(reversal).then(pl.lit("reversal")).otherwise(pl.lit("sale"))
    out["line"] = out["line"].cast(LINE_KINDS)
    if "price" in columns:
        value = (pl.col("quantity") * pl.col("price")).cast(parsing.MONEY, strict=False)
        out["amount"] = pl.when(reversal).then(pl.lit(0, parsing.MONEY)).otherwise(value)
        out["refund_amount"] = pl.when(reversal).then(value.abs())
    elif _derives(match, "refund_amount"):
        refunded = pl.col("after_sale").str.contains("退款成功").fill_null(value=False)
        kept = pl.col("paid_amount") - pl.col("received_amount")
        positive = pl.max_horizontal(kept, pl.lit(0, parsing.MONEY)).cast(parsing.MONEY)
        out["refund_amount"] = pl.when(refunded).then(positive).otherwise(
            pl.lit(0, parsing.MONEY)
        )
    if _derives(match, "status"):
        cancelled = pl.col("cancelled_at").is_not_null()
        status = pl.col("status") if "status" in columns else pl.lit(None, STATUSES)
        out["status"] = pl.when(cancelled).then(pl.lit("cancelled", STATUSES)).otherwise(status)
    if "customer_id" not in columns:
        out["customer_id"] = pl.lit(None, pl.String)
    return out


def _file_currency(sample: pl.DataFrame, columns: Mapping[str, str]) -> str | None:
    if "currency" not in columns:
        return None
    codes = sample[raw("currency")].cast(pl.String).str.strip_chars().str.to_uppercase()
    codes = codes.drop_nulls()
    return None if codes.is_empty() else str(codes.mode().sort().item(0))


def _checks(
    match: LayoutMatch, as_of: dt.datetime, currency: str | None
) -> tuple[tuple[Check, ...], dict[str, pl.Expr]]:
    """(check, mask) pairs; a row is excluded when any error mask is true."""
    layout, columns = match.layout, match.columns
    sale = pl.col("line") == "sale"
    found: list[tuple[str, Reason, pl.Expr]] = []
    for field in columns:
        present = pl.col(raw(field)).is_not_null()
        if field in layout.required:
            found.append((field, Reason.MISSING_VALUE, ~present))
        if field in MONEY_FIELDS:
            found.append((field, Reason.UNPARSEABLE_AMOUNT, present & pl.col(field).is_null()))
        elif field in ("ordered_at", "cancelled_at"):
            found.append((field, Reason.UNPARSEABLE_DATE, present & pl.col(field).is_null()))
        elif field == "quantity":
            found.append((field, Reason.UNPARSEABLE_QUANTITY, present & pl.col(field).is_null()))
    if "ordered_at" in columns:
        found.append(("ordered_at", Reason.FUTURE_DATE, pl.col("ordered_at") > as_of))
    if "quantity" in columns:
        floor = 0 if layout.shape is Shape.LINES else -1
        found.append(("quantity", Reason.NEGATIVE_QUANTITY, sale & (pl.col("quantity") <= floor)))
    for field in ("amount", "price", "refund_amount"):
        if field in columns:
            found.append((field, Reason.NEGATIVE_AMOUNT, pl.col(field) < 0))
    if {"price", "quantity"} <= columns.keys():
        overflow = pl.col("amount").is_null() & pl.col("price").is_not_null()
        found.append(("price", Reason.UNPARSEABLE_AMOUNT, overflow & pl.col("quantity").is_not_null()))
    if {"amount", "refund_amount"} <= columns.keys():
        over = pl.col("refund_amount") > pl.col("amount")
        found.append(("refund_amount", Reason.REFUND_EXCEEDS_AMOUNT, over))
    if "currency" in columns and currency is not None:
        code = pl.col(raw("currency")).cast(pl.String).str.strip_chars().str.to_uppercase()
        found.append(("currency", Reason.OTHER_CURRENCY, code != currency))
    if "status" in columns:
        unknown = pl.col("status") == Status.OTHER.value
        found.append(("status", Reason.UNKNOWN_STATUS, unknown))
    checks = tuple(Check(f"check:{i}", f, r) for i, (f, r, _m) in enumerate(found))
    flags = {c.flag: m.fill_null(value=False) for c, (_f, _r, m) in zip(checks, found, strict=True)}
    return checks, flags
