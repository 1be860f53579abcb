"""How this app's notifications read, in the reader's language (see notifications.wording).

One verb per alert kind; the parameters are the venture's name and the alert's stored values
(strings), so a notification reads the same whenever it is shown. No model is imported here:
notifications.wording imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

# Alert kind (portfolio.models.AlertKind) -> notification verb.
VERB_OF = {
    "low_runway": "portfolio_low_runway",
    "revenue_drop": "portfolio_revenue_drop",
    "missed_update": "portfolio_missed_update",
}


def _low_runway(params: dict[str, Any]) -> str:
    return (
        _("%(venture)s has %(months)s months of cash left at its current burn (as of %(as_of)s).")
        % params
    )


def _drop_percent(change: object) -> str:
    """ "-0.3100" -> "31.0%": how far below last year, as a positive percentage."""
    try:
        return f"{(-Decimal(str(change)) * 100).quantize(Decimal('0.1'))}%"
    except (InvalidOperation, ValueError):
        return str(change)


def _revenue_drop(params: dict[str, Any]) -> str:
    return _(
        "Net revenue of %(venture)s in %(month)s is %(drop)s below the same month last year."
    ) % {**params, "drop": _drop_percent(params.get("change"))}


def _missed_update(params: dict[str, Any]) -> str:
    return _("%(venture)s has not recorded its figures for %(month)s, due by %(due)s.") % params


WORDING: dict[str, Callable[[dict[str, Any]], str]] = {
    VERB_OF["low_runway"]: _low_runway,
    VERB_OF["revenue_drop"]: _revenue_drop,
    VERB_OF["missed_update"]: _missed_update,
}


def alert_text(*, kind: str, venture: str, values: dict[str, Any]) -> str:
    """An alert's sentence, as its notification words it."""
    return WORDING[VERB_OF[kind]]({**values, "venture": venture})
