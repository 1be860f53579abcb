"""Row problems as a frame, duplicate rules, and the rejection threshold.

Duplicates follow the layout. One row per order: a repeated order id is one order, the first row
counts and every repeat is excluded; an identical repeat is a `repeated_order` warning, a repeat
whose content differs a `duplicate_order_id` problem. One row per order line: identical lines of
one order are kept as separate purchases and reported as `duplicate_line` warnings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from runway.engine.orders.layouts import Shape
from runway.engine.orders.lines import Check, raw
from runway.engine.orders.problems import PROBLEM_SCHEMA, Reason, no_problems


def listed(
    flagged: pl.DataFrame, checks: Sequence[Check], headers: Mapping[str, str]
) -> pl.DataFrame:
    """One problem per (row, check) that failed, in row order."""
    parts = [
        flagged.filter(pl.col(check.flag)).select(
            pl.col("row").cast(pl.Int64),
            pl.lit(headers.get(check.field, check.field)).alias("column"),
            pl.col(raw(check.field)).cast(pl.String).alias("value"),
            pl.lit(check.reason.value).alias("reason"),
        )
        for check in checks
        if check.flag in flagged.columns
    ]
    if not parts:
        return no_problems()
    return pl.concat(parts).sort("row", maintain_order=True).cast(PROBLEM_SCHEMA)


@dataclass(frozen=True, slots=True)
class Duplicates:
    problems: pl.DataFrame  # counted toward the threshold
    warnings: pl.DataFrame
    excluded: pl.Series  # rows left out (repeats of an order)


def duplicates(lines: pl.DataFrame, shape: Shape, order_header: str) -> Duplicates:
    """Apply the duplicate rule of `shape` to accepted lines (in file order)."""
    if shape is Shape.LINES:
        return _duplicate_lines(lines, order_header)
    repeated = _repeated(lines, pl.col("order_id"))
    if repeated.is_empty():
        return _none(lines)
    compared = [c for c in lines.columns if c not in ("row", "order_id")]
    first = repeated.group_by("order_id", maintain_order=True).first()
    joined = repeated.join(first, on="order_id", suffix=":first").filter(
        pl.col("row") != pl.col("row:first")
    )
    same = pl.all_horizontal(
        [pl.col(c).eq_missing(pl.col(f"{c}:first")) for c in compared] or [pl.lit(value=True)]
    )
    reported = joined.select(
        pl.col("row").cast(pl.Int64),
        pl.lit(order_header).alias("column"),
        pl.col("order_id").alias("value"),
        pl.when(same)
        .then(pl.lit(Reason.REPEATED_ORDER.value))
        .otherwise(pl.lit(Reason.DUPLICATE_ORDER_ID.value))
        .alias("reason"),
    )
    is_warning = pl.col("reason") == Reason.REPEATED_ORDER.value
    return Duplicates(
        reported.filter(~is_warning).cast(PROBLEM_SCHEMA),
        reported.filter(is_warning).cast(PROBLEM_SCHEMA),
        joined["row"],
    )


def _none(lines: pl.DataFrame) -> Duplicates:
    return Duplicates(no_problems(), no_problems(), pl.Series("row", [], lines["row"].dtype))


def _repeated(lines: pl.DataFrame, identity: pl.Expr) -> pl.DataFrame:
    """Lines whose `identity` occurs more than once, in file order.

    Distinct 64-bit hashes prove distinct values, so the common case (no repeats) costs one pass
    over hashes; only lines whose hash repeats are compared by value.
    """
    hashed = lines.select(identity.hash(seed=11)).to_series()
    if hashed.n_unique() == lines.height:
        return lines.clear()
    candidates = lines.filter(hashed.is_duplicated())
    return candidates.filter(identity.is_duplicated())


def _duplicate_lines(lines: pl.DataFrame, order_header: str) -> Duplicates:
    identity = pl.struct([c for c in lines.columns if c != "row"])
    repeated = _repeated(lines, identity)
    if repeated.is_empty():
        return _none(lines)
    again = repeated.filter(~identity.is_first_distinct())
    warnings = again.select(
        pl.col("row").cast(pl.Int64),
        pl.lit(order_header).alias("column"),
        pl.col("order_id").alias("value"),
        pl.lit(Reason.DUPLICATE_LINE.value).alias("reason"),
    ).cast(PROBLEM_SCHEMA)
    return Duplicates(no_problems(), warnings, pl.Series("row", [], lines["row"].dtype))


def over_threshold(bad_rows: int, rows: int, max_bad_share: float) -> bool:
    """More than `max_bad_share` of the rows have an error (warnings do not count)."""
    return bad_rows > max_bad_share * rows


def counts(problems: pl.DataFrame) -> dict[str, int]:
    """Problems per reason."""
    if problems.is_empty():
        return {}
    grouped = problems.group_by("reason").len().sort("reason")
    return dict(zip(grouped["reason"].to_list(), grouped["len"].to_list(), strict=True))
