"""The rescue ladder's codes (runway.engine.financing.rescue) in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _


def trigger_reason(code: str, *, runway_months: Decimal | None, threshold: Decimal) -> str:
    """Why the ladder is shown, or why it is not needed."""
    months = runway_months if runway_months is not None else "—"
    messages = {
        "round_failed": lambda: _("A round of yours failed: it closed below its minimum."),
        "runway_short": lambda: (
            _("Your cash lasts about %(months)s months at the current burn, under %(threshold)s.")
            % {"months": months, "threshold": threshold}
        ),
        "no_snapshot": lambda: _(
            "No finance snapshot yet: enter your cash and monthly burn to see your runway."
        ),
        "no_burn": lambda: _("Your latest snapshot burns nothing: no limit on your runway."),
        "runway_ok": lambda: (
            _(
                "Your cash lasts about %(months)s months at the current burn, and no round of "
                "yours failed recently."
            )
            % {"months": months}
        ),
    }
    found = messages.get(code)
    return found() if found is not None else code


def route_reason(code: str) -> str:
    """Why a route of the ladder is not available."""
    messages = {
        "no_offer": lambda: _(
            "No lender's grid makes you a revenue-based offer on your current figures."
        ),
        "no_burn": lambda: _(
            "Enter a finance snapshot with your monthly burn: the round is sized on it."
        ),
        "no_valuation": lambda: _(
            "Import your orders first: the valuation comes from your verified net revenue."
        ),
    }
    found = messages.get(code)
    return found() if found is not None else code
