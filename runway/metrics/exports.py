"""The KPI table as people download it: CSV and Excel, one row per month, exact decimals."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published

from runway.metrics.models import MonthlyKPI

COLUMNS = (
    "month", "currency", "verification", "days", "complete", "gmv", "refunds", "net_revenue",
    "orders", "cancelled_orders", "buyers", "new_buyers", "returning_buyers",
    "repeat_buyer_rate", "aov", "refund_rate", "visits", "page_views", "conversion",
    "gmv_mom", "gmv_yoy", "net_revenue_mom", "net_revenue_yoy", "orders_mom", "orders_yoy",
    "buyers_mom", "buyers_yoy", "gmv_ttm", "refunds_ttm", "net_revenue_ttm", "orders_ttm",
)  # fmt: skip
PROBLEM_COLUMNS = ("row", "column", "value", "reason", "warning")


def _cell(kpi: MonthlyKPI, column: str) -> Any:
    value = getattr(kpi, column)
    if column == "month":
        return value.strftime("%Y-%m")
    return value


def kpi_table(kpis: Sequence[MonthlyKPI]) -> list[list[Any]]:
    """Header then one row per month; column names are the stable codes of docs/metrics.md."""
    return [list(COLUMNS), *([_cell(k, c) for c in COLUMNS] for k in kpis)]


def kpi_csv(kpis: Sequence[MonthlyKPI]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(kpi_table(kpis))
    return out.getvalue()


def kpi_xlsx(kpis: Sequence[MonthlyKPI]) -> bytes:
    """A workbook with one sheet; money and rates as numbers (Excel has no decimals)."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("KPIs")
    bold = workbook.add_format({"bold": True})
    for r, row in enumerate(kpi_table(kpis)):
        for c, value in enumerate(row):
            if r == 0:
                sheet.write_string(r, c, value, bold)
            elif value is None:
                sheet.write_blank(r, c, None)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | Decimal):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(1, 1)
    workbook.close()
    return out.getvalue()


def problems_csv(problems: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PROBLEM_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(problems)
    return out.getvalue()
