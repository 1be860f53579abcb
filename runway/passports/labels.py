"""Words for the passport pages: KPI column headings and verification verdicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from runway.engine.passport import KpiValue, Reason
from runway.passports.adapters import KPI_FIELDS

KPI_LABELS: dict[str, Promise] = {
    "month": _("Month"),
    "days": _("Days covered"),
    "gmv": _("GMV"),
    "refunds": _("Refunds"),
    "net_revenue": _("Net revenue"),
    "orders": _("Orders"),
    "cancelled_orders": _("Cancelled orders"),
    "buyers": _("Buyers"),
    "new_buyers": _("New buyers"),
    "returning_buyers": _("Returning buyers"),
    "repeat_buyer_rate": _("Repeat-buyer rate"),
    "aov": _("Average order value"),
    "refund_rate": _("Refund rate"),
    "visits": _("Visits"),
    "page_views": _("Page views"),
    "conversion": _("Conversion"),
}

REASON_LABELS: dict[str, Promise] = {
    Reason.VALID: _("Valid: the platform signed exactly these figures, and they have not expired."),
    Reason.BAD_SIGNATURE: _("Altered: the signature does not match, so some content was changed."),
    Reason.MALFORMED: _("Not a passport: the document cannot be read as a Runway passport."),
    Reason.UNKNOWN_KEY: _("Not signed by this platform: the signing key is a different one."),
    Reason.EXPIRED: _("Expired: the signature is good, but the passport is no longer valid."),
    Reason.NOT_YET_VALID: _("Not yet valid: the passport's validity has not begun."),
}


def figure_table(
    rows: Sequence[Mapping[str, KpiValue]],
) -> tuple[list[Promise], list[list[KpiValue]]]:
    """Headings and rows for the columns any month holds, in the usual order; unknown names
    (from a document signed elsewhere) are left out of the table, not the verdict."""
    present = {name for row in rows for name in row}
    columns = [name for name in ("month", *KPI_FIELDS) if name in present]
    return [KPI_LABELS[name] for name in columns], [
        [row.get(name) for name in columns] for row in rows
    ]
