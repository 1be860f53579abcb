"""Valuation band: revenue and profit bases by hand, the default row, the sector table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from runway.engine.financing import DEFAULT_TABLE, valuation_band

D = Decimal
SECTORS = (
    "cross-border-b2b", "cross-border-retail", "electronic-components-b2b", "apparel-wholesale",
    "phones-digital", "flowers-gifts", "mother-baby", "food-beverage", "fresh-grocery",
    "beauty-personal-care", "home-furniture", "finance", "community-content", "logistics",
    "merchant-saas", "smart-hardware", "industrial-supplies", "education", "travel-local",
    "health", "agriculture", "sports-outdoor",
)  # fmt: skip


def test_a_revenue_band_by_hand() -> None:
    band = valuation_band("cross-border-b2b", ttm_revenue=D(1_000_000), currency="CNY")
    assert [m.amount for m in (band.low, band.mid, band.high)] == [
        D(400_000),
        D(800_000),
        D(1_400_000),
    ]
    assert (band.basis, band.sector, band.multiples) == (
        "revenue",
        "cross-border-b2b",
        (D("0.4"), D("0.8"), D("1.4")),
    )


def test_a_profit_band_when_profit_is_positive() -> None:
    band = valuation_band(
        "merchant-saas", ttm_revenue=D(1_000_000), ttm_profit=D(100_000), currency="CNY"
    )
    assert [m.amount for m in (band.low, band.mid, band.high)] == [
        D(1_500_000),
        D(2_500_000),
        D(4_000_000),
    ]
    assert band.basis == "profit"
    loss = valuation_band(
        "merchant-saas", ttm_revenue=D(1_000_000), ttm_profit=D(-5), currency="CNY"
    )
    assert loss.basis == "revenue"


def test_an_unknown_sector_uses_the_default_row_and_every_platform_sector_has_one() -> None:
    assert valuation_band("space-mining", ttm_revenue=D(100), currency="CNY").sector == "default"
    assert set(DEFAULT_TABLE.sectors) == set(SECTORS)


def test_no_revenue_is_worth_nothing_and_negative_revenue_is_an_error() -> None:
    band = valuation_band("health", ttm_revenue=D(0), currency="CNY")
    assert (band.low.amount, band.high.amount) == (D(0), D(0))
    with pytest.raises(ValueError, match="not negative"):
        valuation_band("health", ttm_revenue=D(-1), currency="CNY")
