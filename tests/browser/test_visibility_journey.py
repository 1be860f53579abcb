"""Visibility in a real browser: an anonymous visitor finds a venture by searching in Chinese,
signs up as an investor and asks for an introduction to its open round."""

from __future__ import annotations

from typing import Any

import pytest

from runway.deals.models import Deal, DealState
from runway.directory.tests.factories import CHIPS, MAMA, make_venture
from runway.notifications.models import Notification
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import MembershipFactory, UserFactory, credit_code_for
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("taxonomy")]

PASSWORD = "Runway-pass-2025!"
FUND = "前海母婴产业基金"


@pytest.fixture
def mothers_community(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The mothers' community, listed in the directory, raising a rescue round."""
    settings.JIEBA_CACHE_DIR = tmp_path_factory.getbasetemp()
    venture = make_venture(**MAMA, team_size=14)
    make_venture(**CHIPS)  # listed too, but no match for 母婴
    MembershipFactory(user=UserFactory(), organization=venture.organization, role=Role.OWNER)
    return FundingRoundFactory(venture=venture, title="救助轮", status=RoundStatus.OPEN)


def test_a_visitor_finds_the_venture_signs_up_and_asks_for_an_introduction(
    page: Any, live_server: Any, mothers_community: Any
) -> None:
    base = live_server.url
    venture = mothers_community.venture

    # Search the directory in Chinese, as an anonymous visitor.
    page.goto(f"{base}/directory/")
    page.fill("input[name=q]", "母婴")
    page.locator("form[role=search] button[type=submit]").click()
    results = page.locator("#directory-results")
    # The results are swapped in place: wait for the marked match, then for the page's address.
    results.locator("mark", has_text="母婴").first.wait_for()
    page.wait_for_function("new URLSearchParams(location.search).get('q') === '母婴'")
    assert results.get_by_role("link", name="华强芯链").count() == 0

    # Open the profile: the open round is there, and signing up is offered.
    results.get_by_role("link", name="妈妈圈").click()
    page.wait_for_url(f"{base}/directory/mama-circle/")
    assert page.get_by_text("救助轮").first.is_visible()
    page.locator("#open-round a[href='/accounts/signup/']").click()
    page.wait_for_url(f"{base}/accounts/signup/")

    # Sign up with a new investor organization.
    page.fill("input[name=email]", "partner@qianhai-fund.example.cn")
    page.fill("input[name=full_name]", "陈静")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=name]", FUND)
    page.select_option("select[name=kind]", OrganizationKind.INVESTOR)
    page.select_option("select[name=category]", "vc")
    page.fill("input[name=country]", "CN")
    page.fill("input[name=credit_code]", credit_code_for(990_001))
    page.fill("input[name=city]", "深圳")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    # Back on the profile, ask for an introduction to the open round.
    page.goto(f"{base}/directory/mama-circle/")
    page.locator("#ask-intro").click()
    page.wait_for_url(f"{base}/deals/start/round/{mothers_community.pk}/")
    page.fill("textarea[name=message]", "我们专注母婴赛道，希望了解救助轮。")
    page.locator("main form button[name=action][value=request]").click()
    page.wait_for_url(f"{base}/deals/*/")

    deal = Deal.objects.select_related("investor").get(funding_round=mothers_community)
    assert deal.investor.name == FUND
    assert deal.investor.kind == OrganizationKind.INVESTOR
    assert deal.state == DealState.INTRO_REQUESTED
    assert deal.intro_message == "我们专注母婴赛道，希望了解救助轮。"
    assert page.url == f"{base}/deals/{deal.pk}/"
    notified = Notification.objects.get(organization=venture.organization)
    assert notified.verb == "deal_intro_requested"
    assert notified.url == f"/deals/{deal.pk}/"
