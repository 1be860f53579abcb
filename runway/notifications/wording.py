"""How each kind of notification reads, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from runway.notifications.models import Notification


def _new_match(params: dict[str, Any]) -> str:
    return _("%(venture)s matches your mandate “%(mandate)s” (score %(score)s).") % params


def _application_decided(params: dict[str, Any]) -> str:
    if params.get("approved"):
        return _("Your application to “%(program)s” was approved.") % params
    return _("Your application to “%(program)s” was rejected.") % params


def _application_received(params: dict[str, Any]) -> str:
    return _("%(venture)s applied to “%(program)s”.") % params


WORDING = {
    "new_match": _new_match,
    "application_decided": _application_decided,
    "application_received": _application_received,
}


def text_of(notification: Notification) -> str:
    wording = WORDING.get(notification.verb)
    if wording is None:
        return notification.verb
    try:
        return wording(dict(notification.params))
    except (KeyError, TypeError, ValueError):
        return notification.verb
