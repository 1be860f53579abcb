"""Uploads to a venture's data room: checked by content, size-limited, hashed, never twice.

The size limit is the DEALS_DOCUMENT_MAX_BYTES setting (25 MiB unless set). PDFs must open
without a password, because every PDF an investor downloads is stamped with a watermark.
"""

from __future__ import annotations

import hashlib
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from runway.deals import contents
from runway.deals.access import DocumentPolicy, access_own_data_room
from runway.deals.models import Confidentiality, Document
from runway.orgs.access import AccessDenied, Actor, Need

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
TITLE_MAX = 200


def max_bytes() -> int:
    return int(getattr(settings, "DEALS_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _sha256(file: File[Any]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _check_pdf(handle: IO[bytes]) -> None:
    handle.seek(0)
    try:
        reader = PdfReader(handle)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError({"file": _("This PDF is damaged and cannot be opened.")}) from error
    finally:
        handle.seek(0)
    if encrypted:
        raise ValidationError(
            {"file": _("Upload the PDF without a password: investors' copies are watermarked.")}
        )
    if pages == 0:
        raise ValidationError({"file": _("This PDF has no pages.")})


def _checked_size(file: File[Any]) -> int:
    size = int(file.size or 0)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > max_bytes():
        raise ValidationError(
            {"file": _("The file is %(size)s; the limit is %(limit)s.")
             % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}}
        )  # fmt: skip
    return size


def _checked_title(title: str, name: str) -> str:
    title = title.strip() or name.rsplit(".", 1)[0].strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Keep the title under %(count)s characters.") % {"count": TITLE_MAX}}
        )
    return title


def document_upload(
    *, actor: Actor, file: File[Any], title: str = "", confidentiality: str
) -> Document:
    """Stores `file` in the actor's venture data room once its content, size and uniqueness
    are checked; ValidationError naming `file`, `title` or `confidentiality` otherwise."""
    venture = access_own_data_room(actor=actor, need=Need.EDIT)
    name = (file.name or "").rsplit("/", 1)[-1][-200:]
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may see the document.")})
    title = _checked_title(title, name)
    size = _checked_size(file)
    kind = contents.identify(file, name=name, size=size)
    if kind.mime == contents.PDF:
        _check_pdf(file)
    sha256 = _sha256(file)
    duplicate = Document.objects.filter(venture=venture, sha256=sha256).first()
    if duplicate is not None:
        raise ValidationError(
            {"file": _("This file is already in your data room as “%(title)s”.")
             % {"title": duplicate.title}}
        )  # fmt: skip
    document = Document(
        venture=venture,
        title=title,
        original_name=name or f"document{kind.extension}",
        content_type=kind.mime,
        size=size,
        sha256=sha256,
        confidentiality=confidentiality,
        uploaded_by=actor.user,
    )
    document.file.save(f"upload{kind.extension}", file, save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        # The same file uploaded twice at once: the second copy goes.
        document.file.delete(save=False)
        raise ValidationError({"file": _("This file is already in your data room.")}) from error
    return document


@transaction.atomic
def document_update(
    *,
    actor: Actor,
    document: Document,
    title: str | None = None,
    confidentiality: str | None = None,
) -> Document:
    locked = (
        Document.objects.select_for_update(of=("self",))
        .select_related("venture__organization")
        .get(pk=document.pk)
    )
    if not DocumentPolicy.can_edit(actor, locked):
        raise AccessDenied
    if confidentiality is not None:
        if confidentiality not in Confidentiality.values:
            raise ValidationError({"confidentiality": _("Choose who may see the document.")})
        locked.confidentiality = confidentiality
    if title is not None:
        locked.title = _checked_title(title, locked.original_name)
    locked.save(update_fields=["title", "confidentiality"])
    return locked
