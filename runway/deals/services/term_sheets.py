"""Term sheets: the investor offers versioned terms, the venture accepts or rejects one.

Offering locks the deal row, so two offers at once get consecutive versions, and supersedes the
open version; at most one version is open and one accepted (database constraints). A decision is
one conditional UPDATE on the open version: a double click, or a decision on a version just
superseded, is refused. The first offer on a deal in due diligence moves it to `term_sheet`.

`term_sheet_from_round` is the exception, for existing holders on a follow-on equity round: the
round's own terms (its pre-money valuation, the holder's pro-rata allowance) stand as a version
the venture accepted when it opened the round to its holders first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.deals.access import DealPolicy, deal_queryset, side_of
from runway.deals.models import Deal, DealState, TermSheet, TermSheetKind, TermSheetStatus
from runway.deals.services import notices
from runway.deals.services.deals import deal_transition
from runway.deals.term_sheets import KIND_FOR_INSTRUMENT, terms_clean
from runway.deals.transitions import Side
from runway.orgs.access import AccessDenied, Actor

NOTE_MAX = 5_000


def _locked_deal(actor: Actor, deal: Deal, side: Side) -> Deal:
    locked = deal_queryset().select_for_update(of=("self",)).filter(pk=deal.pk).first()
    if locked is None or not DealPolicy.can_edit(actor, locked):
        raise AccessDenied
    if side_of(actor, locked) is not side:
        if side is Side.INVESTOR:
            raise ValidationError(_("Only the investor offers terms."))
        raise ValidationError(_("Only the venture decides on terms."))
    return locked


@transaction.atomic
def term_sheet_offer(*, actor: Actor, deal: Deal, kind: str, terms: dict[str, Any]) -> TermSheet:
    """A new version of the investor's terms, in the round's currency."""
    locked = _locked_deal(actor, deal, Side.INVESTOR)
    if locked.state not in (DealState.DILIGENCE, DealState.TERM_SHEET):
        raise ValidationError(_("Terms are offered during due diligence or the term-sheet stage."))
    if locked.term_sheets.filter(status=TermSheetStatus.ACCEPTED).exists():
        raise ValidationError(_("The venture has accepted a term sheet; it stands."))
    cleaned = terms_clean(kind, terms)
    locked.term_sheets.filter(status=TermSheetStatus.OFFERED).update(
        status=TermSheetStatus.SUPERSEDED
    )
    last = locked.term_sheets.aggregate(last=Max("version"))["last"] or 0
    sheet = TermSheet.objects.create(
        deal=locked,
        version=last + 1,
        kind=kind,
        currency=locked.funding_round.currency,
        terms=cleaned,
        offered_by=actor.user,
    )
    if locked.state == DealState.DILIGENCE:
        deal_transition(actor=actor, deal=locked, to=DealState.TERM_SHEET)
    notices.term_sheet(deal=locked, sheet=sheet, side=Side.INVESTOR)
    return sheet


@transaction.atomic
def term_sheet_decide(*, actor: Actor, sheet: TermSheet, accept: bool, note: str = "") -> TermSheet:
    """The venture accepts or rejects the open version `sheet`, once."""
    locked = _locked_deal(actor, sheet.deal, Side.VENTURE)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep it under %(count)s characters.") % {"count": NOTE_MAX}}
        )
    status = TermSheetStatus.ACCEPTED if accept else TermSheetStatus.REJECTED
    decided = TermSheet.objects.filter(
        pk=sheet.pk, deal=locked, status=TermSheetStatus.OFFERED
    ).update(status=status, decided_by=actor.user, decided_at=timezone.now(), decision_note=note)
    if decided != 1:
        raise ValidationError(_("This term sheet is no longer open: it was decided or replaced."))
    sheet = TermSheet.objects.select_related("deal").get(pk=sheet.pk)
    notices.term_sheet(deal=locked, sheet=sheet, side=Side.VENTURE)
    return sheet


def round_terms_for_holder(*, deal: Deal, amount: Decimal) -> dict[str, Any] | None:
    """The equity terms an existing holder takes up its allowance on: the round's pre-money
    valuation, preferred shares, the pro-rata right kept; None when the round is not equity with
    a valuation (then the holder offers its own terms, the usual way)."""
    funding_round = deal.funding_round
    kind = KIND_FOR_INSTRUMENT.get(funding_round.instrument.code)
    if kind != TermSheetKind.EQUITY or funding_round.pre_money_valuation is None:
        return None
    return terms_clean(
        TermSheetKind.EQUITY,
        {
            "amount": amount,
            "pre_money_valuation": funding_round.pre_money_valuation,
            "security": "preferred",
            "board_seat": False,
            "pro_rata": True,
        },
    )


def term_sheet_from_round(*, actor: Actor, deal: Deal, terms: dict[str, Any]) -> TermSheet:
    """Records `terms` (from `round_terms_for_holder`) as the deal's accepted version, replacing
    an open offer. Only for services.commitments.pro_rata_start, inside its transaction, with the
    deal in due diligence or at the term-sheet stage."""
    locked = _locked_deal(actor, deal, Side.INVESTOR)
    accepted = locked.term_sheets.filter(status=TermSheetStatus.ACCEPTED).first()
    if accepted is not None:
        return accepted
    locked.term_sheets.filter(status=TermSheetStatus.OFFERED).update(
        status=TermSheetStatus.SUPERSEDED
    )
    last = locked.term_sheets.aggregate(last=Max("version"))["last"] or 0
    now = timezone.now()
    return TermSheet.objects.create(
        deal=locked,
        version=last + 1,
        kind=TermSheetKind.EQUITY,
        currency=locked.funding_round.currency,
        terms=terms,
        status=TermSheetStatus.ACCEPTED,
        offered_by=actor.user,
        decided_at=now,
        decision_note=_("The round's own terms, agreed for its existing holders."),
    )
