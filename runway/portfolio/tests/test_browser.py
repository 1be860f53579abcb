"""A holder opens the portfolio in a real browser and reads a holding's net revenue chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from runway.orgs.models import Role
from runway.orgs.tests.factories import MembershipFactory, UserFactory
from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.tests.factories import HoldingFactory, month, months, snapshot, year_of

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("taxonomy")]

PASSWORD = "correct-horse-battery"
BARS = """() => echarts.getInstanceByDom(document.getElementById("chart-net-revenue"))
  .getOption().series[0].data.length"""


def test_a_holder_goes_from_the_list_to_the_chart_and_the_alert(
    page: Any, live_server: Any
) -> None:
    holding = HoldingFactory()
    months(holding.venture, year_of(month(2025, 10), [1000] * 12 + [600]))
    snapshot(holding.venture, cash="50000.00", burn="10000.00")
    portfolio_alerts_run(today=dt.date(2026, 11, 20))
    reader = UserFactory(email="partner@fund.example.cn")
    MembershipFactory(user=reader, organization=holding.investor, role=Role.VIEWER)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", reader.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/portfolio/")
    row = page.locator(f'tr[data-holding="{holding.pk}"]')
    assert "5.0" in row.locator(".runway mark").inner_text()
    row.locator(f'a[href="/portfolio/{holding.pk}/"]').click()
    page.wait_for_selector("#chart-net-revenue canvas")
    assert page.evaluate(BARS) == 13
    alerts = page.locator(".portfolio-alerts li").all_inner_texts()
    assert len(alerts) == 2  # five months of cash, and 40% below October 2025
