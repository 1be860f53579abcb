"""The venture's data room: upload, replace and delete, confidentiality, grants and
revocations, earlier versions, and who opened what (on the page and as CSV)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from runway.deals import selectors
from runway.deals.access import access_document_by_id, access_own_data_room
from runway.deals.forms import ConfidentialityForm, DocumentUploadForm, GrantForm
from runway.deals.models import AccessGrant, Confidentiality, Document
from runway.deals.selectors import DocumentRow
from runway.deals.services import documents, grants
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.views import actor_required
from runway.ventures.forms import ServiceErrorsMixin
from runway.ventures.models import Venture

# Spreadsheets run cells that start with these as formulas; such cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class DocumentReplaceForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("New version"),
        help_text=gettext_lazy("Checked by its content, like an upload."),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=200, required=False,
        help_text=gettext_lazy("Empty: keep the current title."),
    )  # fmt: skip


@dataclass(frozen=True)
class RoomRow:
    """A live document with its counts and the versions it replaced, newest first."""

    row: DocumentRow
    replace_form: DocumentReplaceForm
    earlier: list[Document] = field(default_factory=list)
    # True when the replace form comes back with errors, so it shows open.
    replace_open: bool = False


def replace_auto_id(pk: int) -> str:
    """Field ids of one document's replace form, apart from the upload form's and the others'."""
    return f"id_replace_{pk}_%s"


@dataclass(frozen=True)
class History:
    earlier: dict[int, list[Document]]
    deleted: list[Document]


def document_history(venture: Venture, live: list[Document]) -> History:
    """Each live document's earlier versions, and the documents deleted outright."""
    retired = {
        document.pk: document
        for document in Document.all_versions.filter(
            venture=venture, deleted_at__isnull=False
        ).select_related("deleted_by", "uploaded_by")
    }
    replaced = {d.replaces_id for d in [*live, *retired.values()] if d.replaces_id is not None}
    earlier: dict[int, list[Document]] = {}
    for document in live:
        chain: list[Document] = []
        previous = retired.get(document.replaces_id or 0)
        while previous is not None and len(chain) < len(retired):
            chain.append(previous)
            previous = retired.get(previous.replaces_id or 0)
        earlier[document.pk] = chain
    deleted = sorted(
        (document for pk, document in retired.items() if pk not in replaced),
        key=lambda document: document.deleted_at or document.uploaded_at,
        reverse=True,
    )
    return History(earlier=earlier, deleted=deleted)


def _page(
    request: HttpRequest,
    actor: Actor,
    venture: Venture,
    *,
    upload_form: DocumentUploadForm | None = None,
    grant_form: GrantForm | None = None,
    replace_form: tuple[int, DocumentReplaceForm] | None = None,
) -> HttpResponse:
    page = selectors.data_room_page(venture=venture)
    can_edit = actor.can(Need.EDIT)
    invalid = upload_form is not None or grant_form is not None or replace_form is not None
    history = document_history(venture, [row.document for row in page.documents])
    rows = [
        RoomRow(
            row=row,
            earlier=history.earlier.get(row.document.pk, []),
            replace_form=replace_form[1]
            if replace_form is not None and replace_form[0] == row.document.pk
            else DocumentReplaceForm(auto_id=replace_auto_id(row.document.pk)),
            replace_open=replace_form is not None and replace_form[0] == row.document.pk,
        )
        for row in page.documents
    ]
    return render(
        request,
        "deals/data_room.html",
        {
            "page": page,
            "rows": rows,
            "deleted": history.deleted,
            "venture": venture,
            "can_edit": can_edit,
            "upload_form": upload_form or DocumentUploadForm(),
            "grant_form": grant_form
            or GrantForm(
                organizations=page.investors, documents=[row.document for row in page.documents]
            ),
            "confidentiality_choices": Confidentiality.choices,
        },
        status=422 if invalid else 200,
    )


@require_http_methods(["GET"])
@actor_required
def data_room(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = access_own_data_room(actor=actor, need=Need.VIEW)
    return _page(request, actor, venture)


@require_http_methods(["POST"])
@actor_required
def document_upload(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = access_own_data_room(actor=actor, need=Need.EDIT)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = documents.document_upload(actor=actor, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("“%(title)s” is in your data room.") % {"title": document.title}
            )
            return redirect("deals:data_room")
    return _page(request, actor, venture, upload_form=form)


@require_http_methods(["POST"])
@actor_required
def document_confidentiality(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    document = access_document_by_id(actor=actor, document_id=pk, need=Need.EDIT)
    form = ConfidentialityForm(request.POST)
    if form.is_valid():
        documents.document_update(
            actor=actor, document=document, confidentiality=form.cleaned_data["confidentiality"]
        )
        messages.success(
            request, _("Who may see “%(title)s” is changed.") % {"title": document.title}
        )
    else:
        messages.error(request, _("Choose who may see the document."))
    return redirect("deals:data_room")


@require_http_methods(["POST"])
@actor_required
def document_replace(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    document = access_document_by_id(actor=actor, document_id=pk, need=Need.EDIT)
    form = DocumentReplaceForm(request.POST, request.FILES, auto_id=replace_auto_id(pk))
    if form.is_valid():
        try:
            replacement = documents.document_replace(
                actor=actor,
                document=document,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("“%(title)s” is replaced by the new version.") % {"title": replacement.title},
            )
            return redirect("deals:data_room")
    return _page(request, actor, document.venture, replace_form=(document.pk, form))


@require_http_methods(["POST"])
@actor_required
def document_delete(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    document = access_document_by_id(actor=actor, document_id=pk, need=Need.EDIT)
    documents.document_delete(actor=actor, document=document)
    messages.success(
        request,
        _("“%(title)s” is deleted. Who opened it stays on record.") % {"title": document.title},
    )
    return redirect("deals:data_room")


@require_http_methods(["POST"])
@actor_required
def grant_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = access_own_data_room(actor=actor, need=Need.EDIT)
    page = selectors.data_room_page(venture=venture)
    form = GrantForm(
        request.POST,
        organizations=page.investors,
        documents=[row.document for row in page.documents],
    )
    if form.is_valid():
        try:
            grants.grant_create(actor=actor, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Access granted."))
            return redirect("deals:data_room")
    return _page(request, actor, venture, grant_form=form)


@require_http_methods(["POST"])
@actor_required
def grant_revoke(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    venture = access_own_data_room(actor=actor, need=Need.EDIT)
    grant = AccessGrant.objects.filter(pk=pk, venture=venture).first()
    if grant is None:
        raise AccessDenied
    try:
        grants.grant_revoke(actor=actor, grant=grant)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Access revoked."))
    return redirect("deals:data_room")


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@require_http_methods(["GET"])
@actor_required
def analytics_csv(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = access_own_data_room(actor=actor, need=Need.VIEW)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="data-room-analytics-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    # A byte-order mark, so Excel opens Chinese names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Document"), _("Organization"), _("Person"), _("E-mail"), _("Views"),
            _("Downloads"), _("Refused"), _("Last access"),
        ]
    )  # fmt: skip
    for row in selectors.analytics_csv_rows(venture=venture):
        writer.writerow([_cell(value) for value in row])
    return response
