"""`import_orders`: an export file in, accepted order lines or a rejection with its reasons out.

The file is read once, lazily and in streaming batches: one pass yields the accepted lines, the
first rows with problems, and the count of every problem. Duplicates are then judged on the
accepted lines. Nothing here raises on bad input; a file that cannot be imported comes back as a
rejected `ImportResult` whose `rejection` names the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import polars as pl

from runway.engine.orders.layouts import FIELDS, LayoutMatch, Shape, detect_layout
from runway.engine.orders.lines import Check, LinePlan, plan_lines
from runway.engine.orders.problems import (
    WARNINGS,
    Reason,
    ReadError,
    Rejection,
    no_problems,
)
from runway.engine.orders.reading import Limits, Source, Table, open_table
from runway.engine.orders.validation import counts, duplicates, listed, over_threshold

DEFAULT_TZ = "Asia/Shanghai"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import found. `orders` holds the accepted lines (empty when rejected):
    row, order_id, ordered_at (aware), customer_id, amount (Decimal(18, 4); for a sale line its
    gross value), line ("sale" or "reversal") and, when the file has them, quantity, status,
    refund_amount, country, channel, sku. Problems are frames of row, column, value, reason."""

    content_hash: str  # sha256 of the bytes: the same content imports once
    rejection: Rejection | None = None
    orders: pl.DataFrame = field(default_factory=pl.DataFrame)
    problems: pl.DataFrame = field(default_factory=no_problems)  # the first `max_listed`
    warnings: pl.DataFrame = field(default_factory=no_problems)
    problem_counts: Mapping[str, int] = field(default_factory=dict)  # every problem, by reason
    warning_counts: Mapping[str, int] = field(default_factory=dict)
    rows: int = 0  # data rows in the file
    excluded_rows: int = 0  # rows with a problem, left out
    layout: str | None = None
    shape: Shape | None = None
    columns: Mapping[str, str] = field(default_factory=dict)  # field -> the file's header
    formats: Mapping[str, str] = field(default_factory=dict)
    file_format: str | None = None
    encoding: str | None = None
    currency: str | None = None
    time_zone: str = DEFAULT_TZ

    @property
    def accepted(self) -> bool:
        return self.rejection is None


