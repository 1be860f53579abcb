"""The form an intermediary proposes a sponsorship with; the service checks everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from runway.sponsors.services import MESSAGE_MAX
from runway.ventures.forms import ServiceErrorsMixin


class ProposeForm(ServiceErrorsMixin, forms.Form):
    venture = forms.SlugField(
        label=_("Short name of the venture"),
        max_length=80,
        help_text=_(
            "As in the address of its directory profile: mama-circle for /directory/mama-circle/"
        ),
    )
    message = forms.CharField(
        label=_("Message to the venture"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX,
        required=False,
        help_text=_("How you work with the venture and what your sponsorship offers."),
    )
