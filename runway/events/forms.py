"""Forms for events: the organizer's terms, a venture's application, a pitch slot's start, an
investor's registration and its introductions after the event.

Times are typed in the platform's time zone (Asia/Shanghai): Django makes the browser's
`datetime-local` values aware in the current time zone.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runway.events.models import Event, EventApplication
from runway.taxonomy.models import Sector
from runway.ventures.forms import ServiceErrorsMixin
from runway.ventures.models import FundingRound, RoundStatus, Venture

DATETIME_WIDGET = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _datetime(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS, help_text=help_text
    )


class EventForm(ServiceErrorsMixin, forms.ModelForm[Event]):
    starts_at = _datetime(_("Starts at"), _("Beijing time"))
    ends_at = _datetime(_("Ends at"), _("Beijing time"))
    application_deadline = _datetime(_("Application deadline"), _("Ventures apply until then."))
    sectors = forms.ModelMultipleChoiceField(
        label=_("Theme sectors"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: open to every sector."),
    )
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Event
        fields = [
            "title", "description", "format", "venue_address", "online_url", "starts_at",
            "ends_at", "application_deadline", "investor_capacity", "pitch_slots", "slot_minutes",
            "sectors",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApplicationForm(ServiceErrorsMixin, forms.ModelForm[EventApplication]):
    class Meta:
        model = EventApplication
        fields = ["funding_round", "pitch_summary"]
        widgets = {"pitch_summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, venture: Venture | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = (
            FundingRound.objects.filter(venture=venture, status=RoundStatus.OPEN)
            if venture
            else FundingRound.objects.none()
        )
        self.fields["funding_round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["funding_round"].help_text = _("An open round investors can ask about.")


class SlotForm(ServiceErrorsMixin, forms.Form):
    starts_at = _datetime(_("Pitch starts at"), _("Beijing time"))


class IntrosForm(ServiceErrorsMixin, forms.Form):
    venture_ids = forms.TypedMultipleChoiceField(
        label=_("Ventures to meet"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pick at least one venture.")},
    )
    note = forms.CharField(
        label=_("A word for the ventures"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added to the introduction message, which already names the event."),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venture_ids"].choices = choices  # type: ignore[attr-defined]
