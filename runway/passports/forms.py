"""Forms: issuing a passport (period and validity), and pasting or uploading one to verify."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runway.engine.passport import MAX_DOCUMENT_BYTES
from runway.passports.services import DEFAULT_VALID_DAYS, MAX_VALID_DAYS

MONTH_FORMAT = "%Y-%m"


def month_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[MONTH_FORMAT],
        widget=forms.DateInput(attrs={"type": "month"}, format=MONTH_FORMAT),
        help_text=_("Year and month, such as 2025-01."),
    )


class PassportIssueForm(forms.Form):
    period_from = month_field(_("First month"))
    period_to = month_field(_("Last month"))
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_VALID_DAYS,
        initial=DEFAULT_VALID_DAYS,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: dt.date | None = cleaned.get("period_from")
        end: dt.date | None = cleaned.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The last month comes before the first."))
        return cleaned


class PassportVerifyForm(forms.Form):
    document = forms.CharField(
        label=_("Passport JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("Paste the whole document, or upload the file below."),
    )
    file = forms.FileField(label=_("Passport file"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        text = (cleaned.get("document") or "").strip()
        if upload is not None:
            if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
                self.add_error("file", _("This file is too large to be a passport."))
                return cleaned
            cleaned["raw"] = upload.read()
        elif text:
            cleaned["raw"] = text.encode("utf-8")
        else:
            raise forms.ValidationError(_("Paste a passport or upload its file."))
        return cleaned
