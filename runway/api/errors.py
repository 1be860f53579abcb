"""Errors as JSON, in the shapes the OpenAPI document declares.

Validation errors from services (Django `ValidationError`) answer 422 in the same shape as
ninja's own: `{"detail": [{"loc": ["body", "<field>"], "msg": "...", "type": "..."}]}`. A refused
or missing object answers 404 `{"detail": "Not found"}`, the same whichever it was.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError, ValidationErrorContext

from runway.orgs.access import AccessDenied


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


READ_ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
}
# Writes may also meet the CSRF check of session authentication.
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}

WRITE_RULE = (
    "Writing needs the member role or above, in the organization that owns the object. A viewer "
    "token or membership, like anyone the object does not belong to, gets 404 Not found: the API "
    "never confirms that something exists to a caller who may not change it."
)


def field_errors(error: DjangoValidationError, *, location: str = "body") -> list[dict[str, Any]]:
    """One entry per message, located at the field (of the body, or the query) it names."""
    if not hasattr(error, "error_dict"):
        return [_entry((location,), item) for item in error.error_list]
    entries: list[dict[str, Any]] = []
    for field, items in error.error_dict.items():
        loc = (location,) if field == NON_FIELD_ERRORS else (location, field)
        entries.extend(_entry(loc, item) for item in items)
    return entries


def _entry(loc: tuple[str, ...], item: DjangoValidationError) -> dict[str, Any]:
    message = item.message % item.params if item.params else item.message
    return {"loc": list(loc), "msg": str(message), "type": item.code or "invalid"}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(AccessDenied)
    def access_denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found")}, status=404)

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": field_errors(exc)}, status=422)


class RunwayAPI(NinjaAPI):
    """Ninja, with body errors located at the field (`["body", "title"]`) as service errors are.

    Every operation takes its body as one schema parameter, whose name ninja would otherwise put
    between "body" and the field.
    """

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> ValidationError:
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            one_body_schema = (
                model.__ninja_param_source__ == "body" and len(model.model_fields) == 1
            )
            for entry in super().validation_error_from_error_contexts([context]).errors:
                if one_body_schema:
                    entry["loc"] = (entry["loc"][0], *entry["loc"][2:])
                errors.append(entry)
        return ValidationError(errors)
