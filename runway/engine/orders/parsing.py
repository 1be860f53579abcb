"""Money, dates, quantities and ids as polars expressions, with formats detected from a sample.

Detection looks at a sample of a column once (a few thousand values); parsing then applies one
explicit format to the whole column, which is both faster than per-value inference and stricter:
a value that does not fit the column's format is a row problem, not a guess. Money becomes
Decimal(18, 4) (amounts read exactly to a hundredth of a cent, rounded half-to-even beyond);
datetimes become aware, in the venture's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

MONEY = pl.Decimal(18, 4)
DATETIME_UNIT: Final = "us"
RUB_WORD, RUB_SHORT = "\u0440\u0443\u0431", "\u0440."  # the Russian rouble, in full and short
CURRENCY_PATTERN = (
    r"(?i)US\$|HK\$|RMB|CNY|USD|HKD|EUR|RUB|GBP|" + RUB_WORD + r"\.?|\u0440\.|元|[¥￥$€£₽]"
)
CURRENCY_CODES = {
    "¥": "CNY", "￥": "CNY", "rmb": "CNY", "元": "CNY", "cny": "CNY", "$": "USD", "us$": "USD",
    "usd": "USD", "hk$": "HKD", "hkd": "HKD", "€": "EUR", "eur": "EUR", "₽": "RUB",
    RUB_WORD: "RUB", RUB_WORD + ".": "RUB", RUB_SHORT: "RUB", "rub": "RUB",
    "£": "GBP", "gbp": "GBP",
}  # fmt: skip
SPACES = r"[\s\u00a0\u202f']"
PLAIN_NUMBER = r"^-?\d+(\.\d+)?$"

# Candidate formats, in order of preference when several read the whole sample (12/1/10 is
# 1 December: month first for slashes, as US and UCI exports write it; day first for dots).
NAIVE_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日", "%Y%m%d", "%Y%m%d%H%M%S",
    "%m/%d/%y %H:%M:%S", "%m/%d/%y %H:%M", "%m/%d/%y",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y",
    "%d/%m/%y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%d.%m.%y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
)  # fmt: skip
AWARE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%#z", "%Y-%m-%dT%H:%M:%S%.f%#z",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MoneyFormat:
    plain: bool = True  # digits and a decimal point only: cast without cleaning
    decimal_comma: bool = False  # 1.234,50
    currency: str | None = None  # from a symbol or code written in the values


@dataclass(frozen=True, slots=True)
class DateFormat:
    pattern: str | None  # None: the column is typed (Excel, Parquet)
    aware: bool = False  # the text carries a UTC offset
    strip: bool = False  # values come with spaces around them


def detect_money(sample: pl.Series) -> MoneyFormat:
    """How a money column is written, from a sample of its values."""
    if sample.dtype != pl.String:
        return MoneyFormat()
    values = sample.drop_nulls().str.strip_chars()
    values = values.filter(values != "")
    if values.is_empty() or bool(values.str.contains(PLAIN_NUMBER).all()):
        return MoneyFormat()
    tokens = values.str.extract(f"({CURRENCY_PATTERN})", 1).drop_nulls().str.to_lowercase()
    currency = None
    if not tokens.is_empty():
        top = str(tokens.mode().sort().item(0))
        currency = CURRENCY_CODES.get(top)
    bare = values.str.replace_all(CURRENCY_PATTERN, "").str.replace_all(SPACES, "")
    comma_votes = bare.str.contains(r",\d{1,2}\)?$") | bare.str.contains(r"^\d{1,3}(\.\d{3}){2,}")
    point_votes = bare.str.contains(r"\.\d+\)?$") & ~bare.str.contains(r"^\d{1,3}(\.\d{3})+\)?$")
    return MoneyFormat(False, int(comma_votes.sum()) > int(point_votes.sum()), currency)


def money(column: str, dtype: pl.DataType, fmt: MoneyFormat) -> pl.Expr:
    """Decimal(18, 4); null where the value is not money in the column's format."""
    col = pl.col(column)
    if dtype.is_numeric():
        return col.cast(MONEY, strict=False)
    if dtype != pl.String:
        return pl.lit(None, MONEY)
    if fmt.plain:
        return col.cast(MONEY, strict=False)
    bare = col.str.replace_all(CURRENCY_PATTERN, "").str.replace_all(SPACES, "")
    if fmt.decimal_comma:
        bare = bare.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    else:
        bare = bare.str.replace_all(",", "", literal=True)
    # Accountants write a negative amount in parentheses.
    signed = (
        pl.when(bare.str.starts_with("(") & bare.str.ends_with(")"))
        .then(pl.lit("-") + bare.str.strip_chars("()"))
        .otherwise(bare)
    )
    valid = signed.str.contains(r"^[-+]?(\d+\.?\d*|\.\d+)$")
    return pl.when(valid).then(signed).cast(MONEY, strict=False)


