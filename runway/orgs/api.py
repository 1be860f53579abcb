"""Organizations in the JSON API: the caller's own, and any organization's public card."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Router, Schema

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS
from runway.api.schemas import MAX_ID
from runway.orgs.access import Need, access_organization_by_id
from runway.orgs.models import Organization, OrganizationKind, Role

router = Router(tags=["organizations"])


class OrganizationRefOut(Schema):
    """An organization named inside another object; `is_verified` travels with the name."""

    id: int
    name: str
    kind: OrganizationKind
    is_verified: bool


class OrganizationCardOut(Schema):
    """What every member of the platform may see of an organization."""

    id: int
    name: str
    slug: str
    kind: OrganizationKind
    category: str
    country: str
    city: str
    website: str
    is_verified: bool
    verified_at: datetime | None


class OwnOrganizationOut(OrganizationCardOut):
    """The caller's own organization, with its registration."""

    credit_code: str
    registry_number: str
    created_at: datetime


class MeOut(Schema):
    organization: OwnOrganizationOut
    role: Role
    acting_as: Literal["token", "user"]


@router.get(
    "/me",
    response={200: MeOut, **READ_ERRORS},
    summary="The caller's organization",
    description="The organization the token belongs to (or the signed-in person's current "
    "organization), the role the caller acts with, and whether it is a token or a person.",
)
def organization_me(request: HttpRequest) -> dict[str, Any]:
    actor = request_actor(request)
    return {
        "organization": actor.organization,
        "role": actor.role,
        "acting_as": "user" if actor.user is not None else "token",
    }


@router.get(
    "/{organization_id}",
    response={200: OrganizationCardOut, **READ_ERRORS},
    summary="An organization's public card",
)
def organization_detail(
    request: HttpRequest, organization_id: int = Path(..., ge=1, le=MAX_ID)
) -> Organization:
    return access_organization_by_id(
        actor=request_actor(request), organization_id=organization_id, need=Need.VIEW
    )
