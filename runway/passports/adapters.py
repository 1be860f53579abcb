"""A venture's KPI rows and import jobs -> the fields of a passport document (engine input)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from runway.engine.passport import KpiValue
from runway.metrics.models import ImportJob, MonthlyKPI, VerificationLevel
from runway.ventures.models import Venture

# Every figure a passport attests, per month, in the order a reader expects them. Growth and
# trailing totals are left out: anyone can recompute them from these.
KPI_FIELDS = (
    "days",
    "gmv",
    "refunds",
    "net_revenue",
    "orders",
    "cancelled_orders",
    "buyers",
    "new_buyers",
    "returning_buyers",
    "repeat_buyer_rate",
    "aov",
    "refund_rate",
    "visits",
    "page_views",
    "conversion",
)

# The passport states one level for all its months: the weakest among them, so no month claims
# more than it has. Typed-in figures are weakest; figures the shop pushes itself are strongest.
LEVEL_RANK: dict[str, int] = {
    VerificationLevel.SELF_REPORTED.value: 0,
    VerificationLevel.IMPORTED.value: 1,
    VerificationLevel.CONNECTED.value: 2,
}


def month_text(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def kpi_row(kpi: MonthlyKPI) -> dict[str, object]:
    row: dict[str, object] = {"month": month_text(kpi.month)}
    for name in KPI_FIELDS:
        row[name] = getattr(kpi, name)
    return row


def weakest_level(kpis: Sequence[MonthlyKPI]) -> str:
    return str(min((kpi.verification for kpi in kpis), key=lambda level: LEVEL_RANK[level]))


def source_list(jobs: Sequence[ImportJob]) -> list[dict[str, str]]:
    """Each distinct file once (by content), oldest first."""
    seen: dict[str, str] = {}
    for job in sorted(jobs, key=lambda job: (job.created_at, job.pk)):
        seen.setdefault(job.content_hash, job.original_name)
    return [{"sha256": digest, "name": name} for digest, name in seen.items()]


def passport_fields(
    *,
    venture: Venture,
    kpis: Sequence[MonthlyKPI],
    jobs: Sequence[ImportJob],
    period_from: dt.date,
    period_to: dt.date,
    passport_id: str,
) -> dict[str, object]:
    """The document fields the engine signs; `kpis` holds at least one month, one currency."""
    organization = venture.organization
    return {
        "venture": {
            "id": venture.pk,
            "name": organization.name,
            "credit_code": organization.credit_code or None,
        },
        "period": {"from": month_text(period_from), "to": month_text(period_to)},
        "currency": kpis[0].currency,
        "verification": weakest_level(kpis),
        "kpis": [kpi_row(kpi) for kpi in kpis],
        "sources": source_list(jobs),
        "passport_id": passport_id,
    }


def figures(document: dict[str, object]) -> list[dict[str, KpiValue]]:
    """The KPI rows of a stored document, for the pages."""
    rows = document.get("kpis")
    return list(rows) if isinstance(rows, list) else []
