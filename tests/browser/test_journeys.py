"""Whole user journeys in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from runway.ventures.tests.factories import VentureFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("taxonomy")]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def people() -> dict[str, str]:
    """A venture owner with a profile, and an investor."""
    venture_owner = UserFactory(email="owner@flowers.example.cn")
    venture_org = OrganizationFactory(name="花田鲜花 Flower Fields", kind=OrganizationKind.VENTURE)
    MembershipFactory(user=venture_owner, organization=venture_org, role=Role.OWNER)
    VentureFactory(organization=venture_org)
    investor = UserFactory(email="partner@fund.example.cn")
    investor_org = OrganizationFactory(
        name="南山创投 Nanshan Ventures", kind=OrganizationKind.INVESTOR, category="vc"
    )
    MembershipFactory(user=investor, organization=investor_org, role=Role.MEMBER)
    return {"venture": venture_owner.email, "investor": investor.email}


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def switch_language(page: Any, code: str) -> None:
    with page.expect_navigation():
        page.select_option("#language-switcher select", code)


def test_venture_creates_a_round_and_an_investor_sees_it(
    page: Any, live_server: Any, people: dict[str, str]
) -> None:
    base = live_server.url
    sign_in(page, base, people["venture"])
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.goto(f"{base}/ventures/rounds/new/")
    page.fill("input[name=title]", "Spring Festival stock-up round")
    page.select_option("select[name=instrument]", label="收入分成融资")
    page.select_option("select[name=currency]", "CNY")
    page.fill("input[name=target_amount]", "2000000")
    page.fill("input[name=min_ticket]", "100000")
    page.fill("textarea[name=use_of_funds]", "Inventory for Spring Festival")
    page.fill("input[name=opens_on]", "2026-11-20")
    page.fill("input[name=closes_on]", "2027-01-31")
    page.select_option("select[name=status]", "open")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/ventures/rounds/*/")
    assert page.get_by_text("Spring Festival stock-up round").first.is_visible()
    assert page.get_by_text("2,000,000").first.is_visible()

    switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Revenue-based financing").first.is_visible()
    switch_language(page, "ru")
    assert page.get_by_text("Финансирование от выручки").first.is_visible()

    page.context.clear_cookies()
    sign_in(page, base, people["investor"])
    page.goto(f"{base}/ventures/rounds/")
    assert page.get_by_text("Spring Festival stock-up round").first.is_visible()
    page.get_by_text("Spring Festival stock-up round").first.click()
    assert page.get_by_text("Inventory for Spring Festival").first.is_visible()
