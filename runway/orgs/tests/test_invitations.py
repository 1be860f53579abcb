"""Inviting people by e-mail, and accepting, refusing or revoking invitations."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResult
from django_tasks.signals import task_enqueued

from runway.orgs.middleware import SESSION_KEY
from runway.orgs.models import Invitation, Membership, Role
from runway.orgs.services import hash_token
from runway.orgs.tasks import send_invitation_email
from runway.orgs.tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., Any]


def signed_in(client: Client, role: str = Role.OWNER) -> Membership:
    membership = MembershipFactory(role=role)
    client.force_login(membership.user)
    return membership


def accept_path(message: mail.EmailMessage) -> str:
    link = re.search(r"https?://[^/\s]+(/organizations/invitations/[^/\s]+/)", str(message.body))
    assert link is not None, message.body
    return link.group(1)


class TestInvite:
    def test_admin_invites_and_the_email_goes_out_after_commit(
        self, client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
    ) -> None:
        admin = signed_in(client, role=Role.ADMIN)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(
                reverse("orgs:invite"), {"email": "New.Person@Example.cn", "role": Role.MEMBER}
            )
            assert mail.outbox == []
        assert response["Location"] == reverse("orgs:detail")
        assert len(callbacks) == 1

        callbacks[0]()

        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role) == ("new.person@example.cn", Role.MEMBER)
        assert invitation.invited_by == admin.user
        [message] = mail.outbox
        assert message.to == ["new.person@example.cn"]
        assert admin.organization.name in message.subject
        path = accept_path(message)
        token = path.rstrip("/").rsplit("/", 1)[-1]
        assert invitation.token_hash == hash_token(token)
        assert token not in invitation.token_hash

    def test_email_is_written_in_the_inviters_language(
        self, client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
    ) -> None:
        signed_in(client, role=Role.ADMIN)
        enqueued: list[TaskResult[Any]] = []

        def remember(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
            enqueued.append(task_result)

        task_enqueued.connect(remember)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(
                    reverse("orgs:invite"),
                    {"email": "new@example.cn", "role": Role.VIEWER},
                    HTTP_ACCEPT_LANGUAGE="ru",
                )
        finally:
            task_enqueued.disconnect(remember)

        [result] = enqueued
        assert result.kwargs["language"] == "ru"
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
    def test_members_and_viewers_cannot_invite(self, client: Client, role: str) -> None:
        signed_in(client, role=role)

        assert client.get(reverse("orgs:invite")).status_code == 404
        response = client.post(reverse("orgs:invite"), {"email": "x@example.cn", "role": "member"})

        assert response.status_code == 404
        assert not Invitation.objects.exists()

    def test_only_owners_may_invite_owners(self, client: Client) -> None:
        signed_in(client, role=Role.ADMIN)

        response = client.post(reverse("orgs:invite"), {"email": "x@example.cn", "role": "owner"})

        assert response.status_code == 400
        assert "role" in response.context["form"].errors
        assert not Invitation.objects.exists()

    def test_owner_may_invite_an_owner(
        self, client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
    ) -> None:
        signed_in(client, role=Role.OWNER)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("orgs:invite"), {"email": "x@example.cn", "role": "owner"})

        assert Invitation.objects.get().role == Role.OWNER

    def test_inviting_a_member_is_refused_on_the_field(self, client: Client) -> None:
        owner = signed_in(client)
        member = MembershipFactory(organization=owner.organization)

        response = client.post(
            reverse("orgs:invite"), {"email": member.user.email, "role": "member"}
        )

        assert "email" in response.context["form"].errors
        assert not Invitation.objects.exists()

    def test_task_sends_nothing_for_a_revoked_invitation(self) -> None:
        invitation = InvitationFactory(revoked_at=timezone.now())

        sent = send_invitation_email.call(
            invitation_id=invitation.pk, accept_url="https://x/", language="en"
        )

        assert sent is False
        assert mail.outbox == []


class TestAccept:
    def test_emailed_link_is_accepted_by_the_invited_user(
        self, client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
    ) -> None:
        signed_in(client, role=Role.ADMIN)
        invitee = UserFactory(email="invitee@example.cn")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("orgs:invite"), {"email": invitee.email, "role": Role.VIEWER})
        invitation = Invitation.objects.get()
        path = accept_path(mail.outbox[0])
        client.logout()
        client.force_login(invitee)

        page = client.get(path)
        assert page.status_code == 200
        assert page.context["email_matches"]
        response = client.post(path)

        assert response["Location"] == reverse("dashboard:home")
        membership = Membership.objects.get(user=invitee)
        assert (membership.organization, membership.role) == (invitation.organization, Role.VIEWER)
        assert client.session[SESSION_KEY] == invitation.organization.pk
        assert client.get(path).status_code == 404  # used

    def test_anonymous_visitor_gets_login_and_signup_links_carrying_the_token(
        self, client: Client
    ) -> None:
        invitation = InvitationFactory(token="tok-anon")
        path = reverse("orgs:invitation_accept", args=["tok-anon"])

        response = client.get(path)

        assert response.status_code == 200
        assert invitation.organization.name in response.text
        assert f"{reverse('accounts:login')}?next={path}" in response.text.replace("%2F", "/")
        assert f"{reverse('accounts:signup')}?invitation=tok-anon" in response.text
        assert client.post(path)["Location"].startswith(reverse("accounts:login"))
        assert not Membership.objects.filter(organization=invitation.organization).exists()

    def test_login_from_the_invitation_comes_back_to_it(self, client: Client) -> None:
        InvitationFactory(token="tok-back", email="back@example.cn")
        UserFactory(email="back@example.cn")
        path = reverse("orgs:invitation_accept", args=["tok-back"])

        response = client.post(
            reverse("accounts:login"),
            {"username": "back@example.cn", "password": "correct-horse-battery", "next": path},
        )

        assert response["Location"] == path

    def test_another_email_is_refused(self, client: Client) -> None:
        invitation = InvitationFactory(token="tok-other", email="invited@example.cn")
        client.force_login(UserFactory(email="someone.else@example.cn"))
        path = reverse("orgs:invitation_accept", args=["tok-other"])

        page = client.get(path)
        response = client.post(path)

        assert not page.context["email_matches"]
        assert response.status_code == 400
        assert "another e-mail address" in response.text
        assert not Membership.objects.filter(organization=invitation.organization).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    @pytest.mark.parametrize(
        "state",
        [
            {"expires_at": timezone.now() - timedelta(minutes=1)},
            {"revoked_at": timezone.now()},
            {"accepted_at": timezone.now()},
        ],
        ids=["expired", "revoked", "used"],
    )
    def test_unusable_invitation_is_refused(self, client: Client, state: dict[str, Any]) -> None:
        invitation = InvitationFactory(token="tok-dead", email="invited@example.cn", **state)
        client.force_login(UserFactory(email="invited@example.cn"))
        path = reverse("orgs:invitation_accept", args=["tok-dead"])

        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
        assert not Membership.objects.filter(organization=invitation.organization).exists()

    def test_unknown_token_is_not_found(self, client: Client) -> None:
        response = client.get(reverse("orgs:invitation_accept", args=["nope"]))

        assert response.status_code == 404
        assert "This invitation does not work" in response.text


class TestRevoke:
    def test_admin_revokes_a_pending_invitation(self, client: Client) -> None:
        admin = signed_in(client, role=Role.ADMIN)
        invitation = InvitationFactory(organization=admin.organization, token="tok-r")

        response = client.post(reverse("orgs:invitation_revoke", args=[invitation.pk]))

        assert response["Location"] == reverse("orgs:detail")
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        path = reverse("orgs:invitation_accept", args=["tok-r"])
        assert client.get(path).status_code == 404

    def test_member_cannot_revoke(self, client: Client) -> None:
        member = signed_in(client, role=Role.MEMBER)
        invitation = InvitationFactory(organization=member.organization)

        assert (
            client.post(reverse("orgs:invitation_revoke", args=[invitation.pk])).status_code == 404
        )
        invitation.refresh_from_db()
        assert invitation.revoked_at is None

    def test_another_organizations_invitation_is_not_found(self, client: Client) -> None:
        signed_in(client, role=Role.OWNER)
        foreign = InvitationFactory()

        assert client.post(reverse("orgs:invitation_revoke", args=[foreign.pk])).status_code == 404
        foreign.refresh_from_db()
        assert foreign.revoked_at is None
