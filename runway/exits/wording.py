"""How this app's notifications read, in the reader's language (see notifications.wording)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from runway.orgs.money import money_text


def _money(params: dict[str, Any]) -> dict[str, Any]:
    return {**params, "price": money_text(params.get("price"), params.get("currency"))}


def _nda_accepted(params: dict[str, Any]) -> str:
    return _("%(buyer)s accepted the NDA of your listing “%(code_name)s”.") % params


def _offer_submitted(params: dict[str, Any]) -> str:
    return _("%(buyer)s made an offer of %(price)s for your listing “%(code_name)s”.") % _money(
        params
    )


def _offer_withdrawn(params: dict[str, Any]) -> str:
    return _("%(buyer)s withdrew its offer for your listing “%(code_name)s”.") % params


def _offer_accepted(params: dict[str, Any]) -> str:
    return _(
        "%(venture)s accepted your offer of %(price)s: you are its exclusive buyer until %(until)s."
    ) % _money(params)


def _offer_rejected(params: dict[str, Any]) -> str:
    return _("%(venture)s declined your offer of %(price)s.") % _money(params)


def _offer_lapsed(params: dict[str, Any]) -> str:
    return _("Your offer of %(price)s for “%(code_name)s” has lapsed.") % _money(params)


def _access_ended(params: dict[str, Any]) -> str:
    if params.get("reason") == "withdrawn":
        return _("The listing “%(code_name)s” was withdrawn; your access to it has ended.") % params
    return (
        _("The listing “%(code_name)s” is now exclusive with another buyer: your access has ended "
          "and any open offer of yours was declined.") % params
    )  # fmt: skip


def _exclusivity_ended(params: dict[str, Any]) -> str:
    return (
        _("Your exclusivity with %(venture)s has ended; its listing is open to other buyers again.")
        % params
    )


def _listing_sold(params: dict[str, Any]) -> str:
    return _("%(venture)s recorded its sale to you.") % params


WORDING: dict[str, Callable[[dict[str, Any]], str]] = {
    "exit_nda_accepted": _nda_accepted,
    "exit_offer_submitted": _offer_submitted,
    "exit_offer_withdrawn": _offer_withdrawn,
    "exit_offer_accepted": _offer_accepted,
    "exit_offer_rejected": _offer_rejected,
    "exit_offer_lapsed": _offer_lapsed,
    "exit_access_ended": _access_ended,
    "exit_exclusivity_ended": _exclusivity_ended,
    "exit_listing_sold": _listing_sold,
}
