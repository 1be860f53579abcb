"""Real exports: every monthly KPI equals an independent DuckDB computation over the raw file."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
import pytest

from runway.engine.orders import ImportResult, import_orders
from tests.shared_data import SHARED_DATA, shared_data_mark

DATA = SHARED_DATA
UCI = DATA / "online-retail-ii" / "online_retail.csv.gz"
UCI_PARQUET = DATA / "online-retail-ii" / "online_retail.parquet"
CDNOW = DATA / "cdnow" / "CDNOW_master.txt"
AS_OF = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
CENT = Decimal("0.01")

pytestmark = [shared_data_mark(UCI), shared_data_mark(CDNOW)]


def cents(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_EVEN)


def by_month(rows: list[tuple[Any, ...]]) -> dict[dt.date, tuple[Any, ...]]:
    """SQL rows keyed by their first column, a month (DuckDB returns it as a timestamp)."""
    return {row[0].date() if isinstance(row[0], dt.datetime) else row[0]: row[1:] for row in rows}


UCI_SQL = """
WITH raw AS (
    SELECT Invoice, Quantity AS q, CAST(Price AS DECIMAL(18, 4)) AS p, "Customer ID" AS c,
           date_trunc('month', InvoiceDate) AS m
    FROM read_csv($path)
), ok AS (
    SELECT * FROM raw WHERE NOT (Invoice NOT LIKE 'C%' AND q <= 0) AND p >= 0
), sales AS (SELECT * FROM ok WHERE Invoice NOT LIKE 'C%'),
   undo AS (SELECT * FROM ok WHERE Invoice LIKE 'C%'),
   firsts AS (SELECT c, min(m) AS m FROM sales WHERE c IS NOT NULL GROUP BY c),
   months AS (SELECT DISTINCT m FROM ok)
SELECT months.m,
       (SELECT sum(q * p) FROM sales WHERE sales.m = months.m),
       (SELECT sum(abs(q * p)) FROM undo WHERE undo.m = months.m),
       (SELECT count(DISTINCT Invoice) FROM sales WHERE sales.m = months.m),
       (SELECT count(DISTINCT Invoice) FROM undo WHERE undo.m = months.m),
       (SELECT count(DISTINCT c) FROM sales WHERE sales.m = months.m),
       (SELECT count(*) FROM firsts WHERE firsts.m = months.m)
