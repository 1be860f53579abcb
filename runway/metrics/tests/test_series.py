"""Growth, trailing totals and conversion recomputed over stored months, whatever their source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from django.utils import timezone

from runway.engine.orders import import_orders
from runway.metrics.figures import kpi_push_connected, kpi_self_report
from runway.metrics.models import MonthlyKPI
from runway.metrics.series import DERIVED_FIELDS
from runway.metrics.services import import_job_create, import_job_run, kpi_rows
from runway.metrics.tests.factories import figures, upload
from runway.orgs.models import Role
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def long_history() -> bytes:
    """One order a day for 27 months, growing month by month, from 40 returning customers."""
    days = pl.date_range(dt.date(2023, 1, 1), dt.date(2025, 3, 31), "1d", eager=True)
    frame = pl.DataFrame({"ordered_at": days}).with_row_index("n")
    frame = frame.select(
        (pl.lit("O") + pl.col("n").cast(pl.String)).alias("order_id"),
        pl.col("ordered_at").dt.strftime("%Y-%m-%d 12:00"),
        (pl.lit("c") + (pl.col("n") % 40).cast(pl.String)).alias("customer_id"),
        (10 + pl.col("n") // 30 * 3 + pl.col("n") % 7).cast(pl.String).alias("amount"),
    )
    return frame.write_csv().encode()


def test_stored_growth_and_trailing_totals_are_the_engines() -> None:
    venture = VentureFactory()
    content = long_history()
    job = import_job_create(actor=None, venture=venture, upload=upload(content), enqueue=False)
    import_job_run(job=job)
    expected = kpi_rows(import_orders(content, as_of=timezone.now()).kpis)
    stored = list(MonthlyKPI.objects.filter(venture=venture).order_by("month"))
    assert len(stored) == len(expected) == 27
    assert stored[-1].gmv_yoy is not None
    assert stored[-1].gmv_ttm is not None
    for kpi, row in zip(stored, expected, strict=True):
        for name in DERIVED_FIELDS:
            if name in row:
                assert getattr(kpi, name) == row[name], (kpi.month, name)


def test_growth_spans_months_of_different_levels_but_not_gaps() -> None:
    venture = VentureFactory()
    actor = member_of(venture.organization, Role.MEMBER)
    kpi_self_report(
        actor=actor, venture=venture, figures=figures(dt.date(2024, 1, 1)), currency="CNY"
    )
    kpi_push_connected(
        actor=actor,
        venture=venture,
        currency="CNY",
        months=[
            figures(dt.date(2024, 2, 1), gmv=Decimal("12500.00"), orders=100),
            figures(dt.date(2024, 4, 1)),
        ],
    )
    kpis = {k.month.month: k for k in MonthlyKPI.objects.filter(venture=venture)}
    assert kpis[2].gmv_mom == Decimal("0.250000")
    assert kpis[2].orders_mom == Decimal("0.250000")
    assert kpis[4].gmv_mom is None  # March is missing: no growth across the gap
    assert kpis[1].gmv_mom is None
    assert all(k.gmv_ttm is None for k in kpis.values())
