"""`import_orders`: an export file in; KPIs, cohorts and row problems, or a rejection, out.

A file of whole orders whose order ids are all distinct (the usual export) is read in a single
streaming pass that yields the problems, their counts and every aggregate the KPIs need; no line
is held in memory. Line-item files, files with repeated order ids, and callers that ask for the
lines (`keep_orders`) take a second path that collects the accepted lines, applies the duplicate
rules, then computes the same figures from them. Nothing raises on bad input: a file that cannot
be imported comes back rejected, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

import polars as pl

from runway.engine.orders import buyers
from runway.engine.orders.kpis import Traction, assemble, traction
from runway.engine.orders.layouts import LayoutMatch, Shape, resolve_layout
from runway.engine.orders.lines import LOCAL, Check, LinePlan, plan_lines
from runway.engine.orders.problems import WARNINGS, ReadError, Reason, Rejection
from runway.engine.orders.reading import DEFAULT_LIMITS, Limits, Source, Table, open_table
from runway.engine.orders.results import DEFAULT_TZ, ImportResult, content_hash
from runway.engine.orders.validation import counts, duplicates, listed, over_threshold

ERROR = "error:any"
WARNING = "warning:any"


@dataclass(frozen=True, slots=True)
class _Options:
    as_of: dt.datetime
    tz: str
    max_bad_share: float
    currency: str | None
    max_listed: int
    keep_orders: bool


def import_orders(
    source: Source,
    *,
    as_of: dt.datetime,
    mapping: Mapping[str, str] | None = None,
    tz: str = DEFAULT_TZ,
    max_bad_share: float = 0.01,
    currency: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    max_listed: int = 1000,
    keep_orders: bool = False,
) -> ImportResult:
    """Read, validate and summarize an order export (bytes or a path).

    `mapping` maps fields (order_id, ordered_at, amount, ...) to the file's headers when the
    layout is not recognized or guesses wrong. Naive times are wall-clock time in `tz`; rows
    dated after `as_of` are problems. A file with more than `max_bad_share` of its rows in error
    is rejected whole; below that, those rows are excluded and listed (the first `max_listed`;
    counts cover all). `currency` is used when the file names none.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    options = _Options(as_of, tz, max_bad_share, currency, max_listed, keep_orders)
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest: Future[str] = pool.submit(content_hash, source)
        try:
            with open_table(source, limits) as table:
                result = _import(table, mapping or {}, options)
        except ReadError as error:
            result = ImportResult("", Rejection(error.reason, error.params), time_zone=tz)
        except (pl.exceptions.PolarsError, OSError, UnicodeError) as error:
            result = ImportResult("", _unreadable(error), time_zone=tz)
        return replace(result, content_hash=digest.result())


def _unreadable(error: Exception) -> Rejection:
    text = str(error).strip()
    message = text.splitlines()[0] if text else type(error).__name__
    if "utf-8" in message.lower() or isinstance(error, UnicodeError):
        return Rejection(Reason.UNDECODABLE_TEXT, {"detail": message[:300]})
    if isinstance(error, pl.exceptions.NoDataError):
        return Rejection(Reason.EMPTY_FILE)
    return Rejection(Reason.MALFORMED, {"detail": message[:300]})


def _import(table: Table, mapping: Mapping[str, str], options: _Options) -> ImportResult:
    match = resolve_layout(table.headers, mapping)
    plan = plan_lines(table, match, tz=options.tz, as_of=options.as_of, currency=options.currency)
    described = ImportResult(
        "",
        layout=match.layout.name,
        shape=match.layout.shape,
        columns=dict(match.columns),
        formats=dict(plan.formats),
        file_format=table.file_format.value,
        encoding=table.encoding,
        currency=plan.currency,
        time_zone=options.tz,
    )
    if match.layout.shape is Shape.ORDERS and not options.keep_orders:
        single = _single_pass(plan, match, options, described)
        if single is not None:
            return single
    return _with_lines(plan, match, options, described)


def _flags(plan: LinePlan) -> tuple[pl.LazyFrame, pl.Expr, list[Check], list[Check]]:
    errors = [c for c in plan.checks if c.reason not in WARNINGS]
    warns = [c for c in plan.checks if c.reason in WARNINGS]
    any_error = pl.any_horizontal([pl.col(c.flag) for c in errors] or [pl.lit(value=False)])
    any_warning = pl.any_horizontal([pl.col(c.flag) for c in warns] or [pl.lit(value=False)])
    return plan.frame.with_columns(any_error.alias(ERROR)), any_warning, errors, warns


def _reports(
    frame: pl.LazyFrame, any_warning: pl.Expr, plan: LinePlan, max_listed: int
) -> list[pl.LazyFrame]:
    """First error rows, first warning rows, and the counts of every check."""
    return [
        frame.filter(ERROR).head(max_listed),
        frame.filter(any_warning).head(max_listed),
        frame.select(
            pl.len().alias("rows"),
            pl.col(ERROR).sum().alias("error_rows"),
            *(pl.col(c.flag).sum() for c in plan.checks),
        ),
    ]


