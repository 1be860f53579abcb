"""What an uploaded file really is, judged by its bytes and not by its name.

`filetype` recognises binary formats from their signatures; Office files are confirmed by the
parts inside their ZIP container, and text (CSV or plain) is recognised heuristically: no NUL
byte, valid UTF-8 or GB 18030, almost only printable characters. A name whose extension claims
another type than the content is refused, so "report.pdf" that is a PNG does not pass as a PDF.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, TYPE_CHECKING

import filetype  # type: ignore[import-untyped]  # no stubs published
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
TEXT = "text/plain"

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Kind:
    mime: str
    extension: str
    label: StrPromise


ALLOWED: dict[str, Kind] = {
    PDF: Kind(PDF, ".pdf", _("a PDF document")),
    PNG: Kind(PNG, ".png", _("a PNG image")),
    JPEG: Kind(JPEG, ".jpg", _("a JPEG image")),
    XLSX: Kind(XLSX, ".xlsx", _("an Excel workbook (XLSX)")),
    DOCX: Kind(DOCX, ".docx", _("a Word document (DOCX)")),
    CSV: Kind(CSV, ".csv", _("a CSV table")),
    TEXT: Kind(TEXT, ".txt", _("a plain text file")),
}
# What each extension promises; text may be named either way.
EXTENSIONS: dict[str, frozenset[str]] = {
    ".pdf": frozenset({PDF}),
    ".png": frozenset({PNG}),
    ".jpg": frozenset({JPEG}),
    ".jpeg": frozenset({JPEG}),
    ".xlsx": frozenset({XLSX}),
    ".docx": frozenset({DOCX}),
    ".csv": frozenset({CSV, TEXT}),
    ".txt": frozenset({TEXT, CSV}),
}
PROGRAMS = frozenset({"exe", "elf", "wasm", "swf", "crx", "deb", "rpm"})
ALLOWED_LIST = _("Upload a PDF, PNG, JPEG, XLSX, DOCX, CSV or plain text file.")


def _refuse(message: StrPromise, **params: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, params=params, code="file_type")})


def _office_kind(handle: IO[bytes]) -> str | None:
    """DOCX or XLSX when the ZIP holds the parts of one; refuses files carrying macros."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        handle.seek(0)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _refuse(_("“%(name)s” contains macros, which cannot be uploaded."), name="")
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _decode_text(head: bytes, complete: bool) -> str | None:
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # A head cut in the middle of a character is fine unless the file ends there.
            return str(decoder.decode(head, final=complete))
        except UnicodeDecodeError:
            continue
    return None


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    printable = sum(1 for char in text if char.isprintable() or char.isspace())
    return printable / len(text) >= 0.98


def _is_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|")
    except csv.Error:
        return False
    counts = {line.count(dialect.delimiter) for line in lines[:-1]}
    return len(counts) == 1 and counts != {0}


def _detected(handle: IO[bytes], head: bytes, complete: bool, suffix: str) -> str:
    """The MIME type of the content, or a ValidationError saying what it is instead."""
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime in {"application/zip", DOCX, XLSX}:
            office = _office_kind(handle)
            if office is not None:
                return office
        if guess.mime in ALLOWED:
            return str(guess.mime)
        if guess.extension in PROGRAMS:
            raise _refuse(
                _("“%(name)s” is a program (%(kind)s), which cannot be uploaded."),
                kind=guess.extension.upper(),
            )
        raise _refuse(
            _("“%(name)s” is a %(kind)s file, which cannot be uploaded. %(allowed)s"),
            kind=guess.extension.upper(),
            allowed=str(ALLOWED_LIST),
        )
    text = _decode_text(head, complete)
    if text is None or not _looks_like_text(text):
        raise _refuse(
            _("The type of “%(name)s” cannot be recognised from its contents. %(allowed)s"),
            allowed=str(ALLOWED_LIST),
        )
    if text.lstrip("\ufeff").startswith("#!"):
        raise _refuse(_("“%(name)s” is a script, which cannot be uploaded."))
    if suffix == ".csv" or (suffix != ".txt" and _is_csv(text)):
        return CSV
    return TEXT


def identify(handle: IO[bytes], *, name: str, size: int) -> Kind:
    """The allowed kind of the file open in `handle` (read from its start, left at its start);
    ValidationError on `file` when its content is not allowed or contradicts its name."""
    suffix = PurePath(name).suffix.lower()
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    try:
        mime = _detected(handle, head, size <= len(head), suffix)
    except ValidationError as error:
        for item in error.error_dict["file"]:
            item.params = {**(item.params or {}), "name": name}
        raise
    kind = ALLOWED[mime]
    promised = EXTENSIONS.get(suffix)
    if promised is not None and mime not in promised:
        claimed = ALLOWED[min(promised)] if len(promised) == 1 else ALLOWED[TEXT]
        raise _refuse(
            _("“%(name)s” is %(actual)s, not %(claimed)s as its name says. Upload the real file, "
              "or give it the right name."),
            name=name, actual=str(kind.label), claimed=str(claimed.label),
        )  # fmt: skip
    return kind
