"""Sponsorships through the API: the same sides, moves and refusals as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from runway.api.tests.client import ApiClient
from runway.api.tests.factories import make_token
from runway.directory.services import venture_reindex
from runway.directory.tests.factories import CHIPS, add_months, make_venture
from runway.notifications.models import Notification
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.sponsors.services import sponsorship_accept, sponsorship_propose
from runway.sponsors.tests.factories import Pair, make_pair
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}


@pytest.fixture
def api() -> Callable[..., ApiClient]:
    def build(organization: Organization, role: str = Role.MEMBER) -> ApiClient:
        token, key = make_token(organization=organization, role=role)
        return ApiClient(key, token)

    return build


@pytest.fixture
def pair() -> Pair:
    return make_pair()


def test_propose_accept_list_and_end(pair: Pair, api: Any) -> None:
    broker, founder = api(pair.intermediary), api(pair.venture.organization, Role.ADMIN)
    created = broker.post("/sponsors", {"venture_id": pair.venture.pk, "message": "Hello"})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "proposed"
    assert body["venture"] == {
        "id": pair.venture.pk, "name": "妈妈圈", "slug": "mama-circle", "is_verified": False,
    }  # fmt: skip
    assert body["intermediary"]["name"] == "南山跨境电商孵化器"
    assert body["intermediary"]["is_verified"] is True

    listed = founder.get("/sponsors", status="proposed").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    accepted = founder.post(f"/sponsors/{body['id']}/accept?seen=proposed", {})
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["decided_at"] is not None

    ended = broker.post(f"/sponsors/{body['id']}/end", {})
    assert ended.status_code == 200
    assert (ended.json()["status"], ended.json()["ended_by_side"]) == ("ended", "intermediary")
    assert Notification.objects.filter(organization=pair.venture.organization).count() == 2


def test_answers_need_no_body(pair: Pair, api: Any) -> None:
    sponsorship = pair.propose()
    founder = api(pair.venture.organization, Role.OWNER)
    response = founder.client.post(
        f"/api/v1/sponsors/{sponsorship.pk}/decline", headers=founder.headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "declined"


def test_a_stale_or_repeated_answer_is_422_naming_the_status(pair: Pair, api: Any) -> None:
    sponsorship = pair.propose()
    founder = api(pair.venture.organization, Role.OWNER)
    assert founder.post(f"/sponsors/{sponsorship.pk}/accept", {}).status_code == 200
    again = founder.post(f"/sponsors/{sponsorship.pk}/decline?seen=proposed", {})
    assert again.status_code == 422
    assert "now “Accepted”" in again.json()["detail"][0]["msg"]
    assert Sponsorship.objects.get().status == SponsorshipStatus.ACCEPTED


def test_a_duplicate_proposal_is_422_on_the_venture(pair: Pair, api: Any) -> None:
    broker = api(pair.intermediary)
    assert broker.post("/sponsors", {"venture_id": pair.venture.pk}).status_code == 201
    twice = broker.post("/sponsors", {"venture_id": pair.venture.pk})
    assert twice.status_code == 422
    assert twice.json()["detail"][0]["loc"] == ["body", "venture"]


def test_input_errors_name_the_field(pair: Pair, api: Any) -> None:
    broker = api(pair.intermediary)
    long = broker.post("/sponsors", {"venture_id": pair.venture.pk, "message": "x" * 2001})
    assert long.status_code == 422
    assert long.json()["detail"][0]["loc"] == ["body", "message"]
    unknown = broker.post("/sponsors", {"venture_id": pair.venture.pk, "colour": "red"})
    assert unknown.status_code == 422


@pytest.mark.parametrize(
    ("who", "role"),
    [
        ("intermediary", Role.VIEWER),
        ("venture", Role.OWNER),
        ("investor", Role.OWNER),
    ],
)
def test_only_intermediary_members_propose(pair: Pair, api: Any, who: str, role: str) -> None:
    organization = {
        "intermediary": pair.intermediary,
        "venture": pair.venture.organization,
        "investor": OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc"),
    }[who]
    response = api(organization, role).post("/sponsors", {"venture_id": pair.venture.pk})
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not Sponsorship.objects.exists()


def test_a_private_or_missing_venture_is_404(pair: Pair, api: Any) -> None:
    hidden = make_venture("Stealth", slug="stealth", is_public=False)
    broker = api(pair.intermediary)
    for venture_id in (hidden.pk, 999_999):
        response = broker.post("/sponsors", {"venture_id": venture_id})
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_outsiders_and_the_wrong_roles_get_404(pair: Pair, api: Any) -> None:
    sponsorship = pair.propose()
    investor = api(OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc"), Role.OWNER)
    other_broker = api(
        OrganizationFactory(kind=OrganizationKind.INTERMEDIARY, category="advisor"), Role.OWNER
    )
    for client in (investor, other_broker):
        assert client.get(f"/sponsors/{sponsorship.pk}").status_code == 404
        assert client.get("/sponsors").json()["items"] == []
        for move in ("accept", "decline", "end"):
            assert client.post(f"/sponsors/{sponsorship.pk}/{move}", {}).status_code == 404
    venture_member = api(pair.venture.organization, Role.MEMBER)
    venture_viewer = api(pair.venture.organization, Role.VIEWER)
    assert venture_viewer.get(f"/sponsors/{sponsorship.pk}").status_code == 200
    for client in (venture_member, venture_viewer):
        assert client.post(f"/sponsors/{sponsorship.pk}/accept", {}).status_code == 404
    broker_viewer = api(pair.intermediary, Role.VIEWER)
    assert broker_viewer.get(f"/sponsors/{sponsorship.pk}").status_code == 200
    assert broker_viewer.post(f"/sponsors/{sponsorship.pk}/end", {}).status_code == 404
    assert Sponsorship.objects.get().status == SponsorshipStatus.PROPOSED


def test_anonymous_callers_are_401(pair: Pair) -> None:
    anonymous = ApiClient(None)
    assert anonymous.get("/sponsors").status_code == 401
    assert anonymous.post("/sponsors", {"venture_id": pair.venture.pk}).status_code == 401


def test_the_sponsored_ventures_with_their_progress(pair: Pair, api: Any) -> None:
    chips = make_venture(**CHIPS)
    add_months(chips)
    venture_reindex(venture_id=chips.pk)
    sponsorship_accept(
        actor=member_of(chips.organization, Role.OWNER),
        sponsorship=sponsorship_propose(actor=pair.broker, venture=chips),
    )
    pair.propose()  # pending: not sponsored yet
    response = api(pair.intermediary, Role.VIEWER).get("/sponsors/ventures")
    assert response.status_code == 200
    (row,) = response.json()
    assert row["venture"]["slug"] == "hqb-chiplink"
    assert (row["verification"], row["revenue_band"], row["growth_band"]) == (
        "imported", "1m-5m", "growing",
    )  # fmt: skip
    assert row["grade"] == chips.directory_entry.grade
    assert (row["annual_revenue"], row["currency"]) == (None, None)  # bands only
    assert row["deals_in_progress"] == 0
    assert row["current_round"] is None
    assert api(pair.venture.organization).get("/sponsors/ventures").status_code == 404
