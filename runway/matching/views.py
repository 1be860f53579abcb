"""Capital decisions as pages: a venture's score, offers, programs and matched investors; an
investor's matched rounds, each with the policy calculator."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from runway.matching import selectors
from runway.matching.access import access_match_by_id
from runway.matching.presenters import component_rows, explanation_rows, policy_rows
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.orgs.views import actor_required
from runway.ventures.models import Venture


def _amount(text: str | None) -> Decimal | None:
    try:
        value = Decimal((text or "").replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


@require_http_methods(["GET"])
@actor_required
def capital(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The venture's own page: what every kind of capital on the platform makes of its data."""
    if actor.kind != OrganizationKind.VENTURE:
        raise AccessDenied
    venture = Venture.objects.filter(organization=actor.organization).first()
    if venture is None:
        return render(request, "matching/capital.html", {"overview": None})
    ask = _amount(request.GET.get("ask"))
    overview = selectors.capital_overview(venture=venture, ask=ask)
    return render(
        request,
        "matching/capital.html",
        {
            "overview": overview,
            "components": component_rows(overview.score) if overview.score else [],
            "ask": ask,
        },
    )


@require_http_methods(["GET"])
@actor_required
def investor_matches(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.kind != OrganizationKind.INVESTOR and not actor.is_platform:
        raise AccessDenied
    return render(
        request,
        "matching/investor_matches.html",
        {"matches": list(selectors.match_list_for_investor(actor=actor)[:200])},
    )


@require_http_methods(["GET"])
@actor_required
def match_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """One matched round for the investor: why it matched, and what programs do to the risk."""
    match = access_match_by_id(actor=actor, match_id=pk, need=Need.VIEW)
    result, programs, ticket = selectors.policy_for_match(
        match=match, amount=_amount(request.GET.get("amount"))
    )
    return render(
        request,
        "matching/match_detail.html",
        {
            "match": match,
            "explanation": explanation_rows(match.explanation),
            "ticket": ticket,
            "policy": result,
            "rows": policy_rows(result, programs),
            "investor_without": result.expected_loss("investor", with_programs=False),
            "investor_with": result.expected_loss("investor", with_programs=True),
        },
    )
