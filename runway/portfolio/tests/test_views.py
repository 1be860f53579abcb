"""Portfolio pages: who sees what (holder member and viewer, another investor, the venture, an
intermediary, anonymous), what the pages show, and the audit of each look at a venture's figures."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from runway.matching.adapters import venture_grade
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.portfolio.models import DigestPreference, MetricsAccessEvent
from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.tests.factories import (
    HoldingFactory,
    holder,
    investor_org,
    month,
    months,
    snapshot,
    user_of,
    year_of,
)
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def _figures(holding: Any, *, cash: str | None = "59000.00", burn: str = "10000.00") -> None:
    months(holding.venture, year_of(month(2025, 10), [1000] * 12 + [1100]))
    if cash is not None:
        snapshot(holding.venture, cash=cash, burn=burn)


# --- who may see the pages -------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OWNER, Role.MEMBER, Role.VIEWER])
def test_every_member_of_the_holder_sees_the_list_and_the_holding(
    client_for: Any, role: str
) -> None:
    holding = HoldingFactory()
    client = client_for(holder(holding, role=role))
    listing = client.get("/portfolio/")
    assert listing.status_code == 200
    assert f'href="/portfolio/{holding.pk}/"' in listing.content.decode()
    assert client.get(f"/portfolio/{holding.pk}/").status_code == 200
    assert client.get("/portfolio/alerts/").status_code == 200
    assert client.get("/portfolio/digest/").status_code == 200


def test_a_government_holder_sees_its_programs_holdings(client_for: Any) -> None:
    government = make_actor(kind=OrganizationKind.GOVERNMENT, role=Role.VIEWER)
    holding = HoldingFactory(investor=government.organization)
    assert client_for(government).get(f"/portfolio/{holding.pk}/").status_code == 200


def test_another_investor_sees_neither_the_holding_nor_it_in_its_list(client_for: Any) -> None:
    holding = HoldingFactory()
    other = member_of(investor_org())
    client = client_for(other)
    listing = client.get("/portfolio/")
    assert listing.status_code == 200
    assert f"/portfolio/{holding.pk}/" not in listing.content.decode()
    assert holding.venture.name not in listing.content.decode()
    assert client.get(f"/portfolio/{holding.pk}/").status_code == 404
    assert client.get("/portfolio/999999/").status_code == 404


@pytest.mark.parametrize(
    "kind",
    [OrganizationKind.VENTURE, OrganizationKind.INTERMEDIARY, OrganizationKind.PLATFORM],
)
def test_organizations_that_hold_nothing_get_404_everywhere(client_for: Any, kind: str) -> None:
    holding = HoldingFactory()
    actor = make_actor(kind=kind, role=Role.OWNER)
    client = client_for(actor)
    for path in ("/portfolio/", f"/portfolio/{holding.pk}/", "/portfolio/alerts/",
                 "/portfolio/digest/"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    assert client.post("/portfolio/digest/", {"receive": "on"}).status_code == 404


def test_the_held_venture_itself_cannot_read_its_holders_page(client_for: Any) -> None:
    holding = HoldingFactory()
    venture_owner = member_of(holding.venture.organization, role=Role.OWNER)
    assert client_for(venture_owner).get(f"/portfolio/{holding.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    holding = HoldingFactory()
    for path in ("/portfolio/", f"/portfolio/{holding.pk}/", "/portfolio/alerts/",
                 "/portfolio/digest/"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next=")
    assert not MetricsAccessEvent.objects.exists()


# --- the audit ------------------------------------------------------------------------------


def test_each_look_at_a_holding_is_recorded_allowed_or_refused(client_for: Any) -> None:
    holding = HoldingFactory()
    reader = holder(holding, role=Role.VIEWER)
    other = member_of(investor_org())
    venture_member = member_of(holding.venture.organization)
    client_for(reader).get(f"/portfolio/{holding.pk}/", HTTP_USER_AGENT="Firefox/140")
    client_for(other).get(f"/portfolio/{holding.pk}/")
    client_for(venture_member).get(f"/portfolio/{holding.pk}/")
    events = list(MetricsAccessEvent.objects.order_by("pk"))
    assert [(e.organization_id, e.user_id, e.outcome, e.channel) for e in events] == [
        (holding.investor_id, user_of(reader).pk, "allowed", "page"),
        (other.organization.pk, user_of(other).pk, "denied", "page"),
        (venture_member.organization.pk, user_of(venture_member).pk, "denied", "page"),
    ]
    assert all(e.venture_id == holding.venture_id for e in events)
    assert events[0].ip == "127.0.0.1"
    assert events[0].user_agent == "Firefox/140"


def test_the_list_page_is_not_audited_per_row(client_for: Any) -> None:
    holding = HoldingFactory()
    client_for(holder(holding)).get("/portfolio/")
    assert not MetricsAccessEvent.objects.exists()


# --- what the pages show ---------------------------------------------------------------------


def test_the_list_shows_live_figures_runway_grade_and_totals_per_currency(
    client_for: Any,
) -> None:
    low = HoldingFactory(amount=Decimal("500000.00"))
    investor = low.investor
    profitable = HoldingFactory(investor=investor, amount=Decimal("250000.00"))
    unknown = HoldingFactory(investor=investor, currency="USD", amount=Decimal("80000.00"))
    _figures(low)
    _figures(profitable, cash="1000.00", burn="0")
    _figures(unknown, cash=None)

    page = client_for(member_of(investor, role=Role.VIEWER)).get("/portfolio/")

    html = page.content.decode()
    assert "750,000.00&nbsp;CNY" in html  # two CNY holdings, added
    assert "80,000.00&nbsp;USD" in html  # never added to yuan
    assert "830,000" not in html
    row = _row(html, low.pk)
    assert "<td>Equity</td>" in row
    assert "2026-10" in row  # the latest complete month
    assert "1,100.00&nbsp;CNY" in row
    assert "10.00%" in row  # 1,100 against 1,000 a year before
    assert "<mark>5.9 months</mark>" in row  # below six months: marked
    grade = venture_grade(low.venture)
    assert grade is not None
    assert f'class="grade grade-{grade}">{grade}<' in row
    assert "Profitable (no burn)" in _row(html, profitable.pk)
    assert "Unknown: the venture has not stated its cash and monthly burn yet" in _row(
        html, unknown.pk
    )


def _row(html: str, holding_id: int) -> str:
    start = html.index(f'data-holding="{holding_id}"')
    return html[start : html.index("</tr>", start)]


def test_the_list_costs_the_same_queries_for_two_holdings_or_eight(client_for: Any) -> None:
    investor = investor_org()
    reader = member_of(investor)
    client = client_for(reader)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/portfolio/").status_code == 200
        return len(captured)

    for _ in range(2):
        _figures(HoldingFactory(investor=investor))
    two = queries()
    for _ in range(6):
        _figures(HoldingFactory(investor=investor))
    assert queries() == two


def test_the_detail_shows_the_chart_data_the_alerts_and_the_other_holdings(
    client_for: Any,
) -> None:
    holding = HoldingFactory()
    _figures(holding)
    portfolio_alerts_run(today=dt.date(2026, 11, 20))

    page = client_for(holder(holding)).get(f"/portfolio/{holding.pk}/")

    html = page.content.decode()
    start = html.index('id="holding-chart-data"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert data["months"][0] == "2025-10"
    assert data["months"][-1] == "2026-10"
    assert data["net_revenue"][-1] == 1100.0
    assert data["currency"] == "CNY"
    assert "echarts.min.js" in html
    assert f"{holding.venture.name} has 5.9 months of cash left" in html
    assert "Runway below six months" in html


def test_a_holder_follows_links_to_a_private_venture_it_holds(client_for: Any) -> None:
    public = HoldingFactory()
    private = HoldingFactory(investor=public.investor)
    private.venture.is_public = False
    private.venture.save()
    client = client_for(holder(public))
    html = client.get("/portfolio/").content.decode()
    assert f'href="/ventures/rounds/{public.funding_round_id}/"' in _row(html, public.pk)
    # A stake opens the private venture's profile and rounds to its holder (ventures/access.py).
    assert f'href="/ventures/rounds/{private.funding_round_id}/"' in _row(html, private.pk)
    detail = client.get(f"/portfolio/{private.pk}/").content.decode()
    assert f'href="/ventures/{private.venture_id}/"' in detail
    assert client.get(f"/ventures/{private.venture_id}/").status_code == 200
    assert client.get(f"/ventures/rounds/{private.funding_round_id}/").status_code == 200
    outsider = client_for(member_of(investor_org()))
    assert outsider.get(f"/ventures/{private.venture_id}/").status_code == 404
    assert outsider.get(f"/ventures/rounds/{private.funding_round_id}/").status_code == 404


def test_the_alerts_page_lists_the_holders_alerts_only(client_for: Any) -> None:
    mine, theirs = HoldingFactory(), HoldingFactory()
    portfolio_alerts_run(today=dt.date(2026, 11, 20))  # neither ever reported: missed updates
    html = client_for(holder(mine)).get("/portfolio/alerts/").content.decode()
    assert f"{mine.venture.name} has not recorded its figures for 2026-10" in html
    assert theirs.venture.name not in html


# --- the digest choice -----------------------------------------------------------------------


def test_a_viewer_turns_the_digest_off_and_picks_a_language(client_for: Any) -> None:
    holding = HoldingFactory()
    reader = holder(holding, role=Role.VIEWER)
    client = client_for(reader)
    response = client.post("/portfolio/digest/", {"language": "ru"})  # unticked: off
    assert response.status_code == 302
    preference = DigestPreference.objects.get(membership__user=reader.user)
    assert (preference.receive, preference.language) == (False, "ru")
    page = client.get("/portfolio/digest/").content.decode()
    assert '<option value="ru" selected>' in page
    client.post("/portfolio/digest/", {"receive": "on", "language": ""})
    preference.refresh_from_db()
    assert (preference.receive, preference.language) == (True, "")


def test_an_unknown_language_is_refused_on_the_field(client_for: Any) -> None:
    reader = holder(HoldingFactory())
    response = client_for(reader).post("/portfolio/digest/", {"receive": "on", "language": "xx"})
    assert response.status_code == 200
    assert "xx is not one of the available choices" in response.content.decode()
    assert not DigestPreference.objects.exists()
