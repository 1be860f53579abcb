"""The column-mapping step of an upload: the fields a person maps, their names, what is missing.

The engine's preview (runway.engine.orders.preview_orders) says which layout a file matches and
which required fields have no column; this turns that into messages that name each field.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from runway.engine.orders import LAYOUTS, Preview
from runway.engine.orders.layouts import CANONICAL_FIELDS
from runway.metrics.reasons import reason_label

# The canonical columns, and the unit price that line-item files give instead of an amount.
MAPPED_FIELDS = (*CANONICAL_FIELDS, "price")

FIELD_LABELS: dict[str, Promise] = {
    "order_id": gettext_lazy("Order id"),
    "ordered_at": gettext_lazy("Order date and time"),
    "customer_id": gettext_lazy("Customer id"),
    "amount": gettext_lazy("Order amount"),
    "currency": gettext_lazy("Currency"),
    "quantity": gettext_lazy("Quantity"),
    "status": gettext_lazy("Order status"),
    "refund_amount": gettext_lazy("Refund amount"),
    "country": gettext_lazy("Country"),
    "channel": gettext_lazy("Sales channel"),
    "sku": gettext_lazy("SKU"),
    "price": gettext_lazy("Unit price (line-item files)"),
}


def field_label(field: str) -> str:
    label = FIELD_LABELS.get(field)
    return str(label) if label is not None else field


def required_fields(preview: Preview) -> frozenset[str]:
    """The fields the file's layout (the generic one when none is recognized) cannot do without."""
    layouts = {layout.name: layout for layout in LAYOUTS}
    layout = layouts.get(preview.layout or "", layouts["generic"])
    return frozenset(layout.required) | frozenset(preview.missing)


def mapping_errors(preview: Preview) -> dict[str, list[str]]:
    """Why the file cannot be imported as previewed with a mapping: one message per required
    field without a column, else the file-level reason; empty when it can be."""
    if preview.rejection is None:
        return {}
    if preview.missing:
        return {
            field: [
                _("“%(field)s” is required: choose the column of your file that holds it.")
                % {"field": field_label(field)}
            ]
            for field in preview.missing
        }
    return {NON_FIELD_ERRORS: [reason_label(preview.rejection.reason)]}
