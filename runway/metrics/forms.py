"""The upload form: the file, an optional column mapping, the time zone and the currency."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runway.engine.orders import DEFAULT_TZ
from runway.engine.orders.layouts import FIELDS
from runway.orgs.money import CURRENCY_CHOICES

MAX_UPLOAD_BYTES = 512 << 20


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Order export"),
        help_text=_("CSV (also gzip), Excel .xlsx, Parquet or text exported from your shop."),
    )
    mapping = forms.CharField(
        label=_("Column mapping (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "order_id = 订单编号"}),
    )
    time_zone = forms.CharField(
        label=_("Time zone of the times in the file"), initial=DEFAULT_TZ, max_length=64
    )
    currency = forms.ChoiceField(
        label=_("Currency, when the file names none"),
        choices=[("", _("Detect from the file")), *CURRENCY_CHOICES],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Interpolated per form: `lazy % dict` would freeze the language active at import time.
        self.fields["mapping"].help_text = _(
            "Only when your headers are not recognized: one line per field, as "
            "“field = your header”. Fields: %(fields)s."
        ) % {"fields": ", ".join(FIELDS)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 MB."))
        return upload

    def clean_mapping(self) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["mapping"].splitlines(), start=1):
            if not line.strip():
                continue
            field, separator, header = (part.strip() for part in line.partition("="))
            if not separator or not field or not header:
                raise forms.ValidationError(
                    _("Line %(number)d is not “field = your header”.") % {"number": number}
                )
            if field not in FIELDS:
                raise forms.ValidationError(
                    _("Line %(number)d: “%(field)s” is not a field.")
                    % {"number": number, "field": field}
                )
            mapping[field] = header
        return mapping

    def clean_time_zone(self) -> str:
        name: str = self.cleaned_data["time_zone"].strip()
        if name not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Unknown time zone, e.g. Asia/Shanghai."))
        return name
