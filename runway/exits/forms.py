"""Forms for listings, the NDA and letters of intent; the services check everything again."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from runway.exits.models import ListingStatus, OfferStructure
from runway.exits.services.listings import SUMMARY_MAX, regions_allowed
from runway.exits.services.offers import (
    CONDITIONS_MAX,
    EXCLUSIVITY_DAYS_DEFAULT,
    EXCLUSIVITY_DAYS_MAX,
    EXCLUSIVITY_DAYS_MIN,
    NOTE_MAX,
)
from runway.orgs.money import CURRENCY_CHOICES
from runway.taxonomy.models import Region, Sector
from runway.ventures.forms import DATE_WIDGET, ServiceErrorsMixin
from runway.ventures.models import Venture


def money_field(label: StrOrPromise, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=16, decimal_places=2, min_value=0
    )


class ListingForm(ServiceErrorsMixin, forms.Form):
    code_name = forms.CharField(
        label=_("Code name"),
        max_length=80,
        help_text=_("What buyers see instead of your name until they accept the NDA."),
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    region = forms.ModelChoiceField(
        label=_("Region shown"),
        queryset=Region.objects.none(),
        help_text=_("Your city, or a wider region to stay harder to recognise."),
    )
    summary = forms.CharField(
        label=_("Anonymous summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=SUMMARY_MAX,
        required=False,
        help_text=_("What you sell, to whom, and why you sell; without your name or website."),
    )
    asking_low = money_field(_("Asking price, from"), required=False)
    asking_high = money_field(_("Asking price, up to"), required=False)

    def __init__(self, *args: Any, venture: Venture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = cast(forms.ModelChoiceField, self.fields["sector"])
        sector.queryset = venture.sectors.order_by("position", "code")
        region = cast(forms.ModelChoiceField, self.fields["region"])
        region.queryset = Region.objects.filter(pk__in=[r.pk for r in regions_allowed(venture)])


class ListingActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("publish", _("Publish")),
            ("withdraw", _("Withdraw")),
            ("end_exclusivity", _("End exclusivity")),
            ("sold", _("Mark sold")),
        ]
    )
    # The status the page showed, so a stale page or a second click is refused.
    seen = forms.ChoiceField(choices=ListingStatus.choices, widget=forms.HiddenInput)


class NdaForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept this agreement for my organization."), required=True
    )


class OfferForm(ServiceErrorsMixin, forms.Form):
    price = money_field(_("Price"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="CNY")
    structure = forms.ChoiceField(label=_("Structure"), choices=OfferStructure.choices)
    conditions = forms.CharField(
        label=_("Conditions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=CONDITIONS_MAX,
        required=False,
        help_text=_("Diligence, financing, approvals, key people staying, and so on."),
    )
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_WIDGET)


class AcceptOfferForm(ServiceErrorsMixin, forms.Form):
    exclusivity_days = forms.IntegerField(
        label=_("Exclusivity in days"),
        min_value=EXCLUSIVITY_DAYS_MIN,
        max_value=EXCLUSIVITY_DAYS_MAX,
        initial=EXCLUSIVITY_DAYS_DEFAULT,
    )
    note = forms.CharField(label=_("Note to the buyer"), max_length=NOTE_MAX, required=False)


class RejectOfferForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(label=_("Note to the buyer"), max_length=NOTE_MAX, required=False)
