"""How this app's notifications read, in the reader's language (see notifications.wording)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _


def _proposed(params: dict[str, Any]) -> str:
    return _("%(intermediary)s proposes to sponsor %(venture)s.") % params


def _accepted(params: dict[str, Any]) -> str:
    return _("%(venture)s accepted your sponsorship.") % params


def _declined(params: dict[str, Any]) -> str:
    return _("%(venture)s declined your proposal to sponsor it.") % params


def _ended(params: dict[str, Any]) -> str:
    if params.get("was") == "proposed":
        return _("%(intermediary)s withdrew its proposal to sponsor %(venture)s.") % params
    if params.get("side") == "venture":
        return _("%(venture)s ended the sponsorship by %(intermediary)s.") % params
    return _("%(intermediary)s ended its sponsorship of %(venture)s.") % params


WORDING: dict[str, Callable[[dict[str, Any]], str]] = {
    "sponsorship_proposed": _proposed,
    "sponsorship_accepted": _accepted,
    "sponsorship_declined": _declined,
    "sponsorship_ended": _ended,
}
