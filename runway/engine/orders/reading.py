"""Turning an uploaded export into a lazy polars frame of raw columns, whatever its container.

`open_table` sniffs the bytes (gzip, xlsx, Parquet, or text), guards sizes before anything is
expanded, detects the text encoding (UTF-8 with or without BOM, UTF-16, GB18030 which covers GBK)
and the delimiter (comma, tab, semicolon, pipe, or runs of whitespace), and yields a `Table`.
Text that polars cannot read directly is transcoded in chunks to a temporary file, so memory stays
bounded however large the file is. Every failure is a `ReadError` carrying a `Reason`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import fastexcel
import polars as pl

from runway.engine.orders.problems import ReadError, Reason

ROW = "__row__"
LINE = "__line__"
SNIFF_BYTES = 1 << 16
CHUNK = 1 << 22
DELIMITERS = (",", "\t", ";", "|")
_ID = re.compile(r"\d+")
_YYYYMMDD = re.compile(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# Header-less CDNOW text by its number of columns: the names the CDNOW layout recognizes.
HEADERLESS_CDNOW: dict[int, tuple[tuple[str, re.Pattern[str]], ...]] = {
    4: (("customer_id", _ID), ("date", _YYYYMMDD), ("number_of_cds", _NUMBER),
        ("dollar_value", _NUMBER)),
    5: (("customer_id", _ID), ("sample_customer_id", _ID), ("date", _YYYYMMDD),
        ("number_of_cds", _NUMBER), ("dollar_value", _NUMBER)),
}  # fmt: skip


class FileFormat(StrEnum):
    CSV = "csv"
    CSV_GZIP = "csv.gz"
    WHITESPACE = "whitespace"
    XLSX = "xlsx"
    PARQUET = "parquet"


@dataclass(frozen=True, slots=True)
class Limits:
    """Upper bounds checked before data is expanded; a file over one is rejected, not read."""

    max_text_bytes: int = 4 << 30  # a CSV after decompression or transcoding
    max_xlsx_bytes: int = 256 << 20  # a workbook's XML once unzipped
    max_xlsx_ratio: int = 100  # uncompressed / compressed, per workbook member


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Table:
    frame: pl.LazyFrame  # the file's columns under their own headers, plus ROW
    headers: tuple[str, ...]
    file_format: FileFormat
    encoding: str | None = None
    delimiter: str | None = None


Source = bytes | Path


@contextmanager
def open_table(source: Source, limits: Limits = DEFAULT_LIMITS) -> Iterator[Table]:
    """The table in `source`; temporary files live until the block ends."""
    with tempfile.TemporaryDirectory(prefix="runway-import-") as scratch:
        yield _open(source, limits, Path(scratch))


def _head(source: Source, size: int = SNIFF_BYTES) -> bytes:
    if isinstance(source, bytes):
        return source[:size]
    with source.open("rb") as handle:
        return handle.read(size)


def _size(source: Source) -> int:
    return len(source) if isinstance(source, bytes) else source.stat().st_size


def _open(source: Source, limits: Limits, scratch: Path) -> Table:
    if _size(source) == 0:
        raise ReadError(Reason.EMPTY_FILE)
    head = _head(source)
    if head.startswith(b"\x1f\x8b"):
        plain = _gunzip(source, scratch / "plain.csv", limits.max_text_bytes)
        table = _open_text(plain, limits, scratch)
        return Table(
            table.frame, table.headers, FileFormat.CSV_GZIP, table.encoding, table.delimiter
        )
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(source, limits)
    if head.startswith(b"PAR1"):
        return _open_parquet(source)
    return _open_text(source, limits, scratch)


def _gunzip(source: Source, target: Path, limit: int) -> Path:
    stream = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    written = 0
    try:
        with gzip.GzipFile(fileobj=stream) as unzipped, target.open("wb") as out:
            while chunk := unzipped.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise ReadError(Reason.TOO_LARGE, limit=limit)
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as error:
        raise ReadError(Reason.NOT_A_TABLE, detail=str(error)) from error
    finally:
        stream.close()
    if written == 0:
        raise ReadError(Reason.EMPTY_FILE)
    return target


def detect_encoding(head: bytes) -> str:
    """utf-8, utf-8-sig, utf-16 or gb18030, from a sample; ReadError for binary data."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise ReadError(Reason.NOT_A_TABLE, detail="binary data")
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ReadError(Reason.NOT_A_TABLE, detail="not text in a known encoding")


