"""The directory in the JSON API: open to anonymous callers, like the page.

An organization token or a signed-in session is still honoured (a bad token is refused, not
treated as anonymous), so capital-side callers get the fuller view and a venture finds itself
even when unlisted. Everything else is what an anonymous visitor sees.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from runway.api.auth import SessionActorAuth, TokenAuth
from runway.api.errors import READ_ERRORS
from runway.api.schemas import MAX_PAGE, NO_NUL, Amount
from runway.api.taxonomy import query_terms
from runway.directory.bands import GROWTH_BANDS, REVENUE_BANDS
from runway.directory.caching import cached_for_anonymous
from runway.directory.selectors import (
    DirectoryFilters,
    DirectoryHit,
    Sort,
    directory_search,
)
from runway.engine.financing.grids import GRADES
from runway.engine.money import Currency
from runway.metrics.models import VerificationLevel
from runway.orgs.access import Actor
from runway.orgs.models import Organization
from runway.taxonomy.models import Region, Sector, Stage
from runway.ventures.models import BusinessModel, ShenzhenDistrict

router = Router(tags=["directory"])


class Anonymous:
    """Stands in for a caller with no credentials; truthy, so ninja lets the request through."""

    def __bool__(self) -> bool:
        return True


def anonymous_visitor(request: HttpRequest) -> Anonymous:
    return Anonymous()


class SponsorOut(Schema):
    name: str
    slug: str = Field(description="Filter the directory with sponsor=<slug> for its ventures.")
    is_verified: bool


class DirectoryHitOut(Schema):
    name: str
    slug: str = Field(
        description="The organization's short name: the profile is /directory/<slug>/"
    )
    url: str = Field(description="Path of the public profile page.")
    tagline: str
    sectors: list[str] = Field(description="Sector codes, as listed by GET /taxonomy.")
    sector_names: list[str]
    business_model: BusinessModel
    city: str
    district: str
    stage: str
    team_size: int | None
    organization_verified: bool
    highlight: str = Field(
        description="Why the venture matched: a piece of its text as HTML, escaped, with the "
        "query's words in <mark>. Without a query, the tagline."
    )
    matched_in: list[str] = Field(
        description="Fields the query matched: name, sectors, tagline, description, place, sponsor."
    )
    verification: VerificationLevel | None
    revenue_band: str | None
    growth_band: str | None
    passport_valid_until: dt.datetime | None
    currency: Currency | None = Field(description="Only when the venture shows exact figures.")
    annual_revenue: Amount | None = Field(description="Only when the venture shows exact figures.")
    growth_yoy: Decimal | None = Field(
        description="Year-on-year growth as a fraction (0.25 is 25%); only when the venture "
        "shows exact figures."
    )
    sponsors: list[SponsorOut] = Field(
        description="Intermediaries sponsoring the venture (it accepted them), longest first."
    )
    grade: str | None = Field(description="Signed-in investors, intermediaries and programs.")
    months_of_history: int | None = Field(
        description="Signed-in investors, intermediaries and programs."
    )

    @staticmethod
    def resolve_name(hit: DirectoryHit) -> str:
        return hit.venture.organization.name

    @staticmethod
    def resolve_slug(hit: DirectoryHit) -> str:
        return hit.venture.organization.slug

    @staticmethod
    def resolve_url(hit: DirectoryHit) -> str:
        return reverse("directory:profile", args=[hit.venture.organization.slug])

    @staticmethod
    def resolve_tagline(hit: DirectoryHit) -> str:
        return hit.venture.tagline

    @staticmethod
    def resolve_sectors(hit: DirectoryHit) -> list[str]:
        return [sector.code for sector in hit.venture.sectors.all()]

    @staticmethod
    def resolve_sector_names(hit: DirectoryHit) -> list[str]:
        return [sector.label for sector in hit.venture.sectors.all()]

    @staticmethod
    def resolve_business_model(hit: DirectoryHit) -> str:
        return hit.venture.business_model

    @staticmethod
    def resolve_city(hit: DirectoryHit) -> str:
        return hit.venture.city.code

    @staticmethod
    def resolve_district(hit: DirectoryHit) -> str:
        return hit.venture.district

    @staticmethod
    def resolve_stage(hit: DirectoryHit) -> str:
        return hit.venture.stage.code

    @staticmethod
    def resolve_team_size(hit: DirectoryHit) -> int | None:
        return hit.venture.team_size

    @staticmethod
    def resolve_organization_verified(hit: DirectoryHit) -> bool:
        return hit.venture.organization.is_verified

    @staticmethod
    def resolve_highlight(hit: DirectoryHit) -> str:
        return str(hit.highlight)

    @staticmethod
    def resolve_verification(hit: DirectoryHit) -> str | None:
        return hit.entry.verification or None

    @staticmethod
    def resolve_revenue_band(hit: DirectoryHit) -> str | None:
        return hit.entry.revenue_band or None

    @staticmethod
    def resolve_growth_band(hit: DirectoryHit) -> str | None:
        return hit.entry.growth_band or None

    @staticmethod
    def resolve_currency(hit: DirectoryHit) -> str | None:
        return hit.entry.currency if hit.raw_figures and hit.entry.verification else None

    @staticmethod
    def resolve_annual_revenue(hit: DirectoryHit) -> Decimal | None:
        return hit.entry.annual_revenue if hit.raw_figures else None

    @staticmethod
    def resolve_growth_yoy(hit: DirectoryHit) -> Decimal | None:
        return hit.entry.growth_yoy if hit.raw_figures else None

    @staticmethod
    def resolve_sponsors(hit: DirectoryHit) -> list[Organization]:
        return list(hit.sponsors)

    @staticmethod
    def resolve_grade(hit: DirectoryHit) -> str | None:
        return (hit.entry.grade or None) if hit.full else None

    @staticmethod
    def resolve_months_of_history(hit: DirectoryHit) -> int | None:
        return hit.entry.months_of_history if hit.full else None


def _one_of(name: str, value: str | None, allowed: set[str] | tuple[str, ...]) -> str:
    """`value` when it is one of `allowed` (or blank); else 422, located at the parameter."""
    if value and value not in allowed:
        message = _("Unknown value: use one of %(values)s.") % {
            "values": ", ".join(sorted(allowed))
        }
        raise NinjaValidationError(
            [{"loc": ["query", name], "msg": message, "type": "unknown_code"}]
        )
    return value or ""


CODE = Query(None, max_length=60, pattern=NO_NUL)


class DirectoryPageOut(Schema):
    items: list[DirectoryHitOut]
    count: int


@router.get(
    "",
    response={200: DirectoryPageOut, **READ_ERRORS},
    auth=[TokenAuth(), SessionActorAuth(), anonymous_visitor],
    # Added to the token and session requirements: the empty one makes credentials optional.
    openapi_extra={"security": [{}]},
    summary="Search the venture directory",
    description="Listed ventures (public profiles that did not opt out), plus the caller's own. "
    "No authentication needed. `q` searches names, sectors, taglines, descriptions, places and "
    "sponsors in "
    "Chinese, English and Russian; filters take codes (sectors, markets, cities and stages as "
    "GET /taxonomy lists them; bands as `revenue_band`: "
    + ", ".join(b.code for b in REVENUE_BANDS)
    + "; `growth_band`: "
    + ", ".join(b.code for b in GROWTH_BANDS)
    + "). `sponsor` takes an intermediary's slug and keeps the ventures it sponsors. `grade` "
    "filters only for signed-in investors, intermediaries and programs. `sort` is "
    "relevance (the default with `q`), growth, size or newest (the default without). Paginated "
    "with `page` and `page_size` like every list.",
)
def directory_list(
    request: HttpRequest,
    q: str = Query("", max_length=200, pattern=NO_NUL),
    sector: str | None = CODE,
    business_model: BusinessModel | None = None,
    market: str | None = CODE,
    city: str | None = CODE,
    district: ShenzhenDistrict | None = None,
    stage: str | None = CODE,
    grade: str | None = CODE,
    verification: VerificationLevel | None = None,
    revenue_band: str | None = CODE,
    growth_band: str | None = CODE,
    sponsor: str | None = Query(
        None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="An intermediary's slug."
    ),
    sort: str | None = CODE,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int | None = Query(None, ge=1, le=100),
) -> HttpResponse:
    actor = request.auth if isinstance(request.auth, Actor) else None  # type: ignore[attr-defined]
    # Unknown codes answer 422, located at their parameter.
    query_terms(
        {"sector": sector, "market": market, "city": city, "stage": stage},
        {"sector": Sector, "market": Region, "city": Region, "stage": Stage},
    )
    filters = DirectoryFilters(
        q=q,
        sector=sector or "",
        business_model=business_model or "",
        market=market or "",
        city=city or "",
        district=district or "",
        stage=stage or "",
        grade=_one_of("grade", grade, GRADES),
        verification=verification or "",
        revenue_band=_one_of("revenue_band", revenue_band, {b.code for b in REVENUE_BANDS}),
        growth_band=_one_of("growth_band", growth_band, {b.code for b in GROWTH_BANDS}),
        sponsor=sponsor or "",
        sort=_one_of("sort", sort, Sort.ALL),
    )
    size = page_size or int(settings.API_PAGE_SIZE)

    def body() -> bytes:
        results = directory_search(actor=actor, filters=filters)
        items = results[(page - 1) * size : page * size]
        out = DirectoryPageOut.model_validate({"items": items, "count": len(results)})
        return out.model_dump_json().encode()

    # The same JSON for every anonymous caller, reused until anything that decides what an
    # anonymous caller may see changes (caching.py).
    content = body() if actor is not None else cached_for_anonymous(request, kind="api", build=body)
    return HttpResponse(content, content_type="application/json; charset=utf-8")
