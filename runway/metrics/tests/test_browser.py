"""The upload journey in a real browser: drop a file, preview it, import it, see the charts."""

from __future__ import annotations

from typing import Any

import pytest

from runway.metrics.models import MonthlyKPI
from runway.metrics.tests.factories import ORDERS_CSV
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from runway.ventures.tests.factories import VentureFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("taxonomy")]

PASSWORD = "correct-horse-battery"

DROP = """([selector, text]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], "orders.csv", { type: "text/csv" }));
  const zone = document.querySelector(selector);
  zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true }));
  zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
}"""
LEGEND = """() => echarts.getInstanceByDom(document.getElementById("chart-revenue"))
  .getOption().series.map((s) => s.name)"""


def test_a_dropped_export_is_previewed_imported_and_charted(
    page: Any,
    live_server: Any,
) -> None:
    owner = UserFactory(email="owner@flowers.example.cn")
    organization = OrganizationFactory(kind=OrganizationKind.VENTURE)
    MembershipFactory(user=owner, organization=organization, role=Role.OWNER)
    venture = VentureFactory(organization=organization)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/traction/{venture.pk}/imports/new/")
    page.evaluate(DROP, ["[data-dropzone]", ORDERS_CSV.decode()])
    assert page.locator("[data-dropzone-hint]").inner_text() == "orders.csv"
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_url("**/preview/")
    assert page.locator("#preview tbody tr").count() == 4
    assert not MonthlyKPI.objects.exists()

    page.locator("#mapping-form button[value=confirm]").click()
    page.wait_for_url("**/imports/*/")
    page.locator(f"#job-status a[href$='/traction/{venture.pk}/']").click()
    page.wait_for_selector("#chart-revenue canvas")
    legend = page.evaluate(LEGEND)
    assert len(legend) == 2  # GMV of the imported months, and net revenue
    assert MonthlyKPI.objects.filter(venture=venture).count() == 3
