"""Commitment pages and buttons: committing on a deal and withdrawing an indication, and on the
round page the venture's closing and co-investment request and a holder's pro-rata way in. Each
checks access (404 for whatever the actor may not see or change), calls one service, and goes
back to the page it came from with the outcome as a message."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from runway.deals.access import DealPolicy, access_deal_by_id
from runway.deals.commitment_access import access_commitment_by_id, access_syndicate
from runway.deals.models import CommitmentKind
from runway.deals.services.closing import round_close
from runway.deals.services.commitments import (
    coinvestment_request,
    commitment_create,
    commitment_withdraw,
    pro_rata_start,
)
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.views import actor_required
from runway.programs.models import Program, ProgramStatus
from runway.ventures.access import access_round_by_id
from runway.ventures.models import RoundStatus


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CommitmentKind.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=16, decimal_places=2, min_value=0
    )


class ProgramChoiceForm(forms.Form):
    program = forms.IntegerField(min_value=1)


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _round_page(round_id: int, anchor: str = "syndicate") -> str:
    return reverse("ventures:round_detail", args=[round_id]) + f"#{anchor}"


@require_POST
@actor_required
def commit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    deal = access_deal_by_id(actor=actor, deal_id=pk, need=Need.EDIT)
    back = reverse("deals:detail", args=[deal.pk]) + "#commitments"
    form = CommitmentForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect(back)
    try:
        commitment = commitment_create(
            actor=actor,
            deal=deal,
            kind=form.cleaned_data["kind"],
            amount=form.cleaned_data["amount"],
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        if commitment.kind == CommitmentKind.HARD:
            messages.success(request, _("Your hard commitment is recorded; the deal is committed."))
        else:
            messages.success(request, _("Your indication is recorded."))
    return redirect(back)


@require_POST
@actor_required
def commitment_withdraw_view(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    commitment = access_commitment_by_id(actor=actor, commitment_id=pk, need=Need.EDIT)
    try:
        commitment_withdraw(actor=actor, commitment=commitment)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Your indication is withdrawn."))
    return redirect(reverse("deals:detail", args=[commitment.deal_id]) + "#commitments")


@require_POST
@actor_required
def round_close_view(request: HttpRequest, actor: Actor, round_id: int) -> HttpResponse:
    funding_round = access_round_by_id(actor=actor, round_id=round_id, need=Need.EDIT)
    was_open = funding_round.status == RoundStatus.OPEN
    try:
        round_close(actor=actor, funding_round=funding_round)
    except ValidationError as error:
        _flash(request, error)
    else:
        if was_open:
            messages.success(
                request, _("The round is closed: its hard commitments are now holdings.")
            )
        else:
            messages.info(request, _("The round was already closed."))
    return redirect(_round_page(funding_round.pk))


@require_POST
@actor_required
def coinvestment_request_view(request: HttpRequest, actor: Actor, round_id: int) -> HttpResponse:
    funding_round = access_syndicate(actor=actor, round_id=round_id, need=Need.EDIT)
    form = ProgramChoiceForm(request.POST)
    # Only open programs are on offer; a fund's drafts are not the venture's to learn of.
    open_programs = Program.objects.filter(status=ProgramStatus.OPEN)
    program = (
        open_programs.filter(pk=form.cleaned_data["program"]).first() if form.is_valid() else None
    )
    if program is None:
        messages.error(request, _("Choose a program from the page."))
        return redirect(_round_page(funding_round.pk))
    try:
        reservation = coinvestment_request(
            actor=actor, funding_round=funding_round, program=program
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(
            request,
            _("“%(program)s” co-invests in the round; its share is reserved from its budget.")
            % {"program": reservation.program.title},
        )
    return redirect(_round_page(funding_round.pk))


@require_POST
@actor_required
def pro_rata_start_view(request: HttpRequest, actor: Actor, round_id: int) -> HttpResponse:
    funding_round = access_round_by_id(actor=actor, round_id=round_id, need=Need.VIEW)
    if not DealPolicy.can_start(actor):
        raise AccessDenied
    try:
        deal = pro_rata_start(actor=actor, funding_round=funding_round)
    except ValidationError as error:
        _flash(request, error)
        return redirect(_round_page(funding_round.pk, "holders"))
    messages.success(request, _("Your deal is ready: commit up to your pro-rata share."))
    return redirect(reverse("deals:detail", args=[deal.pk]) + "#commitments")
