"""Ventures as the directory tests need them: named, described in three languages, indexed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from runway.directory.services import venture_reindex
from runway.metrics.models import MonthlyKPI, VerificationLevel
from runway.metrics.series import kpi_series_refresh
from runway.orgs.models import OrganizationKind
from runway.orgs.tests.factories import OrganizationFactory
from runway.taxonomy.models import Region, Sector, Stage
from runway.ventures.models import BusinessModel, Venture
from runway.ventures.tests.factories import VentureFactory

MAMA: dict[str, Any] = {
    "name": "妈妈圈",
    "slug": "mama-circle",
    "sectors": ("mother-baby", "community-content"),
    "business_model": BusinessModel.COMMUNITY,
    "district": "longhua",
    "tagline": "A community of Shenzhen mothers with group buys",
    "zh": "深圳宝妈社区：育儿问答、二手交换和母婴团购。",
    "en": "A community of Shenzhen mothers: parenting Q&A, swaps and group buys of baby products.",
    "ru": "Сообщество мам Шэньчжэня: вопросы о воспитании и совместные покупки детских товаров.",  # noqa: RUF001
}
CHIPS: dict[str, Any] = {
    "name": "华强芯链",
    "slug": "hqb-chiplink",
    "sectors": ("electronic-components-b2b",),
    "business_model": BusinessModel.B2B_MARKETPLACE,
    "district": "futian",
    "stage": "series-a",
    "markets": ("china", "hong-kong", "southeast-asia"),
    "tagline": "Electronic components exchange in Huaqiangbei",
    "zh": "华强北电子元器件现货交易平台，连接柜台商家、方案公司和中小工厂，提供真伪检测与账期服务。",  # noqa: E501
    "en": "A spot exchange for electronic components in Huaqiangbei, linking counter traders.",
    "ru": "Биржа электронных компонентов в Хуацянбэе: торговцы и небольшие фабрики.",
}
FLOWERS: dict[str, Any] = {
    "name": "花间集",
    "slug": "huajian-flowers",
    "sectors": ("flowers-gifts",),
    "business_model": BusinessModel.ONLINE_SHOP,
    "district": "nanshan",
    "stage": "pre-a",
    "tagline": "Twenty-six flower shops and two-hour delivery across Shenzhen",
    "zh": "深圳26家连锁花店加线上商城，全城两小时送达，节日花束和企业鲜花订阅。",
    "en": "A network of 26 flower shops with an online store and two-hour delivery.",
    "ru": "Сеть из 26 цветочных магазинов с интернет-магазином.",  # noqa: RUF001
}


def make_venture(
    name: str,
    *,
    slug: str | None = None,
    sectors: Sequence[str] = ("flowers-gifts",),
    markets: Sequence[str] = (),
    tagline: str = "",
    zh: str = "",
    en: str = "",
    ru: str = "",
    stage: str = "seed",
    city: str = "shenzhen",
    index: bool = True,
    **fields: Any,
) -> Venture:
    """A venture of its own organization, indexed unless `index` is False."""
    organization = OrganizationFactory(
        kind=OrganizationKind.VENTURE, name=name, **({"slug": slug} if slug else {})
    )
    venture = VentureFactory(
        organization=organization,
        tagline=tagline,
        description_zh=zh,
        description_en=en,
        description_ru=ru,
        stage=Stage.objects.get(code=stage),
        city=Region.objects.get(code=city),
        sectors=[Sector.objects.get(code=code) for code in sectors],
        **fields,
    )
    venture.markets.set(Region.objects.filter(code__in=markets))
    if index:
        venture_reindex(venture_id=venture.pk)
    return venture


def add_months(
    venture: Venture,
    *,
    months: int = 24,
    first: dt.date = dt.date(2024, 1, 1),
    net_revenue: Decimal = Decimal("100000.00"),
    monthly_growth: Decimal = Decimal("0.02"),
    verification: str = VerificationLevel.IMPORTED,
    currency: str = "CNY",
) -> None:
    """`months` complete months of steadily growing figures, with growth and totals derived."""
    rows = []
    value = net_revenue
    for index in range(months):
        months_in = first.month - 1 + index
        month = dt.date(first.year + months_in // 12, months_in % 12 + 1, 1)
        rows.append(
            MonthlyKPI(
                venture=venture, month=month, currency=currency, verification=verification,
                days=30, complete=True, gmv=value, refunds=Decimal(0), net_revenue=value,
                orders=100, cancelled_orders=0, buyers=80, new_buyers=20, returning_buyers=60,
                repeat_buyer_rate=Decimal("0.75"),
            )
        )  # fmt: skip
        value = (value * (1 + monthly_growth)).quantize(Decimal("0.01"))
    MonthlyKPI.objects.bulk_create(rows)
    kpi_series_refresh(venture=venture)
