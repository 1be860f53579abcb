"""Sponsorship pages end to end: the intermediary's dashboard, the venture's sponsors page, the
profile's sponsor line, and 404 for everyone the page is not for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from runway.deals.models import DealState
from runway.deals.tests.factories import DealFactory
from runway.directory.models import ProfileSettings
from runway.directory.services import venture_reindex
from runway.directory.tests.factories import CHIPS, add_months, make_venture
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.passports.services import passport_issue
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.sponsors.services import sponsorship_accept, sponsorship_propose
from runway.sponsors.tests.factories import Pair, make_pair
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> Pair:
    return make_pair()


def test_an_intermediary_proposes_from_the_profile_and_the_venture_accepts(
    pair: Pair, client_for: Any
) -> None:
    broker = client_for(pair.broker)
    profile = broker.get("/directory/mama-circle/").content.decode()
    assert "/sponsors/propose/?venture=mama-circle" in profile
    form = broker.get("/sponsors/propose/?venture=mama-circle")
    assert form.status_code == 200
    assert 'value="mama-circle"' in form.content.decode()
    sent = broker.post(
        "/sponsors/propose/", {"venture": "mama-circle", "message": "We run your workshops."}
    )
    assert sent.status_code == 302
    sponsorship = Sponsorship.objects.get()
    assert sponsorship.message == "We run your workshops."
    assert (
        "Your sponsorship proposal waits" in broker.get("/directory/mama-circle/").content.decode()
    )

    founder = client_for(pair.founder)
    page = founder.get("/sponsors/").content.decode()
    assert "We run your workshops." in page
    assert f"/sponsors/{sponsorship.pk}/accept/" in page
    assert (
        founder.post(f"/sponsors/{sponsorship.pk}/accept/", {"seen": "proposed"}).status_code == 302
    )
    assert Sponsorship.objects.get().status == SponsorshipStatus.ACCEPTED

    profile = Client(headers={"accept-language": "en"}).get("/directory/mama-circle/")
    html = profile.content.decode()
    assert "Sponsored by" in html
    assert "南山跨境电商孵化器" in html
    assert "/directory/?sponsor=nanshan-incubator" in html
    assert '<span class="badge verified" title="Verified by Runway">✓ verified</span>' in html


def test_a_venture_member_reads_proposals_but_only_owners_and_admins_answer(
    pair: Pair, client_for: Any
) -> None:
    sponsorship = pair.propose()
    member = client_for(pair.venture_member)
    page = member.get("/sponsors/").content.decode()
    assert "南山跨境电商孵化器" in page
    assert "/accept/" not in page
    assert "owners and admins answer proposals" in page
    assert member.post(f"/sponsors/{sponsorship.pk}/accept/").status_code == 404
    assert (
        client_for(pair.venture_viewer).post(f"/sponsors/{sponsorship.pk}/decline/").status_code
        == 404
    )
    admin = client_for(pair.venture_admin)
    assert (
        admin.post(f"/sponsors/{sponsorship.pk}/decline/", {"seen": "proposed"}).status_code == 302
    )
    assert Sponsorship.objects.get().status == SponsorshipStatus.DECLINED


def test_a_stale_click_is_refused_with_a_message(pair: Pair, client_for: Any) -> None:
    sponsorship = pair.propose()
    founder = client_for(pair.founder)
    founder.post(f"/sponsors/{sponsorship.pk}/accept/", {"seen": "proposed"})
    response = founder.post(
        f"/sponsors/{sponsorship.pk}/decline/", {"seen": "proposed"}, follow=True
    )
    assert "This sponsorship is now “Accepted”; nothing was changed." in response.content.decode()
    assert Sponsorship.objects.get().status == SponsorshipStatus.ACCEPTED


def test_either_side_ends_and_viewers_cannot(pair: Pair, client_for: Any) -> None:
    sponsorship = pair.sponsor()
    assert (
        client_for(pair.broker_viewer).post(f"/sponsors/{sponsorship.pk}/end/").status_code == 404
    )
    assert (
        client_for(pair.venture_viewer).post(f"/sponsors/{sponsorship.pk}/end/").status_code == 404
    )
    assert (
        client_for(pair.venture_member).post(f"/sponsors/{sponsorship.pk}/end/").status_code == 404
    )
    response = client_for(pair.broker).post(
        f"/sponsors/{sponsorship.pk}/end/", {"seen": "accepted"}
    )
    assert response.status_code == 302
    assert Sponsorship.objects.get().status == SponsorshipStatus.ENDED
    again = pair.sponsor()
    assert client_for(pair.founder).post(f"/sponsors/{again.pk}/end/").status_code == 302
    assert Sponsorship.objects.get(pk=again.pk).ended_by_side == "venture"


@pytest.mark.parametrize("kind", [OrganizationKind.INVESTOR, OrganizationKind.GOVERNMENT])
def test_other_kinds_get_404_everywhere(pair: Pair, client_for: Any, kind: str) -> None:
    sponsorship = pair.propose()
    client = client_for(make_actor(kind=kind, category="vc" if kind == "investor" else ""))
    assert client.get("/sponsors/").status_code == 404
    assert client.get("/sponsors/propose/").status_code == 404
    for move in ("accept", "decline", "end"):
        assert client.post(f"/sponsors/{sponsorship.pk}/{move}/").status_code == 404
    assert "Propose to sponsor" not in client.get("/directory/mama-circle/").content.decode()


def test_another_intermediary_cannot_touch_the_sponsorship(pair: Pair, client_for: Any) -> None:
    sponsorship = pair.propose()
    other = make_actor(kind=OrganizationKind.INTERMEDIARY, category="advisor")
    client = client_for(other)
    assert client.post(f"/sponsors/{sponsorship.pk}/end/").status_code == 404
    assert "妈妈圈" not in client.get("/sponsors/").content.decode()


def test_intermediary_viewers_see_the_dashboard_without_buttons(
    pair: Pair, client_for: Any
) -> None:
    pair.sponsor()
    page = client_for(pair.broker_viewer).get("/sponsors/").content.decode()
    assert "妈妈圈" in page
    assert "/end/" not in page
    assert 'action="/sponsors/propose/"' not in page
    assert client_for(pair.broker_viewer).get("/sponsors/propose/").status_code == 404
    assert (
        "Propose to sponsor"
        not in client_for(pair.broker_viewer).get("/directory/mama-circle/").content.decode()
    )


def test_anonymous_visitors_are_sent_to_sign_in(pair: Pair) -> None:
    sponsorship = pair.propose()
    client = Client()
    assert client.get("/sponsors/").status_code == 302
    assert client.post(f"/sponsors/{sponsorship.pk}/accept/").status_code == 302
    assert Sponsorship.objects.get().status == SponsorshipStatus.PROPOSED


def test_a_proposal_for_an_unknown_or_hidden_venture_names_the_field(
    pair: Pair, client_for: Any
) -> None:
    hidden = make_venture("Stealth", slug="stealth", is_public=False)
    broker = client_for(pair.broker)
    for slug in ("no-such-venture", hidden.organization.slug):
        response = broker.post("/sponsors/propose/", {"venture": slug})
        assert response.status_code == 422
        assert "No venture you can see has this short name." in response.content.decode()
    pair.propose()
    twice = broker.post("/sponsors/propose/", {"venture": "mama-circle"})
    assert twice.status_code == 422
    assert "You already sponsor this venture or wait for its answer" in twice.content.decode()
    assert Sponsorship.objects.count() == 1


def test_the_dashboard_shows_progress_and_counts_only(
    pair: Pair, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    chips = make_venture(**CHIPS, team_size=65)
    add_months(chips)
    ProfileSettings.objects.create(venture=chips, show_raw_figures=True)
    owner = member_of(chips.organization, Role.OWNER)
    passport_issue(
        actor=owner, venture=chips, period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 1), valid_days=90,
    )  # fmt: skip
    venture_reindex(venture_id=chips.pk)
    funding_round = FundingRoundFactory(venture=chips, title="A 轮", status=RoundStatus.OPEN)
    for state in (
        DealState.INTERESTED,
        DealState.INTRO_REQUESTED,
        DealState.DILIGENCE,
        DealState.PASSED,
    ):
        DealFactory(funding_round=funding_round, state=state)  # fmt: skip
    sponsorship_accept(
        actor=owner, sponsorship=sponsorship_propose(actor=pair.broker, venture=chips)
    )
    pair.sponsor()
    pending_venture = make_venture("花间集", slug="huajian-flowers")
    sponsorship_propose(actor=pair.broker, venture=pending_venture)

    broker = client_for(pair.broker)
    with django_assert_max_num_queries(10):
        response = broker.get("/sponsors/")
    html = response.content.decode()
    row = html[html.index("华强芯链") : html.index("</tr>", html.index("华强芯链"))]
    assert "A 轮" in row
    assert "3,000,000" in row
    assert "Open" in row
    assert "<td>2</td>" in row  # intro requested and diligence: not the shortlist, not the passed
    assert "Annual net revenue" in row  # the venture shows exact figures
    assert "Traction: imported" in row
    assert f"<td>{chips.directory_entry.grade}</td>" in row
    assert "Valid until" in row
    mama = html[html.index("妈妈圈") : html.index("</tr>", html.index("妈妈圈"))]
    assert "No verified figures yet" in mama
    assert "Annual net revenue" not in mama
    pending = html[html.index('id="pending"') :]
    assert "花间集" in pending
    assert "Withdraw the proposal" in pending
    # Nothing of the deals but their number: no investor's name on the page.
    assert all(deal.investor.name not in html for deal in funding_round.deals.all())
