"""The batch files read and checked: mandates.csv, rounds.csv and rates.csv into frames.

UTF-8 (a BOM is allowed), a header row, any column order; header names are matched after
trimming and lower-casing, unknown columns are ignored. Cells are trimmed; an empty cell means
"any" or "unknown"; list cells are `;`-separated. Every problem names the file, the line (the
header is line 1) and the column, and says what was expected; nothing is matched unless both
files are clean. Formats are in docs/decisions.md ("Matching").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Final

import polars as pl

from runway.engine.matching.frames import MANDATE_SCHEMA, ROUND_SCHEMA, quantize_weights
from runway.engine.matching.specs import COMPONENTS, DEFAULT_WEIGHTS, MUST_FIELDS, weights

LISTED: Final = 20


class Expected(StrEnum):
    """What a cell or a file should have held."""

    READABLE_FILE = "readable_file"
    UTF8 = "utf8"
    HEADER = "header"
    COLUMN = "column"
    UNIQUE_COLUMN = "unique_column"
    WELL_FORMED_ROW = "well_formed_row"  # no more fields than the header, quotes closed
    ID = "id"
    UNIQUE_ID = "unique_id"
    AMOUNT = "amount"  # a decimal number >= 0, like 1500000 or 2500.50
    POSITIVE_AMOUNT = "positive_amount"
    RATIO = "ratio"  # a decimal number, may be negative: 0.3 is +30%
    SCORE = "score"  # a decimal number from 0 to 100
    MONTHS = "months"  # a whole number of months >= 0
    SHARE = "share"  # a decimal number from 0 to 1
    CURRENCY = "currency"  # three letters
    MUST = "must"  # some of sectors;stages;regions
    ONE_CODE = "one_code"  # a single value, no `;`
    NOT_BELOW_MINIMUM = "not_below_minimum"  # ticket_max >= ticket_min, target >= min_ticket
    POSITIVE_RATE = "positive_rate"
    DATE = "date"  # YYYY-MM-DD
    ONE_RATE_PER_DATE = "one_rate_per_date"


PHRASES: Final[Mapping[Expected, str]] = {
    Expected.READABLE_FILE: "a readable file",
    Expected.UTF8: "UTF-8 text",
    Expected.HEADER: "a header row",
    Expected.COLUMN: "this column in the header",
    Expected.UNIQUE_COLUMN: "each column once in the header",
    Expected.WELL_FORMED_ROW: "no more fields than the header and closed quotes",
    Expected.ID: "a non-empty id",
    Expected.UNIQUE_ID: "an id not used on an earlier line",
    Expected.AMOUNT: "an amount: a number >= 0 such as 1500000 or 2500.50",
    Expected.POSITIVE_AMOUNT: "an amount above 0 such as 1500000",
    Expected.RATIO: "a decimal ratio such as 0.3 (= +30%) or -0.1",
    Expected.SCORE: "a score from 0 to 100",
    Expected.MONTHS: "a whole number of months such as 24",
    Expected.SHARE: "a share from 0 to 1 such as 0.35 (= 35%)",
    Expected.CURRENCY: "a three-letter currency code such as CNY",
    Expected.MUST: "some of sectors;stages;regions",
    Expected.ONE_CODE: "a single value (no ';')",
    Expected.NOT_BELOW_MINIMUM: "an amount not below the minimum on the same line",
    Expected.POSITIVE_RATE: "a rate above 0 such as 7.12",
    Expected.DATE: "a date as YYYY-MM-DD",
    Expected.ONE_RATE_PER_DATE: "one rate per currency and date",
}


@dataclass(frozen=True, slots=True)
class BatchProblem:
    """`line` counts from 1 (the header); None when the problem is the whole file."""

    file: str
    line: int | None
    column: str | None
    expected: Expected
    value: str | None = None

    def describe(self) -> str:
        """One English line for the command line."""
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        got = "" if self.value is None else f", got {self.value!r}"
        return f"{where}: expected {PHRASES[self.expected]}{got}"


class BatchInputError(Exception):
    def __init__(self, problems: list[BatchProblem]) -> None:
        super().__init__("; ".join(p.describe() for p in problems[:3]))
        self.problems = tuple(problems)


NUMBER: Final = r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
SIGNED: Final = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
WHOLE: Final = r"^[0-9]+$"
MANDATE_COLUMNS: Final = (
    "mandate_id", "investor", "instruments", "sectors", "stages", "regions",
    "ticket_min", "ticket_max", "currency",
)  # fmt: skip
MANDATE_OPTIONAL: Final = (
    "must", "min_gmv_12m", "min_growth_yoy", "min_months_history", "min_repeat_rate",
)  # fmt: skip
ROUND_COLUMNS: Final = (
    "round_id", "venture_id", "venture", "instrument", "sectors", "stage", "regions",
    "target_amount", "min_ticket", "currency",
)  # fmt: skip
ROUND_OPTIONAL: Final = ("gmv_12m", "growth_yoy", "months_history", "repeat_rate", "score")
FX_COLUMNS: Final = ("currency", "rate_to_cny", "date")


@dataclass(frozen=True, slots=True)
class Sheet:
    """A file's cells as trimmed strings (null when empty), with each row's line number."""

    name: str
    frame: pl.DataFrame  # the known columns, plus `_line`
    ignored: tuple[str, ...]


def _line_numbers(raw: bytes, rows: int) -> list[int]:
    """The first line of each data row, for files whose quoted cells may hold line breaks."""
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    starts, end = [], 0
    for _ in reader:
        starts.append(end + 1)
        end = reader.line_num
    lines = starts[1 : rows + 1]
    return lines + list(range(end + 1, end + 1 + rows - len(lines)))


def _first_bad_line(raw: bytes, width: int) -> int | None:
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), strict=True)
    try:
        for row in reader:
            if len(row) > width:
                return reader.line_num
    except csv.Error:
        return reader.line_num
    return None


def read_sheet(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> Sheet:
    """The file's cells, or BatchInputError for an unreadable file or a missing column."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raise BatchInputError([BatchProblem(name, None, None, Expected.READABLE_FILE)]) from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BatchInputError([BatchProblem(name, line, None, Expected.UTF8)]) from None
    if not raw.strip():
        raise BatchInputError([BatchProblem(name, 1, None, Expected.HEADER)])
    if b"\n" not in raw:
        raw = raw.replace(b"\r", b"\n")  # old Mac line endings
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    names = [h.strip().lower() or f"_unnamed_{i}" for i, h in enumerate(header)]
    problems = [
        BatchProblem(name, 1, column, Expected.UNIQUE_COLUMN)
        for column in sorted({n for n in names if names.count(n) > 1})
    ]
    problems += [BatchProblem(name, 1, c, Expected.COLUMN) for c in required if c not in names]
    if problems:
        raise BatchInputError(problems)
    try:
        frame = pl.read_csv(raw, infer_schema=False, has_header=True, new_columns=names)
    except pl.exceptions.PolarsError:
        bad_line = _first_bad_line(raw, len(names))
        problem = BatchProblem(name, bad_line, None, Expected.WELL_FORMED_ROW)
        raise BatchInputError([problem]) from None
    known = [c for c in (*required, *optional) if c in names]
    frame = frame.select(pl.col(c).str.strip_chars().replace("", None) for c in known)
    lines = _line_numbers(raw, frame.height) if b'"' in raw else range(2, frame.height + 2)
    frame = frame.with_columns(_line=pl.Series(list(lines), dtype=pl.Int64))
    # Blank lines (every cell empty) are skipped, not reported.
    frame = frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in known))
    ignored = tuple(n for n in names if not n.startswith("_unnamed_") and n not in known)
    return Sheet(name, frame, ignored)


