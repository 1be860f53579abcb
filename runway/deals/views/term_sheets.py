"""Term sheets on a deal: the investor's offer form, the venture's decision, and the PDF in
Chinese or English."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.deals import selectors
from runway.deals.access import access_deal_by_id
from runway.deals.forms import DecisionForm, TermSheetForm
from runway.deals.models import TermSheet, TermSheetKind
from runway.deals.services.term_sheets import term_sheet_decide, term_sheet_offer
from runway.deals.term_sheet_pdf import PDF_LANGUAGES, term_sheet_pdf
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.views import actor_required


def _sheet(actor: Actor, pk: int, need: Need) -> TermSheet:
    sheet = TermSheet.objects.filter(pk=pk).first()
    if sheet is None:
        raise AccessDenied
    sheet.deal = access_deal_by_id(actor=actor, deal_id=sheet.deal_id, need=need)
    return sheet


@require_http_methods(["GET", "POST"])
@actor_required
def term_sheet_new(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    deal = access_deal_by_id(actor=actor, deal_id=pk, need=Need.EDIT)
    if not actor.acts_for(deal.investor_id):
        raise AccessDenied
    kind = request.GET.get("kind") or selectors.term_sheet_kind_for(deal)
    if kind not in TermSheetKind.values:
        kind = TermSheetKind.EQUITY
    form = TermSheetForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = term_sheet_offer(actor=actor, deal=deal, kind=kind, terms=form.terms())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Version %(version)s is offered.") % {"version": sheet.version}
            )
            return redirect(reverse("deals:detail", args=[deal.pk]) + "#term-sheets")
    return render(
        request,
        "deals/term_sheet_form.html",
        {"deal": deal, "form": form, "kind": kind, "kinds": TermSheetKind.choices},
        status=422 if form.errors else 200,
    )


@require_http_methods(["POST"])
@actor_required
def term_sheet_decision(request: HttpRequest, actor: Actor, pk: int, decision: str) -> HttpResponse:
    sheet = _sheet(actor, pk, Need.EDIT)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        term_sheet_decide(actor=actor, sheet=sheet, accept=decision == "accept", note=note)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your decision is recorded."))
    return redirect(reverse("deals:detail", args=[sheet.deal_id]) + "#term-sheets")


@require_http_methods(["GET"])
@actor_required
def term_sheet_document(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    sheet = _sheet(actor, pk, Need.VIEW)
    language = request.GET.get("lang") or "zh-hans"
    if language not in PDF_LANGUAGES:
        language = "zh-hans"
    response = HttpResponse(
        term_sheet_pdf(sheet=sheet, language=language), content_type="application/pdf"
    )
    name = f"term-sheet-{sheet.deal_id}-v{sheet.version}-{language}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, name) or "inline"
    response["Cache-Control"] = "private, no-store"
    return response
