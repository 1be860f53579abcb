"""The member's digest choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def language_choices() -> list[tuple[str, Any]]:
    return [("", _("Default (Simplified Chinese)")), *settings.LANGUAGES]


class DigestPreferenceForm(forms.Form):
    receive = forms.BooleanField(
        label=_("E-mail me a daily digest of new alerts and unread notifications"),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of the digest"), choices=language_choices, required=False
    )
