"""The deal flow in a real browser, through the pages only: an investor asks for an intro on an
open round, the venture accepts, the investor accepts the NDA and downloads a document under NDA,
offers terms the venture accepts, commits hard; the venture closes the round and the holding is
on the investor's portfolio page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from runway.deals.models import (
    AccessAction,
    AccessEvent,
    CommitmentKind,
    Deal,
    DealState,
    Document,
    NdaAcceptance,
)
from runway.deals.services.documents import document_upload
from runway.deals.tests.factories import pdf_bytes, upload
from runway.orgs.access import Actor
from runway.orgs.models import AccessOutcome, OrganizationKind, Role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from runway.portfolio.models import Holding
from runway.portfolio.tests.factories import months, year_of
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("taxonomy")]

PASSWORD = "correct-horse-battery"
VENTURE = "花田鲜花"
FUND = "南山创投"


@pytest.fixture
def start() -> dict[str, Any]:
    """Only the starting point: the two organizations and their people, the venture with a
    year of KPIs, its open round with a minimum, and a plan under NDA in its data room."""
    founder = UserFactory(email="founder@flowers.example.cn", full_name="林花")
    venture_org = OrganizationFactory(name=VENTURE, kind=OrganizationKind.VENTURE)
    MembershipFactory(user=founder, organization=venture_org, role=Role.OWNER)
    venture = VentureFactory(organization=venture_org)
    months(venture, year_of(months_ago(12), [800_000 + 20_000 * n for n in range(12)]))
    funding_round = FundingRoundFactory(
        venture=venture,
        title="A轮",
        status=RoundStatus.OPEN,
        target_amount=Decimal("3000000.00"),
        min_amount=Decimal("400000.00"),
        min_ticket=Decimal("100000.00"),
    )
    plan = document_upload(
        actor=Actor(organization=venture_org, role=Role.OWNER, user=founder),
        file=upload("plan.pdf", pdf_bytes("经营计划 2027")),
        title="经营计划",
        confidentiality="on_nda",
    )
    partner = UserFactory(email="partner@nanshan.example.cn", full_name="陈静")
    fund = OrganizationFactory(name=FUND, kind=OrganizationKind.INVESTOR, category="vc")
    MembershipFactory(user=partner, organization=fund, role=Role.MEMBER)
    return {
        "round": funding_round,
        "plan": plan,
        "founder": founder.email,
        "partner": partner.email,
        "fund": fund,
    }


def months_ago(count: int) -> Any:
    from django.utils import timezone

    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - count
    year, number = divmod(index, 12)
    return today.replace(year=year, month=number + 1, day=1)


def sign_in(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def move(page: Any, to: str) -> None:
    with page.expect_navigation():
        page.locator(f"#moves button[name=to][value={to}]").click()


def test_from_intro_to_holding(page: Any, live_server: Any, start: dict[str, Any]) -> None:
    base = live_server.url
    funding_round: FundingRound = start["round"]
    plan: Document = start["plan"]

    # The investor finds the round and asks for an introduction.
    sign_in(page, base, start["partner"])
    page.goto(f"{base}/ventures/rounds/{funding_round.pk}/")
    page.locator(f"a[href='/deals/start/round/{funding_round.pk}/']").click()
    page.fill("textarea[name=message]", "我们关注鲜花电商，希望了解A轮。")
    page.locator("main form button[name=action][value=request]").click()
    page.wait_for_url(f"{base}/deals/*/")
    deal = Deal.objects.get(funding_round=funding_round, investor=start["fund"])
    deal_url = f"{base}/deals/{deal.pk}/"
    assert page.url == deal_url
    assert page.locator("#deal-state").get_attribute("class") == "badge deal-intro_requested"

    # The venture accepts the introduction.
    sign_in(page, base, start["founder"])
    page.goto(deal_url)
    assert "我们关注鲜花电商" in page.locator("#intro-message").inner_text()
    move(page, "intro_accepted")
    assert page.locator("#deal-state").get_attribute("class") == "badge deal-intro_accepted"

    # The investor accepts the NDA and downloads the plan, stamped with their name.
    sign_in(page, base, start["partner"])
    page.goto(deal_url)
    assert page.locator(f"#documents a[href='/deals/documents/{plan.pk}/download/']").count() == 0
    page.locator(f"a[href='/deals/{deal.pk}/nda/']").click()
    page.wait_for_url(f"{base}/deals/{deal.pk}/nda/")
    page.check("input[name=accept]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(deal_url)
    assert NdaAcceptance.objects.filter(organization=start["fund"]).count() == 1
    with page.expect_download() as download_info:
        page.locator(f"#documents a[href='/deals/documents/{plan.pk}/download/']").click()
    download = download_info.value
    assert download.suggested_filename == "plan.pdf"
    event = AccessEvent.objects.get(document=plan)
    assert (event.action, event.outcome) == (AccessAction.DOWNLOAD, AccessOutcome.ALLOWED)
    assert event.organization == start["fund"]
    assert event.user is not None
    assert event.user.email == start["partner"]

    # Due diligence, then an equity offer.
    move(page, "diligence")
    page.locator(f"a[href='/deals/{deal.pk}/term-sheets/new/']").click()
    page.wait_for_url(f"{base}/deals/{deal.pk}/term-sheets/new/*")
    page.fill("input[name=amount]", "500000")
    page.fill("input[name=pre_money_valuation]", "12000000")
    page.select_option("select[name=security]", "preferred")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{deal_url}#term-sheets")
    assert page.locator("#deal-state").get_attribute("class") == "badge deal-term_sheet"

    # The venture accepts the terms.
    sign_in(page, base, start["founder"])
    page.goto(deal_url)
    with page.expect_navigation():
        page.locator("#term-sheet-1 form button[type=submit]").first.click()
    deal.refresh_from_db()
    assert deal.term_sheets.get().status == "accepted"

    # The investor commits hard, for the agreed amount.
    sign_in(page, base, start["partner"])
    page.goto(deal_url)
    assert page.input_value("#commit-hard input[name=amount]").startswith("500000")
    with page.expect_navigation():
        page.locator("#commit-hard button[type=submit]").click()
    assert page.locator("#deal-state").get_attribute("class") == "badge deal-committed"
    hard = deal.commitments.get(kind=CommitmentKind.HARD)
    assert hard.amount == Decimal("500000.00")

    # The venture closes the round from its page.
    sign_in(page, base, start["founder"])
    page.goto(f"{base}/ventures/rounds/{funding_round.pk}/")
    with page.expect_navigation():
        page.locator("#close-round button[type=submit]").click()
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.CLOSED
    deal.refresh_from_db()
    assert deal.state == DealState.CLOSED

    # The holding is on the investor's portfolio.
    sign_in(page, base, start["partner"])
    page.goto(f"{base}/portfolio/")
    holding = Holding.objects.get(investor=start["fund"])
    assert holding.amount == Decimal("500000.00")
    row = page.locator(f"#holdings-table tr[data-holding='{holding.pk}']")
    assert VENTURE in row.inner_text()
    assert "500,000" in row.inner_text()
