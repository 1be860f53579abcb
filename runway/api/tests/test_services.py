"""api_token_create, api_token_revoke and api_token_authenticate."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.api.models import ApiToken
from runway.api.services import api_token_authenticate, api_token_create, api_token_revoke
from runway.api.tests.factories import ApiTokenFactory, make_token
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Role
from runway.orgs.tests.factories import make_actor

pytestmark = pytest.mark.django_db


def test_create_returns_the_key_once_and_stores_only_its_sha256() -> None:
    admin = make_actor(role=Role.ADMIN)

    token, key = api_token_create(actor=admin, name="  ERP sync ", role=Role.MEMBER)

    match = re.fullmatch(r"rw_([0-9a-f]{8})_([A-Za-z0-9_-]{43})", key)
    assert match is not None
    token.refresh_from_db()
    assert token.prefix == match.group(1)
    assert token.token_hash == hashlib.sha256(key.encode()).hexdigest()
    assert (token.name, token.role, token.organization) == (
        "ERP sync",
        "member",
        admin.organization,
    )
    assert token.created_by == admin.user


def test_create_gives_every_token_its_own_key() -> None:
    admin = make_actor(role=Role.ADMIN)

    keys = {api_token_create(actor=admin, name=f"t{n}", role=Role.VIEWER)[1] for n in range(3)}

    assert len(keys) == 3


@pytest.mark.parametrize(
    ("own_role", "token_role", "allowed"),
    [
        (Role.OWNER, Role.OWNER, True),
        (Role.ADMIN, Role.ADMIN, True),
        (Role.ADMIN, Role.OWNER, False),
    ],
)
def test_create_a_role_no_higher_than_ones_own(
    own_role: str, token_role: str, allowed: bool
) -> None:
    actor = make_actor(role=own_role)

    if allowed:
        assert api_token_create(actor=actor, name="t", role=token_role)[0].role == token_role
    else:
        with pytest.raises(ValidationError) as error:
            api_token_create(actor=actor, name="t", role=token_role)
        assert "role" in error.value.message_dict


@pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
def test_create_needs_an_admin(role: str) -> None:
    with pytest.raises(AccessDenied):
        api_token_create(actor=make_actor(role=role), name="t", role=Role.VIEWER)


def test_a_token_cannot_create_tokens() -> None:
    token, _key = make_token(role=Role.OWNER)
    as_token = Actor(organization=token.organization, role=Role.OWNER, user=None)

    with pytest.raises(AccessDenied):
        api_token_create(actor=as_token, name="t", role=Role.VIEWER)


def test_create_needs_a_name() -> None:
    with pytest.raises(ValidationError) as error:
        api_token_create(actor=make_actor(role=Role.OWNER), name="   ", role=Role.VIEWER)

    assert "name" in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_revoke_by_an_admin_of_the_organization() -> None:
    admin = make_actor(role=Role.ADMIN)
    token = ApiTokenFactory(organization=admin.organization)

    api_token_revoke(actor=admin, token=token)

    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("same_organization", [True, False])
def test_revoke_is_denied_to_members_and_other_organizations(same_organization: bool) -> None:
    token = ApiTokenFactory()
    if same_organization:
        actor = make_actor(role=Role.MEMBER)
        actor = Actor(organization=token.organization, role=Role.MEMBER, user=actor.user)
    else:
        actor = make_actor(role=Role.OWNER)

    with pytest.raises(AccessDenied):
        api_token_revoke(actor=actor, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_authenticate_records_use_at_most_once_a_minute(django_assert_num_queries: Any) -> None:
    token, key = make_token()

    assert api_token_authenticate(key=key) == token
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    with django_assert_num_queries(1):
        api_token_authenticate(key=key)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(hours=1))
    api_token_authenticate(key=key)

    last_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None
    assert last_use is not None
    assert last_use > timezone.now() - timedelta(minutes=1)


def test_authenticate_refuses_revoked_and_unknown_keys() -> None:
    token, key = make_token()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    assert api_token_authenticate(key=key) is None
    assert api_token_authenticate(key=key.replace("rw_", "xx_", 1)) is None
    assert api_token_authenticate(key="rw_00000000_nope") is None