def _transcode(source: Source, encoding: str, target: Path, limit: int) -> Path:
    """Re-encode to UTF-8 chunk by chunk (polars reads UTF-8 only)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    stream = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    written = 0
    try:
        with stream, target.open("wb") as out:
            while True:
                chunk = stream.read(CHUNK)
                text = decoder.decode(chunk, final=not chunk).encode("utf-8")
                written += len(text)
                if written > limit:
                    raise ReadError(Reason.TOO_LARGE, limit=limit)
                out.write(text)
                if not chunk:
                    return target
    except UnicodeDecodeError as error:
        raise ReadError(
            Reason.UNDECODABLE_TEXT, encoding=encoding, byte=written + error.start
        ) from error


def _open_text(source: Source, limits: Limits, scratch: Path) -> Table:
    encoding = detect_encoding(_head(source))
    if encoding not in ("utf-8", "utf-8-sig"):
        source = _transcode(source, encoding, scratch / "utf8.csv", limits.max_text_bytes)
    lines = _sample_lines(_head(source))
    if not lines:
        raise ReadError(Reason.EMPTY_FILE)
    delimiter = _sniff_delimiter(lines)
    if delimiter is None:
        return _open_whitespace(source, lines, encoding)
    frame = pl.scan_csv(
        source,
        separator=delimiter,
        infer_schema=False,
        row_index_name=ROW,
        row_index_offset=2,
        raise_if_empty=True,
    )
    headers = tuple(name for name in frame.collect_schema().names() if name != ROW)
    frame = frame.rename({h: h.strip() for h in headers if h != h.strip()})
    headers = tuple(h.strip() for h in headers)
    return Table(frame, headers, FileFormat.CSV, encoding, delimiter)


def _sample_lines(head: bytes) -> list[str]:
    """The non-blank lines at the start of the file (UTF-8 by now)."""
    lines = head.decode("utf-8-sig", errors="replace").splitlines()
    if len(head) >= SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line short
    return [line for line in lines if line.strip()]


def _sniff_delimiter(sample: list[str]) -> str | None:
    """The delimiter that splits the sampled lines into the same number (>1) of fields; None
    for runs of whitespace."""
    lines = sample[:50]
    best: tuple[bool, int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        candidate = (all(c == counts[0] for c in counts), counts[0], delimiter)
        best = candidate if best is None or candidate[:2] > best[:2] else best
    if best is not None:
        return best[2]
    fields = [len(line.split()) for line in lines]
    if fields[0] >= 2 and all(f == fields[0] for f in fields):
        return None
    raise ReadError(Reason.SINGLE_COLUMN, header=lines[0][:200])


def _looks_like_data(cells: list[str]) -> bool:
    return all(cell.replace(".", "").replace("-", "").isdigit() for cell in cells)


def headerless_names(lines: list[str]) -> tuple[str, ...]:
    """Column names for header-less whitespace text: CDNOW's own names when every sampled line
    has one of the CDNOW shapes (the master file's 4 columns, or the sample file's 5 with the
    sample's own customer number second), else column_1, column_2, ..."""
    rows = [line.split() for line in lines[:50]]
    width = len(rows[0])
    shape = HEADERLESS_CDNOW.get(width)
    if shape is not None and all(
        len(row) == width and all(p.fullmatch(c) for (_n, p), c in zip(shape, row, strict=True))
        for row in rows
    ):
        return tuple(name for name, _pattern in shape)
    return tuple(f"column_{i + 1}" for i in range(width))


def _open_whitespace(source: Source, sample: list[str], encoding: str) -> Table:
    """Fixed or ragged runs of spaces (CDNOW): one column per line, split in polars."""
    first = sample[0].split()
    has_header = not _looks_like_data(first)
    headers = tuple(first) if has_header else headerless_names(sample)
    lines = pl.scan_csv(
        source,
        has_header=False,
        separator="\x1f",
        quote_char=None,
        new_columns=[LINE],
        schema_overrides={LINE: pl.String},
        skip_rows=1 if has_header else 0,
        row_index_name=ROW,
        row_index_offset=2 if has_header else 1,
    )
    tokens = pl.col(LINE).str.extract_all(r"\S+")
    frame = lines.filter(pl.col(LINE).str.strip_chars() != "").select(
        ROW, *(tokens.list.get(i, null_on_oob=True).alias(h) for i, h in enumerate(headers))
    )
    return Table(frame, headers, FileFormat.WHITESPACE, encoding, None)


def _open_xlsx(source: Source, limits: Limits) -> Table:
    _guard_zip(source, limits)
    try:
        reader = fastexcel.read_excel(source if isinstance(source, bytes) else str(source))
        # Every cell as text: typed reading turns a "C489434" among numbers into a null.
        sheet = reader.load_sheet(0, dtypes="string")
        frame = sheet.to_polars()
    except fastexcel.FastExcelError as error:
        raise ReadError(Reason.NOT_A_TABLE, detail=str(error)) from error
    frame = frame.rename({c: str(c).strip() for c in frame.columns})
    headers = tuple(frame.columns)
    return Table(frame.lazy().with_row_index(ROW, offset=2), headers, FileFormat.XLSX)


def _guard_zip(source: Source, limits: Limits) -> None:
    """Refuse a workbook that would expand past the limits, before any XML is parsed.

    The sizes a zip declares can lie, so each member is also inflated into nowhere, counting.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as book:
            members = book.infolist()
            declared = sum(m.file_size for m in members)
            ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
            if declared > limits.max_xlsx_bytes or ratio > limits.max_xlsx_ratio:
                raise ReadError(Reason.TOO_LARGE, limit=limits.max_xlsx_bytes)
            inflated = 0
            for member in members:
                with book.open(member) as stream:
                    while chunk := stream.read(CHUNK):
                        inflated += len(chunk)
                        if inflated > limits.max_xlsx_bytes:
                            raise ReadError(Reason.TOO_LARGE, limit=limits.max_xlsx_bytes)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as error:
        raise ReadError(Reason.NOT_A_TABLE, detail=str(error)) from error


def _open_parquet(source: Source) -> Table:
    try:
        frame = pl.scan_parquet(io.BytesIO(source) if isinstance(source, bytes) else source)
        headers = tuple(frame.collect_schema().names())
    except (pl.exceptions.PolarsError, OSError) as error:
        raise ReadError(Reason.NOT_A_TABLE, detail=str(error)) from error
    return Table(frame.with_row_index(ROW, offset=2), headers, FileFormat.PARQUET)
