"""A term sheet as a PDF, in Chinese or English, rendered by WeasyPrint with WenQuanYi Micro Hei."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from runway.deals.models import TermSheet
from runway.deals.term_sheets import display_rows

PDF_LANGUAGES = ("zh-hans", "en")


def term_sheet_pdf(*, sheet: TermSheet, language: str) -> bytes:
    """The PDF of `sheet` worded in `language` (one of PDF_LANGUAGES)."""
    if language not in PDF_LANGUAGES:
        raise ValueError(f"term sheets are rendered in {PDF_LANGUAGES}, not {language!r}")
    # Imported here: WeasyPrint takes a second and a half to import.
    from weasyprint import HTML  # type: ignore[import-untyped]  # no stubs published

    deal = sheet.deal
    with translation.override(language):
        html = render_to_string(
            "deals/term_sheet_pdf.html",
            {
                "sheet": sheet,
                "deal": deal,
                "round": deal.funding_round,
                "venture": deal.funding_round.venture.organization,
                "investor": deal.investor,
                "rows": display_rows(sheet.kind, sheet.terms),
                "language": language,
            },
        )
    return bytes(HTML(string=html).write_pdf())
