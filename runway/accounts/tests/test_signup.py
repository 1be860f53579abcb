"""Signing up: a new account with a new organization, or with an invitation, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from runway.accounts.models import User
from runway.accounts.services import user_signup
from runway.engine.credit_code import with_check_character
from runway.orgs.middleware import SESSION_KEY
from runway.orgs.models import Membership, Organization, OrganizationKind, Role
from runway.orgs.tests.factories import InvitationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Runway-pass-2025!"
VALID_CODE = "91110000802100433B"  # a real, published code
WRONG_CHECK = "91110000802100433C"


def signup_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "founder@example.cn",
        "full_name": "Zhang Min",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "Blossom Trading",
        "kind": OrganizationKind.VENTURE,
        "category": "",
        "country": "CN",
        "credit_code": VALID_CODE,
        "registry_number": "",
        "city": "Shenzhen",
    }
    data.update(overrides)
    return data


def test_signup_page_offers_every_kind_but_platform(client: Client) -> None:
    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 200
    kinds = [value for value, _label in response.context["org_form"].fields["kind"].choices]
    assert set(kinds) == {"", "venture", "investor", "intermediary", "government"}


def test_signup_page_renders_in_the_default_language(client: Client) -> None:
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")

    assert client.get(reverse("accounts:signup")).status_code == 200


@pytest.mark.parametrize(
    ("kind", "category", "code_prefix"),
    [
        (OrganizationKind.VENTURE, "", "91440300MA5F00001"),
        (OrganizationKind.INVESTOR, "vc", "91440300MA5F00002"),
        (OrganizationKind.INVESTOR, "revenue_lender", "91440300MA5F00003"),
        (OrganizationKind.INTERMEDIARY, "incubator", "52440300MA5F00004"),
        (OrganizationKind.GOVERNMENT, "guidance_fund", "11440300MA5F00005"),
    ],
)
def test_signup_creates_user_and_owned_organization_then_signs_in(
    client: Client, kind: str, category: str, code_prefix: str
) -> None:
    code = with_check_character(code_prefix)

    response = client.post(
        reverse("accounts:signup"),
        signup_data(kind=kind, category=category, credit_code=code.lower()),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    user = User.objects.get(email="founder@example.cn")
    assert user.full_name == "Zhang Min"
    assert user.check_password(PASSWORD)
    organization = Organization.objects.get(credit_code=code)
    assert (organization.kind, organization.category) == (kind, category)
    assert not organization.is_verified
    assert Membership.objects.get(user=user).role == Role.OWNER
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[SESSION_KEY] == organization.pk


def test_signup_with_a_wrong_check_character_names_it_and_creates_nothing(
    client: Client,
) -> None:
    response = client.post(reverse("accounts:signup"), signup_data(credit_code=WRONG_CHECK))

    assert response.status_code == 400
    [error] = response.context["org_form"].errors.as_data()["credit_code"]
    assert error.code == "credit_code_check"
    assert "“C”" in error.message
    assert "“B”" in error.message
    assert 'id="id_credit_code_error"' in response.text
    assert not User.objects.exists()
    assert not Organization.objects.exists()
    assert "_auth_user_id" not in client.session


def test_signup_names_a_character_the_code_never_uses(client: Client) -> None:
    response = client.post(
        reverse("accounts:signup"), signup_data(credit_code="91110000802I00433B")
    )

    [error] = response.context["org_form"].errors.as_data()["credit_code"]
    assert error.code == "credit_code_character"
    assert "Character 12" in error.message
    assert "“I”" in error.message
    assert not User.objects.exists()


def test_chinese_organization_needs_a_credit_code(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), signup_data(credit_code=""))

    assert response.status_code == 400
    assert "credit_code" in response.context["org_form"].errors
    assert not User.objects.exists()


def test_foreign_organization_needs_a_registry_number(client: Client) -> None:
    data = signup_data(country="ru", credit_code="", city="Moscow")

    refused = client.post(reverse("accounts:signup"), data)

    assert refused.status_code == 400
    assert "registry_number" in refused.context["org_form"].errors
    assert not User.objects.exists()

    accepted = client.post(reverse("accounts:signup"), {**data, "registry_number": "1027700132195"})

    assert accepted.status_code == 302
    organization = Organization.objects.get()
    assert (organization.country, organization.registry_number) == ("RU", "1027700132195")


def test_category_must_fit_the_kind(client: Client) -> None:
    response = client.post(
        reverse("accounts:signup"), signup_data(kind=OrganizationKind.VENTURE, category="bank")
    )

    assert "category" in response.context["org_form"].errors
    assert not User.objects.exists()


def test_platform_kind_cannot_be_chosen(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), signup_data(kind="platform"))

    assert "kind" in response.context["org_form"].errors
    assert not Organization.objects.exists()


def test_credit_code_already_registered_is_refused(client: Client) -> None:
    OrganizationFactory(credit_code=VALID_CODE)

    response = client.post(reverse("accounts:signup"), signup_data())

    assert "credit_code" in response.context["org_form"].errors
    assert not User.objects.exists()


def test_passwords_go_through_djangos_validators(client: Client) -> None:
    response = client.post(
        reverse("accounts:signup"), signup_data(password1="12345678", password2="12345678")
    )

    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_passwords_must_match(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), signup_data(password2=PASSWORD + "x"))

    assert "password2" in response.context["form"].errors


def test_email_already_in_use_is_refused_whatever_its_case(client: Client) -> None:
    UserFactory(email="founder@example.cn")

    response = client.post(reverse("accounts:signup"), signup_data(email="Founder@Example.cn"))

    assert "email" in response.context["form"].errors
    assert User.objects.count() == 1
    assert not Organization.objects.exists()


def test_service_leaves_no_user_when_the_organization_is_refused() -> None:
    """The transaction covers both: a code that slipped past the form still leaves nothing."""
    with pytest.raises(ValidationError) as refused:
        user_signup(
            email="founder@example.cn",
            full_name="Zhang Min",
            password=PASSWORD,
            organization={"name": "Blossom", "kind": "venture", "credit_code": WRONG_CHECK},
        )

    assert "credit_code" in refused.value.message_dict
    assert not User.objects.exists()
    assert not Organization.objects.exists()


def test_service_needs_exactly_one_of_organization_or_invitation() -> None:
    with pytest.raises(ValueError, match="either"):
        user_signup(email="a@example.cn", full_name="A", password=PASSWORD)


class TestSignupFromAnInvitation:
    def test_page_fixes_the_invited_email_and_asks_for_no_organization(
        self, client: Client
    ) -> None:
        invitation = InvitationFactory(token="tok-1", email="new@example.cn")

        response = client.get(reverse("accounts:signup") + "?invitation=tok-1")

        assert response.context["org_form"] is None
        assert response.context["form"].fields["email"].disabled
        assert "new@example.cn" in response.text
        assert invitation.organization.name in response.text

    def test_joins_the_organization_with_the_invited_role(self, client: Client) -> None:
        invitation = InvitationFactory(token="tok-2", email="new@example.cn", role=Role.ADMIN)

        response = client.post(
            reverse("accounts:signup") + "?invitation=tok-2",
            {
                "email": "attacker@example.cn",  # ignored: the address is fixed
                "full_name": "Chen Jie",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

        assert response.status_code == 302
        user = User.objects.get()
        assert user.email == "new@example.cn"
        membership = Membership.objects.get(user=user)
        assert (membership.organization, membership.role) == (invitation.organization, Role.ADMIN)
        assert Organization.objects.count() == 1
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None
        assert client.session[SESSION_KEY] == invitation.organization.pk

    def test_an_unusable_invitation_falls_back_to_a_normal_signup(self, client: Client) -> None:
        response = client.get(reverse("accounts:signup") + "?invitation=no-such-token")

        assert response.context["invitation"] is None
        assert response.context["org_form"] is not None
        assert "This invitation is invalid, used or expired." in response.text

    def test_signed_in_user_is_sent_to_accept_it(self, client: Client) -> None:
        InvitationFactory(token="tok-3")
        client.force_login(UserFactory())

        response = client.get(reverse("accounts:signup") + "?invitation=tok-3")

        assert response["Location"] == reverse("orgs:invitation_accept", args=["tok-3"])
