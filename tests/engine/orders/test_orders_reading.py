"""Containers and encodings: the same orders read the same from every kind of file."""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter  # type: ignore[import-untyped]

from runway.engine.orders import import_orders
from runway.engine.orders.reading import detect_encoding

HEADER = ("订单编号", "买家会员名", "总金额", "订单状态", "订单创建时间", "退款金额")
ROWS = [
    ("4012345678901234567", "tb_小王", "￥1,234.50", "交易成功", "2026-09-03 10:00:00", "0"),
    ("4012345678901234568", "tb_小李", "￥88.00", "交易关闭", "2026-09-04 11:00:00", "0"),
    ("4012345678901234569", "tb_小王", "￥12.30", "交易成功", "2026-10-01 00:00:01", "2.30"),
]


def expected_kpis(result_kpis: pl.DataFrame) -> None:
    september, october = result_kpis.rows(named=True)
    assert (september["gmv"], september["refunds"]) == (Decimal("1322.50"), Decimal("88.00"))
    assert (september["orders"], september["buyers"], september["cancelled_orders"]) == (2, 2, 1)
    assert (october["gmv"], october["refunds"], october["new_buyers"]) == (
        Decimal("12.30"),
        Decimal("2.30"),
        0,
    )


def text(separator: str = ",") -> str:
    """The export as Taobao writes it: every field quoted."""
    quoted = [separator.join(f'"{value}"' for value in row) for row in [HEADER, *ROWS]]
    return "\n".join(quoted) + "\n"


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (text().encode("utf-8"), "utf-8"),
        (text().encode("utf-8-sig"), "utf-8-sig"),
        (text().encode("gbk"), "gb18030"),
        (text().encode("gb18030"), "gb18030"),
        (text().encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected_not_asked(
    content: bytes, encoding: str, as_of: dt.datetime
) -> None:
    result = import_orders(content, as_of=as_of)
    assert result.accepted, result.rejection
    assert (result.encoding, result.layout, result.currency) == (encoding, "taobao", "CNY")
    expected_kpis(result.kpis)


@pytest.mark.parametrize("separator", [",", "\t", ";", "|"])
def test_delimiters_are_detected(separator: str, as_of: dt.datetime) -> None:
    result = import_orders(text(separator).encode(), as_of=as_of)
    assert result.accepted, result.rejection
    expected_kpis(result.kpis)


def test_a_gzip_file_and_a_path_read_like_the_plain_bytes(
    tmp_path: Path, as_of: dt.datetime
) -> None:
    path = tmp_path / "orders.csv.gz"
    path.write_bytes(gzip.compress(text().encode("gbk")))
    result = import_orders(path, as_of=as_of)
    assert (result.accepted, result.file_format) == (True, "csv.gz")
    expected_kpis(result.kpis)


def workbook(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(index, column, value, stamp)
            else:
                sheet.write(index, column, value)
    book.close()
    return buffer.getvalue()


def test_xlsx_cells_read_as_written_even_with_mixed_invoice_types(as_of: dt.datetime) -> None:
    header: list[object] = [
        "Invoice",
        "StockCode",
        "Quantity",
        "InvoiceDate",
        "Price",
        "Customer ID",
    ]
    rows: list[list[object]] = [
        [489434, "85048", 12, dt.datetime(2010, 12, 1, 8, 26), 6.95, 13085],  # noqa: DTZ001
        [489434, "79323P", 1, dt.datetime(2010, 12, 1, 8, 26), 0.001, 13085],  # noqa: DTZ001
        ["C489435", "85048", -2, dt.datetime(2010, 12, 2, 9, 0), 6.95, 13085],  # noqa: DTZ001
    ]
    result = import_orders(workbook([header, *rows]), as_of=as_of)
    assert result.accepted, result.rejection
    assert (result.file_format, result.layout) == ("xlsx", "online_retail")
    december = result.kpis.row(0, named=True)
    assert december["gmv"] == Decimal("83.40")  # 12 x 6.95 + 1 x 0.001, to the cent
    assert (december["refunds"], december["orders"], december["cancelled_orders"]) == (
        Decimal("13.90"),
        1,
        1,
    )
    assert december["buyers"] == 1


def test_parquet_with_typed_columns(tmp_path: Path, as_of: dt.datetime) -> None:
    frame = pl.DataFrame(
        {
            "order_id": ["A1", "A2"],
            "ordered_at": [dt.datetime(2026, 9, 1, 23, 30), dt.datetime(2026, 10, 1)],  # noqa: DTZ001
            "customer_id": [7.0, 7.0],
            "amount": [Decimal("10.10"), Decimal("5.00")],
            "quantity": [1, 2],
        },
        schema_overrides={"amount": pl.Decimal(18, 2)},
    )
    path = tmp_path / "orders.parquet"
    frame.write_parquet(path)
    result = import_orders(path, as_of=as_of, keep_orders=True)
    assert result.accepted, result.rejection
    assert result.file_format == "parquet"
    assert result.orders["customer_id"].to_list() == ["7", "7"]
    assert result.kpis["gmv"].to_list() == [Decimal("10.10"), Decimal("5.00")]
    assert result.kpis["new_buyers"].to_list() == [1, 0]


def test_whitespace_separated_text_reads_by_runs_of_spaces(as_of: dt.datetime) -> None:
    content = (
        b" customer_id  date number_of_cds  dollar_value\r\n"
        b" 00001 19970101  1   11.77\r\n"
        b" 00002 19970112  1   12.00\r\n"
        b" 00002 19970112  5   77.00\r\n"
        b"\r\n"
        b" 00002 19970302  2   20.76\r\n"
    )
    result = import_orders(content, as_of=as_of, keep_orders=True)
    assert (result.accepted, result.file_format, result.layout) == (True, "whitespace", "cdnow")
    assert result.orders["order_id"].to_list()[:3] == [
        "00001/1997-01-01",
        "00002/1997-01-12",
        "00002/1997-01-12",
    ]
    assert result.orders["row"].to_list() == [2, 3, 4, 6]
    assert result.kpis["orders"].to_list() == [2, 0, 1]
    assert result.kpis["gmv"][0] == Decimal("100.77")


def test_headerless_whitespace_text_is_read_with_a_mapping(as_of: dt.datetime) -> None:
    content = b"00001 1 19970101 1 11.77\n00001 1 19970105 2 20.00\n"
    mapping = {
        "customer_id": "column_1",
        "ordered_at": "column_3",
        "quantity": "column_4",
        "amount": "column_5",
        "order_id": "column_3",
    }
    result = import_orders(content, as_of=as_of, mapping=mapping)
    assert result.accepted, result.rejection
    assert result.kpis["orders"].to_list() == [2]


def test_row_numbers_point_at_the_line_a_spreadsheet_shows(
    csv: Callable[..., bytes], as_of: dt.datetime
) -> None:
    rows = [(f"A{i}", "2026-09-01", "10" if i != 150 else "ten") for i in range(1, 201)]
    result = import_orders(csv(("order_id", "ordered_at", "amount"), rows), as_of=as_of)
    assert result.accepted
    assert result.problems.rows() == [(151, "amount", "ten", "unparseable_amount")]


@pytest.mark.parametrize(
    ("head", "encoding"),
    [(b"abc", "utf-8"), ("订单".encode("gbk") + b",x", "gb18030"), (b"\xef\xbb\xbfa", "utf-8-sig")],
)
def test_encoding_detection_from_a_sample(head: bytes, encoding: str) -> None:
    assert detect_encoding(head) == encoding
