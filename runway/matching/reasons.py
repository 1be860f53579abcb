"""Why a lender's grid declines a venture, in the reader's language (codes from
runway.engine.financing.DECLINE_REASONS, plus the shell's own `no_grade`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from runway.orgs.money import money_text


def decline_message(reason: str, params: Mapping[str, Any]) -> str:
    p = dict(params)
    messages: dict[str, Callable[[], str]] = {
        "no_grade": lambda: _(
            "Import your orders first: offers are priced on your traction grade."
        ),
        "currency_mismatch": lambda: (
            _("This lender lends in %(grid)s; your figures are in %(currency)s.")
            % {"grid": p.get("grid_currency"), "currency": p.get("currency")}
        ),
        "invalid_ask": lambda: _("Enter an amount above zero."),
        "no_revenue": lambda: _("No complete month with revenue yet."),
        "stale_history": lambda: (
            _(
                "Your latest complete month is %(month)s; lenders need figures from the last "
                "%(allowed)s months. Import a recent export."
            )
            % {"month": p.get("last_month"), "allowed": p.get("allowed")}
        ),
        "too_little_history": lambda: (
            ngettext(
                "%(months)s complete month of history; the lender asks for %(required)s.",
                "%(months)s complete months of history; the lender asks for %(required)s.",
                int(p.get("months", 0)),
            )
            % {"months": p.get("months"), "required": p.get("required")}
        ),
        "revenue_below_minimum": lambda: (
            _("Average monthly net revenue %(average)s; the lender asks for at least %(minimum)s.")
            % {
                "average": money_text(p.get("average", 0), p.get("currency")),
                "minimum": money_text(p.get("minimum", 0), p.get("currency")),
            }
        ),
        "grade_not_accepted": lambda: (
            _("Traction grade %(grade)s; this lender takes grades %(accepted)s.")
            % {"grade": p.get("grade"), "accepted": ", ".join(p.get("accepted") or ()) or "—"}
        ),
        "payback_too_long": lambda: (
            _(
                "At your projected revenue the advance would take more than %(months)s months "
                "to repay."
            )
            % {"months": p.get("horizon_months")}
        ),
    }
    render = messages.get(reason)
    return render() if render else reason
