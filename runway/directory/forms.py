"""The directory's filter form, and the form a venture lists itself with."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.utils.functional import Promise, cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from runway.directory.bands import GROWTH_BANDS, REVENUE_BANDS, Band
from runway.directory.models import ProfileSettings
from runway.directory.selectors import DirectoryFilters, Sort
from runway.engine.financing.grids import GRADES
from runway.metrics.models import VerificationLevel
from runway.taxonomy.models import Region, Sector, Stage
from runway.ventures.models import BusinessModel, ShenzhenDistrict

SORT_CHOICES = [
    (Sort.RELEVANCE, _("Relevance")),
    (Sort.GROWTH, _("Growth")),
    (Sort.SIZE, _("Size")),
    (Sort.NEWEST, _("Newest")),
]


def _any(label: Promise) -> list[tuple[str, Promise]]:
    return [("", label)]


def _terms(label: Promise) -> forms.ChoiceField:
    """A filter on a taxonomy term by code; the form fills the choices in."""
    return forms.ChoiceField(choices=_any(label), required=False)


TAXONOMY_CACHE_SECONDS = 300


def _taxonomy_choices() -> dict[str, list[tuple[str, str]]]:
    """(code, name) of the terms each filter offers, in the active language. Cached a few
    minutes: the vocabulary changes only when `loaddata taxonomy` runs."""
    key = f"directory:taxonomy:{get_language()}"
    found: dict[str, list[tuple[str, str]]] | None = cache.get(key)
    if found is None:
        regions = [(term.code, term.label) for term in Region.objects.all()]
        found = {
            "sector": [(term.code, term.label) for term in Sector.objects.all()],
            "market": regions,
            "city": regions,
            "stage": [(term.code, term.label) for term in Stage.objects.all()],
        }
        cache.set(key, found, TAXONOMY_CACHE_SECONDS)
    return found


def _bands(bands: tuple[Band, ...], label: Promise) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[*_any(label), *((b.code, b.label) for b in bands)], required=False
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, sector, product or place")}
        ),
    )
    sector = _terms(_("All sectors"))
    business_model = forms.ChoiceField(
        choices=[*_any(_("All business models")), *BusinessModel.choices], required=False
    )
    market = _terms(_("All markets"))
    city = _terms(_("All cities"))
    district = forms.ChoiceField(
        choices=[*_any(_("All districts")), *ShenzhenDistrict.choices], required=False
    )
    stage = _terms(_("All stages"))
    grade = forms.ChoiceField(
        choices=[*_any(_("All grades")), *((g, g) for g in GRADES)], required=False
    )
    verification = forms.ChoiceField(
        choices=[*_any(_("Any verification")), *VerificationLevel.choices], required=False
    )
    revenue_band = _bands(REVENUE_BANDS, _("Any revenue"))
    growth_band = _bands(GROWTH_BANDS, _("Any growth"))
    # Set by a sponsor's link ("the ventures it sponsors"); kept as the other filters change.
    sponsor = forms.SlugField(max_length=80, required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: object, full: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, choices in _taxonomy_choices().items():
            field = self.fields[name]
            field.choices = [("", field.choices[0][1]), *choices]  # type: ignore[attr-defined]
        if not full:
            # The grade belongs to the fuller view: not offered to anyone who cannot see it.
            del self.fields["grade"]

    @cached_property
    def selects(self) -> dict[str, SafeString]:
        """Every filter but the query as a <select>, built directly: rendering a dozen selects
        through Django's widget templates costs more than the rest of the page."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        html: dict[str, SafeString] = {}
        for name, field in self.fields.items():
            if name in ("q", "sponsor"):
                continue
            chosen = cleaned.get(name) or ""
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, " selected" if str(value) == chosen else "", label)
                    for value, label in field.choices  # type: ignore[attr-defined]
                ),
            )
            html[name] = format_html(
                '<select name="{}" id="id_{}" aria-label="{}">{}</select>',
                name,
                name,
                field.label or field.choices[0][1],  # type: ignore[attr-defined]
                options,
            )
        return html

    def filters(self) -> DirectoryFilters:
        """The valid filters only; an unknown code is ignored rather than failing the page."""
        self.is_valid()
        cleaned = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        return DirectoryFilters(**{name: value or "" for name, value in cleaned.items()})


class ProfileSettingsForm(forms.ModelForm[ProfileSettings]):
    class Meta:
        model = ProfileSettings
        fields = ["listed", "show_raw_figures"]
