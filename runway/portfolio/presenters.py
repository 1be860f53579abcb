"""Portfolio figures as words, in the reader's language, for pages, e-mails and the API."""

from __future__ import annotations

from django.utils.translation import gettext as _

from runway.portfolio.adapters import NO_SNAPSHOT, Runway, RunwayStatus


def runway_words(runway: Runway) -> str:
    """ "4.5 months", "Profitable (no burn)" or "Unknown: <why>"."""
    if runway.status == RunwayStatus.MONTHS:
        return _("%(months)s months") % {"months": runway.months}
    if runway.status == RunwayStatus.PROFITABLE:
        return _("Profitable (no burn)")
    return _("Unknown: %(reason)s") % {"reason": runway_reason(runway.reason)}


def runway_reason(reason: str) -> str:
    if reason == NO_SNAPSHOT:
        return _("the venture has not stated its cash and monthly burn yet")
    return reason
