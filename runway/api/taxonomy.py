"""Taxonomy terms by code, in and out of the API (sectors: ["flowers-gifts"], instrument: "equity").

Also a small read-only router listing every code, so clients can discover the vocabulary.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext
from ninja import Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from runway.api.errors import READ_ERRORS, field_errors
from runway.taxonomy.models import Instrument, Region, Sector, Stage, Term

router = Router(tags=["taxonomy"])


def terms_by_code(model: type[Term], sent: Sequence[str], *, field: str) -> list[Term]:
    """The terms for the codes `sent`, in order; unknown codes are named in a field error."""
    wanted = list(dict.fromkeys(sent))
    found = {term.code: term for term in model._default_manager.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        message = ngettext(
            "Unknown %(kind)s code: %(codes)s.", "Unknown %(kind)s codes: %(codes)s.", len(unknown)
        ) % {"kind": model._meta.verbose_name, "codes": ", ".join(unknown)}
        raise ValidationError({field: ValidationError(message, code="unknown_code")})
    return [found[code] for code in wanted]


def with_terms(
    data: Mapping[str, Any],
    *,
    one: Mapping[str, type[Term]] | None = None,
    many: Mapping[str, type[Term]] | None = None,
) -> dict[str, Any]:
    """`data` with the codes in the fields named by `one` and `many` replaced by their terms.

    Every unknown code, in every field, is reported in one error.
    """
    resolved = dict(data)
    errors: dict[str, list[ValidationError]] = {}
    wanted = [(field, model, True) for field, model in (many or {}).items()]
    wanted += [(field, model, False) for field, model in (one or {}).items()]
    for field, model, is_list in wanted:
        if field not in data:
            continue
        try:
            terms = terms_by_code(model, data[field] if is_list else [data[field]], field=field)
        except ValidationError as error:
            errors.update(error.error_dict)
            continue
        resolved[field] = terms if is_list else terms[0]
    if errors:
        raise ValidationError(errors)
    return resolved


def query_terms(
    params: Mapping[str, str | None], models: Mapping[str, type[Term]]
) -> dict[str, Any]:
    """Query-string filters by code: each name's term, or None when the filter was not sent.

    Unknown codes answer 422 located at the query parameter.
    """
    sent = {name: code for name, code in params.items() if code}
    try:
        found = with_terms(sent, one=models)
    except ValidationError as error:
        raise NinjaValidationError(field_errors(error, location="query")) from error
    return {name: found.get(name) for name in params}


def codes(terms: Iterable[Term]) -> list[str]:
    return [term.code for term in terms]


class TermOut(Schema):
    code: str
    name: str

    @staticmethod
    def resolve_name(obj: Term) -> str:
        return obj.label


class TaxonomyOut(Schema):
    sectors: list[TermOut]
    stages: list[TermOut]
    regions: list[TermOut]
    instruments: list[TermOut]


@router.get(
    "",
    response={200: TaxonomyOut, **READ_ERRORS},
    summary="Every taxonomy code",
    description="The codes that sectors, stages, regions (cities and markets) and instruments "
    "take in requests and responses, with their names in the language of the request.",
)
def taxonomy(request: HttpRequest) -> dict[str, list[Term]]:
    return {
        "sectors": list(Sector.objects.all()),
        "stages": list(Stage.objects.all()),
        "regions": list(Region.objects.all()),
        "instruments": list(Instrument.objects.all()),
    }
