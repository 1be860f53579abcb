"""How deal moves read on buttons, in the reader's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

from runway.deals.models import DealState

MOVE_LABELS: dict[str, StrPromise] = {
    DealState.INTRO_REQUESTED: _("Request an intro"),
    DealState.INTRO_ACCEPTED: _("Accept the intro"),
    DealState.INTRO_DECLINED: _("Decline the intro"),
    DealState.DILIGENCE: _("Start due diligence"),
    DealState.TERM_SHEET: _("Move to term sheet"),
    DealState.COMMITTED: _("Commit"),
    DealState.CLOSED: _("Close the deal"),
    DealState.PASSED: _("Pass"),
    DealState.WITHDRAWN: _("Withdraw from the deal"),
}
# Ways out are shown as secondary buttons.
EXITS = frozenset({DealState.INTRO_DECLINED, DealState.PASSED, DealState.WITHDRAWN})


def move_buttons(moves: list[str]) -> list[tuple[str, StrPromise, bool]]:
    """(state, label, is_exit) for each move the viewer may make."""
    return [(move, MOVE_LABELS[move], move in EXITS) for move in moves]
