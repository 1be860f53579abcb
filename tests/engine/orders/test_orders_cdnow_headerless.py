"""Header-less CDNOW text: the sample file imports as CDNOW, checked against independent SQL."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
import pytest

from runway.engine.orders import import_orders, preview_orders
from tests.shared_data import SHARED_DATA, shared_data_mark

SAMPLE = SHARED_DATA / "cdnow" / "CDNOW_sample.txt"
AS_OF = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
CENT = Decimal("0.01")


def cents(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_EVEN)


@shared_data_mark(SAMPLE)
def test_cdnow_sample_monthly_kpis_equal_an_independent_sql_computation() -> None:
    """Columns, as SOURCE.md documents them: master customer id, sample customer id, YYYYMMDD,
    number of CDs, dollar value. Split here on whitespace, aggregated by DuckDB."""
    records = [line.split() for line in SAMPLE.read_text().splitlines() if line.strip()]
    lines = pl.DataFrame(
        records, schema=["customer", "sample_customer", "day", "cds", "value"], orient="row"
    ).with_columns(pl.col("day").str.to_date("%Y%m%d"), pl.col("value").cast(pl.Decimal(18, 2)))
    sql = duckdb.connect()
    sql.register("lines", lines)
    expected = {
        month.date() if isinstance(month, dt.datetime) else month: rest
        for month, *rest in sql.execute(
            """
            WITH l AS (SELECT *, date_trunc('month', day) AS m FROM lines),
                 firsts AS (SELECT customer, min(m) AS m FROM l GROUP BY customer)
            SELECT m, sum(value), count(DISTINCT (customer, day)), count(DISTINCT customer),
                   (SELECT count(*) FROM firsts WHERE firsts.m = l.m)
            FROM l GROUP BY m ORDER BY m
            """
        ).fetchall()
    }

    result = import_orders(SAMPLE, as_of=AS_OF)

    assert result.accepted, result.rejection
    assert (result.layout, result.currency, result.rows) == ("cdnow", "USD", lines.height)
    assert result.file_format == "whitespace"
    kpis = {row["month"]: row for row in result.kpis.iter_rows(named=True)}
    assert list(kpis) == sorted(expected)
    for month, (gmv, orders, buyers, new) in expected.items():
        row = kpis[month]
        assert (row["gmv"], row["net_revenue"]) == (cents(gmv), cents(gmv)), month
        assert (row["orders"], row["buyers"], row["new_buyers"]) == (orders, buyers, new), month
    assert int(result.cohorts.filter(pl.col("months_since") == 0)["buyers"].sum()) == 2357


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (
            b" 00001 19970101  1   11.77\r\n 00002 19970112  2   24.00\r\n",
            ("customer_id", "date", "number_of_cds", "dollar_value"),
        ),
        (
            b" 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n",
            ("customer_id", "sample_customer_id", "date", "number_of_cds", "dollar_value"),
        ),
    ],
)
def test_both_headerless_cdnow_shapes_are_recognized(
    content: bytes, headers: tuple[str, ...]
) -> None:
    preview = preview_orders(content)
    assert (preview.headers, preview.layout, preview.rejection) == (headers, "cdnow", None)
    result = import_orders(content, as_of=AS_OF, keep_orders=True)
    assert result.accepted, result.rejection
    assert result.orders["row"].to_list() == [1, 2]  # no header: the first line is row 1


@pytest.mark.parametrize(
    "content",
    [
        b"00001 19971301 1 11.77\n00002 19970112 2 24.00\n",  # month 13: not a CDNOW date
        b"00001 1997 1 11.77\n00002 1997 2 24.00\n",  # a year, not a day
        b"1 2 3\n4 5 6\n",  # three columns
    ],
)
def test_other_headerless_text_still_needs_a_mapping(content: bytes) -> None:
    preview = preview_orders(content)
    assert preview.layout is None
    assert preview.headers[0] == "column_1"
    assert preview.rejection is not None
    assert preview.rejection.reason == "unknown_layout"


def test_a_positional_mapping_still_names_the_columns_of_a_recognized_file() -> None:
    content = b"00001 1 19970101 1 11.77\n00001 1 19970105 2 20.00\n"
    mapping = {"customer_id": "column_2", "amount": "column_5"}
    result = import_orders(content, as_of=AS_OF, mapping=mapping, keep_orders=True)
    assert result.accepted, result.rejection
    assert result.columns["customer_id"] == "sample_customer_id"
    assert result.orders["customer_id"].to_list() == ["1", "1"]
