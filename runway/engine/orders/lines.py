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
from zoneinfo import ZoneInfo

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
LOCAL = "local:ordered_at"
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
    parsed = _parse(columns, dtypes, sample, tz)
    frame = frame.with_columns(**parsed.columns)
    if LOCAL in parsed.columns:
        given = parsed.ordered_at
        aware = parsing.localize(pl.col(LOCAL), tz) if given is None else given
        month = month_start(pl.col(LOCAL))
        frame = frame.with_columns(aware.alias("ordered_at"), month.alias("month"))
    frame = frame.with_columns(**_derived(match, dtypes))
    if {"status", "refund_amount"} <= set(frame.collect_schema().names()):
        # 交易关闭 and 已取消 cover both: a closed order with money refunded was paid and refunded.
        refunded = (pl.col("status") == Status.CANCELLED.value) & (pl.col("refund_amount") > 0)
        status = pl.when(refunded).then(pl.lit(Status.REFUNDED.value, STATUSES))
        frame = frame.with_columns(status.otherwise(pl.col("status")).alias("status"))
    file_currency = _file_currency(sample, columns) or parsed.currency or currency
    file_currency = file_currency or layout.currency
    wall_clock_now = as_of.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    checks, flags = _checks(match, wall_clock_now, file_currency, sample)
    frame = frame.with_columns(**flags)
    optional = [name for name in OPTIONAL_OUTPUT if name in columns or _derives(match, name)]
    output = ("row", "order_id", "ordered_at", "month", "customer_id", "amount", "line", *optional)
    return LinePlan(frame, checks, output, file_currency, parsed.formats)


@dataclass(frozen=True, slots=True)
class _Parsed:
    columns: dict[str, pl.Expr]  # parsed columns by name (LOCAL for the order time)
    formats: dict[str, str]
    currency: str | None  # named by a sign in the money values
    ordered_at: pl.Expr | None  # the instant, when the source gives one (an offset)


def _parse(
    columns: Mapping[str, str], dtypes: Mapping[str, pl.DataType], sample: pl.DataFrame, tz: str
) -> _Parsed:
    parsed: dict[str, pl.Expr] = {}
    formats: dict[str, str] = {}
    currency: str | None = None
    instant: pl.Expr | None = None
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
            if field == "ordered_at":
                # Parsed once into a wall-clock column; the instant and the month derive from it.
                parsed[LOCAL] = when.naive
                instant = when.aware
            else:
                aware = when.aware
                parsed[field] = parsing.localize(when.naive, tz) if aware is None else aware
            formats[field] = date.pattern or str(dtype)
        elif field == "quantity":
            parsed[field] = parsing.integer(name, dtype, plain=parsing.plain_integers(values))
        elif field == "status":
            parsed[field] = _status(name, values)
        elif field in TEXT_FIELDS:
            clean = parsing.needs_cleaning(values)
            parsed[field] = parsing.text(name, dtype, clean=clean)
        else:
            parsed[field] = pl.col(name).cast(pl.String)
    return _Parsed(parsed, formats, currency, instant)


def _spellings() -> dict[str, str]:
    """Status text as exports write it: as listed, capitalized, upper case, full-width commas."""
    found: dict[str, str] = {}
    for text, status in STATUS_TEXT.items():
        for variant in (text, text.capitalize(), text.title(), text.upper()):
            found[variant] = found[variant.replace(",", "，")] = status.value
    return found


STATUS_SPELLINGS = _spellings()
SPELLINGS = pl.Enum(sorted(STATUS_SPELLINGS))


