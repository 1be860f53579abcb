"""The mandate form: every criterion shown with its must/prefer rule. Rules live in the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from runway.investors.models import Mandate, MandateStatus
from runway.ventures.forms import ServiceErrorsMixin

CRITERIA_LAYOUT: list[tuple[Promise, tuple[str, ...], str]] = [
    (_("Instruments"), ("instruments",), "instruments_rule"),
    (_("Sectors"), ("sectors",), "sectors_rule"),
    (_("Stages"), ("stages",), "stages_rule"),
    (_("Regions"), ("regions",), "regions_rule"),
    (_("Ticket range"), ("currency", "ticket_min", "ticket_max"), "ticket_rule"),
    (
        _("Traction thresholds"),
        ("min_monthly_revenue", "min_growth_rate", "min_months_history", "min_repeat_rate"),
        "traction_rule",
    ),
]


@dataclass(frozen=True)
class Criterion:
    legend: Promise
    fields: list[BoundField]
    rule: BoundField


class MandateForm(ServiceErrorsMixin, forms.ModelForm[Mandate]):
    class Meta:
        model = Mandate
        fields = [
            "title",
            "thesis",
            "status",
            "instruments",
            "instruments_rule",
            "sectors",
            "sectors_rule",
            "stages",
            "stages_rule",
            "regions",
            "regions_rule",
            "currency",
            "ticket_min",
            "ticket_max",
            "ticket_rule",
            "min_monthly_revenue",
            "min_growth_rate",
            "min_months_history",
            "min_repeat_rate",
            "traction_rule",
        ]
        widgets = {
            "thesis": forms.Textarea(attrs={"rows": 3}),
            "instruments": forms.CheckboxSelectMultiple,
            "sectors": forms.CheckboxSelectMultiple,
            "stages": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "min_monthly_revenue": _("In the mandate's currency, trailing average."),
            "min_growth_rate": _("Year over year, in percent."),
            "min_repeat_rate": _("Share of buyers who came back, in percent."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _legend, _fields, rule in CRITERIA_LAYOUT:
            field = self.fields[rule]
            field.widget = forms.RadioSelect(choices=field.widget.choices)
            field.label = _("Rule")
        for name in ("instruments", "sectors", "stages", "regions"):
            self.fields[name].help_text = _("Leave all unticked for any.")
        if self.instance.pk is None:
            self.fields["status"].initial = MandateStatus.OPEN

    def criteria(self) -> list[Criterion]:
        """The criteria in the order the form shows them, each with its rule."""
        return [
            Criterion(legend, [self[name] for name in names], self[rule])
            for legend, names, rule in CRITERIA_LAYOUT
        ]


class MandateFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *MandateStatus.choices],
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"status": cleaned.get("status") or None}
