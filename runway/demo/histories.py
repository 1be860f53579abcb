"""Order histories of the demo ventures: an order profile per business, its export, its file.

Each venture's orders come from the engine's synthesizer with a seed derived from the demo seed
and the venture's slug, so one venture's history does not change when another is added. The
export is stored with Django's default storage under demo-exports/<slug>/orders.<ext>, where the
import feature picks it up.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from runway.demo.catalogue import AS_OF
from runway.engine.export_formats import ID_STYLES, ExportFile, ExportFormat, export_orders
from runway.engine.order_synthesis import (
    BUSINESS_HOURS,
    BUSINESS_WEEK,
    CONSUMER_HOURS,
    CONSUMER_WEEK,
    OrderProfile,
    synthesize_orders,
)
from runway.engine.orders import ImportResult
from runway.metrics.models import ImportJob
from runway.metrics.services import import_job_create, import_job_run, orders_import
from runway.ventures.models import BusinessModel, Venture

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from runway.demo.catalogue import VentureSpec

EXPORT_DIRECTORY = "demo-exports"
EXTENSIONS = ("csv", "xlsx")
MIN_MONTHS, MAX_MONTHS = 12, 48


@dataclass(frozen=True, slots=True)
class Behaviour:
    """What differs between kinds of business; a venture's own settings in the catalogue win."""

    weekday_weights: tuple[float, ...] = CONSUMER_WEEK
    hour_weights: tuple[float, ...] = CONSUMER_HOURS
    festival_strength: float = 1.0
    december_lift: float = 0.15
    spring_festival_dip: float = 0.6
    repeat_probability: float = 0.35
    repeat_gap_days: float = 60.0
    refund_rate: float = 0.06
    cancel_rate: float = 0.04


CONSUMER = Behaviour()
COMMUNITY = replace(CONSUMER, repeat_probability=0.45, repeat_gap_days=40.0)
# Shoppers abroad know Black Friday and Christmas better than 11.11; the Spring Festival only
# slows the supply side.
ABROAD = replace(CONSUMER, festival_strength=0.3, december_lift=0.35, spring_festival_dip=0.25)
B2B = Behaviour(
    weekday_weights=BUSINESS_WEEK, hour_weights=BUSINESS_HOURS, festival_strength=0.2,
    december_lift=0.05, spring_festival_dip=0.8, repeat_probability=0.75, repeat_gap_days=21.0,
    refund_rate=0.02, cancel_rate=0.02,
)  # fmt: skip
SOFTWARE = replace(
    B2B, festival_strength=0.3, december_lift=0.0, spring_festival_dip=0.4,
    repeat_probability=0.85, repeat_gap_days=30.0, cancel_rate=0.01,
)  # fmt: skip
BY_MODEL = {
    BusinessModel.B2B_MARKETPLACE: B2B,
    BusinessModel.MANUFACTURER: B2B,
    BusinessModel.SAAS: SOFTWARE,
    BusinessModel.SUBSCRIPTION: SOFTWARE,
    BusinessModel.COMMUNITY: COMMUNITY,
}
CHANNELS = {
    ExportFormat.TAOBAO: "taobao",
    ExportFormat.PINDUODUO: "pinduoduo",
    ExportFormat.SHOPIFY: "shopify",
    ExportFormat.ONLINE_RETAIL: "web",
    ExportFormat.ONLINE_RETAIL_CSV: "web",
}


@dataclass(frozen=True, slots=True)
class VentureExport:
    slug: str
    file: ExportFile
    orders: int
    traction: ImportResult | None = None  # the file through the import engine, when asked

    @property
    def path(self) -> str:
        return export_path(self.slug, self.file.extension)


def export_path(slug: str, extension: str) -> str:
    return f"{EXPORT_DIRECTORY}/{slug}/orders.{extension}"


