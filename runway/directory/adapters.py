"""A venture's rows as what the directory stores: index tokens by field, and traction facts.

Terms are indexed in all three languages whatever the venture wrote in, so a Russian reader's
`электронные компоненты` finds a venture described only in Chinese through its sector. The names
of the venture's accepted sponsors are indexed with its profile words, so searching for an
incubator's name finds the ventures it sponsors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from runway.directory.index import Document
from runway.directory.words import index_tokens
from runway.engine.scoring import traction_score
from runway.matching.adapters import cohort_frame, kpi_frame
from runway.metrics.models import MonthlyKPI
from runway.passports.models import Passport
from runway.sponsors.selectors import accepted_prefetch, sponsors_of
from runway.taxonomy.models import Term
from runway.ventures.models import BusinessModel, ShenzhenDistrict, Venture

LANGUAGES = ("zh-hans", "en", "ru")
TRAILING_MONTHS = 12


def venture_for_indexing(venture_id: int) -> Venture | None:
    """The venture with everything its document reads, in four queries."""
    return (
        Venture.objects.select_related("organization", "city", "stage")
        .prefetch_related("sectors", "markets", accepted_prefetch())
        .filter(pk=venture_id)
        .first()
    )


def _names(term: Term) -> str:
    return f"{term.name_zh} {term.name_en} {term.name_ru}"


def _labels(choices: type[BusinessModel] | type[ShenzhenDistrict], value: str) -> str:
    if value not in choices.values:
        return value
    label = choices(value).label
    labels = []
    for language in LANGUAGES:
        with translation.override(language):
            labels.append(str(label))
    return " ".join(labels)


def _joined(*texts: str, unigrams: bool = False) -> str:
    return " ".join(token for text in texts for token in index_tokens(text, unigrams=unigrams))


def venture_document(venture: Venture) -> Document:
    """The venture's tokens, by weighted field (index.COLUMNS)."""
    organization = venture.organization
    return Document(
        venture_id=venture.pk,
        name=_joined(organization.name, organization.slug.replace("-", " "), unigrams=True),
        sectors=_joined(*(_names(sector) for sector in venture.sectors.all())),
        profile=_joined(
            venture.tagline,
            _labels(BusinessModel, venture.business_model),
            _names(venture.city),
            _labels(ShenzhenDistrict, venture.district),
            *(_names(market) for market in venture.markets.all()),
            _names(venture.stage),
            *(sponsor.name for sponsor in sponsors_of(venture)),
        ),
        body=_joined(venture.description_zh, venture.description_en, venture.description_ru),
    )


@dataclass(frozen=True, slots=True)
class TractionFacts:
    """What the directory shows and filters on of a venture's stored KPIs."""

    grade: str = ""
    verification: str = ""
    months_of_history: int = 0
    latest_month: dt.date | None = None
    currency: str = "CNY"
    annual_revenue: Decimal | None = None
    growth_yoy: Decimal | None = None


def traction_facts(venture: Venture) -> TractionFacts:
    """Grade, verification level, annualized net revenue and growth of the complete months."""
    frame, currency, level = kpi_frame(venture)
    if frame.is_empty():
        return TractionFacts()
    score = traction_score(
        frame, cohorts=cohort_frame(venture), verification=level, currency=currency
    )
    complete = frame.filter(frame["complete"]).sort("month").tail(TRAILING_MONTHS)
    annual = None
    if complete.height:
        total = Decimal(complete["net_revenue"].sum())
        annual = (total * TRAILING_MONTHS / complete.height).quantize(Decimal("0.01"))
    growth = (
        MonthlyKPI.objects.filter(venture=venture, complete=True)
        .order_by("-month")
        .values_list("net_revenue_yoy", flat=True)
        .first()
    )
    return TractionFacts(
        grade="" if score.basis == "insufficient" else str(score.grade),
        verification=level,
        months_of_history=score.months,
        latest_month=score.as_of_month,
        currency=currency,
        annual_revenue=annual,
        growth_yoy=growth,
    )


def passport_expires_at(venture: Venture) -> dt.datetime | None:
    """When the venture's longest-lasting valid passport expires; None without one."""
    return (
        Passport.objects.filter(
            venture=venture, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )
