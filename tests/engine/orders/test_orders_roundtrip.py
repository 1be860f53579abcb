"""Every file `export_formats` writes imports cleanly, with the figures of the orders it wrote."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from runway.engine.export_formats import ID_STYLES, ExportFormat, export_orders
from runway.engine.order_synthesis import OrderProfile, Product, synthesize_orders
from runway.engine.orders import cohort_retention, import_orders, monthly_kpis

PRODUCTS = (
    Product("HK-100", "USB-C cable 1m", Decimal("12.50")),
    Product("HK-200", "Phone case", Decimal("39.90")),
)
SAME_EVERYWHERE = ["month", "gmv", "orders"]
BUYERS = ["buyers", "new_buyers", "returning_buyers"]


def synthesized(export_format: ExportFormat) -> pl.DataFrame:
    profile = OrderProfile(
        as_of=dt.date(2026, 10, 31),
        products=PRODUCTS,
        months=4,
        base_monthly_orders=300,
        mean_quantity=2.5,
        refund_rate=0.12,
        cancel_rate=0.05,
        id_style=ID_STYLES[export_format],
    )
    return synthesize_orders(profile, seed=5)


@pytest.mark.parametrize("export_format", list(ExportFormat))
def test_exports_import_cleanly_with_the_same_figures(
    export_format: ExportFormat, as_of: dt.datetime
) -> None:
    orders = synthesized(export_format)
    exported = export_orders(orders, export_format, product_names={"HK-100": "CABLE"})
    result = import_orders(exported.content, as_of=as_of, currency="CNY")
    assert result.accepted, result.rejection
    assert (result.problem_counts, result.warning_counts) == ({}, {})
    assert result.rows >= orders.height
    direct = monthly_kpis(orders)
    assert result.kpis.select(SAME_EVERYWHERE).equals(direct.select(SAME_EVERYWHERE))
    # Every reversal is there; UCI dates a refund when it happened, the others with the order.
    assert result.kpis["refunds"].sum() == direct["refunds"].sum()
    if export_format is not ExportFormat.PINDUODUO:  # its export names no buyer
        assert result.kpis.select(BUYERS).equals(direct.select(BUYERS))
        assert result.cohorts.equals(cohort_retention(orders))
    if export_format in (ExportFormat.TAOBAO, ExportFormat.SHOPIFY, ExportFormat.PINDUODUO):
        assert result.kpis.select("refunds", "cancelled_orders").equals(
            direct.select("refunds", "cancelled_orders")
        )


def test_taobao_ids_stay_19_digit_text(as_of: dt.datetime) -> None:
    orders = synthesized(ExportFormat.TAOBAO)
    exported = export_orders(orders, ExportFormat.TAOBAO)
    result = import_orders(exported.content, as_of=as_of, keep_orders=True)
    assert result.encoding == "gb18030"
    assert result.orders["order_id"].to_list() == orders["order_id"].to_list()
    assert result.orders["order_id"].str.contains(r"^\d{19}$").all()