def _single_pass(
    plan: LinePlan, match: LayoutMatch, options: _Options, described: ImportResult
) -> ImportResult | None:
    """Figures from one streaming pass, or None when order ids repeat (or hashes clash).

    The pass keeps, per row, only hashed ids, month, day, values and check flags (about 50
    bytes); the raw values of the few rows with problems are read again afterwards. Each
    aggregate then runs on its own, and columns are let go as soon as they have served.
    """
    frame, any_warning, errors, warns = _flags(plan)
    flags = [c.flag for c in plan.checks]
    day = pl.col(LOCAL).dt.date().alias("day")
    keep: list[str | pl.Expr] = ["row", day, ERROR, any_warning.alias(WARNING), *flags]
    good = buyers.prepare(frame, keep=keep, with_order_check=False).collect(engine="streaming")
    tally = good.select(
        pl.len().alias("rows"),
        pl.col(ERROR).sum().alias("error_rows"),
        *(pl.col(flag).sum() for flag in flags),
    )
    error_rows, warning_rows = _rows_again(plan, good, options.max_listed)
    if int(tally["error_rows"][0]):
        good = good.filter(~pl.col(ERROR))
    good = good.drop("row", ERROR, WARNING, *flags)
    if not buyers.order_keys_unique(good.lazy()).collect()["unique"][0]:
        return None
    good = good.drop("order_key")
    firsts = buyers.first_months(good.lazy()).collect()
    if bool(firsts["clash"].any()):
        return None
    totals = buyers.monthly_totals(good.lazy(), unique_orders=True).collect()
    span = good.select(pl.col("day").min().alias("first"), pl.col("day").max().alias("last"))
    pairs = buyers.buyer_months(good.drop("day", "gross", "reversal", "customer_check").lazy())
    del good  # the pairs below are the last use of the lines
    figures = assemble(totals, pairs.collect(), firsts, span)
    return _outcome(
        described,
        options,
        tally=tally,
        problems=listed(error_rows, errors, match.columns),
        warnings=listed(warning_rows, warns, match.columns),
        counted=(_tally(tally, errors), _tally(tally, warns)),
        figures=figures,
    )


def _rows_again(
    plan: LinePlan, compact: pl.DataFrame, max_listed: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The first rows with errors and with warnings: their flags and raw values."""
    flags = [c.flag for c in plan.checks]
    errors = compact.filter(ERROR).head(max_listed).select("row", *flags)
    warnings = compact.filter(WARNING).head(max_listed).select("row", *flags)
    wanted = pl.concat([errors["row"], warnings["row"]]).unique()
    raw = [name for name in plan.frame.collect_schema().names() if name.startswith("raw:")]
    if wanted.is_empty():
        nulls = [pl.lit(None, pl.String).alias(name) for name in raw]
        return errors.with_columns(nulls), warnings.with_columns(nulls)
    values = (
        plan.frame.select("row", *raw)
        .filter(pl.col("row").is_in(wanted.implode()))
        .collect(engine="streaming")
    )
    return errors.join(values, on="row"), warnings.join(values, on="row")


def _with_lines(
    plan: LinePlan, match: LayoutMatch, options: _Options, described: ImportResult
) -> ImportResult:
    """Collect the accepted lines, apply the duplicate rules, and count from the lines."""
    frame, any_warning, errors, warns = _flags(plan)
    queries = [
        frame.select(*plan.output, ERROR),
        *_reports(frame, any_warning, plan, options.max_listed),
    ]
    lines, error_rows, warning_rows, tally = pl.collect_all(queries, engine="streaming")
    if int(tally["error_rows"][0]):
        lines = lines.filter(~pl.col(ERROR))
    lines = lines.drop(ERROR)
    order_header = match.columns.get("order_id") or match.columns.get("customer_id", "order_id")
    repeats = duplicates(lines, match.layout.shape, order_header)
    if not repeats.excluded.is_empty():
        lines = lines.filter(~pl.col("row").is_in(repeats.excluded.implode()))
    rows = int(tally["rows"][0])
    figures = traction(lines) if rows else None
    return _outcome(
        described,
        options,
        tally=tally,
        problems=pl.concat([listed(error_rows, errors, match.columns), repeats.problems]),
        warnings=pl.concat([listed(warning_rows, warns, match.columns), repeats.warnings]),
        counted=(
            _merge(_tally(tally, errors), counts(repeats.problems)),
            _merge(_tally(tally, warns), counts(repeats.warnings)),
        ),
        figures=figures,
        repeated=repeats.excluded.len(),
        conflicting=repeats.problems.height,
        lines=lines if options.keep_orders else None,
    )


def _outcome(
    described: ImportResult,
    options: _Options,
    *,
    tally: pl.DataFrame,
    problems: pl.DataFrame,
    warnings: pl.DataFrame,
    counted: tuple[dict[str, int], dict[str, int]],
    figures: Traction | None,
    repeated: int = 0,
    conflicting: int = 0,
    lines: pl.DataFrame | None = None,
) -> ImportResult:
    """Apply the threshold: below it, figures and lines are kept; above, only the problems."""
    rows = int(tally["rows"][0])
    error_rows = int(tally["error_rows"][0])
    bad = error_rows + conflicting
    rejection = None
    if rows == 0:
        rejection = Rejection(Reason.NO_ROWS)
    elif over_threshold(bad, rows, options.max_bad_share):
        params: dict[str, str | int] = {"bad_rows": bad, "rows": rows, "share": f"{bad / rows:.2%}"}
        rejection = Rejection(Reason.TOO_MANY_BAD_ROWS, params)
    result = replace(
        described,
        rejection=rejection,
        problems=problems.sort("row", maintain_order=True).head(options.max_listed),
        warnings=warnings.sort("row", maintain_order=True).head(options.max_listed),
        problem_counts=counted[0],
        warning_counts=counted[1],
        rows=rows,
        excluded_rows=error_rows + repeated,
    )
    if rejection is not None or figures is None:
        return result
    kept = lines if lines is not None else pl.DataFrame()
    return replace(result, kpis=figures.kpis, cohorts=figures.cohorts, orders=kept)


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