def venture_seed(seed: int, slug: str) -> int:
    digest = hashlib.sha256(f"{seed}:{slug}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def history_months(venture: VentureSpec, *, months: int | None = None) -> int:
    """Months since founding, between one and four years (fewer when `months` caps it)."""
    founded = venture.founded_on
    age = (AS_OF.year - founded.year) * 12 + AS_OF.month - founded.month
    span = max(MIN_MONTHS, min(MAX_MONTHS, age))
    return span if months is None else max(1, min(span, months))


def order_profile(
    venture: VentureSpec, *, scale: float = 1.0, months: int | None = None
) -> OrderProfile:
    history = venture.history
    abroad = history.export_format is ExportFormat.SHOPIFY and history.currency != "CNY"
    behaviour = ABROAD if abroad else BY_MODEL.get(BusinessModel(venture.business_model), CONSUMER)
    overrides: dict[str, float | None] = {
        "repeat_probability": history.repeat_probability,
        "repeat_gap_days": history.repeat_gap_days,
        "festival_strength": history.festival_strength,
    }
    if history.consumer_week is not None:
        week = CONSUMER_WEEK if history.consumer_week else BUSINESS_WEEK
        behaviour = replace(behaviour, weekday_weights=week)
    chosen: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    behaviour = replace(behaviour, **chosen)
    return OrderProfile(
        as_of=AS_OF,
        products=history.products,
        months=history_months(venture, months=months),
        base_monthly_orders=history.base_monthly_orders * scale,
        monthly_growth=history.monthly_growth,
        currency=history.currency,
        mean_quantity=history.mean_quantity,
        countries=history.countries,
        channels=((history.channel or CHANNELS[history.export_format], 1.0),),
        id_style=ID_STYLES[history.export_format],
        **asdict(behaviour),
    )


def venture_export(
    venture: VentureSpec,
    *,
    seed: int,
    scale: float = 1.0,
    months: int | None = None,
    with_traction: bool = False,
) -> VentureExport:
    """The venture's export; `with_traction` also reads it back through the import engine."""
    slug = venture.organization.slug
    orders = synthesize_orders(
        order_profile(venture, scale=scale, months=months), seed=venture_seed(seed, slug)
    )
    names = {p.sku: p.name for p in venture.history.products}
    exported = export_orders(orders, venture.history.export_format, product_names=names)
    traction = (
        orders_import(exported.content, currency=venture.history.currency)
        if with_traction
        else None
    )
    return VentureExport(slug=slug, file=exported, orders=orders.height, traction=traction)


def build_exports(
    ventures: Sequence[VentureSpec],
    *,
    seed: int,
    scale: float = 1.0,
    months: int | None = None,
    with_traction: bool = False,
) -> list[VentureExport]:
    """Every venture's export; numpy and polars release the GIL, so two threads use two cores."""

    def build(venture: VentureSpec) -> VentureExport:
        return venture_export(
            venture, seed=seed, scale=scale, months=months, with_traction=with_traction
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(build, ventures))


def store_export(export: VentureExport) -> str:
    """Saves the file under its fixed name, replacing an earlier one rather than renaming."""
    if default_storage.exists(export.path):
        default_storage.delete(export.path)
    return default_storage.save(export.path, ContentFile(export.file.content))


def delete_exports(slugs: Iterable[str]) -> int:
    deleted = 0
    for slug in slugs:
        for extension in EXTENSIONS:
            path = export_path(slug, extension)
            if default_storage.exists(path):
                default_storage.delete(path)
                deleted += 1
    return deleted


def import_export(export: VentureExport, *, venture: Venture, currency: str) -> ImportJob:
    """Imports a venture's generated export as the venture would upload it, so it has traction;
    the engine's result computed beside the export (`with_traction`) is used when there is one."""
    upload = ContentFile(export.file.content, name=f"orders.{export.file.extension}")
    job = import_job_create(
        actor=None, venture=venture, upload=upload, currency=currency, enqueue=False
    )
    return job if job.is_finished else import_job_run(job=job, result=export.traction)