def content_hash(source: Source) -> str:
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    with source.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def import_orders(
    source: Source,
    *,
    as_of: dt.datetime,
    mapping: Mapping[str, str] | None = None,
    tz: str = DEFAULT_TZ,
    max_bad_share: float = 0.01,
    currency: str | None = None,
    limits: Limits = Limits(),
    max_listed: int = 1000,
) -> ImportResult:
    """Read, validate and normalize an order export (bytes or a path).

    `mapping` maps fields (order_id, ordered_at, amount, ...) to the file's headers when the
    layout is not recognized or guesses wrong. Naive times are wall-clock time in `tz`; rows
    dated after `as_of` are problems. A file with more than `max_bad_share` of its rows in error
    is rejected whole; below that, those rows are excluded and listed. `currency` is used when
    the file names none.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest: Future[str] = pool.submit(content_hash, source)
        try:
            with open_table(source, limits) as table:
                result = _import(
                    table,
                    mapping or {},
                    as_of=as_of,
                    tz=tz,
                    max_bad_share=max_bad_share,
                    currency=currency,
                    max_listed=max_listed,
                )
        except ReadError as error:
            result = ImportResult("", Rejection(error.reason, error.params), time_zone=tz)
        except (pl.exceptions.PolarsError, OSError, UnicodeError) as error:
            result = ImportResult("", _unreadable(error), time_zone=tz)
        return replace(result, content_hash=digest.result())


def _unreadable(error: Exception) -> Rejection:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if "utf-8" in message.lower() or isinstance(error, UnicodeError):
        return Rejection(Reason.UNDECODABLE_TEXT, {"detail": message[:300]})
    if isinstance(error, pl.exceptions.NoDataError):
        return Rejection(Reason.EMPTY_FILE)
    return Rejection(Reason.MALFORMED, {"detail": message[:300]})


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


def _import(
    table: Table,
    mapping: Mapping[str, str],
    *,
    as_of: dt.datetime,
    tz: str,
    max_bad_share: float,
    currency: str | None,
    max_listed: int,
) -> ImportResult:
    match = resolve_layout(table.headers, mapping)
    plan = plan_lines(table, match, tz=tz, as_of=as_of, currency=currency)
    described = ImportResult(
        "",
        layout=match.layout.name,
        shape=match.layout.shape,
        columns=dict(match.columns),
        formats=dict(plan.formats),
        file_format=table.file_format.value,
        encoding=table.encoding,
        currency=plan.currency,
        time_zone=tz,
    )
    lines, error_rows, warning_rows, tally = _collect(plan, max_listed)
    rows = int(tally["rows"][0])
    if rows == 0:
        return replace(described, rejection=Rejection(Reason.NO_ROWS))
    order_header = match.columns.get("order_id", "order_id")
    repeats = duplicates(lines, match.layout.shape, order_header)
    errors = [c for c in plan.checks if c.reason not in WARNINGS]
    warns = [c for c in plan.checks if c.reason in WARNINGS]
    problems = pl.concat([listed(error_rows, errors, match.columns), repeats.problems])
    warnings = pl.concat([listed(warning_rows, warns, match.columns), repeats.warnings])
    problem_counts = _merge(_tally(tally, errors), counts(repeats.problems))
    warning_counts = _merge(_tally(tally, warns), counts(repeats.warnings))
    excluded = int(tally["error_rows"][0]) + repeats.excluded.len()
    bad = int(tally["error_rows"][0]) + repeats.problems.height
    rejection = None
    if over_threshold(bad, rows, max_bad_share):
        share = f"{bad / rows:.2%}"
        rejection = Rejection(Reason.TOO_MANY_BAD_ROWS, {"bad_rows": bad, "rows": rows, "share": share})
    if rejection is None and not repeats.excluded.is_empty():
        lines = lines.filter(~pl.col("row").is_in(repeats.excluded.implode()))
    return replace(
        described,
        rejection=rejection,
        orders=lines.clear() if rejection else lines,
        problems=problems.sort("row", maintain_order=True).head(max_listed),
        warnings=warnings.sort("row", maintain_order=True).head(max_listed),
        problem_counts=problem_counts,
        warning_counts=warning_counts,
        rows=rows,
        excluded_rows=excluded,
    )


def _collect(
    plan: LinePlan, max_listed: int
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One streaming pass: accepted lines, first error rows, first warning rows, counts."""
    error_flags = [pl.col(c.flag) for c in plan.checks if c.reason not in WARNINGS]
    warning_flags = [pl.col(c.flag) for c in plan.checks if c.reason in WARNINGS]
    any_error = pl.any_horizontal(error_flags) if error_flags else pl.lit(value=False)
    any_warning = pl.any_horizontal(warning_flags) if warning_flags else pl.lit(value=False)
    frame = plan.frame
    queries = [
        frame.filter(~any_error).select(plan.output),
        frame.filter(any_error).head(max_listed),
        frame.filter(any_warning).head(max_listed),
        frame.select(
            pl.len().alias("rows"),
            any_error.sum().alias("error_rows"),
            *(pl.col(c.flag).sum() for c in plan.checks),
        ),
    ]
    lines, errors, warnings, tally = pl.collect_all(queries, engine="streaming")
    return lines, errors, warnings, tally


def _tally(tally: pl.DataFrame, checks: Sequence[Check]) -> dict[str, int]:
    found: dict[str, int] = {}
    for check in checks:
        count = int(tally[check.flag][0])
        if count:
            found[check.reason.value] = found.get(check.reason.value, 0) + count
    return found


def _merge(*parts: Mapping[str, int]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for part in parts:
        for reason, count in part.items():
            merged[reason] = merged.get(reason, 0) + count
    return dict(sorted(merged.items()))
