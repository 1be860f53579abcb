"""Every notification a deal sends reads as a sentence, not as its verb."""

from __future__ import annotations

import pytest

from runway.deals.models import Deal, DealState
from runway.deals.services.deals import deal_transition
from runway.deals.services.messages import message_post
from runway.deals.services.term_sheets import term_sheet_decide, term_sheet_offer
from runway.deals.tests.factories import DealFactory, investor_member, venture_member
from runway.notifications.models import Notification
from runway.notifications.wording import text_of

pytestmark = pytest.mark.django_db


def test_each_deal_notification_is_worded() -> None:
    deal: Deal = DealFactory(state=DealState.INTERESTED)
    me, founder = investor_member(deal), venture_member(deal)
    deal = deal_transition(actor=me, deal=deal, to=DealState.INTRO_REQUESTED, note="Hi")
    deal = deal_transition(actor=founder, deal=deal, to=DealState.INTRO_ACCEPTED)
    message_post(actor=me, deal=deal, body="Question")
    deal = deal_transition(actor=me, deal=deal, to=DealState.DILIGENCE)
    sheet = term_sheet_offer(
        actor=me, deal=deal, kind="loan", terms={"amount": "1", "rate": "5", "term_months": 12}
    )
    term_sheet_decide(actor=founder, sheet=sheet, accept=True)
    texts = {n.verb + ":" + n.params.get("state", n.params.get("status", "")): text_of(n)
             for n in Notification.objects.all()}  # fmt: skip
    round_title = deal.funding_round.title
    assert texts == {
        "deal_intro_requested:intro_requested":
            f"{deal.investor.name} asks for an introduction about your round “{round_title}”.",
        "deal_moved:intro_accepted":
            f"{deal.funding_round.venture.organization.name} accepted your introduction request "
            f"for “{round_title}”: its contacts and documents are open to you.",
        "deal_message:": f"{deal.investor.name} wrote in the deal thread on “{round_title}”.",
        "deal_moved:diligence":
            f"{deal.investor.name} moved the deal on “{round_title}” to “Due diligence”.",
        "deal_term_sheet:offered":
            f"{deal.investor.name} offers terms (version 1) for “{round_title}”.",
        "deal_moved:term_sheet":
            f"{deal.investor.name} moved the deal on “{round_title}” to “Term sheet”.",
        "deal_term_sheet:accepted":
            f"{deal.funding_round.venture.organization.name} accepted version 1 of your terms "
            f"for “{round_title}”.",
    }  # fmt: skip
