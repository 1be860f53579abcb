"""Data passport pages: a venture's passports for its members, and the public share, verify and
public-key pages for anyone.

Thin: parse, check access (runway.passports.access), call one service or selector, render. What a
member may not see answers 404, exactly like what does not exist.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runway.metrics.models import VerificationLevel
from runway.orgs.access import Actor, Need
from runway.orgs.views import actor_required
from runway.passports import selectors, services
from runway.passports.access import (
    PassportPolicy,
    access_passport_by_id,
    access_venture_passports,
)
from runway.passports.adapters import figures
from runway.passports.forms import PassportIssueForm, PassportVerifyForm
from runway.passports.keys import platform_public_key_pem
from runway.passports.labels import REASON_LABELS, figure_table
from runway.passports.models import Passport, PassportStatus

JSON = "application/json; charset=utf-8"
SHARE_LINK_SESSION = "passport-share-{}"


def _download(passport: Passport) -> HttpResponse:
    response = HttpResponse(selectors.passport_json(passport), content_type=JSON)
    filename = f"runway-passport-{passport.passport_id}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def public_key(request: HttpRequest) -> HttpResponse:
    """The platform's public key (PEM), for verifying passports anywhere without Runway."""
    response = HttpResponse(platform_public_key_pem(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="runway-passport-public-key.pem"'
    return response


@require_http_methods(["GET", "POST"])
@actor_required
def passport_list_view(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    venture = access_venture_passports(actor=actor, venture_id=venture_id, need=need)
    first, last = selectors.kpi_months(venture=venture)
    form = PassportIssueForm(
        request.POST or None, initial={"period_from": first, "period_to": last}
    )
    if request.method == "POST" and form.is_valid():
        try:
            passport, token = services.passport_issue(
                actor=actor, venture=venture, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown once on the next page, then gone: only the token's hash is stored.
            request.session[SHARE_LINK_SESSION.format(passport.passport_id)] = token
            return redirect("passports:detail", passport_id=passport.passport_id)
    now = timezone.now()
    passports = selectors.passport_list(venture=venture)
    return render(
        request,
        "passports/list.html",
        {
            "venture": venture,
            "rows": [(p, p.status(now)) for p in passports],
            "form": form,
            "can_issue": PassportPolicy.can_issue(actor, venture),
            "has_figures": first is not None,
        },
    )


@require_GET
@actor_required
def passport_detail(request: HttpRequest, actor: Actor, passport_id: uuid.UUID) -> HttpResponse:
    passport = access_passport_by_id(actor=actor, passport_id=passport_id, need=Need.VIEW)
    token = request.session.pop(SHARE_LINK_SESSION.format(passport.passport_id), None)
    headings, table = figure_table(figures(passport.document))
    return render(
        request,
        "passports/detail.html",
        {
            "passport": passport,
            "venture": passport.venture,
            "status": passport.status(timezone.now()),
            "headings": headings,
            "table": table,
            "share_url": (
                request.build_absolute_uri(reverse("passports:share", args=[token]))
                if token
                else ""
            ),
            "can_revoke": PassportPolicy.can_issue(actor, passport.venture),
        },
    )


@require_GET
@actor_required
def passport_download(request: HttpRequest, actor: Actor, passport_id: uuid.UUID) -> HttpResponse:
    return _download(access_passport_by_id(actor=actor, passport_id=passport_id, need=Need.VIEW))


@require_POST
@actor_required
def passport_revoke_view(
    request: HttpRequest, actor: Actor, passport_id: uuid.UUID
) -> HttpResponse:
    passport = access_passport_by_id(actor=actor, passport_id=passport_id, need=Need.EDIT)
    services.passport_revoke(actor=actor, passport=passport)
    return redirect("passports:detail", passport_id=passport.passport_id)


def _shared(token: str) -> tuple[Passport, PassportStatus]:
    passport = selectors.passport_by_share_token(token=token)
    if passport is None:
        raise Http404
    return passport, passport.status(timezone.now())


@require_GET
def share(request: HttpRequest, token: str) -> HttpResponse:
    """Public. A valid passport shows its figures; a revoked or expired one only its status: the
    link was the venture's consent to show them, and that consent has ended."""
    passport, status = _shared(token)
    headings, table = figure_table(figures(passport.document))
    valid = status == PassportStatus.VALID
    return render(
        request,
        "passports/share.html",
        {
            "passport": passport,
            "venture": passport.venture,
            "status": status,
            "valid": valid,
            "headings": headings if valid else [],
            "table": table if valid else [],
            "token": token,
        },
    )


@require_GET
def share_download(request: HttpRequest, token: str) -> HttpResponse:
    passport, status = _shared(token)
    if status != PassportStatus.VALID:
        raise Http404
    return _download(passport)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone checks a passport against the platform's key, now, and for revocation."""
    form = PassportVerifyForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = selectors.passport_check(raw=form.cleaned_data["raw"], now=timezone.now())
    context: dict[str, object] = {"form": form, "check": check}
    if check is not None:
        signed = check.verification.passport
        headings, table = figure_table(signed.kpis if signed else ())
        context |= {
            "verdict": REASON_LABELS[check.verification.reason],
            "signed": signed,
            "level": dict(VerificationLevel.choices).get(signed.verification) if signed else "",
            "headings": headings,
            "table": table,
        }
    return render(request, "passports/verify.html", context)
