"""Uploads to a venture's data room: checked by content, size-limited, hashed, never twice;
and deleting or replacing them without losing the audit trail.

Deleted and replaced versions keep their row (title, name, size, hash, who deleted it and when),
so every AccessEvent still names what was opened, but their stored bytes are removed: a
confidential file the venture withdrew should not linger in storage, and the venture keeps its
own originals.

The size limit is the DEALS_DOCUMENT_MAX_BYTES setting (25 MiB unless set). PDFs must open
without a password, because every PDF an investor downloads is stamped with a watermark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from runway.deals import contents
from runway.deals.access import DocumentPolicy, access_own_data_room
from runway.deals.models import AccessGrant, Confidentiality, Document
from runway.orgs.access import AccessDenied, Actor, Need
from runway.ventures.models import Venture

logger = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: contents.Kind
    size: int
    sha256: str


def _checked_file(
    file: File[Any], *, venture: Venture, exclude_pk: int | None = None
) -> CheckedFile:
    """The file's real kind, size and hash once content, size and uniqueness in the venture's
    live documents are checked; ValidationError on `file` otherwise."""
    name = (file.name or "").rsplit("/", 1)[-1][-200:]
    size = _checked_size(file)
    kind = contents.identify(file, name=name, size=size)
    if kind.mime == contents.PDF:
        _check_pdf(file)
    sha256 = _sha256(file)
    duplicate = Document.objects.filter(venture=venture, sha256=sha256).first()
    if duplicate is not None:
        if duplicate.pk == exclude_pk:
            raise ValidationError(
                {"file": _("This is the same file as the current version of “%(title)s”.")
                 % {"title": duplicate.title}}
            )  # fmt: skip
        raise ValidationError(
            {"file": _("This file is already in your data room as “%(title)s”.")
             % {"title": duplicate.title}}
        )  # fmt: skip
    return CheckedFile(name=name, kind=kind, size=size, sha256=sha256)


def _remove_stored(document: Document) -> None:
    """Removes the document's stored file once the transaction that let go of it has
    committed; a storage failure is logged, not raised, as the database already says it is
    gone."""
    name = document.file.name or ""
    storage = document.file.storage

    def remove() -> None:
        try:
            storage.delete(name)
        except Exception:  # any backend's failure (OSError, boto's ClientError...)
            logger.exception("could not remove the data-room file %s", name)

    if name:
        transaction.on_commit(remove)


def _store(document: Document, file: File[Any], checked: CheckedFile) -> None:
    document.file.save(f"upload{checked.kind.extension}", file, save=False)


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
    checked = _checked_file(file, venture=venture)
    document = Document(
        venture=venture,
        title=title,
        original_name=checked.name or f"document{checked.kind.extension}",
        content_type=checked.kind.mime,
        size=checked.size,
        sha256=checked.sha256,
        confidentiality=confidentiality,
        uploaded_by=actor.user,
    )
    _store(document, file, checked)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        # The same file uploaded twice at once: the second copy goes.
        document.file.delete(save=False)
        raise ValidationError({"file": _("This file is already in your data room.")}) from error
    return document


def _locked_live(actor: Actor, document: Document) -> Document:
    """The document's row, locked, if it is still live and the actor may change it."""
    locked = (
        Document.all_versions.select_for_update(of=("self",))
        .select_related("venture__organization")
        .filter(pk=document.pk)
        .first()
    )
    if locked is None or not DocumentPolicy.can_edit(actor, locked):
        raise AccessDenied
    if locked.is_deleted:
        # Deleted or replaced meanwhile (a second click, another tab): gone, as for anyone.
        raise AccessDenied
    return locked


def _retire(actor: Actor, document: Document, *, at: dt.datetime) -> None:
    document.deleted_at = at
    document.deleted_by = actor.user
    document.save(update_fields=["deleted_at", "deleted_by"])
    _remove_stored(document)


@transaction.atomic
def document_delete(*, actor: Actor, document: Document) -> Document:
    """Takes the document out of the data room for good: every list and file view loses it,
    the grants made for it alone are revoked, and its stored file is removed once this commits.
    The row stays, so the AccessEvents and the venture's analytics keep it."""
    locked = _locked_live(actor, document)
    now = timezone.now()
    AccessGrant.objects.filter(document=locked, revoked_at__isnull=True).update(revoked_at=now)
    _retire(actor, locked, at=now)
    return locked


def document_replace(
    *,
    actor: Actor,
    document: Document,
    file: File[Any],
    title: str = "",
    confidentiality: str = "",
) -> Document:
    """Uploads `file` as the new version of `document`, with the same checks as an upload.

    The new version takes the old one's place: its title and confidentiality unless new ones
    are given, and the grants made for the old version now point at it (a grant holder sees
    only the current version). The old version is soft-deleted, its file removed. All or
    nothing: a refused file or a lost race leaves the data room as it was.
    """
    if confidentiality and confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may see the document.")})
    if not DocumentPolicy.can_edit(actor, document) or document.is_deleted:
        raise AccessDenied
    checked = _checked_file(file, venture=document.venture, exclude_pk=document.pk)
    replacement = Document(
        venture=document.venture,
        original_name=checked.name or f"document{checked.kind.extension}",
        content_type=checked.kind.mime,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor.user,
        replaces=document,
    )
    _store(replacement, file, checked)
    try:
        with transaction.atomic():
            old = _locked_live(actor, document)
            replacement.title = _checked_title(title, "") if title.strip() else old.title
            replacement.confidentiality = confidentiality or old.confidentiality
            # The old version leaves first, so the unique (venture, hash) of live documents
            # judges the new file against the others only.
            _retire(actor, old, at=timezone.now())
            replacement.save()
            AccessGrant.objects.filter(document=old).update(document=replacement)
    except IntegrityError as error:
        replacement.file.delete(save=False)
        raise ValidationError(
            {"file": _("This file is already in your data room, or the document was just "
                       "replaced. Reload the page and try again.")}
        ) from error  # fmt: skip
    except Exception:
        replacement.file.delete(save=False)
        raise
    return replacement


@transaction.atomic
def document_update(
    *,
    actor: Actor,
    document: Document,
    title: str | None = None,
    confidentiality: str | None = None,
) -> Document:
    locked = _locked_live(actor, document)
    if confidentiality is not None:
        if confidentiality not in Confidentiality.values:
            raise ValidationError({"confidentiality": _("Choose who may see the document.")})
        locked.confidentiality = confidentiality
    if title is not None:
        locked.title = _checked_title(title, locked.original_name)
    locked.save(update_fields=["title", "confidentiality"])
    return locked
