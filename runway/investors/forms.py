"""The mandate form: every criterion shown with its must/prefer rule. Rules live in the services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from runway.investors.models import (
    GRADES,
    LenderGrid,
    Mandate,
    MandateStatus,
    QualificationBasis,
)
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


class LenderGridForm(ServiceErrorsMixin, forms.ModelForm[LenderGrid]):
    """Pricing per grade typed as percentages, one field per grade; empty declines the grade."""

    class Meta:
        model = LenderGrid
        fields = [
            "title", "kind", "is_active", "currency", "min_months_history", "min_monthly_revenue",
            "max_multiple", "remittance_share", "repayment_cap", "singles_day_holiday",
            "spring_festival_holiday", "term_months",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pricing = self.instance.pricing_by_grade or {}
        for grade in GRADES:
            name = f"price_{grade}"
            self.fields[name] = forms.DecimalField(
                label=_("Grade %(grade)s (%%)") % {"grade": grade},
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=4,
            )
            if grade in pricing and not self.is_bound:
                self.initial[name] = Decimal(str(pricing[grade])) * 100
        self.fields["remittance_share"] = forms.DecimalField(
            label=_("Remittance share of monthly revenue (%)"),
            required=False, min_value=0, max_value=100, decimal_places=2,
        )  # fmt: skip
        if self.instance.remittance_share is not None and not self.is_bound:
            self.initial["remittance_share"] = self.instance.remittance_share * 100
        self.fields["pricing_by_grade"] = forms.JSONField(required=False, widget=forms.HiddenInput)

    def price_fields(self) -> list[BoundField]:
        return [self[f"price_{grade}"] for grade in GRADES]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name in data}
        if data.get("remittance_share") is not None:
            fields["remittance_share"] = data["remittance_share"] / 100
        fields["pricing_by_grade"] = {
            grade: str(data[f"price_{grade}"] / 100)
            for grade in GRADES
            if data.get(f"price_{grade}") is not None
        }
        return fields


class DeclarationForm(ServiceErrorsMixin, forms.Form):
    basis = forms.ChoiceField(
        label=_("The threshold you meet"),
        choices=QualificationBasis.choices,
        widget=forms.RadioSelect,
    )
    accept = forms.BooleanField(label=_("I make this declaration, and it is true."), required=False)
