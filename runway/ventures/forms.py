"""Forms for venture profiles and funding rounds. Rules live in the services; a form parses input
and shows the services' errors next to the fields they concern."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from runway.deals.models import Deal
from runway.orgs.forms import add_service_errors
from runway.orgs.models import Organization, OrganizationKind
from runway.taxonomy.models import Instrument, Region, Sector, Stage, Term
from runway.ventures.models import FundingRound, RoundStatus, ShenzhenDistrict, Venture
from runway.ventures.services import NOT_IN_TALKS

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def term_filter(
    model: type[Term], *, label: StrOrPromise, empty_label: StrOrPromise
) -> forms.ModelChoiceField:
    """An optional filter on a taxonomy term, chosen by its code in the query string."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=empty_label,
    )


class ServiceErrorsMixin(forms.BaseForm):
    """Puts a service's ValidationError on the form: on its field when the form has it."""

    def add_service_error(self, error: ValidationError) -> None:
        add_service_errors(error, self)

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values to hand to a service, keyword by keyword."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class VentureForm(ServiceErrorsMixin, forms.ModelForm[Venture]):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    district = forms.ChoiceField(
        label=_("District"),
        choices=[("", _("None or not in Shenzhen")), *ShenzhenDistrict.choices],
        required=False,
        help_text=_("For ventures based in Shenzhen."),
    )

    class Meta:
        model = Venture
        fields = [
            "tagline",
            "sectors",
            "business_model",
            "markets",
            "city",
            "district",
            "stage",
            "founded_on",
            "team_size",
            "description_zh",
            "description_en",
            "description_ru",
            "website",
            "is_public",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "markets": forms.CheckboxSelectMultiple,
            "founded_on": DATE_WIDGET,
            "description_zh": forms.Textarea(attrs={"rows": 4, "lang": "zh-Hans"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "description_ru": forms.Textarea(attrs={"rows": 4, "lang": "ru"}),
        }
        error_messages = {"sectors": {"required": _("Choose at least one sector.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Cities are the leaves of the region tree; markets may be whole regions.
        city = cast(forms.ModelChoiceField, self.fields["city"])
        city.queryset = Region.objects.filter(Q(children__isnull=True)).order_by("position", "code")
        city.label = _("City")
        self.fields["markets"].help_text = _("The countries and regions you sell to.")


class RoundForm(ServiceErrorsMixin, forms.ModelForm[FundingRound]):
    """A round's terms and its syndicate's; `statuses` are the statuses offered (a new round:
    draft or open). The lead is chosen among the investors in talks on the round, so a new round
    has none to choose from yet."""

    status = forms.ChoiceField(label=_("Status"))

    class Meta:
        model = FundingRound
        fields = [
            "title",
            "instrument",
            "currency",
            "target_amount",
            "min_ticket",
            "pre_money_valuation",
            "terms",
            "use_of_funds",
            "opens_on",
            "closes_on",
            "status",
            "min_amount",
            "oversubscription_pct",
            "max_investors",
            "qualified_investors_only",
            "holders_first_until",
            "lead_investor",
        ]
        widgets = {
            "opens_on": DATE_WIDGET,
            "closes_on": DATE_WIDGET,
            "holders_first_until": DATE_WIDGET,
            "terms": forms.Textarea(attrs={"rows": 3}),
            "use_of_funds": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, statuses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left empty, they take their defaults: no minimum, no oversubscription, the legal limit.
        for name in ("min_amount", "oversubscription_pct", "max_investors"):
            self.fields[name].required = False
        lead = cast(forms.ModelChoiceField, self.fields["lead_investor"])
        if self.instance.pk is None:
            del self.fields["lead_investor"]
        else:
            in_talks = (
                Deal.objects.filter(funding_round=self.instance)
                .exclude(state__in=NOT_IN_TALKS)
                .values("investor")
            )
            lead.queryset = Organization.objects.filter(
                kind=OrganizationKind.INVESTOR, pk__in=in_talks
            ).order_by("name")
            lead.empty_label = _("No lead investor")
            lead.help_text = _("An investor in talks with you on this round; the others follow.")
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [(value, RoundStatus(value).label) for value in statuses]
        if self.instance.pk is None:
            status.initial = RoundStatus.DRAFT
            status.help_text = _(
                "A draft is visible to your team only; an open round to investors."
            )


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RoundStatus.choices)


class VentureFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, sector or description")}
        ),
    )
    sector = term_filter(Sector, label=_("Sector"), empty_label=_("All sectors"))
    stage = term_filter(Stage, label=_("Stage"), empty_label=_("All stages"))

    def filters(self) -> dict[str, Any]:
        """The valid filters only; an unknown code is ignored rather than failing the page."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "search": cleaned.get("q") or "",
            "sector": cleaned.get("sector"),
            "stage": cleaned.get("stage"),
        }


class RoundFilterForm(forms.Form):
    instrument = term_filter(Instrument, label=_("Instrument"), empty_label=_("All instruments"))
    sector = term_filter(Sector, label=_("Sector"), empty_label=_("All sectors"))

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"instrument": cleaned.get("instrument"), "sector": cleaned.get("sector")}