def detect_date(sample: pl.Series) -> DateFormat:
    """The format that reads the most sampled values (ties go to the earlier candidate)."""
    if sample.dtype != pl.String:
        return DateFormat(None)
    written = sample.drop_nulls()
    values = written.str.strip_chars()
    strip = bool((values != written).any())
    best, best_count = DateFormat(NAIVE_FORMATS[0]), 0
    for pattern, aware in [(f, False) for f in NAIVE_FORMATS] + [(f, True) for f in AWARE_FORMATS]:
        parsed = values.str.to_datetime(pattern, strict=False, time_unit=DATETIME_UNIT)
        # A two-digit year also reads as %Y (year 10); only plausible years count.
        count = int(parsed.dt.year().is_between(1900, 2200).sum())
        if count > best_count:
            best, best_count = DateFormat(pattern, aware, strip), count
        if values.len() and count == values.len():
            break
    return best


@dataclass(frozen=True, slots=True)
class LocalTime:
    naive: pl.Expr  # wall-clock time in the venture's zone
    aware: pl.Expr | None  # the instant, when the source says it (an offset or an aware type)


def local_datetime(column: str, dtype: pl.DataType, fmt: DateFormat, tz: str) -> LocalTime:
    """Wall-clock time in `tz` and, for sources that carry an offset, the aware instant."""
    col = pl.col(column)
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        aware = col.dt.convert_time_zone(tz).dt.cast_time_unit(DATETIME_UNIT)
        return LocalTime(aware.dt.replace_time_zone(None), aware)
    if isinstance(dtype, pl.Datetime):
        return LocalTime(col.dt.cast_time_unit(DATETIME_UNIT), None)
    if dtype == pl.Date:
        return LocalTime(col.cast(pl.Datetime(DATETIME_UNIT)), None)
    if dtype != pl.String or fmt.pattern is None:
        return LocalTime(pl.lit(None, pl.Datetime(DATETIME_UNIT)), None)
    text = col.str.strip_chars() if fmt.strip else col
    parsed = text.str.to_datetime(fmt.pattern, strict=False, time_unit=DATETIME_UNIT, cache=False)
    if fmt.aware:
        aware = parsed.dt.convert_time_zone(tz)
        return LocalTime(aware.dt.replace_time_zone(None), aware)
    return LocalTime(parsed, None)


def localize(naive: pl.Expr, tz: str) -> pl.Expr:
    """Wall-clock time in `tz` as an aware instant. An ambiguous time (clocks turned back) takes
    the earlier instant; one the clocks skipped (turned forward) moves on by an hour."""
    here = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    later = (naive + pl.duration(hours=1)).dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    )
    return pl.coalesce(here, later)


def plain_integers(sample: pl.Series) -> bool:
    """Whether a text column holds bare integers ("3"), not "3.0" or " 3 "."""
    if sample.dtype != pl.String:
        return True
    return bool(sample.drop_nulls().str.contains(r"^-?\d+$").all())


def integer(column: str, dtype: pl.DataType, *, plain: bool = True) -> pl.Expr:
    """Int64; "3", 3 and 3.0 are 3, "3.5" is null."""
    return integer_of(pl.col(column), dtype, plain=plain)


def integer_of(col: pl.Expr, dtype: pl.DataType, *, plain: bool = True) -> pl.Expr:
    """`integer` of an expression."""
    if dtype.is_integer() or (dtype == pl.String and plain):
        return col.cast(pl.Int64, strict=False)
    if dtype.is_float() or dtype == pl.String:
        exact = (col.str.strip_chars() if dtype == pl.String else col).cast(MONEY, strict=False)
        return pl.when(exact == exact.round(0)).then(exact).cast(pl.Int64, strict=False)
    return pl.lit(None, pl.Int64)


def needs_cleaning(sample: pl.Series) -> bool:
    """Ids written with spaces, tabs or Excel's ="..." guard against scientific notation."""
    if sample.dtype != pl.String:
        return False
    values = sample.drop_nulls()
    return bool(values.str.contains(r"^[\s='\"]|[\s'\"]$").any())


def text(column: str, dtype: pl.DataType, *, clean: bool = False) -> pl.Expr:
    """A string id or label; whole floats lose their ".0" (13085.0 is customer 13085)."""
    col = pl.col(column)
    if dtype.is_float():
        return (
            pl.when(col == col.floor())
            .then(col.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(col.cast(pl.String))
        )
    if dtype != pl.String:
        return col.cast(pl.String)
    if not clean:
        return col
    cleaned = col.str.replace_all(r"^[\s='\"]+|[\s'\"]+$", "")
    return pl.when(cleaned != "").then(cleaned)
