"""How each kind of notification reads, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from runway.deals.wording import WORDING as COMMITMENTS
from runway.events.wording import WORDING as EVENTS
from runway.exits.wording import WORDING as EXITS
from runway.notifications.models import Notification
from runway.portfolio.wording import WORDING as PORTFOLIO
from runway.sponsors.wording import WORDING as SPONSORS


def _new_match(params: dict[str, Any]) -> str:
    return _("%(venture)s matches your mandate “%(mandate)s” (score %(score)s).") % params


def _application_decided(params: dict[str, Any]) -> str:
    if params.get("approved"):
        return _("Your application to “%(program)s” was approved.") % params
    return _("Your application to “%(program)s” was rejected.") % params


def _application_received(params: dict[str, Any]) -> str:
    return _("%(venture)s applied to “%(program)s”.") % params


def _deal_intro_requested(params: dict[str, Any]) -> str:
    return _("%(investor)s asks for an introduction about your round “%(round)s”.") % params


def _deal_moved(params: dict[str, Any]) -> str:
    from runway.deals.models import DealState

    state = params["state"]
    if state == DealState.INTRO_ACCEPTED:
        return (
            _("%(venture)s accepted your introduction request for “%(round)s”: its contacts and "
              "documents are open to you.") % params
        )  # fmt: skip
    if state == DealState.INTRO_DECLINED:
        return _("%(venture)s declined your introduction request for “%(round)s”.") % params
    label = DealState(state).label if state in DealState.values else state
    if params.get("side") == "investor":
        return _("%(investor)s moved the deal on “%(round)s” to “%(state)s”.") % {
            **params,
            "state": label,
        }
    return _("%(venture)s moved the deal on “%(round)s” to “%(state)s”.") % {
        **params,
        "state": label,
    }


def _deal_message(params: dict[str, Any]) -> str:
    if params.get("side") == "investor":
        return _("%(investor)s wrote in the deal thread on “%(round)s”.") % params
    return _("%(venture)s wrote in the deal thread on “%(round)s”.") % params


def _deal_nda_accepted(params: dict[str, Any]) -> str:
    return _("%(investor)s accepted the NDA for the deal on “%(round)s”.") % params


def _deal_access_granted(params: dict[str, Any]) -> str:
    return _("%(venture)s gave you access to documents in its data room.") % params


def _deal_term_sheet(params: dict[str, Any]) -> str:
    status = params.get("status")
    if status == "accepted":
        return _("%(venture)s accepted version %(version)s of your terms for “%(round)s”.") % params
    if status == "rejected":
        return _("%(venture)s rejected version %(version)s of your terms for “%(round)s”.") % params
    return _("%(investor)s offers terms (version %(version)s) for “%(round)s”.") % params


WORDING = {
    "new_match": _new_match,
    "application_decided": _application_decided,
    "application_received": _application_received,
    "deal_intro_requested": _deal_intro_requested,
    "deal_moved": _deal_moved,
    "deal_message": _deal_message,
    "deal_nda_accepted": _deal_nda_accepted,
    "deal_access_granted": _deal_access_granted,
    "deal_term_sheet": _deal_term_sheet,
    # Each newer app words its own notifications beside its code.
    **COMMITMENTS,
    **PORTFOLIO,
    **EXITS,
    **EVENTS,
    **SPONSORS,
}


def text_of(notification: Notification) -> str:
    wording = WORDING.get(notification.verb)
    if wording is None:
        return notification.verb
    try:
        return wording(dict(notification.params))
    except (KeyError, TypeError, ValueError):
        return notification.verb
