"""Portfolio pages for investors and government organizations: holdings with their ventures' live
figures, one holding's detail (audited), the alerts, and the member's digest choice. Ventures,
intermediaries and the platform get 404, like anyone asking for another holder's holding."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.deals.views.client import client_ip, user_agent
from runway.orgs.access import Actor
from runway.orgs.views import actor_required
from runway.portfolio import adapters, selectors
from runway.portfolio.access import PortfolioPolicy, require_portfolio
from runway.portfolio.forms import DigestPreferenceForm
from runway.portfolio.models import AccessChannel, Holding
from runway.portfolio.presenters import runway_words
from runway.portfolio.services.audit import holding_metrics_open
from runway.portfolio.services.preferences import (
    digest_preference_of,
    digest_preference_save,
)
from runway.ventures.access import RoundPolicy, VenturePolicy

PAGE_SIZE = 25
RECENT_ALERTS = 5
ALERTS_PAGE_SIZE = 30


@dataclass(frozen=True, slots=True)
class Links:
    """Where a holding's venture and round can be opened by this actor: a private venture's
    profile, or a round the venture has not made public, stays closed even to its holders."""

    venture: str | None
    funding_round: str | None


def _links(actor: Actor, holding: Holding) -> Links:
    funding_round = holding.funding_round
    funding_round.venture = holding.venture  # the same venture, already loaded
    return Links(
        venture=reverse("ventures:detail", args=[holding.venture_id])
        if VenturePolicy.can_view(actor, holding.venture)
        else None,
        funding_round=reverse("ventures:round_detail", args=[funding_round.pk])
        if RoundPolicy.can_view(actor, funding_round)
        else None,
    )


@require_http_methods(["GET"])
@actor_required
def portfolio_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    table = selectors.holding_table(actor=actor)
    page = Paginator(table, PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = list(selectors.alert_list_visible(actor=actor)[:RECENT_ALERTS])
    return render(
        request,
        "portfolio/list.html",
        {
            "page": page,
            "rows": [
                (row, runway_words(row.figures.runway), _links(actor, row.holding))
                for row in page.object_list
            ],
            "totals": selectors.invested_totals(actor=actor),
            "alerts": [(alert, selectors.alert_sentence(alert)) for alert in alerts],
            "can_choose_digest": PortfolioPolicy.can_choose_digest(actor),
        },
    )


@require_http_methods(["GET"])
@actor_required
def holding_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    holding = holding_metrics_open(
        actor=actor,
        holding_id=pk,
        channel=AccessChannel.PAGE,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )
    figures = adapters.venture_figures([holding.venture_id])[holding.venture_id]
    alerts = selectors.alert_list_visible(actor=actor, venture_id=holding.venture_id)
    chart = selectors.net_revenue_chart(holding=holding)
    return render(
        request,
        "portfolio/detail.html",
        {
            "holding": holding,
            "venture": holding.venture,
            "figures": figures,
            "runway_text": runway_words(figures.runway),
            "holdings": [
                (h, _links(actor, h))
                for h in selectors.venture_holdings(actor=actor, holding=holding)
            ],
            "links": _links(actor, holding),
            "alerts": [(alert, selectors.alert_sentence(alert)) for alert in alerts],
            "chart": chart,
            "chart_labels": {"net_revenue": _("Net revenue"), "partial": _("partial month")},
        },
    )


@require_http_methods(["GET"])
@actor_required
def alert_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    alerts = selectors.alert_list_visible(actor=actor)
    page = Paginator(alerts, ALERTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/alerts.html",
        {"page": page, "alerts": [(a, selectors.alert_sentence(a)) for a in page.object_list]},
    )


@require_http_methods(["GET", "POST"])
@actor_required
def digest_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    require_portfolio(actor)
    preference = digest_preference_of(actor=actor)
    initial = {
        "receive": preference.receive if preference else True,
        "language": preference.language if preference else "",
    }
    form = DigestPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            digest_preference_save(
                actor=actor,
                receive=form.cleaned_data["receive"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Your digest choice is saved."))
            return redirect("portfolio:digest")
    return render(request, "portfolio/digest.html", {"form": form})
