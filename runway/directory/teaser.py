"""A venture's one-page teaser as a PDF, in Chinese or English, cached until its content changes.

The teaser says on one A4 page what the directory profile says: what the venture does, where and
for whom, its verified traction as a chart of monthly net revenue, its grade (for the readers
who see grades on the profile), its open round, its sponsors and its badges. Figures follow the
venture's public choice: exact amounts only when it shows exact figures, otherwise the chart is
an index (100 at the first month charted) beside the revenue and growth bands. That holds for the
venture's own team too, since a teaser is made to be passed on.

Rendering takes WeasyPrint about a second, so a teaser is rendered once per content. Everything
the page shows is gathered first (a few queries) into `TeaserContent`; its digest, with the
template's source, names the stored PDF (`teasers/<venture id>/<variant>-<digest>.pdf` in
default storage, shared by every app server). A new import, a changed profile, round, sponsor,
passport or grade changes the digest, so the next request renders afresh and the copies of that
variant with other digests are removed; an unchanged venture is served the stored bytes. The
generation date on the page is when it was rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from runway.directory.access import DirectoryPolicy, profile_settings
from runway.directory.adapters import passport_expires_at
from runway.directory.bands import GROWTH_BANDS, REVENUE_BANDS, band_label
from runway.directory.chart import Point, as_index, bar_chart_svg, compact_money
from runway.directory.models import DirectoryEntry
from runway.directory.profiles import open_round
from runway.metrics.models import MonthlyKPI, VerificationLevel
from runway.orgs.access import Actor
from runway.sponsors.selectors import accepted_sponsors
from runway.ventures.models import Venture
from runway.ventures.selectors import venture_district_label

logger = logging.getLogger(__name__)

LANGUAGES = ("zh-hans", "en")
TEMPLATE = "directory/teaser.html"
STORAGE_DIR = "teasers"
CHART_MONTHS = 24
# What fits one page beside everything else, at the teaser's type size.
DESCRIPTION_CHARS = 420
USE_OF_FUNDS_CHARS = 160


def teaser_language(requested: str | None) -> str:
    """English for `?lang=en`, else Chinese (the platform's default)."""
    return "en" if (requested or "").lower().startswith("en") else "zh-hans"


@dataclass(frozen=True, slots=True)
class TeaserRound:
    title: str
    instrument: str
    currency: str
    target_amount: Decimal
    min_ticket: Decimal
    closes_on: dt.date
    use_of_funds: str


@dataclass(frozen=True, slots=True)
class TeaserSponsor:
    name: str
    is_verified: bool


@dataclass(frozen=True, slots=True)
class TeaserContent:
    """Everything the page shows but its generation date, worded in `language`."""

    venture_id: int
    language: str
    profile_url: str
    name: str
    tagline: str
    description: str
    sectors: tuple[str, ...]
    markets: tuple[str, ...]
    business_model: str
    place: str
    stage: str
    team_size: int | None
    founded: str
    organization_verified: bool
    verification: str
    verification_label: str
    months_of_history: int
    latest_month: dt.date | None
    raw_figures: bool
    currency: str
    annual_revenue: Decimal | None
    growth_percent: Decimal | None
    revenue_band: str
    growth_band: str
    grade: str
    chart_title: str
    chart_svg: str
    round: TeaserRound | None
    sponsors: tuple[TeaserSponsor, ...]
    passport_valid_until: dt.date | None

    def digest(self) -> str:
        """A digest of the content and of the template that lays it out."""
        payload = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        source = getattr(get_template(TEMPLATE).template, "source", "")  # type: ignore[attr-defined]
        return hashlib.sha256(f"{payload}\n{source}".encode()).hexdigest()


def _points(venture: Venture) -> tuple[list[Point], str]:
    """Net revenue of the venture's last complete months, oldest first, and its currency."""
    rows = list(
        MonthlyKPI.objects.filter(venture=venture, complete=True)
        .order_by("-month")
        .values_list("month", "net_revenue", "currency")[:CHART_MONTHS]
    )
    rows.reverse()
    currency = rows[-1][2] if rows else "CNY"
    return [Point(month, value) for month, value, _currency in rows], currency


def _chart(points: list[Point], *, raw: bool, currency: str, chinese: bool) -> tuple[str, str]:
    """(title, SVG) of the revenue chart: amounts when shown raw, else an index."""
    if not points:
        return "", ""
    if raw:
        svg = bar_chart_svg(points, tick=lambda value: compact_money(value, chinese=chinese))
        return _("Monthly net revenue (%(currency)s)") % {"currency": currency}, svg
    indexed = as_index(points)
    if not indexed:
        return "", ""
    svg = bar_chart_svg(indexed, tick=lambda value: f"{value:.0f}")
    return (
        _("Monthly net revenue as an index (%(month)s = 100)")
        % {"month": f"{indexed[0].month:%Y-%m}"},
        svg,
    )


def _growth_percent(entry: DirectoryEntry | None) -> Decimal | None:
    if entry is None or entry.growth_yoy is None:
        return None
    return (entry.growth_yoy * 100).quantize(Decimal("0.1"))


def teaser_content(
    *, actor: Actor | None, venture: Venture, language: str, profile_url: str
) -> TeaserContent:
    """What the teaser of a venture the actor may see (access.access_profile_by_slug) shows."""
    if language not in LANGUAGES:
        raise ValueError(f"teasers are written in {LANGUAGES}, not {language!r}")
    is_own = actor is not None and actor.acts_for(venture.organization_id)
    full = DirectoryPolicy.sees_full(actor) or is_own
    raw = profile_settings(venture).show_raw_figures
    entry: DirectoryEntry | None = getattr(venture, "directory_entry", None)
    points, currency = _points(venture)
    passport = passport_expires_at(venture)
    funding_round = open_round(venture)
    with translation.override(language):
        description = venture.description.strip()
        if len(description) > DESCRIPTION_CHARS:
            description = description[: DESCRIPTION_CHARS - 1].rstrip() + "…"
        chart_title, chart_svg = _chart(
            points, raw=raw, currency=currency, chinese=language == "zh-hans"
        )
        verification = entry.verification if entry is not None else ""
        return TeaserContent(
            venture_id=venture.pk,
            language=language,
            profile_url=profile_url,
            name=venture.organization.name,
            tagline=venture.tagline,
            description=description,
            sectors=tuple(sector.label for sector in venture.sectors.all()),
            markets=tuple(market.label for market in venture.markets.all()),
            business_model=str(venture.get_business_model_display()),
            place=", ".join(
                label
                for label in (venture.city.label, venture_district_label(venture=venture))
                if label
            ),
            stage=venture.stage.label,
            team_size=venture.team_size,
            founded=f"{venture.founded_on:%Y}" if venture.founded_on else "",
            organization_verified=venture.organization.is_verified,
            verification=verification,
            verification_label=(
                str(VerificationLevel(verification).label)
                if verification in VerificationLevel.values
                else ""
            ),
            months_of_history=entry.months_of_history if entry is not None else 0,
            latest_month=entry.latest_month if entry is not None else None,
            raw_figures=raw,
            currency=entry.currency if entry is not None else currency,
            annual_revenue=entry.annual_revenue if raw and entry is not None else None,
            growth_percent=_growth_percent(entry) if raw else None,
            revenue_band=str(band_label(entry.revenue_band, REVENUE_BANDS) or "")
            if entry is not None
            else "",
            growth_band=str(band_label(entry.growth_band, GROWTH_BANDS) or "")
            if entry is not None
            else "",
            grade=(entry.grade if full and entry is not None else ""),
            chart_title=chart_title,
            chart_svg=chart_svg,
            round=(
                TeaserRound(
                    title=funding_round.title,
                    instrument=funding_round.instrument.label,
                    currency=funding_round.currency,
                    target_amount=funding_round.target_amount,
                    min_ticket=funding_round.min_ticket,
                    closes_on=funding_round.closes_on,
                    use_of_funds=funding_round.use_of_funds[:USE_OF_FUNDS_CHARS],
                )
                if funding_round is not None
                else None
            ),
            sponsors=tuple(
                TeaserSponsor(name=sponsor.name, is_verified=sponsor.is_verified)
                for sponsor in accepted_sponsors(venture=venture)
            ),
            passport_valid_until=(
                timezone.localtime(passport).date() if passport is not None else None
            ),
        )


def render_teaser(content: TeaserContent) -> bytes:
    """The PDF of `content`, dated today."""
    # Imported here: WeasyPrint takes a second and a half to import.
    from weasyprint import HTML  # type: ignore[import-untyped]  # no stubs published

    with translation.override(content.language):
        html = render_to_string(TEMPLATE, {"teaser": content, "generated_on": timezone.localdate()})
    return bytes(HTML(string=html).write_pdf())


@dataclass(frozen=True, slots=True)
class Teaser:
    pdf: bytes
    digest: str
    cached: bool


def _variant(content: TeaserContent) -> str:
    """Which copy of the venture's teaser this is: language, grade shown or not, and the site
    address the footer gives (one per host the platform answers on)."""
    host = hashlib.sha256(content.profile_url.encode()).hexdigest()[:8]
    return f"{content.language}-{'graded' if content.grade else 'plain'}-{host}"


def _prune(directory: str, variant: str, digest: str) -> None:
    """Removes the variant's copies rendered from other contents; others' are left alone."""
    try:
        _dirs, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        if name.startswith(f"{variant}-") and digest not in name:
            default_storage.delete(f"{directory}/{name}")


def venture_teaser(
    *, actor: Actor | None, venture: Venture, language: str, profile_url: str
) -> Teaser:
    """The teaser's PDF, from storage when its content is unchanged, else rendered and stored."""
    content = teaser_content(
        actor=actor, venture=venture, language=language, profile_url=profile_url
    )
    digest = content.digest()
    directory = f"{STORAGE_DIR}/{venture.pk}"
    variant = _variant(content)
    name = f"{directory}/{variant}-{digest}.pdf"
    if default_storage.exists(name):
        try:
            with default_storage.open(name, "rb") as stored:
                return Teaser(pdf=stored.read(), digest=digest, cached=True)
        except FileNotFoundError:
            pass  # pruned by a request for newer content in between: render it again
    pdf = render_teaser(content)
    saved = default_storage.save(name, ContentFile(pdf))
    if saved != name:
        # Another request rendered the same content at the same moment; its copy serves.
        logger.info("teaser %s was stored twice", name)
        default_storage.delete(saved)
    _prune(directory, variant, digest)
    return Teaser(pdf=pdf, digest=digest, cached=False)
