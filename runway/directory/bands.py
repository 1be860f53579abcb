"""Revenue and growth bands: how much a venture's verified figures say without giving them away.

The bands are data: each has a stable code (used in URLs and the API), a label and a lower bound.
Revenue is the annualized net revenue of the last complete months, in yuan at the indicative rates
the traction score already uses; growth is year-on-year net revenue growth of the latest complete
month.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from runway.engine.scoring import DEFAULT_WEIGHTS

if TYPE_CHECKING:
    from runway.directory.models import DirectoryEntry


@dataclass(frozen=True, slots=True)
class Band:
    code: str
    label: Promise
    low: Decimal | None  # inclusive; None is unbounded below


REVENUE_BANDS: tuple[Band, ...] = (
    Band("under-1m", _("Under ¥1 million a year"), None),
    Band("1m-5m", _("¥1–5 million a year"), Decimal(1_000_000)),
    Band("5m-20m", _("¥5–20 million a year"), Decimal(5_000_000)),
    Band("20m-100m", _("¥20–100 million a year"), Decimal(20_000_000)),
    Band("over-100m", _("Over ¥100 million a year"), Decimal(100_000_000)),
)
GROWTH_BANDS: tuple[Band, ...] = (
    Band("shrinking", _("Shrinking"), None),
    Band("steady", _("Steady (0–20% a year)"), Decimal(0)),
    Band("growing", _("Growing (20–50% a year)"), Decimal("0.2")),
    Band("fast", _("Fast (50–100% a year)"), Decimal("0.5")),
    Band("doubling", _("Doubling or more"), Decimal(1)),
)


def band_for(value: Decimal | None, bands: tuple[Band, ...]) -> tuple[Band, int] | None:
    """The band `value` falls in and its rank (0 = lowest); None when there is no value."""
    if value is None:
        return None
    found = 0
    for rank, band in enumerate(bands):
        if band.low is None or value >= band.low:
            found = rank
    return bands[found], found


def band_label(code: str, bands: tuple[Band, ...]) -> Promise | None:
    return next((band.label for band in bands if band.code == code), None)


def in_yuan(amount: Decimal, currency: str) -> Decimal | None:
    """`amount` in yuan at the round indicative rates of the score's scale (data/score.toml);
    None for a currency the scale does not know."""
    scale = DEFAULT_WEIGHTS.scale
    if currency not in scale:
        return None
    rate = Decimal(str(scale["CNY"][0])) / Decimal(str(scale[currency][0]))
    return (amount * rate).quantize(Decimal("0.01"))


class TractionShown:
    """Labels of the traction facts an entry holds, for pages and the API."""

    __slots__ = ()
    entry: DirectoryEntry | None

    @property
    def revenue_band_label(self) -> str | None:
        if self.entry is None:
            return None
        label = band_label(self.entry.revenue_band, REVENUE_BANDS)
        return None if label is None else str(label)

    @property
    def growth_band_label(self) -> str | None:
        if self.entry is None:
            return None
        label = band_label(self.entry.growth_band, GROWTH_BANDS)
        return None if label is None else str(label)

    @property
    def growth_percent(self) -> Decimal | None:
        if self.entry is None or self.entry.growth_yoy is None:
            return None
        return (self.entry.growth_yoy * 100).quantize(Decimal("0.1"))
