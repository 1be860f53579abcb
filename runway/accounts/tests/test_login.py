"""Signing in with an e-mail address, signing out, and pages that need a signed-in user."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runway.orgs.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_login_page_asks_for_an_email_address(client: Client) -> None:
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert 'type="email"' in response.text
    assert reverse("accounts:password_reset") in response.text


def test_login_with_email_and_password_lands_on_the_dashboard(client: Client) -> None:
    membership = MembershipFactory()

    response = client.post(
        reverse("accounts:login"),
        {"username": membership.user.email.upper(), "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert client.session["_auth_user_id"] == str(membership.user.pk)


def test_login_follows_a_safe_next_url(client: Client) -> None:
    user = UserFactory()

    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD, "next": reverse("accounts:profile")},
    )

    assert response["Location"] == reverse("accounts:profile")


def test_login_ignores_a_next_url_on_another_site(client: Client) -> None:
    user = UserFactory()

    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("dashboard:home")


def test_wrong_password_is_refused_with_a_message(client: Client) -> None:
    user = UserFactory()

    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "The e-mail address or the password is wrong." in response.text


def test_inactive_user_cannot_sign_in(client: Client) -> None:
    user = UserFactory(is_active=False)

    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_signs_out(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "name", ["accounts:profile", "accounts:password_change", "orgs:detail", "orgs:create"]
)
def test_anonymous_visitor_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
