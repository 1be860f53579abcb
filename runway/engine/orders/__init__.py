"""Order exports in, monthly KPIs and cohorts out: the pure engine behind verified traction.

    result = import_orders(Path("orders.csv"), as_of=now)
    if result.accepted:
        kpis = monthly_kpis(result.orders)
        cohorts = cohort_retention(result.orders)

Definitions of every figure are in docs/metrics.md.
"""

from runway.engine.orders.cohorts import cohort_retention
from runway.engine.orders.importing import DEFAULT_TZ, ImportResult, import_orders
from runway.engine.orders.kpis import Traction, monthly_kpis, traction
from runway.engine.orders.layouts import LAYOUTS, Layout, Shape, Status, detect_layout
from runway.engine.orders.problems import PROBLEM_SCHEMA, Reason, Rejection
from runway.engine.orders.reading import FileFormat, Limits

__all__ = [
    "DEFAULT_TZ",
    "LAYOUTS",
    "PROBLEM_SCHEMA",
    "FileFormat",
    "ImportResult",
    "Layout",
    "Limits",
    "Reason",
    "Rejection",
    "Shape",
    "Status",
    "Traction",
    "cohort_retention",
    "detect_layout",
    "import_orders",
    "monthly_kpis",
    "traction",
]
