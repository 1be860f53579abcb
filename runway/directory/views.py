"""The directory pages: open to anonymous visitors, fuller for signed-in capital-side readers.

Parse, check access, call one selector or service, render. A profile the reader may not see
answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.directory import profiles, selectors, services, teaser
from runway.directory.access import DirectoryPolicy, access_profile_by_slug, profile_settings
from runway.directory.caching import cached_for_anonymous
from runway.directory.forms import DirectoryFilterForm, ProfileSettingsForm
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.views import actor_required
from runway.ventures.access import access_own_venture

PAGE_SIZE = 20


def _actor(request: HttpRequest) -> Actor | None:
    actor = getattr(request, "actor", None)
    return actor if isinstance(actor, Actor) else None


@require_http_methods(["GET"])
def directory_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)

    def body() -> str:
        full = DirectoryPolicy.sees_full(actor)
        form = DirectoryFilterForm(request.GET, full=full)
        filters = form.filters()
        results = selectors.directory_search(actor=actor, filters=filters)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filters": form,
            "page": page,
            "full": full,
            "query": filters.q,
            "sponsor": selectors.sponsor_named(filters.sponsor),
        }
        return render_to_string("directory/includes/body.html", context, request=request)

    html = body() if actor is not None else cached_for_anonymous(request, kind="page", build=body)
    return render(
        request,
        "directory/directory_list.html",
        {"body": mark_safe(html), "query": request.GET.get("q", "").strip()[:200]},  # noqa: S308 - rendered by the template engine
    )


@require_http_methods(["GET"])
def profile_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = _actor(request)
    try:
        venture = access_profile_by_slug(actor=actor, slug=slug)
    except AccessDenied as denied:
        raise Http404 from denied
    profile = profiles.directory_profile(actor=actor, venture=venture)
    return render(
        request,
        "directory/profile_detail.html",
        {
            "profile": profile,
            "venture": venture,
            "page_url": request.build_absolute_uri(request.path),
        },
    )


@require_http_methods(["GET"])
def profile_teaser(request: HttpRequest, slug: str) -> HttpResponse:
    """The venture's one-page PDF (`?lang=en` for English) for whoever may see its profile;
    rendered when its content changed, else served from storage (teaser.py)."""
    actor = _actor(request)
    try:
        venture = access_profile_by_slug(actor=actor, slug=slug)
    except AccessDenied as denied:
        raise Http404 from denied
    language = teaser.teaser_language(request.GET.get("lang"))
    found = teaser.venture_teaser(
        actor=actor,
        venture=venture,
        language=language,
        profile_url=request.build_absolute_uri(
            reverse("directory:profile", args=[venture.organization.slug])
        ),
    )
    etag = f'"{found.digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(found.pdf, content_type="application/pdf")
        filename = f"{venture.organization.slug}-teaser-{'en' if language == 'en' else 'zh'}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    # Each reader may see a different teaser (the grade), and private ones are the team's own.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@require_http_methods(["GET", "POST"])
@actor_required
def profile_settings_edit(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = access_own_venture(actor=actor, need=Need.VIEW)
    can_edit = DirectoryPolicy.can_edit(actor, venture)
    form = ProfileSettingsForm(request.POST or None, instance=profile_settings(venture))
    if request.method == "POST":
        if not can_edit:
            raise AccessDenied
        if form.is_valid():
            services.profile_settings_update(
                actor=actor,
                venture=venture,
                listed=form.cleaned_data["listed"],
                show_raw_figures=form.cleaned_data["show_raw_figures"],
            )
            messages.success(request, _("Your directory settings are saved."))
            return redirect("directory:settings")
    return render(
        request,
        "directory/profile_settings.html",
        {"form": form, "venture": venture, "can_edit": can_edit},
    )