FROM months ORDER BY 1
"""


@pytest.fixture(scope="module")
def uci() -> ImportResult:
    return import_orders(UCI, as_of=AS_OF)


def test_uci_import_is_accepted_with_its_problems_counted(uci: ImportResult) -> None:
    raw = duckdb.connect().execute(
        "SELECT count(*), "
        "count(*) FILTER (WHERE Invoice NOT LIKE 'C%' AND Quantity <= 0), "
        "count(*) FILTER (WHERE Price < 0), "
        "count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM read_csv($path))) "
        "FROM read_csv($path)",
        {"path": str(UCI)},
    )
    rows, negative, adjustments, identical = raw.fetchone() or (0, 0, 0, 0)
    assert uci.accepted, uci.rejection
    assert (uci.layout, uci.currency, uci.rows) == ("online_retail", "GBP", rows)
    assert uci.problem_counts == {"negative_amount": adjustments, "negative_quantity": negative}
    assert uci.excluded_rows == negative + adjustments
    assert uci.warning_counts == {"duplicate_line": identical}
    assert set(uci.problems["reason"]) == {"negative_quantity", "negative_amount"}


def test_uci_monthly_kpis_equal_an_independent_sql_computation(uci: ImportResult) -> None:
    expected = by_month(duckdb.connect().execute(UCI_SQL, {"path": str(UCI)}).fetchall())
    kpis = {row["month"]: row for row in uci.kpis.iter_rows(named=True)}
    assert list(kpis) == sorted(expected)
    for month, (gmv, refunds, orders, cancelled, buyers, new) in expected.items():
        row = kpis[month]
        assert row["gmv"] == cents(gmv), month
        assert row["refunds"] == cents(refunds), month
        assert row["net_revenue"] == cents(gmv) - cents(refunds), month
        assert (row["orders"], row["cancelled_orders"]) == (orders, cancelled), month
        assert (row["buyers"], row["new_buyers"]) == (buyers, new), month
        assert row["returning_buyers"] == buyers - new
        aov = (cents(gmv) / orders).quantize(CENT, rounding=ROUND_HALF_EVEN)
        assert row["aov"] == aov, month


def test_uci_lines_without_customer_count_for_gmv_and_orders_not_buyers(uci: ImportResult) -> None:
    anonymous = duckdb.connect().execute(
        "SELECT count(DISTINCT Invoice) FROM read_csv($path) "
        "WHERE \"Customer ID\" IS NULL AND Invoice NOT LIKE 'C%' AND Quantity > 0",
        {"path": str(UCI)},
    )
    only_anonymous = (anonymous.fetchone() or (0,))[0]
    assert only_anonymous > 1000
    assert int(uci.kpis["orders"].sum()) > int(uci.kpis["buyers"].sum()) + only_anonymous // 2


def test_uci_partial_last_month_is_marked_and_left_out_of_growth(uci: ImportResult) -> None:
    last = uci.kpis.row(-1, named=True)
    november = uci.kpis.row(-2, named=True)
    assert (last["month"], last["days"], last["complete"]) == (dt.date(2010, 12, 1), 9, False)
    assert last["gmv_mom"] is None
    assert last["gmv_ttm"] is None
    assert november["complete"]
    twelve = uci.kpis.filter(pl.col("month").is_between(dt.date(2009, 12, 1), dt.date(2010, 11, 1)))
    assert november["gmv_ttm"] == sum(twelve["gmv"].to_list(), Decimal(0))
    assert november["gmv_mom"] == pytest.approx(
        float(november["gmv"]) / float(uci.kpis["gmv"][-3]) - 1
    )


def test_uci_parquet_gives_the_same_kpis_as_the_csv(uci: ImportResult) -> None:
    parquet = import_orders(UCI_PARQUET, as_of=AS_OF)
    assert parquet.accepted
    assert parquet.kpis.equals(uci.kpis)
    assert parquet.cohorts.equals(uci.cohorts)


def cdnow_sql() -> duckdb.DuckDBPyConnection:
    """A connection with the raw file as table `lines`, split on whitespace here in the test."""
    records = [line.split() for line in CDNOW.read_text().splitlines()[1:] if line.strip()]
    lines = pl.DataFrame(
        records, schema=["customer", "day", "cds", "value"], orient="row"
    ).with_columns(pl.col("day").str.to_date("%Y%m%d"), pl.col("value").cast(pl.Decimal(18, 2)))
    connection = duckdb.connect()
    connection.register("lines", lines)
    return connection


def test_cdnow_monthly_kpis_equal_an_independent_sql_computation() -> None:
    result = import_orders(CDNOW, as_of=AS_OF)
    sql = cdnow_sql()
    expected = by_month(
        sql.execute(
            """
            WITH l AS (SELECT *, date_trunc('month', day) AS m FROM lines),
                 firsts AS (SELECT customer, min(m) AS m FROM l GROUP BY customer)
            SELECT m, sum(value), count(DISTINCT (customer, day)), count(DISTINCT customer),
                   (SELECT count(*) FROM firsts WHERE firsts.m = l.m)
            FROM l GROUP BY m ORDER BY m
            """
        ).fetchall()
    )
    assert result.accepted
    rows = (sql.execute("SELECT count(*) FROM lines").fetchone() or (0,))[0]
    assert (result.layout, result.currency, result.rows) == ("cdnow", "USD", rows)
    kpis = {row["month"]: row for row in result.kpis.iter_rows(named=True)}
    assert list(kpis) == sorted(expected)
    for month, (gmv, orders, buyers, new) in expected.items():
        row = kpis[month]
        assert (row["gmv"], row["refunds"], row["net_revenue"]) == (cents(gmv), 0, cents(gmv))
        assert (row["orders"], row["buyers"], row["new_buyers"]) == (orders, buyers, new), month
        assert row["complete"]


def test_cdnow_is_one_quarter_cohort_and_retention_is_counted() -> None:
    result = import_orders(CDNOW, as_of=AS_OF)
    cohorts = result.cohorts
    sizes = cohorts.filter(pl.col("months_since") == 0)
    assert sizes["cohort"].to_list() == [dt.date(1997, m, 1) for m in (1, 2, 3)]
    assert int(sizes["buyers"].sum()) == 23_570  # the whole Q1 1997 cohort of the data set
    january = cohorts.filter(pl.col("cohort") == dt.date(1997, 1, 1))
    expected = cdnow_sql().execute(
        """
        WITH l AS (SELECT customer, date_trunc('month', day) AS m FROM lines),
             f AS (SELECT customer, min(m) AS f FROM l GROUP BY customer)
        SELECT datediff('month', f, m) AS k, count(DISTINCT customer)
        FROM l JOIN f USING (customer) WHERE f = DATE '1997-01-01' GROUP BY k ORDER BY k
        """,
    )
    assert dict(january.select("months_since", "buyers").iter_rows()) == dict(expected.fetchall())
    assert january["rate"][0] == 1.0