def _status(name: str, sample: pl.Series) -> pl.Expr:
    """Known spellings map through an enum (a streaming-friendly lookup); text outside them is
    trimmed and normalized first, and what is still unknown is `other`."""
    text = pl.col(name).cast(pl.String)
    if not bool(sample.cast(pl.String).drop_nulls().is_in(list(STATUS_SPELLINGS)).all()):
        text = text.str.strip_chars().str.normalize("NFKC").str.to_lowercase()
    spelled = text.cast(SPELLINGS, strict=False)
    matches = [
        pl.when(spelled.is_in([k for k, v in STATUS_SPELLINGS.items() if v == s.value])).then(
            pl.lit(s.value)
        )
        for s in Status
        if s is not Status.OTHER
    ]
    known = pl.coalesce(*matches, pl.lit(Status.OTHER.value))
    return pl.when(text.is_not_null()).then(known).cast(STATUSES)


def _derives(match: LayoutMatch, name: str) -> bool:
    """Whether the layout computes `name` from other columns."""
    columns = match.columns.keys()
    if name == "refund_amount":
        paid_minus_received = match.layout.refund_rule is RefundRule.PAID_MINUS_RECEIVED
        return "price" in columns or (
            paid_minus_received and {"paid_amount", "received_amount"} <= columns
        )
    return name == "status" and "cancelled_at" in columns


def _derived(match: LayoutMatch, dtypes: Mapping[str, pl.DataType]) -> dict[str, pl.Expr]:
    """Order id, line kind, line value and refunds where the layout computes them."""
    layout, columns = match.layout, match.columns
    out: dict[str, pl.Expr] = {}
    order_id = pl.col("order_id") if "order_id" in columns else None
    if layout.order_key and order_id is None:
        # CDNOW: a customer's purchases of one calendar day are one order.
        day = pl.col(LOCAL).dt.strftime("%Y-%m-%d")
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
        out["refund_amount"] = pl.when(refunded).then(positive).otherwise(pl.lit(0, parsing.MONEY))
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
    match: LayoutMatch, now: dt.datetime, currency: str | None, sample: pl.DataFrame
) -> tuple[tuple[Check, ...], dict[str, pl.Expr]]:
    """(check, mask) pairs; a row is excluded when any error mask is true. Dates compare as
    wall-clock time in the venture's zone (`now` is `as_of` there)."""
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
            parsed = pl.col(LOCAL if field == "ordered_at" else field)
            found.append((field, Reason.UNPARSEABLE_DATE, present & parsed.is_null()))
        elif field == "quantity":
            found.append((field, Reason.UNPARSEABLE_QUANTITY, present & pl.col(field).is_null()))
    if "ordered_at" in columns:
        found.append(("ordered_at", Reason.FUTURE_DATE, pl.col(LOCAL) > now))
    if "quantity" in columns:
        floor = 0 if layout.shape is Shape.LINES else -1
        found.append(("quantity", Reason.NEGATIVE_QUANTITY, sale & (pl.col("quantity") <= floor)))
    found.extend(
        (field, Reason.NEGATIVE_AMOUNT, pl.col(field) < 0)
        for field in ("amount", "price", "refund_amount")
        if field in columns
    )
    if {"price", "quantity"} <= columns.keys():
        overflow = pl.col("amount").is_null() & pl.col("price").is_not_null()
        found.append(
            ("price", Reason.UNPARSEABLE_AMOUNT, overflow & pl.col("quantity").is_not_null())
        )
    if {"amount", "refund_amount"} <= columns.keys():
        over = pl.col("refund_amount") > pl.col("amount")
        found.append(("refund_amount", Reason.REFUND_EXCEEDS_AMOUNT, over))
    if "currency" in columns and currency is not None:
        code = pl.col(raw("currency")).cast(pl.String)
        if not bool((sample[raw("currency")].cast(pl.String) == currency).all()):
            code = code.str.strip_chars().str.to_uppercase()
        found.append(("currency", Reason.OTHER_CURRENCY, code != currency))
    if "status" in columns:
        unknown = pl.col("status") == Status.OTHER.value
        found.append(("status", Reason.UNKNOWN_STATUS, unknown))
    checks = tuple(Check(f"check:{i}", f, r) for i, (f, r, _m) in enumerate(found))
    flags = {c.flag: m.fill_null(value=False) for c, (_f, _r, m) in zip(checks, found, strict=True)}
    return checks, flags
