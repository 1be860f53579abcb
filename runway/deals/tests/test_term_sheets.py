"""Term sheets: versioned offers per instrument, decided once by the venture, as PDF in Chinese
and English."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from runway.deals.models import Deal, DealState, TermSheet, TermSheetStatus
from runway.deals.services.term_sheets import term_sheet_decide, term_sheet_offer
from runway.deals.term_sheets import terms_clean
from runway.deals.tests.factories import DealFactory, investor, investor_member, venture_member
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role

pytestmark = pytest.mark.django_db

EQUITY = {"amount": "2000000", "pre_money_valuation": "18000000", "security": "preferred",
          "board_seat": True, "pro_rata": True}  # fmt: skip


def test_each_instrument_has_its_terms_checked_and_normalized() -> None:
    assert terms_clean("equity", EQUITY) == {
        "amount": "2000000.00", "pre_money_valuation": "18000000.00", "security": "preferred",
        "board_seat": True, "pro_rata": True,
    }  # fmt: skip
    assert terms_clean(
        "revenue_based",
        {"amount": "500000", "fee": "6", "remittance_share": "8", "repayment_cap": "1.2",
         "holiday_months": [11, "2"]},
    )["holiday_months"] == [2, 11]  # fmt: skip
    assert terms_clean("loan", {"amount": "1", "rate": "4.35", "term_months": 36}) == {
        "amount": "1.00",
        "rate": "4.35",
        "term_months": 36,
        "guarantee": "",
    }
    with pytest.raises(ValidationError) as caught:
        terms_clean(
            "convertible",
            {"amount": "-5", "valuation_cap": "x", "discount": "95", "maturity_months": "1.5",
             "board_seat": True},
        )  # fmt: skip
    assert caught.value.message_dict == {
        "amount": ["Enter a value from 0.01 to 99999999999999.99."],
        "valuation_cap": ["Enter a number."],
        "discount": ["Enter a value from 0 to 90."],
        "maturity_months": ["Enter whole months."],
        "board_seat": ["Not a term of this instrument."],
    }
    with pytest.raises(ValidationError) as caught:
        terms_clean("loan", {"amount": 1.5, "rate": "50"})
    assert set(caught.value.message_dict) == {"amount", "rate", "term_months"}


def test_offers_are_versioned_and_the_first_moves_the_deal() -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    me = investor_member(deal)
    first = term_sheet_offer(actor=me, deal=deal, kind="equity", terms=EQUITY)
    assert (first.version, first.currency) == (1, deal.funding_round.currency)
    assert Deal.objects.get(pk=deal.pk).state == DealState.TERM_SHEET
    second = term_sheet_offer(
        actor=me, deal=deal, kind="equity", terms={**EQUITY, "amount": "2500000"}
    )
    first.refresh_from_db()
    assert (second.version, first.status) == (2, TermSheetStatus.SUPERSEDED)
    assert (
        Notification.objects.filter(
            organization=deal.funding_round.venture.organization, verb="deal_term_sheet"
        ).count()
        == 2
    )


def test_only_the_investor_offers_and_only_in_diligence_or_term_sheet() -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    with pytest.raises(ValidationError, match="Only the investor offers terms"):
        term_sheet_offer(actor=venture_member(deal), deal=deal, kind="equity", terms=EQUITY)
    with pytest.raises(AccessDenied):
        term_sheet_offer(actor=investor(), deal=deal, kind="equity", terms=EQUITY)
    viewer = investor_member(deal, Role.VIEWER)
    with pytest.raises(AccessDenied):
        term_sheet_offer(actor=viewer, deal=deal, kind="equity", terms=EQUITY)
    early = DealFactory(state=DealState.INTRO_ACCEPTED)
    with pytest.raises(ValidationError, match="during due diligence"):
        term_sheet_offer(actor=investor_member(early), deal=early, kind="equity", terms=EQUITY)
    assert not TermSheet.objects.exists()


def test_the_venture_decides_the_open_version_once() -> None:
    deal = DealFactory(state=DealState.TERM_SHEET)
    me, founder = investor_member(deal), venture_member(deal)
    old = term_sheet_offer(actor=me, deal=deal, kind="equity", terms=EQUITY)
    current = term_sheet_offer(actor=me, deal=deal, kind="equity", terms=EQUITY)
    with pytest.raises(ValidationError, match="no longer open"):
        term_sheet_decide(actor=founder, sheet=old, accept=True)
    with pytest.raises(ValidationError, match="Only the venture decides"):
        term_sheet_decide(actor=me, sheet=current, accept=True)
    accepted = term_sheet_decide(actor=founder, sheet=current, accept=True, note="Agreed")
    assert (accepted.status, accepted.decided_by) == (TermSheetStatus.ACCEPTED, founder.user)
    with pytest.raises(ValidationError, match="no longer open"):
        term_sheet_decide(actor=founder, sheet=current, accept=False)
    with pytest.raises(ValidationError, match="accepted a term sheet"):
        term_sheet_offer(actor=me, deal=deal, kind="equity", terms=EQUITY)


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_the_pdf_reads_in_chinese_and_in_english(client_for: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    sheet = term_sheet_offer(actor=investor_member(deal), deal=deal, kind="equity", terms=EQUITY)
    client = client_for(venture_member(deal))
    english = client.get(f"/deals/term-sheets/{sheet.pk}/pdf/?lang=en")
    assert english["Content-Type"] == "application/pdf"
    text = _pdf_text(english.content)
    assert "Term sheet" in text
    assert "2,000,000.00" in text
    assert "20,000,000.00" in text  # post-money valuation
    assert "10.00%" in text  # the investor's stake
    chinese = _pdf_text(client.get(f"/deals/term-sheets/{sheet.pk}/pdf/?lang=zh-hans").content)
    assert deal.funding_round.venture.organization.name in chinese
    assert "2,000,000.00" in chinese
    assert client_for(investor()).get(f"/deals/term-sheets/{sheet.pk}/pdf/").status_code == 404


def test_the_offer_form_and_decision_pages(client_for: Any) -> None:
    deal = DealFactory(state=DealState.DILIGENCE)
    client = client_for(investor_member(deal))
    assert client.get(f"/deals/{deal.pk}/term-sheets/new/?kind=loan").status_code == 200
    bad = client.post(
        f"/deals/{deal.pk}/term-sheets/new/?kind=loan", {"amount": "100", "rate": "80"}
    )
    assert bad.status_code == 422
    assert "Enter a value from 0.01 to 36." in bad.content.decode()
    ok = client.post(
        f"/deals/{deal.pk}/term-sheets/new/?kind=loan",
        {"amount": "1000000", "rate": "6.5", "term_months": "24", "guarantee": "Inventory"},
    )
    assert ok.status_code == 302
    sheet = TermSheet.objects.get()
    assert sheet.terms["guarantee"] == "Inventory"
    founder = client_for(venture_member(deal))
    assert "Accept these terms" in founder.get(f"/deals/{deal.pk}/").content.decode()
    # The investor cannot accept its own offer; a stranger does not even find it.
    refused = client.post(f"/deals/term-sheets/{sheet.pk}/accept/", follow=True)
    assert "Only the venture decides on terms." in refused.content.decode()
    assert client_for(investor()).post(f"/deals/term-sheets/{sheet.pk}/accept/").status_code == 404
    sheet.refresh_from_db()
    assert sheet.status == TermSheetStatus.OFFERED
    founder.post(f"/deals/term-sheets/{sheet.pk}/reject/", {"note": "Rate too high"})
    sheet.refresh_from_db()
    assert (sheet.status, sheet.decision_note) == (TermSheetStatus.REJECTED, "Rate too high")