def _bad(sheet: Sheet, column: str, wrong: pl.Expr, expected: Expected) -> list[BatchProblem]:
    if column not in sheet.frame.columns:
        return []
    rows = sheet.frame.filter(wrong.fill_null(False)).select("_line", column).head(LISTED)
    return [BatchProblem(sheet.name, line, column, expected, v) for line, v in rows.iter_rows()]


def _not_matching(column: str, pattern: str) -> pl.Expr:
    return pl.col(column).is_not_null() & ~pl.col(column).str.contains(pattern)


def _number(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Float64, strict=False)


def _check_id(sheet: Sheet, column: str) -> list[BatchProblem]:
    problems = _bad(sheet, column, pl.col(column).is_null(), Expected.ID)
    repeated = pl.col(column).is_not_null() & pl.col(column).is_first_distinct().not_()
    return problems + _bad(sheet, column, repeated, Expected.UNIQUE_ID)


def _check_amounts(sheet: Sheet, columns: tuple[str, ...]) -> list[BatchProblem]:
    return [p for c in columns for p in _bad(sheet, c, _not_matching(c, NUMBER), Expected.AMOUNT)]


def _check_currency(sheet: Sheet) -> list[BatchProblem]:
    wrong = pl.col("currency").is_null() | ~pl.col("currency").str.contains(r"^[A-Za-z]{3}$")
    return _bad(sheet, "currency", wrong, Expected.CURRENCY)


