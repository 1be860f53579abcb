"""Deals in the JSON API: each side's deals, moves, the Q&A thread, the documents the caller
may open and their files, and the venture's own data room (upload, replace, delete), under the
same rules as the pages."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE, ErrorOut
from runway.api.schemas import MAX_ID, InputSchema, RunwayPagination, Text
from runway.deals import selectors
from runway.deals.access import (
    access_deal_by_id,
    access_document_by_id,
    access_own_data_room,
    document_queryset,
    grant_covers,
    room_access,
)
from runway.deals.models import (
    AccessAction,
    Confidentiality,
    Deal,
    DealState,
    Document,
    Message,
    TermSheet,
    TermSheetKind,
    TermSheetStatus,
)
from runway.deals.services import documents as room
from runway.deals.services import messages as thread
from runway.deals.services.audit import document_open
from runway.deals.services.deals import deal_request_intro, deal_start, deal_transition
from runway.deals.services.messages import BODY_MAX
from runway.deals.services.term_sheets import term_sheet_decide, term_sheet_offer
from runway.deals.term_sheets import FIELDS
from runway.deals.views.client import client_ip, user_agent
from runway.deals.views.data_room import document_history
from runway.deals.views.files import deliver
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.api import OrganizationRefOut
from runway.ventures.access import access_round_by_id

router = Router(tags=["deals"])

MOVES_HINT = (
    "Investor: interested -> intro_requested (needs a note: the message to the venture), "
    "intro_accepted -> diligence -> term_sheet, and passed from any open state. "
    "Venture: intro_requested -> intro_accepted or intro_declined, and withdrawn from any open "
    "state. committed comes from a hard commitment (POST /commitments) and closed from closing "
    "the round (POST /commitments/rounds/{round_id}/close)."
)


def _actor(context: Any) -> Any:
    return request_actor(context["request"])


class RoundRefOut(Schema):
    id: int
    title: str
    venture: OrganizationRefOut

    @staticmethod
    def resolve_venture(obj: Any) -> Any:
        return obj.venture.organization


class ContactOut(Schema):
    name: str
    email: str
    role: str


class EventOut(Schema):
    from_state: str
    to_state: DealState
    organization: OrganizationRefOut
    user: str | None
    at: datetime
    note: str

    @staticmethod
    def resolve_user(obj: Any) -> str | None:
        return obj.user.get_full_name() if obj.user is not None else None


class DealOut(Schema):
    id: int
    state: DealState
    funding_round: RoundRefOut
    investor: OrganizationRefOut
    intro_message: str
    created_at: datetime
    state_changed_at: datetime
    allowed_moves: list[DealState] = Field(description="What the caller may move the deal to.")

    @staticmethod
    def resolve_allowed_moves(obj: Deal, context: Any) -> list[str]:
        return selectors.deal_allowed_moves(actor=_actor(context), deal=obj)


class DealDetailOut(DealOut):
    contacts: list[ContactOut] = Field(
        description="The other side's people; empty until the venture accepts the intro."
    )
    events: list[EventOut]

    @staticmethod
    def resolve_contacts(obj: Deal, context: Any) -> list[Any]:
        return selectors.deal_contacts(actor=_actor(context), deal=obj)

    @staticmethod
    def resolve_events(obj: Deal) -> list[Any]:
        return list(obj.events.select_related("user", "organization"))


class DealStartIn(InputSchema):
    funding_round_id: int = Field(ge=1, le=MAX_ID)
    message: Text = Field(
        "", max_length=BODY_MAX, description="Empty: only put the round on the deal list."
    )


class TransitionIn(InputSchema):
    to: DealState = Field(description=MOVES_HINT)
    note: Text = Field("", max_length=BODY_MAX)


class MessageOut(Schema):
    id: int
    organization: OrganizationRefOut
    author: str | None
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Message) -> str | None:
        return obj.author.get_full_name() if obj.author is not None else None


class MessageIn(InputSchema):
    body: Text = Field(min_length=1, max_length=BODY_MAX)


class DocumentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    confidentiality: Confidentiality
    uploaded_at: datetime
    view_url: str = Field(description="The page that serves it, for a signed-in person.")

    @staticmethod
    def resolve_view_url(obj: Document) -> str:
        return reverse("deals:document_view", args=[obj.pk])


@router.get(
    "",
    response={200: list[DealOut], **READ_ERRORS},
    summary="The caller's deals",
    description="An investor's deals; a venture's deals on its rounds once an intro is asked.",
)
@paginate(RunwayPagination)
def deal_list(request: HttpRequest, state: DealState | None = None) -> QuerySet[Deal]:
    return selectors.deal_list_visible(actor=request_actor(request), state=state)


@router.post(
    "",
    response={201: DealDetailOut, **WRITE_ERRORS},
    summary="Start a deal on a round",
    description="For investors. With a `message`, asks the venture for an introduction. "
    + WRITE_RULE,
)
def deal_post(request: HttpRequest, payload: DealStartIn) -> Status[Deal]:
    actor = request_actor(request)
    funding_round = access_round_by_id(
        actor=actor, round_id=payload.funding_round_id, need=Need.VIEW
    )
    if payload.message.strip():
        deal = deal_request_intro(actor=actor, funding_round=funding_round, message=payload.message)
    else:
        deal = deal_start(actor=actor, funding_round=funding_round)
    return Status(201, deal)


@router.get("/{deal_id}", response={200: DealDetailOut, **READ_ERRORS}, summary="A deal")
def deal_detail(request: HttpRequest, deal_id: int = Path(..., ge=1, le=MAX_ID)) -> Deal:
    return access_deal_by_id(actor=request_actor(request), deal_id=deal_id, need=Need.VIEW)


@router.post(
    "/{deal_id}/transition",
    response={200: DealDetailOut, **WRITE_ERRORS},
    summary="Move a deal",
    description=MOVES_HINT + " A move the machine does not allow, that belongs to the other "
    "side, or that was already made answers 422 on `to`. " + WRITE_RULE,
)
def deal_move(
    request: HttpRequest, payload: TransitionIn, deal_id: int = Path(..., ge=1, le=MAX_ID)
) -> Deal:
    actor = request_actor(request)
    deal = access_deal_by_id(actor=actor, deal_id=deal_id, need=Need.EDIT)
    return deal_transition(actor=actor, deal=deal, to=payload.to, note=payload.note)


@router.get(
    "/{deal_id}/messages",
    response={200: list[MessageOut], **READ_ERRORS},
    summary="The deal's questions and answers",
)
@paginate(RunwayPagination)
def message_list(
    request: HttpRequest, deal_id: int = Path(..., ge=1, le=MAX_ID)
) -> QuerySet[Message]:
    deal = access_deal_by_id(actor=request_actor(request), deal_id=deal_id, need=Need.VIEW)
    return selectors.message_list(deal=deal)


@router.post(
    "/{deal_id}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
    summary="Write in the deal's thread",
    description="The other side is notified. " + WRITE_RULE,
)
def message_post(
    request: HttpRequest, payload: MessageIn, deal_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[Message]:
    actor = request_actor(request)
    deal = access_deal_by_id(actor=actor, deal_id=deal_id, need=Need.EDIT)
    return Status(201, thread.message_post(actor=actor, deal=deal, body=payload.body))


@router.get(
    "/{deal_id}/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="Documents the caller may open",
    description="The venture's documents this caller may open now: public ones, and those its "
    "grants and NDA cover. Opening one is recorded.",
)
def document_list(
    request: HttpRequest, deal_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[Document]:
    actor = request_actor(request)
    deal = access_deal_by_id(actor=actor, deal_id=deal_id, need=Need.VIEW)
    documents, _access = selectors.documents_visible(
        actor=actor, venture=deal.funding_round.venture
    )
    return documents


TERMS_HINT = "Terms of the instrument, amounts and rates as decimal strings: " + "; ".join(
    f"{kind}: " + ", ".join(field.name for field in fields) for kind, fields in FIELDS.items()
)


class TermSheetOut(Schema):
    id: int
    version: int
    kind: TermSheetKind
    currency: str
    terms: dict[str, Any]
    status: TermSheetStatus
    offered_at: datetime
    decided_at: datetime | None
    decision_note: str
    pdf_url: str = Field(description="Add ?lang=zh-hans or ?lang=en; for a signed-in person.")

    @staticmethod
    def resolve_pdf_url(obj: TermSheet) -> str:
        return reverse("deals:term_sheet_pdf", args=[obj.pk])


class TermSheetIn(InputSchema):
    kind: TermSheetKind
    terms: dict[str, Any] = Field(description=TERMS_HINT)


class DecisionIn(InputSchema):
    note: Text = Field("", max_length=BODY_MAX)


@router.get(
    "/{deal_id}/term-sheets",
    response={200: list[TermSheetOut], **READ_ERRORS},
    summary="The deal's term sheets, newest version first",
)
def term_sheet_list(
    request: HttpRequest, deal_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[TermSheet]:
    deal = access_deal_by_id(actor=request_actor(request), deal_id=deal_id, need=Need.VIEW)
    return list(deal.term_sheets.all())


@router.post(
    "/{deal_id}/term-sheets",
    response={201: TermSheetOut, **WRITE_ERRORS},
    summary="Offer terms",
    description="For the investor, in due diligence or at the term-sheet stage; the new version "
    "replaces the open one. A bad term answers 422 naming it. " + WRITE_RULE,
)
def term_sheet_post(
    request: HttpRequest, payload: TermSheetIn, deal_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[TermSheet]:
    actor = request_actor(request)
    deal = access_deal_by_id(actor=actor, deal_id=deal_id, need=Need.EDIT)
    sheet = term_sheet_offer(actor=actor, deal=deal, kind=payload.kind, terms=payload.terms)
    return Status(201, sheet)


def _decide(request: HttpRequest, deal_id: int, version: int, note: str, accept: bool) -> TermSheet:
    actor = request_actor(request)
    deal = access_deal_by_id(actor=actor, deal_id=deal_id, need=Need.EDIT)
    sheet = deal.term_sheets.filter(version=version).first()
    if sheet is None:
        raise AccessDenied
    return term_sheet_decide(actor=actor, sheet=sheet, accept=accept, note=note)


@router.post(
    "/{deal_id}/term-sheets/{version}/accept",
    response={200: TermSheetOut, **WRITE_ERRORS},
    summary="Accept a term sheet",
    description="For the venture, on the open version only. " + WRITE_RULE,
)
def term_sheet_accept(
    request: HttpRequest,
    payload: DecisionIn,
    deal_id: int = Path(..., ge=1, le=MAX_ID),
    version: int = Path(..., ge=1, le=MAX_ID),
) -> TermSheet:
    return _decide(request, deal_id, version, payload.note, accept=True)


@router.post(
    "/{deal_id}/term-sheets/{version}/reject",
    response={200: TermSheetOut, **WRITE_ERRORS},
    summary="Reject a term sheet",
    description="For the venture, on the open version only. " + WRITE_RULE,
)
def term_sheet_reject(
    request: HttpRequest,
    payload: DecisionIn,
    deal_id: int = Path(..., ge=1, le=MAX_ID),
    version: int = Path(..., ge=1, le=MAX_ID),
) -> TermSheet:
    return _decide(request, deal_id, version, payload.note, accept=False)


# --- Files ---------------------------------------------------------------------------------

FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, as an attachment. PDFs opened by anyone outside the "
            "venture carry a watermark with the organization, the person or the API token's "
            "name, and the time.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}
FILE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}
OPEN_RULE = (
    "Under the same rules as the page: public documents for whoever sees the venture, the others "
    "through an active grant (an accepted intro gives one), `on_nda` ones also after the "
    "organization's acceptance of the NDA, which a person gives on the deal page (a token cannot). "
    "Every attempt, allowed or refused, is recorded for the venture. A document the caller may "
    "not open answers 404, except one its grant covers that waits only for the NDA: 403 says so."
)


def _waits_for_nda(actor: Actor, document: Document) -> bool:
    access = room_access(actor, document.venture)
    return (
        document.confidentiality == Confidentiality.ON_NDA
        and not access.nda
        and any(grant_covers(grant, document) for grant in access.grants)
    )


def _file(request: HttpRequest, actor: Actor, document_id: int) -> HttpResponseBase:
    try:
        document = document_open(
            actor=actor,
            document_id=document_id,
            action=AccessAction.DOWNLOAD,
            ip=client_ip(request),
            user_agent=user_agent(request),
        )
    except AccessDenied:
        candidate = document_queryset().filter(pk=document_id).first()
        if candidate is not None and _waits_for_nda(actor, candidate):
            raise HttpError(
                403,
                _("This document opens once your organization accepts the NDA: a person "
                  "accepts it on the deal page, signed in."),
            ) from None  # fmt: skip
        raise
    token = getattr(request, "api_token", None)
    return deliver(actor, document, attachment=True, token_name=token.name if token else "")


@router.get(
    "/{deal_id}/documents/{document_id}/file",
    response={200: None, **FILE_ERRORS},
    openapi_extra=FILE_RESPONSE,
    summary="Download a document of the deal's venture",
    description=OPEN_RULE,
)
def document_file(
    request: HttpRequest,
    deal_id: int = Path(..., ge=1, le=MAX_ID),
    document_id: int = Path(..., ge=1, le=MAX_ID),
) -> HttpResponseBase:
    actor = request_actor(request)
    deal = access_deal_by_id(actor=actor, deal_id=deal_id, need=Need.VIEW)
    # Another venture's document is not found here, and leaves nothing in that venture's record.
    if not Document.objects.filter(
        pk=document_id, venture_id=deal.funding_round.venture_id
    ).exists():
        raise AccessDenied
    return _file(request, actor, document_id)


# --- The venture's own data room ---------------------------------------------------------------


class VersionOut(Schema):
    id: int
    title: str
    original_name: str
    size: int
    sha256: str
    uploaded_at: datetime
    replaced_at: datetime | None = Field(alias="deleted_at")


class RoomDocumentOut(DocumentOut):
    replaces: int | None = Field(None, description="The earlier version this one replaced.")
    earlier_versions: list[VersionOut] = Field(
        [], description="Versions it replaced, newest first; their files are removed."
    )

    @staticmethod
    def resolve_replaces(obj: Document) -> int | None:
        return obj.replaces_id


class UploadIn(Schema):
    title: str = Field("", max_length=200, description="Empty: the file's name.")
    confidentiality: Confidentiality = Confidentiality.ON_INTRO


class ReplaceIn(Schema):
    title: str = Field("", max_length=200, description="Empty: keep the current title.")
    confidentiality: Confidentiality | None = Field(
        None, description="Empty: keep the current one."
    )


def _with_history(actor: Actor, listed: list[Document]) -> list[Document]:
    venture = access_own_data_room(actor=actor, need=Need.VIEW)
    history = document_history(venture, listed)
    for document in listed:
        document.earlier_versions = history.earlier.get(document.pk, [])  # type: ignore[attr-defined]
    return listed


def _own_document(actor: Actor, document_id: int, need: Need) -> Document:
    venture = access_own_data_room(actor=actor, need=need)
    document = access_document_by_id(actor=actor, document_id=document_id, need=need)
    if document.venture_id != venture.pk:
        raise AccessDenied
    return document


@router.get(
    "/data-room/files",
    response={200: list[RoomDocumentOut], **READ_ERRORS},
    summary="The venture's data room",
    description="For a venture: every current document, with the versions each replaced.",
)
def room_list(request: HttpRequest) -> list[Document]:
    actor = request_actor(request)
    venture = access_own_data_room(actor=actor, need=Need.VIEW)
    return _with_history(actor, list(Document.objects.filter(venture=venture)))


@router.post(
    "/data-room/files",
    response={201: RoomDocumentOut, **WRITE_ERRORS},
    summary="Upload a document to the venture's data room",
    description="multipart/form-data with `file`. Checked by its content (PDF, PNG, JPEG, XLSX, "
    "DOCX, CSV or plain text), not empty, within the size limit, not already in the data room; "
    "a refusal answers 422 on `file`. " + WRITE_RULE,
)
def room_upload(
    request: HttpRequest, file: File[UploadedFile], payload: Form[UploadIn]
) -> Status[Document]:
    actor = request_actor(request)
    document = room.document_upload(
        actor=actor, file=file, title=payload.title, confidentiality=payload.confidentiality
    )
    return Status(201, _with_history(actor, [document])[0])


@router.get(
    "/data-room/files/{document_id}/file",
    response={200: None, **FILE_ERRORS},
    openapi_extra=FILE_RESPONSE,
    summary="Download one of the venture's own documents",
    description="For the venture's own members and tokens, without a watermark; recorded.",
)
def room_file(
    request: HttpRequest, document_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponseBase:
    actor = request_actor(request)
    _own_document(actor, document_id, Need.VIEW)
    return _file(request, actor, document_id)


@router.post(
    "/data-room/files/{document_id}/replace",
    response={201: RoomDocumentOut, **WRITE_ERRORS},
    summary="Replace a document with a new version",
    description="multipart/form-data with `file`, checked as an upload (the same file as the "
    "current version is refused). The new version takes the old one's place, title and "
    "confidentiality unless given, and its grants; the old one is deleted (its file removed, "
    "its record kept). " + WRITE_RULE,
)
def room_replace(
    request: HttpRequest,
    file: File[UploadedFile],
    payload: Form[ReplaceIn],
    document_id: int = Path(..., ge=1, le=MAX_ID),
) -> Status[Document]:
    actor = request_actor(request)
    document = _own_document(actor, document_id, Need.EDIT)
    replacement = room.document_replace(
        actor=actor,
        document=document,
        file=file,
        title=payload.title,
        confidentiality=payload.confidentiality or "",
    )
    return Status(201, _with_history(actor, [replacement])[0])


@router.delete(
    "/data-room/files/{document_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a document",
    description="Nobody can list or open it any more and its file is removed; who opened it "
    "stays in the venture's analytics. Deleting it again answers 404. " + WRITE_RULE,
)
def room_delete(
    request: HttpRequest, document_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[None]:
    actor = request_actor(request)
    document = _own_document(actor, document_id, Need.EDIT)
    room.document_delete(actor=actor, document=document)
    return Status(204, None)
