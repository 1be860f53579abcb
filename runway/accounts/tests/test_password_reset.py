"""Password reset by e-mail, with Django's views under the accounts namespace."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from runway.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fresh-runway-pass-77"


def test_reset_email_link_sets_a_new_password(client: Client) -> None:
    user = UserFactory(email="li@example.cn")

    response = client.post(reverse("accounts:password_reset"), {"email": "LI@example.cn"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    assert message.to == ["li@example.cn"]
    assert "Runway" in message.subject
    assert "\n" not in message.subject
    link = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(done["Location"]).status_code == 200


def test_a_used_reset_link_no_longer_works(client: Client) -> None:
    UserFactory(email="li@example.cn")
    client.post(reverse("accounts:password_reset"), {"email": "li@example.cn"})
    link = re.search(r"https?://[^/\s]+(/\S+)", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = client.get(link.group(1), follow=True)

    assert not again.context["validlink"]


def test_unknown_address_gets_the_same_answer_and_no_email(client: Client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.cn"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_change_for_a_signed_in_user(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
