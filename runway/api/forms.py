from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runway.orgs.access import ROLE_GRANTS, Actor
from runway.orgs.models import Role


class ApiTokenForm(forms.Form):
    """A token's name and role; the roles offered are those up to the creator's own."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as “ERP sync” or “Reporting”."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        initial=Role.VIEWER,
        help_text=_("Viewer tokens only read; member tokens also create and change data."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = ROLE_GRANTS[actor.role]
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        role.choices = [
            (value, label) for value, label in Role.choices if ROLE_GRANTS[value] <= own
        ]
