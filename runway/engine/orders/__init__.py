"""Order exports in, monthly KPIs and cohorts out: the pure engine behind verified traction.

    result = import_orders(Path("orders.csv"), as_of=now)
    if result.accepted:
        result.kpis, result.cohorts            # one row per month; one per cohort and month
    else:
        result.rejection.reason, result.problems

`monthly_kpis`, `cohort_retention` and `traction` compute the same figures from a frame of order
lines (`import_orders(..., keep_orders=True).orders`, or synthesized orders). Every definition is
in docs/metrics.md.
"""

from runway.engine.orders.cohorts import cohort_retention
from runway.engine.orders.importing import import_orders
from runway.engine.orders.kpis import Traction, monthly_kpis, traction, with_traffic
from runway.engine.orders.layouts import LAYOUTS, Layout, Shape, Status, detect_layout
from runway.engine.orders.preview import Preview, preview_orders
from runway.engine.orders.problems import PROBLEM_SCHEMA, Reason, Rejection
from runway.engine.orders.reading import FileFormat, Limits
from runway.engine.orders.results import DEFAULT_TZ, ImportResult
from runway.engine.orders.traffic import TrafficResult, import_traffic

__all__ = [
    "DEFAULT_TZ",
    "LAYOUTS",
    "PROBLEM_SCHEMA",
    "FileFormat",
    "ImportResult",
    "Layout",
    "Limits",
    "Preview",
    "Reason",
    "Rejection",
    "Shape",
    "Status",
    "Traction",
    "TrafficResult",
    "cohort_retention",
    "detect_layout",
    "import_orders",
    "import_traffic",
    "monthly_kpis",
    "preview_orders",
    "traction",
    "with_traffic",
]
