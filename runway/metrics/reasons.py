"""The engine's reason codes (runway.engine.orders.Reason) in words people read."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from runway.engine.orders import Reason

REASON_LABELS: dict[str, Promise] = {
    Reason.EMPTY_FILE: _("The file is empty."),
    Reason.NO_ROWS: _("The file has a header but no rows."),
    Reason.NOT_A_TABLE: _("The file is not a table (CSV, Excel, Parquet or text)."),
    Reason.UNDECODABLE_TEXT: _("The text encoding of the file could not be read."),
    Reason.SINGLE_COLUMN: _("No column separator was found: every line is one column."),
    Reason.MALFORMED: _("Some rows do not fit the header (extra fields or broken quotes)."),
    Reason.TOO_LARGE: _("The file is too large."),
    Reason.UNKNOWN_LAYOUT: _("The headers were not recognized: map your columns below."),
    Reason.MISSING_COLUMN: _("A required column is missing."),
    Reason.BAD_MAPPING: _("The mapping names a field or a header that does not exist."),
    Reason.TOO_MANY_BAD_ROWS: _("Too many rows have problems, so nothing was imported."),
    Reason.MISSING_VALUE: _("A required value is missing."),
    Reason.UNPARSEABLE_AMOUNT: _("The amount is not a number."),
    Reason.UNPARSEABLE_DATE: _("The date could not be read."),
    Reason.UNPARSEABLE_QUANTITY: _("The quantity is not a number."),
    Reason.FUTURE_DATE: _("The date is in the future."),
    Reason.NEGATIVE_QUANTITY: _(
        "The quantity is zero or negative on a line that is no cancellation."
    ),
    Reason.NEGATIVE_AMOUNT: _("The amount is negative."),
    Reason.REFUND_EXCEEDS_AMOUNT: _("The refund is larger than the order."),
    Reason.DUPLICATE_ORDER_ID: _("The order id repeats with different content."),
    Reason.OTHER_CURRENCY: _("The row is in another currency than the file."),
    Reason.DUPLICATE_LINE: _("An identical line of the same order (kept as a purchase)."),
    Reason.REPEATED_ORDER: _("An identical repeat of an order row (counted once)."),
    Reason.UNKNOWN_STATUS: _("The order status was not recognized."),
    "internal_error": _("The import failed on our side. Please try again later."),
}


def reason_label(code: str) -> str:
    label = REASON_LABELS.get(code)
    return str(label) if label is not None else code


# The details a file-level rejection carries (runway.engine.orders.Rejection.params).
DETAIL_LABELS: dict[str, Promise] = {
    "bad_rows": _("Rows with problems"),
    "rows": _("Rows in the file"),
    "share": _("Share of rows with problems"),
    "columns": _("Columns expected"),
    "fields": _("Fields not known"),
    "header": _("Header"),
    "headers": _("Headers in the file"),
    "layout": _("Layout"),
    "limit": _("Limit"),
    "detail": _("Detail"),
}


def rejection_details(params: dict[str, str | int]) -> list[tuple[str, str | int]]:
    """A rejection's details as (label, value) pairs in the reader's language."""
    return [(str(DETAIL_LABELS.get(key, key)), value) for key, value in params.items()]
