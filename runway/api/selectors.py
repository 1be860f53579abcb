from __future__ import annotations

from django.db.models import QuerySet

from runway.api.models import ApiToken
from runway.orgs.models import Organization


def api_token_list(*, organization: Organization) -> QuerySet[ApiToken]:
    """Every token of the organization, live and revoked, newest first."""
    return (
        ApiToken.objects.filter(organization=organization)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
