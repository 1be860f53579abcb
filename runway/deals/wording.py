"""How this app's notifications read, in the reader's language (see notifications.wording)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _


def _commitment_made(params: dict[str, Any]) -> str:
    if params.get("kind") == "hard":
        return _("%(investor)s made a hard commitment of %(amount)s to “%(round)s”.") % params
    return _("%(investor)s indicated %(amount)s for “%(round)s” (soft commitment).") % params


def _commitment_withdrawn(params: dict[str, Any]) -> str:
    return _("%(investor)s withdrew its soft commitment of %(amount)s to “%(round)s”.") % params


def _coinvestment_requested(params: dict[str, Any]) -> str:
    return (
        _("%(venture)s added “%(program)s” as co-investor in its round “%(round)s”; the share is "
          "reserved from the budget.") % params
    )  # fmt: skip


def _follow_on_offer(params: dict[str, Any]) -> str:
    return (
        _("%(venture)s opens “%(round)s” to its holders first: you may take up to %(allowance)s "
          "until %(until)s.") % params
    )  # fmt: skip


def _round_closed(params: dict[str, Any]) -> str:
    outcome = params.get("outcome")
    if outcome == "holding":
        return _("“%(round)s” of %(venture)s closed: your %(amount)s is now a holding.") % params
    if outcome == "program":
        return (
            _("“%(round)s” of %(venture)s closed: the co-investment of %(amount)s is awarded.")
            % params
        )
    if outcome == "lapsed":
        return _("“%(round)s” of %(venture)s closed; your soft commitment lapsed.") % params
    return _("Your round “%(round)s” is closed.") % params


def _round_failed(params: dict[str, Any]) -> str:
    if params.get("outcome") == "venture":
        return (
            _("Your round “%(round)s” failed: its close date passed below its minimum. "
              "Commitments and reservations are released.") % params
        )  # fmt: skip
    return (
        _("“%(round)s” of %(venture)s failed to reach its minimum; your commitment is released.")
        % params
    )


def _round_cancelled(params: dict[str, Any]) -> str:
    return (
        _("%(venture)s cancelled “%(round)s”; your commitment or reservation is released.") % params
    )


WORDING: dict[str, Callable[[dict[str, Any]], str]] = {
    "commitment_made": _commitment_made,
    "commitment_withdrawn": _commitment_withdrawn,
    "coinvestment_requested": _coinvestment_requested,
    "follow_on_offer": _follow_on_offer,
    "round_closed": _round_closed,
    "round_failed": _round_failed,
    "round_cancelled": _round_cancelled,
}
