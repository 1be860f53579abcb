"""Forms of verified traction: uploads, the column mapping, typed-in months, finance snapshots.

Rules live in the services; a form parses input and shows the services' errors next to the
fields they concern (runway.orgs.forms.add_service_errors).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runway.engine.orders import DEFAULT_TZ, Preview
from runway.metrics.figures import MAX_COUNT, MonthFigures
from runway.metrics.mapping import MAPPED_FIELDS, field_label, required_fields
from runway.orgs.money import CURRENCY_CHOICES

MAX_UPLOAD_BYTES = 512 << 20
MONTH_FORMAT = "%Y-%m"


def money_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=20, decimal_places=2, min_value=0, required=required, **kwargs
    )


class UploadFields(forms.Form):
    """The file and the time zone of its times, shared by order and traffic uploads."""

    file = forms.FileField(label=_("Export file"))
    time_zone = forms.CharField(
        label=_("Time zone of the times in the file"), initial=DEFAULT_TZ, max_length=64
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 MB."))
        return upload

    def clean_time_zone(self) -> str:
        name: str = self.cleaned_data["time_zone"].strip()
        if name not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Unknown time zone, e.g. Asia/Shanghai."))
        return name


class ImportForm(UploadFields):
    """An order export; the layout is previewed and confirmed on the next page."""

    currency = forms.ChoiceField(
        label=_("Currency, when the file names none"),
        choices=[("", _("Detect from the file")), *CURRENCY_CHOICES],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Order export")
        self.fields["file"].help_text = _(
            "CSV (also gzip), Excel .xlsx, Parquet or text exported from your shop."
        )


class TrafficForm(UploadFields):
    """A traffic export: one row per day with visits (UV) and, optionally, page views (PV)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Traffic export")
        self.fields["file"].help_text = _(
            "One row per day: date, visits (访客数, UV, sessions) and page views (浏览量, PV)."
        )


class MappingForm(forms.Form):
    """For each field, the header of the file that holds it, starting from what was detected.

    `mapping` (cleaned) holds only the choices that differ from detection, so a recognized
    layout keeps its own rules (cancellations, refunds) for everything the person left alone.
    """

    def __init__(
        self, *args: Any, preview: Preview, detected: Mapping[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.detected = dict(detected)
        required = required_fields(preview)
        choices = [("", "—"), *((h, h) for h in preview.headers)]
        for name in MAPPED_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=field_label(name),
                choices=choices,
                required=False,
                initial=preview.columns.get(name, ""),
            )
            self.fields[name].is_mapping_required = name in required  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["mapping"] = {
            name: header
            for name in MAPPED_FIELDS
            if (header := cleaned.get(name)) and self.detected.get(name) != header
        }
        return cleaned


def month_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[MONTH_FORMAT],
        widget=forms.DateInput(attrs={"type": "month"}, format=MONTH_FORMAT),
        help_text=_("Year and month, such as 2025-01."),
    )


def count_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_COUNT, required=required, **kwargs
    )


class MonthFiguresForm(forms.Form):
    """A month as the venture types it: the figures docs/metrics.md defines the others from."""

    month = month_field(_("Month"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    gmv = money_field(_("GMV"), help_text=_("Gross order value."))
    refunds = money_field(_("Refunds"), initial=0, required=False)
    orders = count_field(_("Orders"))
    cancelled_orders = count_field(_("Cancelled orders"), required=False, initial=0)
    buyers = count_field(_("Buyers"), help_text=_("Distinct customers who ordered."))
    new_buyers = count_field(_("New buyers"), help_text=_("Of them, ordering for the first time."))
    visits = count_field(_("Visits"), required=False)
    page_views = count_field(_("Page views"), required=False)

    def figures(self) -> MonthFigures:
        data = self.cleaned_data
        return MonthFigures(
            month=data["month"],
            gmv=data["gmv"],
            refunds=data["refunds"] or Decimal(0),
            orders=data["orders"],
            cancelled_orders=data["cancelled_orders"] or 0,
            buyers=data["buyers"],
            new_buyers=data["new_buyers"],
            visits=data["visits"],
            page_views=data["page_views"],
        )


class FinanceSnapshotForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    cash = money_field(_("Cash in the bank"))
    monthly_burn = money_field(_("Monthly burn"), help_text=_("Net cash spent in a typical month."))
