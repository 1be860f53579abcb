"""What a profile offers each reader: the open round with "Ask for an introduction" for
investors, signing up for visitors, proposing a sponsorship for intermediaries, the teasers, and
the sponsors it shows (in the API too)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runway.deals.models import DealState
from runway.deals.tests.factories import DealFactory
from runway.directory.services import venture_reindex
from runway.directory.tests.factories import MAMA, make_venture
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.sponsors.services import sponsorship_accept, sponsorship_propose
from runway.sponsors.tests.factories import make_intermediary
from runway.ventures.models import RoundStatus, Venture
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db
PROFILE = "/directory/mama-circle/"


@pytest.fixture
def mama() -> Venture:
    venture = make_venture(**MAMA)
    FundingRoundFactory(venture=venture, title="救助轮", status=RoundStatus.OPEN)
    FundingRoundFactory(venture=venture, title="Draft round", status=RoundStatus.DRAFT)
    return venture


def html_of(client: Client) -> str:
    response = client.get(PROFILE)
    assert response.status_code == 200
    return response.content.decode()


def test_investors_are_offered_an_introduction_to_the_open_round(
    mama: Venture, client_for: Any
) -> None:
    investor = make_actor(kind=OrganizationKind.INVESTOR, category="vc", role=Role.MEMBER)
    html = html_of(client_for(investor))
    funding_round = mama.rounds.get(title="救助轮")
    assert "Raising now" in html
    assert "救助轮" in html
    assert "Draft round" not in html
    assert f'href="/deals/start/round/{funding_round.pk}/"' in html
    assert "Ask for an introduction" in html
    deal = DealFactory(
        funding_round=funding_round, investor=investor.organization,
        state=DealState.INTRO_REQUESTED,
    )  # fmt: skip
    html = html_of(client_for(investor))
    assert f'href="/deals/{deal.pk}/"' in html
    assert "Ask for an introduction" not in html


def test_visitors_are_asked_to_sign_up_and_others_are_not_offered_an_intro(
    mama: Venture, client_for: Any
) -> None:
    html = html_of(Client(headers={"accept-language": "en"}))
    assert "Sign up as an investor to ask for an introduction" in html
    assert "/deals/start/" not in html
    viewer = make_actor(kind=OrganizationKind.INVESTOR, category="vc", role=Role.VIEWER)
    for reader in (
        viewer,
        member_of(mama.organization, Role.OWNER),
        make_actor(kind=OrganizationKind.INTERMEDIARY, category="incubator"),
    ):
        html = html_of(client_for(reader))
        assert "救助轮" in html
        assert "/deals/start/" not in html


def test_without_an_open_round_there_is_nothing_to_ask(client_for: Any) -> None:
    venture = make_venture(**MAMA)
    FundingRoundFactory(venture=venture, status=RoundStatus.CLOSED)
    investor = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    html = html_of(client_for(investor))
    assert "Raising now" not in html
    assert "Ask for an introduction" not in html


def test_the_profile_links_both_teasers(mama: Venture) -> None:
    html = html_of(Client(headers={"accept-language": "en"}))
    assert 'href="/directory/mama-circle/teaser.pdf"' in html
    assert 'href="/directory/mama-circle/teaser.pdf?lang=en"' in html


def test_sponsors_show_on_the_profile_in_the_page_and_the_api(mama: Venture) -> None:
    sponsor = make_intermediary(
        slug="nanshan-incubator", is_verified=True, website="https://n.example"
    )
    unverified = make_intermediary("深圳电商创业者社群", slug="sz-founders")
    owner = member_of(mama.organization, Role.OWNER)
    for intermediary in (sponsor, unverified):
        sponsorship_accept(
            actor=owner,
            sponsorship=sponsorship_propose(actor=member_of(intermediary), venture=mama),
        )
    pending = make_intermediary("华强北商务顾问", slug="hqb-advisors")
    sponsorship_propose(actor=member_of(pending), venture=mama)
    venture_reindex(venture_id=mama.pk)

    html = html_of(Client(headers={"accept-language": "en"}))
    line = html[html.index('id="sponsors"') : html.index("</p>", html.index('id="sponsors"'))]
    assert "南山跨境电商孵化器" in line
    assert "深圳电商创业者社群" in line
    assert line.count("✓ verified") == 1
    assert 'href="https://n.example"' in line
    assert "华强北商务顾问" not in html  # a proposal is not shown

    body = Client().get("/api/v1/directory", {"q": "母婴"}).json()
    (item,) = body["items"]
    assert item["sponsors"] == [
        {"name": "南山跨境电商孵化器", "slug": "nanshan-incubator", "is_verified": True},
        {"name": "深圳电商创业者社群", "slug": "sz-founders", "is_verified": False},
    ]
    by_sponsor = Client().get("/api/v1/directory", {"sponsor": "sz-founders"}).json()
    assert [i["slug"] for i in by_sponsor["items"]] == ["mama-circle"]
    assert Client().get("/api/v1/directory", {"sponsor": "hqb-advisors"}).json()["count"] == 0

    page = Client(headers={"accept-language": "en"}).get(
        "/directory/", {"sponsor": "nanshan-incubator"}
    )
    text = page.content.decode()
    assert "Ventures sponsored by 南山跨境电商孵化器" in text
    assert "妈妈圈" in text
    assert 'name="sponsor" value="nanshan-incubator"' in text


def test_intermediary_members_are_offered_to_propose(mama: Venture, client_for: Any) -> None:
    broker = member_of(make_intermediary(slug="nanshan-incubator"), Role.MEMBER)
    html = html_of(client_for(broker))
    assert 'href="/sponsors/propose/?venture=mama-circle"' in html
    sponsorship_propose(actor=broker, venture=mama)
    html = html_of(client_for(broker))
    assert "Propose to sponsor" not in html
    assert "Your sponsorship proposal waits for the venture’s answer." in html  # noqa: RUF001
