"""Changing members' roles and removing members, by role; an organization always keeps an owner."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from runway.orgs.models import Membership, Role
from runway.orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def signed_in(client: Client, role: str) -> Membership:
    membership = MembershipFactory(role=role)
    client.force_login(membership.user)
    return membership


def role_of(membership: Membership) -> str:
    membership.refresh_from_db()
    return membership.role


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


class TestRoleChange:
    @pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
    def test_admins_and_owners_change_a_members_role(self, client: Client, role: str) -> None:
        actor = signed_in(client, role)
        member = MembershipFactory(organization=actor.organization, role=Role.MEMBER)

        response = client.post(reverse("orgs:member_role", args=[member.pk]), {"role": "viewer"})

        assert response["Location"] == reverse("orgs:detail")
        assert role_of(member) == Role.VIEWER

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
    def test_members_and_viewers_cannot_change_roles(self, client: Client, role: str) -> None:
        actor = signed_in(client, role)
        other = MembershipFactory(organization=actor.organization, role=Role.VIEWER)

        response = client.post(reverse("orgs:member_role", args=[other.pk]), {"role": "admin"})

        assert response.status_code == 404
        assert role_of(other) == Role.VIEWER

    def test_admin_cannot_make_an_owner(self, client: Client) -> None:
        admin = signed_in(client, Role.ADMIN)
        member = MembershipFactory(organization=admin.organization, role=Role.MEMBER)

        response = client.post(reverse("orgs:member_role", args=[member.pk]), {"role": "owner"})

        assert response.status_code == 404
        assert role_of(member) == Role.MEMBER

    def test_admin_cannot_demote_an_owner(self, client: Client) -> None:
        admin = signed_in(client, Role.ADMIN)
        owner = MembershipFactory(organization=admin.organization, role=Role.OWNER)

        response = client.post(reverse("orgs:member_role", args=[owner.pk]), {"role": "viewer"})

        assert response.status_code == 404
        assert role_of(owner) == Role.OWNER

    def test_owner_makes_another_owner_then_steps_down(self, client: Client) -> None:
        owner = signed_in(client, Role.OWNER)
        admin = MembershipFactory(organization=owner.organization, role=Role.ADMIN)

        client.post(reverse("orgs:member_role", args=[admin.pk]), {"role": "owner"})
        client.post(reverse("orgs:member_role", args=[owner.pk]), {"role": "admin"})

        assert (role_of(admin), role_of(owner)) == (Role.OWNER, Role.ADMIN)

    def test_last_owner_cannot_step_down(self, client: Client) -> None:
        owner = signed_in(client, Role.OWNER)

        response = client.post(reverse("orgs:member_role", args=[owner.pk]), {"role": "admin"})

        assert response["Location"] == reverse("orgs:detail")
        assert role_of(owner) == Role.OWNER
        assert messages_of(response) == ["An organization needs at least one owner."]

    def test_unknown_role_is_refused(self, client: Client) -> None:
        owner = signed_in(client, Role.OWNER)
        member = MembershipFactory(organization=owner.organization, role=Role.MEMBER)

        client.post(reverse("orgs:member_role", args=[member.pk]), {"role": "emperor"})

        assert role_of(member) == Role.MEMBER

    def test_member_of_another_organization_is_not_found(self, client: Client) -> None:
        signed_in(client, Role.OWNER)
        stranger = MembershipFactory(role=Role.MEMBER)

        response = client.post(reverse("orgs:member_role", args=[stranger.pk]), {"role": "viewer"})

        assert response.status_code == 404
        assert role_of(stranger) == Role.MEMBER


class TestRemove:
    @pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
    def test_admins_and_owners_remove_a_member(self, client: Client, role: str) -> None:
        actor = signed_in(client, role)
        member = MembershipFactory(organization=actor.organization, role=Role.MEMBER)

        response = client.post(reverse("orgs:member_remove", args=[member.pk]))

        assert response["Location"] == reverse("orgs:detail")
        assert not Membership.objects.filter(pk=member.pk).exists()

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
    def test_members_and_viewers_cannot_remove(self, client: Client, role: str) -> None:
        actor = signed_in(client, role)
        other = MembershipFactory(organization=actor.organization, role=Role.VIEWER)

        assert client.post(reverse("orgs:member_remove", args=[other.pk])).status_code == 404
        assert Membership.objects.filter(pk=other.pk).exists()

    def test_admin_cannot_remove_an_owner(self, client: Client) -> None:
        admin = signed_in(client, Role.ADMIN)
        owner = MembershipFactory(organization=admin.organization, role=Role.OWNER)

        assert client.post(reverse("orgs:member_remove", args=[owner.pk])).status_code == 404
        assert Membership.objects.filter(pk=owner.pk).exists()

    def test_owner_removes_another_owner(self, client: Client) -> None:
        owner = signed_in(client, Role.OWNER)
        other = MembershipFactory(organization=owner.organization, role=Role.OWNER)

        client.post(reverse("orgs:member_remove", args=[other.pk]))

        assert not Membership.objects.filter(pk=other.pk).exists()

    def test_last_owner_cannot_be_removed(self, client: Client) -> None:
        owner = signed_in(client, Role.OWNER)
        MembershipFactory(organization=owner.organization, role=Role.ADMIN)

        response = client.post(reverse("orgs:member_remove", args=[owner.pk]))

        assert Membership.objects.filter(pk=owner.pk).exists()
        assert messages_of(response) == ["An organization needs at least one owner."]

    def test_member_of_another_organization_is_not_found(self, client: Client) -> None:
        signed_in(client, Role.OWNER)
        stranger = MembershipFactory(role=Role.MEMBER)

        assert client.post(reverse("orgs:member_remove", args=[stranger.pk])).status_code == 404
        assert Membership.objects.filter(pk=stranger.pk).exists()

    def test_removal_needs_post(self, client: Client) -> None:
        owner = signed_in(client, Role.OWNER)
        member = MembershipFactory(organization=owner.organization)

        assert client.get(reverse("orgs:member_remove", args=[member.pk])).status_code == 405
        assert Membership.objects.filter(pk=member.pk).exists()
