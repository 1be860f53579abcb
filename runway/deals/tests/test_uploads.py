"""Uploads are judged by their bytes: allowed kinds pass, disguised or dangerous ones are
refused with a message that says what the file really is; empty, oversized and duplicate
files are refused too."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from pypdf import PdfWriter

from runway.deals.models import Document
from runway.deals.services.documents import document_upload
from runway.deals.tests.factories import (
    ELF,
    EXE,
    PNG,
    investor,
    office_bytes,
    pdf_bytes,
    upload,
)
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def owner() -> Any:
    return member_of(VentureFactory().organization)


def refusal(actor: Any, name: str, content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        document_upload(actor=actor, file=upload(name, content), confidentiality="on_intro")
    return caught.value.message_dict["file"]


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def real_xlsx() -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet().write_row(0, 0, ["月份", "GMV"])
    workbook.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("plan.pdf", "pdf", "application/pdf"),
        ("logo.png", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "image/jpeg"),
        ("model.xlsx", real_xlsx(), XLSX),
        ("memo.docx", office_bytes("word"), DOCX),
        ("orders.csv", "月份,收入\n2026-01,100\n2026-02,120\n".encode(), "text/csv"),
        ("export", b"date;amount\n2026-01-01;10\n2026-01-02;12\n", "text/csv"),
        ("notes.txt", "团队介绍\n我们在深圳。".encode("gb18030"), "text/plain"),
    ],
)
def test_allowed_kinds_are_stored_with_the_detected_type(
    owner: Any, name: str, content: bytes | str, mime: str
) -> None:
    # The PDF is rendered here rather than when tests are collected: WeasyPrint is slow to load.
    content = pdf_bytes() if content == "pdf" else content
    assert isinstance(content, bytes)
    document = document_upload(
        actor=owner, file=upload(name, content), title="", confidentiality="on_nda"
    )
    assert document.content_type == mime
    assert document.size == len(content)
    assert document.original_name == name
    assert len(document.sha256) == 64
    # Stored under a random name that reveals neither the venture's file name nor the title.
    assert name.split(".")[0] not in document.file.name
    assert default_storage.exists(document.file.name)


def test_a_png_named_pdf_is_refused_saying_what_it_is(owner: Any) -> None:
    assert refusal(owner, "accounts.pdf", PNG) == [
        (
            "“accounts.pdf” is a PNG image, not a PDF document as its name says. Upload the "
            "real file, or give it the right name."
        )
    ]
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "content"), [("report.pdf", EXE), ("setup.exe", EXE)])
def test_windows_programs_are_refused(owner: Any, name: str, content: bytes) -> None:
    assert refusal(owner, name, content) == [
        f"“{name}” is a program (EXE), which cannot be uploaded."
    ]


def test_other_executables_scripts_and_unknown_binaries_are_refused(owner: Any) -> None:
    assert refusal(owner, "tool", ELF) == ["“tool” is a program (ELF), which cannot be uploaded."]
    assert refusal(owner, "run.txt", b"#!/bin/sh\nrm -rf /\n") == [
        "“run.txt” is a script, which cannot be uploaded."
    ]
    assert refusal(owner, "blob.csv", bytes(range(256)) * 4)[0].startswith(
        "The type of “blob.csv” cannot be recognised from its contents."
    )
    assert refusal(owner, "archive.zip", plain_zip())[0].startswith(
        "“archive.zip” is a ZIP file, which cannot be uploaded."
    )


def test_office_files_with_macros_are_refused(owner: Any) -> None:
    content = office_bytes("word")
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"macro")
    assert refusal(owner, "memo.docx", buffer.getvalue()) == [
        "“memo.docx” contains macros, which cannot be uploaded."
    ]


def test_password_protected_pdfs_are_refused(owner: Any) -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(owner, "locked.pdf", buffer.getvalue()) == [
        "Upload the PDF without a password: investors' copies are watermarked."
    ]


def test_empty_and_oversized_files_are_refused(owner: Any, settings: Any) -> None:
    assert refusal(owner, "empty.csv", b"") == ["The file is empty."]
    settings.DEALS_DOCUMENT_MAX_BYTES = 1024
    assert refusal(owner, "big.csv", b"a,b\n" * 300) == [
        "The file is 1.2\xa0KB; the limit is 1.0\xa0KB."
    ]
    assert not Document.objects.exists()


def test_the_same_file_is_stored_once_per_venture(owner: Any) -> None:
    content = b"month,revenue\n2026-01,100\n"
    first = document_upload(
        actor=owner, file=upload("a.csv", content), title="Revenue", confidentiality="public"
    )
    assert refusal(owner, "copy.csv", content) == [
        "This file is already in your data room as “Revenue”."
    ]
    # Another venture may hold the same bytes.
    other = member_of(VentureFactory().organization)
    second = document_upload(actor=other, file=upload("a.csv", content), confidentiality="public")
    assert first.sha256 == second.sha256


def test_only_the_ventures_members_upload(owner: Any) -> None:
    viewer = member_of(owner.organization, role=Role.VIEWER)
    with pytest.raises(AccessDenied):
        document_upload(actor=viewer, file=upload("a.csv", b"a,b\n1,2\n"), confidentiality="public")
    with pytest.raises(AccessDenied):
        document_upload(
            actor=investor(), file=upload("a.csv", b"a,b\n1,2\n"), confidentiality="public"
        )


def test_a_bad_confidentiality_or_title_names_its_field(owner: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        document_upload(actor=owner, file=upload("a.csv", b"a,b\n"), confidentiality="secret")
    assert list(caught.value.message_dict) == ["confidentiality"]
    with pytest.raises(ValidationError) as caught:
        document_upload(
            actor=owner, file=upload("a.csv", b"a,b\n"), title="x" * 201, confidentiality="public"
        )
    assert list(caught.value.message_dict) == ["title"]
