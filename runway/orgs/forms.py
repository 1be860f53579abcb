"""Forms for organizations, memberships and invitations.

The forms only parse and check what a person typed; the services make the changes and enforce the
rules again, and `add_service_errors` puts what a service refused back next to the fields.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from runway.engine.credit_code import normalize
from runway.orgs.models import (
    CATEGORIES_BY_KIND,
    Organization,
    OrganizationCategory,
    OrganizationKind,
    Role,
)
from runway.orgs.validators import validate_credit_code

COUNTRY_CODE = re.compile(r"[A-Z]{2}")
SIGNUP_KINDS = [
    (value, label)
    for value, label in OrganizationKind.choices
    if value != OrganizationKind.PLATFORM
]


def category_choices(kind: str | None = None) -> list[tuple[Any, Any]]:
    """Categories grouped by the kind they belong to, or only those of `kind`."""
    groups: list[tuple[Any, Any]] = [("", _("None"))]
    for group_kind, allowed in CATEGORIES_BY_KIND.items():
        if kind is not None and group_kind != kind:
            continue
        options = [
            (value, label) for value, label in OrganizationCategory.choices if value in allowed
        ]
        if kind is None:
            groups.append((OrganizationKind(group_kind).label, options))
        else:
            groups.extend(options)
    return groups


def add_service_errors(error: ValidationError, *forms_: forms.BaseForm) -> None:
    """Shows a service's ValidationError next to the field of the first form that has it, else on
    top of the first form."""
    first = forms_[0]
    if not hasattr(error, "error_dict"):
        first.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        owner = next((form for form in forms_ if field in form.fields), None)
        if owner is None:
            first.add_error(None, errors)
        else:
            owner.add_error(field, errors)


class OrganizationCreateForm(forms.ModelForm):
    """Name, kind and legal identity: a credit code in mainland China, else a registry number."""

    class Meta:
        model = Organization
        fields = ("name", "kind", "category", "country", "credit_code", "registry_number", "city")
        widgets = {
            "country": forms.TextInput(
                attrs={"maxlength": 2, "pattern": "[A-Za-z]{2}", "autocomplete": "country"}
            ),
            "credit_code": forms.TextInput(
                attrs={"autocapitalize": "characters", "spellcheck": "false"}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].help_text = _(
            "Two-letter ISO 3166 code of the country of registration, such as CN, HK, RU or DE."
        )
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", "---------"), *SIGNUP_KINDS]  # type: ignore[attr-defined]
            self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]
            self.fields["category"].help_text = _(
                "Investors, intermediaries and government programs only."
            )
        elif self.instance.kind in CATEGORIES_BY_KIND:
            self.fields["category"].choices = category_choices(self.instance.kind)  # type: ignore[attr-defined]
        else:
            del self.fields["category"]

    def clean_country(self) -> str:
        country = str(self.cleaned_data.get("country") or "").strip().upper()
        if not COUNTRY_CODE.fullmatch(country):
            raise ValidationError(_("Enter the two-letter ISO code of the country, such as CN."))
        return country

    def clean_credit_code(self) -> str:
        code = normalize(self.cleaned_data.get("credit_code") or "")
        validate_credit_code(code)
        if (
            code
            and Organization.objects.filter(credit_code=code).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(
                _("An organization with this Unified Social Credit Code is already registered.")
            )
        return code

    def clean_registry_number(self) -> str:
        return str(self.cleaned_data.get("registry_number") or "").strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind", self.instance.kind)
        category = cleaned.get("category")
        if kind and category and category not in CATEGORIES_BY_KIND.get(kind, set()):
            self.add_error("category", _("This category does not fit this kind of organization."))
        country = cleaned.get("country")
        if kind == OrganizationKind.PLATFORM:
            return cleaned
        if country == "CN" and not cleaned.get("credit_code") and "credit_code" not in self.errors:
            self.add_error(
                "credit_code",
                _(
                    "Organizations registered in mainland China need their "
                    "Unified Social Credit Code."
                ),
            )
        if country and country != "CN" and not cleaned.get("registry_number"):
            self.add_error(
                "registry_number",
                _("Organizations registered outside mainland China need a registry number."),
            )
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments for organization_create / organization_update."""
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }


class OrganizationEditForm(OrganizationCreateForm):
    """The kind stays as it is: ventures, investors and programs have different data behind them."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta(OrganizationCreateForm.Meta):
        fields = (
            "name",
            "category",
            "country",
            "credit_code",
            "registry_number",
            "city",
            "website",
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args: Any, may_invite_owner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_invite_owner:
            self.fields["role"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Role.choices if value != Role.OWNER
            ]

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SwitchForm(forms.Form):
    organization = forms.IntegerField(min_value=1)
