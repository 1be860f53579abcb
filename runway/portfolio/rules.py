"""The alert rules, as pure functions over plain values and polars frames (no Django, no ORM).

The shell (runway.portfolio.alerts) loads every held venture's monthly rows in one query and
hands them here as one frame, so the rules run once over all ventures rather than once per
venture. Thresholds are named constants; money stays Decimal and comparisons are exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

# Fewer months than this of runway left (cash / monthly burn, as shown: to a tenth of a month)
# leaves too little time to raise a follow-on round, which takes three to six months to close.
LOW_RUNWAY_MONTHS = Decimal(6)
# Net revenue of the latest complete month more than this share below the same month a year
# earlier: a fall seasonality cannot explain, since the same month is compared.
REVENUE_DROP_SHARE = Decimal("0.30")
# A month's figures are due by the end of this day of the next month: shops' platform
# statements (Tmall, JD, Pinduoduo) for a month are out in its first week, so the 10th leaves
# the venture a few days to import or type them in.
MONTHLY_UPDATE_DUE_DAY = 10

MONEY = pl.Decimal(38, 2)
KPI_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "venture_id": pl.Int64,
    "month": pl.Date,
    "complete": pl.Boolean,
    "net_revenue": MONEY,
    "currency": pl.String,
}


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_before(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months before `month`'s."""
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def due_month(today: dt.date, *, due_day: int = MONTHLY_UPDATE_DUE_DAY) -> dt.date:
    """The latest month whose figures are overdue on `today`: last month once its due day has
    passed, else the month before (whose due day passed last month)."""
    this_month = month_start(today)
    return months_before(this_month, 1 if today.day > due_day else 2)


def due_date(month: dt.date, *, due_day: int = MONTHLY_UPDATE_DUE_DAY) -> dt.date:
    """The last day on which `month`'s figures are on time."""
    return months_before(month, -1).replace(day=due_day)


def runway_is_low(runway_months: Decimal | None) -> bool:
    """Below LOW_RUNWAY_MONTHS; None (nothing burnt) never is."""
    return runway_months is not None and runway_months < LOW_RUNWAY_MONTHS


def kpi_frame(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    """Monthly rows (venture_id, month, complete, net_revenue, currency) as a frame."""
    return pl.DataFrame(rows, schema=KPI_SCHEMA, orient="row")


def revenue_drops(kpis: pl.DataFrame, *, share: Decimal = REVENUE_DROP_SHARE) -> pl.DataFrame:
    """Ventures whose latest complete month's net revenue is more than `share` below the same
    month a year earlier (also complete, positive, in the same currency).

    Columns: venture_id, month, currency, net_revenue, last_year. The comparison is exact:
    `net * d < last_year * (d - n)` for `share` = n / d, so a fall of exactly `share` is not a
    drop, whatever binary fractions would say.
    """
    numerator, denominator = share.as_integer_ratio()
    complete = kpis.filter(pl.col("complete"))
    latest = complete.group_by("venture_id").agg(pl.col("month").max())
    current = latest.join(complete, on=["venture_id", "month"], how="inner")
    last_year = complete.select(
        "venture_id",
        pl.col("month").dt.offset_by("12mo").alias("month"),
        pl.col("net_revenue").alias("last_year"),
        pl.col("currency").alias("last_year_currency"),
    )
    joined = current.join(last_year, on=["venture_id", "month"], how="inner")
    dropped = joined.filter(
        (pl.col("currency") == pl.col("last_year_currency"))
        & (pl.col("last_year") > 0)
        & (pl.col("net_revenue") * denominator < pl.col("last_year") * (denominator - numerator))
    )
    return dropped.select("venture_id", "month", "currency", "net_revenue", "last_year").sort(
        "venture_id"
    )


def updated_ventures(kpis: pl.DataFrame, *, month: dt.date) -> set[int]:
    """Ventures with a complete month `month` recorded: their update for it is in."""
    done = kpis.filter(pl.col("complete") & (pl.col("month") == month))
    return set(done["venture_id"].to_list())


def latest_months(kpis: pl.DataFrame) -> dict[int, dt.date]:
    """The latest complete month of each venture that has one."""
    latest = kpis.filter(pl.col("complete")).group_by("venture_id").agg(pl.col("month").max())
    return dict(zip(latest["venture_id"].to_list(), latest["month"].to_list(), strict=True))


@dataclass(frozen=True, slots=True)
class Drop:
    venture_id: int
    month: dt.date
    currency: str
    net_revenue: Decimal
    last_year: Decimal

    @property
    def change(self) -> Decimal:
        """net_revenue / last_year - 1, to four places (e.g. -0.3100 for a 31% fall)."""
        return (self.net_revenue / self.last_year - 1).quantize(Decimal("0.0001"))


def drops_of(frame: pl.DataFrame) -> list[Drop]:
    return [Drop(**row) for row in frame.iter_rows(named=True)]
