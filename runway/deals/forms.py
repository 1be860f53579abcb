"""Forms for deal pages and the data room; the services check everything again."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from runway.deals.models import Confidentiality, DealState, Document, GrantLevel
from runway.deals.services.messages import BODY_MAX
from runway.deals.term_sheets import FIELDS, SECURITIES, TermField
from runway.orgs.models import Organization
from runway.ventures.forms import DATE_WIDGET, ServiceErrorsMixin


class IntroRequestForm(ServiceErrorsMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the venture"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=BODY_MAX,
        required=False,
        help_text=_("Who you are, what interests you in the round, what you would like to see."),
    )


class TransitionForm(ServiceErrorsMixin, forms.Form):
    to = forms.ChoiceField(choices=DealState.choices)
    # The state the page showed, so a stale page or a second click is refused.
    seen = forms.ChoiceField(choices=DealState.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=BODY_MAX, required=False)


class MessageForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=BODY_MAX
    )


class NdaForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept this agreement for my organization."), required=True
    )


class DocumentUploadForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False,
        help_text=_("Empty: the file's name."),
    )  # fmt: skip
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, XLSX, DOCX, CSV or plain text; checked by its content."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Confidentiality.choices,
        initial=Confidentiality.ON_INTRO,
    )


class ConfidentialityForm(forms.Form):
    confidentiality = forms.ChoiceField(label=_("Who may see it"), choices=Confidentiality.choices)


class GrantForm(ServiceErrorsMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("The whole data room"),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=GrantLevel.choices,
        initial=GrantLevel.ON_INTRO,
        help_text=_("For the whole data room. Documents under NDA also need the NDA accepted."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=DATE_WIDGET,
        help_text=_("Empty: until you revoke it."),
    )  # fmt: skip

    def __init__(
        self, *args: Any, organizations: list[Organization], documents: list[Document],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        cast(forms.ModelChoiceField, self.fields["document"]).queryset = Document.objects.filter(
            pk__in=[d.pk for d in documents]
        )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        expires_on: dt.date | None = data.get("expires_on")
        expires_at = None
        if expires_on is not None:
            # Valid through the whole day it names, in the platform's time zone.
            midnight = dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time())
            expires_at = timezone.make_aware(midnight)
        return {
            "organization": data["organization"],
            "document": data.get("document"),
            "level": data["level"],
            "expires_at": expires_at,
        }


def _term_form_field(field: TermField) -> forms.Field:
    if field.type == "flag":
        return forms.BooleanField(label=field.label, required=False)
    if field.type == "text":
        return forms.CharField(label=field.label, required=False, max_length=500)
    if field.type == "security":
        return forms.ChoiceField(
            label=field.label, choices=[("", "—"), *SECURITIES.items()], required=False
        )
    if field.type == "month_list":
        return forms.TypedMultipleChoiceField(
            label=field.label, required=False, coerce=int,
            choices=[(month, str(month)) for month in range(1, 13)],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Months without remittance, such as Singles' Day or Spring Festival."),
        )  # fmt: skip
    if field.type == "months":
        return forms.IntegerField(label=field.label, required=False)
    # Bounds and required terms are the service's to check, so every error shows at once.
    return forms.DecimalField(label=field.label, required=False, decimal_places=2)


class TermSheetForm(ServiceErrorsMixin, forms.Form):
    """The terms of one instrument; built for the kind the investor chose."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for field in FIELDS[kind]:
            self.fields[field.name] = _term_form_field(field)

    def terms(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=BODY_MAX, required=False)
