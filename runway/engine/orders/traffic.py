"""Traffic exports (date, visits or UV, page views): read and validated like order exports.

Shop analytics export one row per day (生意参谋, 拼多多 商家后台, Shopify's sessions report,
Google Analytics). Rows of the same date, as in exports split by channel or device, add up.
The result feeds `kpis.with_traffic`, which sums days into months and adds conversion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import polars as pl

from runway.engine.orders import parsing
from runway.engine.orders.layouts import Layout, Shape, match_layout, positional
from runway.engine.orders.lines import SAMPLE_ROWS, Check, raw
from runway.engine.orders.problems import ReadError, Reason, Rejection, no_problems
from runway.engine.orders.reading import DEFAULT_LIMITS, ROW, Limits, Source, Table, open_table
from runway.engine.orders.results import DEFAULT_TZ, content_hash
from runway.engine.orders.validation import listed, over_threshold

TRAFFIC = Layout(
    name="traffic",
    shape=Shape.LINES,
    aliases={
        "date": ("date", "day", "日期", "统计日期", "дата"),
        "visits": ("visits", "visitors", "sessions", "uv", "访客数", "访问人数", "визиты"),
        "page_views": ("page views", "pageviews", "page_views", "pv", "浏览量", "просмотры"),
    },
    required=("date", "visits"),
)
TRAFFIC_SCHEMA = pl.Schema({"date": pl.Date, "visits": pl.Int64, "page_views": pl.Int64})


@dataclass(frozen=True, slots=True)
class TrafficResult:
    content_hash: str
    rejection: Rejection | None = None
    traffic: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=TRAFFIC_SCHEMA))
    problems: pl.DataFrame = field(default_factory=no_problems)
    rows: int = 0
    excluded_rows: int = 0
    columns: Mapping[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.rejection is None


def import_traffic(
    source: Source,
    *,
    as_of: dt.datetime,
    mapping: Mapping[str, str] | None = None,
    tz: str = DEFAULT_TZ,
    max_bad_share: float = 0.01,
    limits: Limits = DEFAULT_LIMITS,
    max_listed: int = 1000,
) -> TrafficResult:
    """Daily visits and page views, one row per date (dates after `as_of` are problems)."""
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    digest = content_hash(source)
    today = as_of.astimezone(ZoneInfo(tz)).date()
    try:
        with open_table(source, limits) as table:
            result = _read(table, mapping or {}, today, max_bad_share, max_listed)
    except ReadError as error:
        result = TrafficResult("", Rejection(error.reason, error.params))
    except (pl.exceptions.PolarsError, OSError, UnicodeError) as error:
        detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
        result = TrafficResult("", Rejection(Reason.MALFORMED, {"detail": detail}))
    return TrafficResult(
        digest,
        result.rejection,
        result.traffic,
        result.problems,
        result.rows,
        result.excluded_rows,
        result.columns,
    )


def _read(
    table: Table,
    mapping: Mapping[str, str],
    today: dt.date,
    max_bad_share: float,
    max_listed: int,
) -> TrafficResult:
    match = match_layout(TRAFFIC, table.headers)
    mapping = positional(mapping, table.headers)
    columns = {**match.columns, **{k: v for k, v in mapping.items() if v in table.headers}}
    missing = [name for name in TRAFFIC.required if name not in columns]
    if missing:
        raise ReadError(Reason.MISSING_COLUMN, columns=", ".join(missing), layout=TRAFFIC.name)
    frame = table.frame.select(
        pl.col(ROW).alias("row"), *(pl.col(h).alias(raw(f)) for f, h in columns.items())
    )
    schema = frame.collect_schema()
    sample = frame.head(SAMPLE_ROWS).collect()
    date_format = parsing.detect_date(sample[raw("date")])
    day = parsing.local_datetime(raw("date"), schema[raw("date")], date_format, "UTC").naive
    parsed = {"date": day.dt.date()}
    for name in ("visits", "page_views"):
        if name in columns:
            plain = parsing.plain_integers(sample[raw(name)].str.replace_all(",", ""))
            text = pl.col(raw(name))
            if schema[raw(name)] == pl.String:
                text = text.str.replace_all(",", "", literal=True)
            parsed[name] = parsing.integer_of(text, schema[raw(name)], plain=plain)
    frame = frame.with_columns(**parsed)
    found: list[tuple[str, Reason, pl.Expr]] = []
    for name in columns:
        present = pl.col(raw(name)).is_not_null()
        if name in TRAFFIC.required:
            found.append((name, Reason.MISSING_VALUE, ~present))
        reason = Reason.UNPARSEABLE_DATE if name == "date" else Reason.UNPARSEABLE_QUANTITY
        found.append((name, reason, present & pl.col(name).is_null()))
        if name != "date":
            found.append((name, Reason.NEGATIVE_QUANTITY, pl.col(name) < 0))
    found.append(("date", Reason.FUTURE_DATE, pl.col("date") > today))
    checks = [Check(f"check:{i}", f, r) for i, (f, r, _m) in enumerate(found)]
    flags = {c.flag: m.fill_null(value=False) for c, (_f, _r, m) in zip(checks, found, strict=True)}
    frame = frame.with_columns(**flags).with_columns(
        pl.any_horizontal([pl.col(c.flag) for c in checks]).alias("bad")
    )
    values = [n for n in ("visits", "page_views") if n in columns]
    daily, bad_rows, tally = pl.collect_all(
        [
            frame.filter(~pl.col("bad"))
            .group_by("date")
            .agg(pl.col(n).sum() for n in values)
            .sort("date"),
            frame.filter("bad").head(max_listed),
            frame.select(pl.len().alias("rows"), pl.col("bad").sum().alias("bad")),
        ]
    )
    rows, bad = int(tally["rows"][0]), int(tally["bad"][0])
    if "page_views" not in daily.columns:
        daily = daily.with_columns(pl.lit(None, pl.Int64).alias("page_views"))
    problems = listed(bad_rows, checks, columns).head(max_listed)
    rejection = None
    if rows == 0:
        rejection = Rejection(Reason.NO_ROWS)
    elif over_threshold(bad, rows, max_bad_share):
        rejection = Rejection(Reason.TOO_MANY_BAD_ROWS, {"bad_rows": bad, "rows": rows})
    traffic = daily.select(TRAFFIC_SCHEMA.names()).cast(TRAFFIC_SCHEMA)
    return TrafficResult(
        "",
        rejection,
        traffic.clear() if rejection else traffic,
        problems,
        rows,
        bad,
        columns,
    )
