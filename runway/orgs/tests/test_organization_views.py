"""The organization page, editing it, creating another one and switching between them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runway.engine.credit_code import with_check_character
from runway.orgs.middleware import SESSION_KEY
from runway.orgs.models import Membership, Organization, OrganizationKind, Role
from runway.orgs.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def signed_in(client: Client, role: str = Role.OWNER, **org: Any) -> Membership:
    membership = MembershipFactory(role=role, organization=OrganizationFactory(**org))
    client.force_login(membership.user)
    return membership


class TestDetail:
    def test_shows_card_members_with_roles_and_pending_invitations(self, client: Client) -> None:
        owner = signed_in(client, name="Blossom Trading", is_verified=True, city="Shenzhen")
        viewer = MembershipFactory(organization=owner.organization, role=Role.VIEWER)
        InvitationFactory(organization=owner.organization, email="pending@example.cn")
        InvitationFactory(
            organization=owner.organization, email="gone@example.cn", revoked_at=timezone.now()
        )
        MembershipFactory(user__email="stranger@example.cn")

        response = client.get(reverse("orgs:detail"))

        assert response.status_code == 200
        text = response.text
        assert "Blossom Trading" in text
        assert "badge verified" in text
        assert owner.organization.credit_code in text
        assert viewer.user.email in text
        assert "Viewer" in text
        assert "pending@example.cn" in text
        assert "gone@example.cn" not in text
        assert "stranger@example.cn" not in text
        assert reverse("orgs:edit") in text
        assert reverse("orgs:invite") in text

    def test_viewer_sees_no_edit_controls(self, client: Client) -> None:
        viewer = signed_in(client, role=Role.VIEWER)
        other = MembershipFactory(organization=viewer.organization, role=Role.MEMBER)

        response = client.get(reverse("orgs:detail"))

        assert response.status_code == 200
        assert reverse("orgs:edit") not in response.text
        assert reverse("orgs:invite") not in response.text
        assert reverse("orgs:member_remove", args=[other.pk]) not in response.text

    def test_admin_gets_no_controls_on_owners(self, client: Client) -> None:
        admin = signed_in(client, role=Role.ADMIN)
        owner = MembershipFactory(organization=admin.organization, role=Role.OWNER)
        member = MembershipFactory(organization=admin.organization, role=Role.MEMBER)

        text = client.get(reverse("orgs:detail")).text

        assert reverse("orgs:member_role", args=[owner.pk]) not in text
        assert reverse("orgs:member_role", args=[member.pk]) in text
        assert '<option value="owner"' not in text

    def test_query_count_does_not_grow_with_members(
        self, client: Client, django_assert_max_num_queries: Any
    ) -> None:
        owner = signed_in(client)
        for _ in range(8):
            MembershipFactory(organization=owner.organization)
            InvitationFactory(organization=owner.organization, invited_by=owner.user)

        with django_assert_max_num_queries(7):
            client.get(reverse("orgs:detail"))

    def test_user_without_organization_is_sent_to_create_one(self, client: Client) -> None:
        client.force_login(UserFactory())

        response = client.get(reverse("orgs:detail"))

        assert response["Location"] == reverse("orgs:create")


class TestEdit:
    def edit_data(self, organization: Organization, **overrides: Any) -> dict[str, Any]:
        data = {
            "name": organization.name,
            "category": organization.category,
            "country": organization.country,
            "credit_code": organization.credit_code,
            "registry_number": organization.registry_number,
            "city": organization.city,
            "website": "",
        }
        data.update(overrides)
        return data

    @pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
    def test_admins_and_owners_edit(self, client: Client, role: str) -> None:
        membership = signed_in(client, role=role, kind=OrganizationKind.INVESTOR)
        organization = membership.organization

        response = client.post(
            reverse("orgs:edit"),
            self.edit_data(organization, city="Guangzhou", category="bank", website="bank.cn"),
        )

        assert response["Location"] == reverse("orgs:detail")
        organization.refresh_from_db()
        assert (organization.city, organization.category) == ("Guangzhou", "bank")
        assert organization.website == "https://bank.cn"

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
    def test_members_and_viewers_cannot_edit(self, client: Client, role: str) -> None:
        membership = signed_in(client, role=role, city="Shenzhen")
        organization = membership.organization

        assert client.get(reverse("orgs:edit")).status_code == 404
        response = client.post(reverse("orgs:edit"), self.edit_data(organization, city="Xi'an"))

        assert response.status_code == 404
        organization.refresh_from_db()
        assert organization.city == "Shenzhen"

    def test_category_choices_follow_the_kind(self, client: Client) -> None:
        signed_in(client, kind=OrganizationKind.INTERMEDIARY)
        form = client.get(reverse("orgs:edit")).context["form"]
        assert {value for value, _label in form.fields["category"].choices} == {
            "",
            "incubator",
            "advisor",
            "community",
        }

        client.force_login(MembershipFactory(role=Role.OWNER).user)
        assert "category" not in client.get(reverse("orgs:edit")).context["form"].fields

    def test_kind_cannot_be_changed(self, client: Client) -> None:
        membership = signed_in(client)

        client.post(reverse("orgs:edit"), self.edit_data(membership.organization, kind="investor"))

        membership.organization.refresh_from_db()
        assert membership.organization.kind == OrganizationKind.VENTURE

    def test_wrong_credit_code_is_shown_on_the_field(self, client: Client) -> None:
        membership = signed_in(client)
        code = membership.organization.credit_code
        wrong = code[:17] + ("0" if code[17] != "0" else "1")

        response = client.post(
            reverse("orgs:edit"), self.edit_data(membership.organization, credit_code=wrong)
        )

        assert response.status_code == 400
        [error] = response.context["form"].errors.as_data()["credit_code"]
        assert f"“{code[17]}”" in error.message
        membership.organization.refresh_from_db()
        assert membership.organization.credit_code == code

    def test_changing_a_verified_identity_removes_the_verification(self, client: Client) -> None:
        membership = signed_in(client, is_verified=True)

        client.post(reverse("orgs:edit"), self.edit_data(membership.organization, city="Foshan"))
        membership.organization.refresh_from_db()
        assert membership.organization.is_verified

        client.post(reverse("orgs:edit"), self.edit_data(membership.organization, name="New Name"))
        membership.organization.refresh_from_db()
        assert not membership.organization.is_verified


class TestCreate:
    def test_signed_in_user_creates_another_organization_which_becomes_current(
        self, client: Client
    ) -> None:
        first = signed_in(client)
        code = with_check_character("91440300MA5G00009")

        response = client.post(
            reverse("orgs:create"),
            {
                "name": "Second Shop",
                "kind": OrganizationKind.INTERMEDIARY,
                "category": "community",
                "country": "CN",
                "credit_code": code,
                "city": "Shenzhen",
            },
        )

        assert response["Location"] == reverse("orgs:detail")
        organization = Organization.objects.get(credit_code=code)
        assert Membership.objects.get(user=first.user, organization=organization).role == Role.OWNER
        assert client.session[SESSION_KEY] == organization.pk
        assert client.get(reverse("orgs:detail")).context["organization"] == organization

    def test_invalid_form_creates_nothing(self, client: Client) -> None:
        signed_in(client)

        response = client.post(reverse("orgs:create"), {"name": "X", "kind": "platform"})

        assert response.status_code == 400
        assert Organization.objects.count() == 1


class TestSwitch:
    def test_member_switches_and_lands_on_the_dashboard(self, client: Client) -> None:
        first = signed_in(client)
        second = MembershipFactory(user=first.user, role=Role.VIEWER)

        response = client.post(reverse("orgs:switch"), {"organization": second.organization.pk})

        assert response["Location"] == reverse("dashboard:home")
        assert client.session[SESSION_KEY] == second.organization.pk
        page = client.get(reverse("orgs:detail"))
        assert page.context["organization"] == second.organization
        assert not page.context["can_manage"]

    def test_non_member_organization_is_not_found(self, client: Client) -> None:
        first = signed_in(client)
        client.post(reverse("orgs:switch"), {"organization": first.organization.pk})
        stranger = OrganizationFactory()

        response = client.post(reverse("orgs:switch"), {"organization": stranger.pk})

        assert response.status_code == 404
        assert client.session[SESSION_KEY] == first.organization.pk

    @pytest.mark.parametrize("value", ["", "abc", "0"])
    def test_garbage_is_not_found(self, client: Client, value: str) -> None:
        signed_in(client)

        assert client.post(reverse("orgs:switch"), {"organization": value}).status_code == 404

    def test_switch_needs_post_and_a_signed_in_user(self, client: Client) -> None:
        assert client.post(reverse("orgs:switch"), {"organization": 1}).status_code == 302
        signed_in(client)
        assert client.get(reverse("orgs:switch")).status_code == 405
