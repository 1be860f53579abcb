"""How this app's notifications read, in the reader's language (see notifications.wording)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _


def _application_received(params: dict[str, Any]) -> str:
    return _("%(venture)s applied to pitch at “%(event)s”.") % params


def _application_decided(params: dict[str, Any]) -> str:
    if params.get("status") == "selected":
        return _("Your venture is selected to pitch at “%(event)s”.") % params
    return _("Your application to pitch at “%(event)s” was declined.") % params


def _slot_scheduled(params: dict[str, Any]) -> str:
    return _("Your pitch at “%(event)s” is scheduled for %(when)s.") % params


def _event_cancelled(params: dict[str, Any]) -> str:
    return _("%(organizer)s cancelled “%(event)s”.") % params


WORDING: dict[str, Callable[[dict[str, Any]], str]] = {
    "event_application_received": _application_received,
    "event_application_decided": _application_decided,
    "event_slot_scheduled": _slot_scheduled,
    "event_cancelled": _event_cancelled,
}
