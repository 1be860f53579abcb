"""The bad-input corpus: every file gets a clear rejection or a correct result, never a crash,
and a rejected file leaves nothing behind (no KPI, no cohort, no line)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from runway.engine.orders import ImportResult, Limits, Reason, import_orders

HEADER = ("order_id", "ordered_at", "customer_id", "amount")
ROOT = Path(__file__).resolve().parents[3]


def good_rows(count: int) -> list[tuple[str, str, str, str]]:
    return [
        (f"A{i}", f"2026-09-{1 + i % 28:02d} 10:00:00", f"c{i % 7}", "10.00") for i in range(count)
    ]


def assert_nothing_kept(result: ImportResult, reason: Reason) -> None:
    assert result.rejection is not None
    assert result.rejection.reason is reason, result.rejection
    assert result.kpis.is_empty()
    assert result.cohorts.is_empty()
    assert result.orders.is_empty()
    assert len(result.content_hash) == 64


def xlsx_bomb(size: int) -> bytes:
    """A workbook-shaped zip whose sheet inflates from a few kilobytes to `size` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"<c>0</c>" * (1 << 16)
            for _ in range(size // len(block)):
                sheet.write(block)
    return buffer.getvalue()


CORPUS: list[tuple[str, bytes, Reason]] = [
    ("empty file", b"", Reason.EMPTY_FILE),
    ("only blank lines", b"\n\n\n", Reason.EMPTY_FILE),
    ("header only", b"order_id,ordered_at,amount\n", Reason.NO_ROWS),
    ("binary garbage", bytes(range(256)) * 64, Reason.NOT_A_TABLE),
    ("high bytes, no text", bytes([0x80, 0xFF, 0xFE, 0x81]) * 500, Reason.NOT_A_TABLE),
    ("broken gzip", b"\x1f\x8b\x08\x00" + b"not really" * 20, Reason.NOT_A_TABLE),
    ("broken workbook", b"PK\x03\x04" + b"\x00" * 100, Reason.NOT_A_TABLE),
    ("broken parquet", b"PAR1" + b"\x00" * 100, Reason.NOT_A_TABLE),
    ("wrong delimiter", b"order_id#ordered_at#amount\nA1#2026-09-01#10\n", Reason.SINGLE_COLUMN),
    (
        "ragged rows",
        b"order_id,ordered_at,amount\nA1,2026-09-01,10\nA2,2026-09-01,1,000.00\n",
        Reason.MALFORMED,
    ),
    ("unknown headers", b"foo,bar,baz\n1,2,3\n", Reason.UNKNOWN_LAYOUT),
    (
        "missing required column",
        "订单编号,买家会员名,总金额\n4012345678901234567,tb1,10\n".encode("gbk"),
        Reason.MISSING_COLUMN,
    ),
    ("xlsx that expands hugely", xlsx_bomb(64 << 20), Reason.TOO_LARGE),
]


@pytest.mark.parametrize(("content", "reason"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_bad_files_are_rejected_with_their_reason(
    content: bytes, reason: Reason, as_of: dt.datetime
) -> None:
    assert_nothing_kept(import_orders(content, as_of=as_of), reason)


def test_a_missing_column_is_named(as_of: dt.datetime) -> None:
    result = import_orders("订单编号,买家会员名,总金额\n1,tb1,10\n".encode("gbk"), as_of=as_of)
    assert result.rejection is not None
    assert "订单创建时间" in str(result.rejection.params["columns"])
    assert "missing_column" in result.rejection.describe()


def test_a_gzip_bomb_stops_at_the_limit(as_of: dt.datetime) -> None:
    bomb = gzip.compress(b"order_id,ordered_at,amount\n" + b"A1,2026-09-01,10\n" * 400_000)
    result = import_orders(bomb, as_of=as_of, limits=Limits(max_text_bytes=1 << 20))
    assert_nothing_kept(result, Reason.TOO_LARGE)


def test_a_workbook_past_the_size_limit_is_refused_before_parsing(as_of: dt.datetime) -> None:
    result = import_orders(xlsx_bomb(4 << 20), as_of=as_of, limits=Limits(max_xlsx_bytes=1 << 20))
    assert_nothing_kept(result, Reason.TOO_LARGE)


def test_a_gbk_file_is_read_not_refused(as_of: dt.datetime) -> None:
    content = (
        "订单编号,买家会员名,总金额,订单状态,订单创建时间\n"
        "4012345678901234567,tb小王,10.00,交易成功,2026-09-01 10:00:00\n"
        "4012345678901234568,tb小李,20.00,交易关闭,2026-09-02 10:00:00\n"
    ).encode("gbk")
    result = import_orders(content, as_of=as_of, keep_orders=True)
    assert result.accepted, result.rejection
    assert result.orders["order_id"].to_list() == ["4012345678901234567", "4012345678901234568"]
    assert result.orders["customer_id"].to_list() == ["tb小王", "tb小李"]
    assert result.orders["status"].to_list() == ["completed", "cancelled"]


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        (("A9", "2026-09-05 10:00:00", "c1", "ten yuan"), "amount", "unparseable_amount"),
        (("A9", "yesterday", "c1", "10.00"), "ordered_at", "unparseable_date"),
        (("A9", "2027-01-01 10:00:00", "c1", "10.00"), "ordered_at", "future_date"),
        (("A9", "2026-09-05 10:00:00", "c1", "-10.00"), "amount", "negative_amount"),
        (("", "2026-09-05 10:00:00", "c1", "10.00"), "order_id", "missing_value"),
    ],
)
def test_bad_rows_below_the_threshold_are_excluded_and_listed(
    bad: tuple[str, ...], column: str, reason: str, csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    rows = [*good_rows(150), bad]
    result = import_orders(csv(HEADER, rows), as_of=as_of)
    assert result.accepted, result.rejection
    assert (result.rows, result.excluded_rows) == (151, 1)
    assert result.problems.rows() == [(152, column, bad[HEADER.index(column)] or None, reason)]
    assert result.problem_counts == {reason: 1}
    assert result.kpis["orders"].sum() == 150


def test_bad_rows_above_the_threshold_reject_the_file_with_the_first_problems(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    rows = good_rows(100) + [(f"B{i}", "someday", "c1", "1.00 or so") for i in range(30)]
    result = import_orders(csv(HEADER, rows), as_of=as_of, max_listed=10)
    assert_nothing_kept(result, Reason.TOO_MANY_BAD_ROWS)
    assert result.rejection is not None
    assert result.rejection.params == {"bad_rows": 30, "rows": 130, "share": "23.08%"}
    assert result.problem_counts == {"unparseable_amount": 30, "unparseable_date": 30}
    assert result.problems.height == 10
    assert result.problems["row"].to_list() == [102, 102, 103, 103, 104, 104, 105, 105, 106, 106]


def test_duplicates_in_an_orders_layout_count_once(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    rows = good_rows(300)
    rows += [rows[5], ("A6", rows[6][1], rows[6][2], "99.00")]  # an identical and a changed repeat
    result = import_orders(csv(HEADER, rows), as_of=as_of)
    assert result.accepted, result.rejection
    assert result.kpis["orders"].sum() == 300
    assert result.kpis["gmv"].sum() == 3000
    assert result.problems.rows() == [(303, "order_id", "A6", "duplicate_order_id")]
    assert result.warnings.rows() == [(302, "order_id", "A5", "repeated_order")]
    assert result.excluded_rows == 2


def test_the_same_content_has_the_same_hash(csv: Callable[..., bytes], as_of: dt.datetime) -> None:
    content = csv(HEADER, good_rows(20))
    first, again = import_orders(content, as_of=as_of), import_orders(content, as_of=as_of)
    changed = import_orders(content.replace(b"10.00", b"10.01", 1), as_of=as_of)
    assert first.content_hash == again.content_hash != changed.content_hash
    assert first.kpis.equals(again.kpis)


MEMORY_PROBE = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from zoneinfo import ZoneInfo
from runway.engine.orders import import_orders
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
result = import_orders(Path(sys.argv[1]), as_of=dt.datetime(2030, 1, 1, tzinfo=ZoneInfo("UTC")))
print(json.dumps({
    "accepted": result.accepted, "rows": result.rows, "orders": int(result.kpis["orders"].sum()),
    "seconds": time.perf_counter() - started,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - baseline,
}))
"""


def test_a_200_mb_file_is_read_in_bounded_memory(tmp_path: Path) -> None:
    rows = 1_200_000
    index = pl.int_range(rows, eager=True)
    frame = pl.select(
        (index + 4_012_345_678_901_234_567).cast(pl.String).alias("order_id"),
        (
            pl.lit("2025-") + (index % 12 + 1).cast(pl.String).str.zfill(2) + pl.lit("-15 12:34:56")
        ).alias("ordered_at"),
        (pl.lit("tb_buyer_") + (index * 7919 % 400_000).cast(pl.String)).alias("customer_id"),
        ((index % 50_000 + 100) / 100).cast(pl.Decimal(18, 2)).alias("amount"),
        pl.lit("CNY").alias("currency"),
        (index % 3 + 1).alias("quantity"),
        pl.lit("completed").alias("status"),
        pl.lit("0.00").alias("refund_amount"),
        # Real exports carry long text (addresses, product titles) that is read past.
        pl.lit("收货地址 广东省深圳市南山区粤海街道科技园 " * 4).alias("收货地址"),
    )
    path = tmp_path / "big.csv"
    frame.write_csv(path)
    size_mb = path.stat().st_size / 2**20
    assert size_mb > 190
    probe = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    outcome = json.loads(probe.stdout)
    assert outcome["accepted"]
    assert (outcome["rows"], outcome["orders"]) == (rows, rows)
    # Memory the import adds to the interpreter's: bounded by twice the file, not the rows held.
    assert outcome["peak_mb"] < 2 * size_mb, outcome