def _check_traction(sheet: Sheet, months: str, share: str) -> list[BatchProblem]:
    """Months of history (whole, >= 0) and a repeat-buyer rate (a share 0-1), when present."""
    problems = _bad(sheet, months, _not_matching(months, WHOLE), Expected.MONTHS)
    wrong = _not_matching(share, NUMBER) | (_number(share) > 1)
    return problems + _bad(sheet, share, wrong, Expected.SHARE)


def _optional(frame: pl.DataFrame, column: str) -> pl.Expr | None:
    return _number(column) if column in frame.columns else None


def _raise_if(problems: list[BatchProblem]) -> None:
    if problems:
        problems.sort(key=lambda p: (p.file, p.line or 0, p.column or ""))
        raise BatchInputError(problems[:LISTED])


def _sets(column: str) -> pl.Expr:
    return pl.col(column).str.split(";").fill_null(pl.lit([], dtype=pl.List(pl.String)))


def mandates_frame(path: Path) -> tuple[pl.DataFrame, Sheet]:
    """mandates.csv as a frame of `MANDATE_SCHEMA` (default weights), or BatchInputError."""
    sheet = read_sheet(path, MANDATE_COLUMNS, MANDATE_OPTIONAL)
    problems = _check_id(sheet, "mandate_id") + _check_currency(sheet)
    problems += _check_amounts(sheet, ("ticket_min", "ticket_max", "min_gmv_12m"))
    problems += _bad(
        sheet, "min_growth_yoy", _not_matching("min_growth_yoy", SIGNED), Expected.RATIO
    )
    problems += _check_traction(sheet, "min_months_history", "min_repeat_rate")
    inverted = _number("ticket_max") < _number("ticket_min")
    problems += _bad(sheet, "ticket_max", inverted, Expected.NOT_BELOW_MINIMUM)
    if "must" in sheet.frame.columns:
        unknown = (
            _sets("must")
            .list.eval(pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != ""))
            .list.eval(~pl.element().is_in(sorted(MUST_FIELDS)))
            .list.any()
        )
        problems += _bad(sheet, "must", unknown, Expected.MUST)
    _raise_if(problems)
    frame = sheet.frame
    default = quantize_weights(weights(DEFAULT_WEIGHTS))
    columns = {
        "mandate_id": pl.col("mandate_id"),
        "investor": pl.col("investor").fill_null(""),
        **{c: _sets(c) for c in ("instruments", "sectors", "stages", "regions")},
        "ticket_min": _number("ticket_min"),
        "ticket_max": _number("ticket_max"),
        "currency": pl.col("currency").str.to_uppercase(),
        "must": _sets("must").list.eval(pl.element().str.strip_chars())
        if "must" in frame.columns
        else pl.lit([], dtype=pl.List(pl.String)),
        **{c: _optional(frame, c) for c in MANDATE_OPTIONAL[1:]},
        **{f"weight_{c}": pl.lit(w) for c, w in zip(COMPONENTS, default, strict=True)},
    }
    selected = frame.select(
        (pl.lit(None) if expr is None else expr).alias(name) for name, expr in columns.items()
    )
    return selected.cast(MANDATE_SCHEMA), sheet


