"""Field types and schema pieces every router shares: money, plain text, partial updates, pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, TypeVar, cast

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import (
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    create_model,
)

S = TypeVar("S", bound=Schema)

CENT = Decimal("0.01")
# Bounds that keep every id and page number inside a 64-bit database integer.
MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000


def _refuse_float(value: Any) -> Any:
    # A JSON float has already lost precision by the time it reaches Python.
    if isinstance(value, float):
        raise ValueError(_('Send this number as a decimal string, such as "1250000.00".'))
    return value


def _two_places(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _decimal_json(max_digits: int, example: str) -> WithJsonSchema:
    whole = max_digits - 2
    pattern = rf"^-?\d{{1,{whole}}}(\.\d{{1,2}})?$"
    return WithJsonSchema({"type": "string", "pattern": pattern, "examples": [example]})


# Decimals sent and returned as strings with at most two decimal places; sized like the columns.
Amount = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    Field(max_digits=16, decimal_places=2),
    PlainSerializer(_two_places, return_type=str),
    _decimal_json(16, "3000000.00"),
]
Percent = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    Field(max_digits=7, decimal_places=2),
    PlainSerializer(_two_places, return_type=str),
    _decimal_json(7, "25.00"),
]
SmallPercent = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    Field(max_digits=5, decimal_places=2),
    PlainSerializer(_two_places, return_type=str),
    _decimal_json(5, "30.00"),
]

# PostgreSQL refuses NUL characters in text, so they are refused at the door.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=NO_NUL)]


class InputSchema(Schema):
    """A request body: a field the API does not know is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


def partial(schema: type[S]) -> type[S]:
    """The same fields as `schema`, none required, for PATCH: only the fields sent change.

    A field that cannot be empty still refuses an explicit null, because the default (None) is
    not validated but a value sent is.
    """
    fields: dict[str, Any] = {
        name: (info.rebuild_annotation(), Field(None, description=info.description))
        for name, info in schema.model_fields.items()
    }
    patched = create_model(schema.__name__, __base__=InputSchema, __doc__=schema.__doc__, **fields)
    return cast("type[S]", patched)


class RunwayPagination(PageNumberPagination):
    """Ninja's page-number pagination, sized by the API_PAGE_SIZE setting when it is read."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)

    def _get_page_size(self, requested_page_size: int | None) -> int:
        if requested_page_size is None:
            return int(settings.API_PAGE_SIZE)
        return min(requested_page_size, self.max_page_size)


def payload_fields(payload: Schema, *, only_sent: bool = False) -> dict[str, Any]:
    """The validated values (Decimals, enums, dates) to hand to a service, not their JSON forms.

    With `only_sent`, just the fields the client sent, as a PATCH needs.
    """
    names = payload.model_fields_set if only_sent else type(payload).model_fields
    return {name: getattr(payload, name) for name in names}
