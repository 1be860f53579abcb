"""Forms for programs: the terms an officer sets, a venture's application, an officer's decision.

Eligibility rules and kind-specific parameters are typed into ordinary fields here and handed to
the service as plain dicts (`Program.rules`, `Program.params`); the engine validates them. Shares
are typed as percentages and stored as fractions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from runway.investors.models import GRADES
from runway.programs.adapters import plain
from runway.programs.models import Application, Program, ProgramKind
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.forms import DATE_WIDGET, ServiceErrorsMixin
from runway.ventures.models import FundingRound, ShenzhenDistrict, Venture

HUNDRED = Decimal(100)
STAGE_SHARE_HELP = _(
    "One per line or separated by ';', stage code = percent, e.g. seed = 60; pre-a = 30."
)


def _percent(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, decimal_places=4,
        help_text=help_text,
    )  # fmt: skip


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, decimal_places=2)


def _multiple(model: Any, label: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: any."),
    )


# The parameter fields each kind uses, in the order the form shows them.
KIND_PARAMS: dict[str, tuple[str, ...]] = {
    ProgramKind.CO_INVESTMENT: (
        "ratio_public_to_private", "max_share_of_round", "cap_per_venture",
    ),
    ProgramKind.RISK_COMPENSATION: (
        "share_by_stage", "cap_per_project", "cap_per_investor_per_year",
    ),
    ProgramKind.GUARANTEE: ("coverage_share", "fee_rate_annual", "cap_per_loan"),
    ProgramKind.INTEREST_SUBSIDY: ("share_of_interest", "cap_per_venture"),
    ProgramKind.GRANT: ("amount_cap",),
}  # fmt: skip
PERCENT_PARAMS = frozenset(
    {"max_share_of_round", "coverage_share", "fee_rate_annual", "share_of_interest"}
)
RULE_FIELDS = (
    "sectors", "stages", "regions", "districts", "instruments", "min_company_age_months",
    "max_company_age_months", "max_annual_revenue", "min_grade", "pre_registration_required",
)  # fmt: skip


def parse_stage_shares(text: str) -> dict[str, str]:
    """`seed = 60; pre-a = 30` -> {"seed": "0.6", "pre-a": "0.3"}; errors name the entry."""
    shares: dict[str, str] = {}
    codes = set(Stage.objects.values_list("code", flat=True))
    for raw in text.replace("\n", ";").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        code, sep, value = (part.strip() for part in entry.partition("="))
        if not sep or not code:
            raise ValidationError(
                _("“%(entry)s”: write a stage code, '=' and a percentage."), params={"entry": entry}
            )
        if code not in codes:
            raise ValidationError(
                _("“%(code)s” is not a stage code; use one of %(codes)s."),
                params={"code": code, "codes": ", ".join(sorted(codes))},
            )
        try:
            percent = Decimal(value.rstrip("%").strip())
        except ArithmeticError:
            percent = Decimal(-1)
        if not percent.is_finite() or not Decimal(0) <= percent <= HUNDRED:
            raise ValidationError(
                _("“%(entry)s”: the share must be a percentage from 0 to 100."),
                params={"entry": entry},
            )
        shares[code] = str(percent / HUNDRED)
    return shares


class ProgramForm(ServiceErrorsMixin, forms.ModelForm[Program]):
    sectors = _multiple(Sector, _("Sectors"))
    stages = _multiple(Stage, _("Stages"))
    regions = _multiple(Region, _("Regions"))
    instruments = _multiple(Instrument, _("Instruments"))
    districts = forms.MultipleChoiceField(
        label=_("Shenzhen districts"),
        choices=ShenzhenDistrict.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: any."),
    )
    min_company_age_months = forms.IntegerField(
        label=_("Company at least this many months old"), required=False, min_value=0
    )
    max_company_age_months = forms.IntegerField(
        label=_("Company at most this many months old"), required=False, min_value=0
    )
    max_annual_revenue = _amount(_("Annual revenue at most"))
    min_grade = forms.ChoiceField(
        label=_("Traction grade at least"),
        choices=[("", _("Any grade")), *((g, g) for g in GRADES)],
        required=False,
    )
    pre_registration_required = forms.BooleanField(
        label=_("Ventures must pre-register before the investment or loan"), required=False
    )
    ratio_public_to_private = forms.DecimalField(
        label=_("Public money per unit of private money"),
        required=False, min_value=0, decimal_places=4,
        help_text=_("1 for 1:1; 0.5 for one yuan of public money per two of private."),
    )  # fmt: skip
    max_share_of_round = _percent(_("Largest share of a round (%)"))
    cap_per_venture = _amount(_("Cap per venture"))
    share_by_stage = forms.CharField(
        label=_("Share of the principal loss compensated, by stage"),
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=STAGE_SHARE_HELP,
    )  # fmt: skip
    cap_per_project = _amount(_("Cap per project"))
    cap_per_investor_per_year = _amount(_("Cap per investor per year"))
    coverage_share = _percent(_("Share of the loan covered (%)"))
    fee_rate_annual = _percent(_("Guarantee fee per year (%)"))
    cap_per_loan = _amount(_("Cap per loan"))
    share_of_interest = _percent(_("Share of interest subsidised (%)"))

    class Meta:
        model = Program
        fields = [
            "title",
            "summary",
            "kind",
            "status",
            "currency",
            "budget",
            "opens_on",
            "closes_on",
        ]
        widgets = {"opens_on": DATE_WIDGET, "closes_on": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = self.instance
        if program.pk and not self.is_bound:
            self._initial_from(program)

    def _initial_from(self, program: Program) -> None:
        rules, params = dict(program.rules), dict(program.params)
        for name in RULE_FIELDS:
            if name == "max_annual_revenue" and isinstance(rules.get(name), dict):
                self.initial[name] = rules[name].get("amount")
            elif name in rules and name in self.fields:
                self.initial[name] = rules[name]
        for name, value in params.items():
            if name == "share_by_stage" and isinstance(value, dict):
                self.initial[name] = "; ".join(
                    f"{code} = {plain(Decimal(share) * HUNDRED)}" for code, share in value.items()
                )
            elif name == "amount_cap":
                self.initial["cap_per_venture"] = value
            elif name in PERCENT_PARAMS:
                self.initial[name] = Decimal(str(value)) * HUNDRED
            elif name in self.fields:
                self.initial[name] = value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ProgramKind.GRANT and data.get("cap_per_venture") is not None:
            data["amount_cap"] = data["cap_per_venture"]
        return data

    def clean_share_by_stage(self) -> dict[str, str]:
        return parse_stage_shares(self.cleaned_data.get("share_by_stage") or "")

    def rules(self) -> dict[str, Any]:
        data = self.cleaned_data
        rules: dict[str, Any] = {}
        for name in ("sectors", "stages", "regions", "instruments"):
            codes = sorted(term.code for term in data.get(name) or [])
            if codes:
                rules[name] = codes
        if data.get("districts"):
            rules["districts"] = sorted(data["districts"])
        for name in ("min_company_age_months", "max_company_age_months"):
            if data.get(name) is not None:
                rules[name] = data[name]
        if data.get("max_annual_revenue") is not None:
            rules["max_annual_revenue"] = {
                "amount": str(data["max_annual_revenue"]),
                "currency": data.get("currency") or "CNY",
            }
        if data.get("min_grade"):
            rules["min_grade"] = data["min_grade"]
        if data.get("pre_registration_required"):
            rules["pre_registration_required"] = True
        return rules

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        for name in KIND_PARAMS.get(data.get("kind") or "", ()):
            value = data.get(name)
            if value is None or value == {}:
                continue
            if name in PERCENT_PARAMS:
                value = value / HUNDRED
            params[name] = value if isinstance(value, dict) else str(value)
        params["currency"] = data.get("currency") or "CNY"
        return params

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**fields, "rules": self.rules(), "params": self.params()}


class ApplicationForm(ServiceErrorsMixin, forms.ModelForm[Application]):
    class Meta:
        model = Application
        fields = ["funding_round", "amount", "private_amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, venture: Venture | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = (
            FundingRound.objects.filter(venture=venture) if venture else FundingRound.objects.none()
        )
        self.fields["funding_round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["private_amount"].required = False

    def clean_private_amount(self) -> Decimal:
        return self.cleaned_data.get("private_amount") or Decimal(0)


class DecisionForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount awarded"), required=False, min_value=Decimal("0.01"), decimal_places=2,
        help_text=_("Leave empty to award the amount requested."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