def rounds_frame(path: Path) -> tuple[pl.DataFrame, Sheet]:
    """rounds.csv as a frame of `ROUND_SCHEMA`, or BatchInputError."""
    sheet = read_sheet(path, ROUND_COLUMNS, ROUND_OPTIONAL)
    problems = _check_id(sheet, "round_id") + _check_currency(sheet)
    problems += _check_amounts(sheet, ("target_amount", "min_ticket", "gmv_12m"))
    zero = _number("target_amount") <= 0
    problems += _bad(sheet, "target_amount", zero, Expected.POSITIVE_AMOUNT)
    above = _number("min_ticket") > _number("target_amount")
    problems += _bad(sheet, "target_amount", above, Expected.NOT_BELOW_MINIMUM)
    problems += _bad(sheet, "growth_yoy", _not_matching("growth_yoy", SIGNED), Expected.RATIO)
    score = _not_matching("score", NUMBER) | (_number("score") > 100)
    problems += _bad(sheet, "score", score, Expected.SCORE)
    problems += _check_traction(sheet, "months_history", "repeat_rate")
    for column in ("instrument", "stage"):
        problems += _bad(sheet, column, pl.col(column).str.contains(";"), Expected.ONE_CODE)
    _raise_if(problems)
    frame = sheet.frame
    optional = {c: _optional(frame, c) for c in ROUND_OPTIONAL}
    columns = {
        "round_id": pl.col("round_id"),
        "instrument": pl.col("instrument"),
        "sectors": _sets("sectors"),
        "stage": pl.col("stage"),
        "regions": _sets("regions"),
        "target_amount": _number("target_amount"),
        "min_ticket": _number("min_ticket"),
        "currency": pl.col("currency").str.to_uppercase(),
        **optional,
    }
    selected = frame.select(
        (pl.lit(None) if expr is None else expr).alias(name) for name, expr in columns.items()
    )
    return selected.cast(ROUND_SCHEMA), sheet


def fx_rates(path: Path) -> tuple[dict[str, Decimal], Sheet]:
    """rates.csv: for each currency the rate of its latest date, or BatchInputError."""
    sheet = read_sheet(path, FX_COLUMNS, ())
    problems = _check_currency(sheet)
    wrong = _not_matching("rate_to_cny", NUMBER) | pl.col("rate_to_cny").is_null()
    problems += _bad(
        sheet, "rate_to_cny", wrong | (_number("rate_to_cny") <= 0), Expected.POSITIVE_RATE
    )
    day = pl.col("date").str.to_date("%Y-%m-%d", strict=False)
    problems += _bad(sheet, "date", day.is_null(), Expected.DATE)
    _raise_if(problems)
    frame = sheet.frame.with_columns(pl.col("currency").str.to_uppercase(), day.alias("day"))
    clash = frame.group_by("currency", "day").agg(
        pl.col("rate_to_cny").cast(pl.Float64).n_unique().alias("rates"), pl.col("_line").max()
    )
    clashing = clash.filter(pl.col("rates") > 1).sort("_line")
    _raise_if(
        [
            BatchProblem(sheet.name, line, "rate_to_cny", Expected.ONE_RATE_PER_DATE, currency)
            for currency, line in clashing.select("currency", "_line").iter_rows()
        ]
    )
    latest = frame.sort("day", "_line").group_by("currency").last()
    rates = {c: Decimal(r) for c, r in latest.select("currency", "rate_to_cny").iter_rows()}
    return rates, sheet
