"""Stamps every page of a PDF with the reader's name, organization and the time.

The stamp is a one-page PDF rendered by WeasyPrint (so Chinese names render, with WenQuanYi Micro
Hei) at each page's size, and merged over the page with pypdf: a large faint diagonal line across
the page and a small readable line at its foot. Both are real text, so a leaked copy names its
reader even when printed.
"""

from __future__ import annotations

import io
from typing import IO

from django.utils.html import escape
from pypdf import PageObject, PdfReader, PdfWriter, Transformation

STAMP_CSS = """
@page { size: %(width).2fpt %(height).2fpt; margin: 0; }
body { margin: 0; font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
.diagonal { position: fixed; top: 42%%; left: -25%%; width: 150%%; text-align: center;
            transform: rotate(-35deg); font-size: %(big).1fpt; color: rgba(110, 110, 110, 0.16); }
.foot { position: fixed; bottom: 8pt; left: 12pt; right: 12pt; text-align: center;
        font-size: 7pt; color: rgba(160, 20, 20, 0.75); }
"""


def _stamp(width: float, height: float, line: str) -> PageObject:
    # Imported here: WeasyPrint takes a second and a half to import, and only downloads need it.
    from weasyprint import HTML  # type: ignore[import-untyped]  # no stubs published

    css = STAMP_CSS % {"width": width, "height": height, "big": max(12.0, min(width, height) / 22)}
    text = escape(line)
    html = (
        f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>"
        f"<div class='diagonal'>{text}</div><div class='foot'>{text}</div></body></html>"
    )
    return PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0]


def watermark_pdf(source: IO[bytes], *, line: str) -> bytes:
    """The PDF read from `source` with `line` stamped on every page."""
    writer = PdfWriter(clone_from=PdfReader(source))
    stamps: dict[tuple[float, float], PageObject] = {}
    for page in writer.pages:
        # Rotated pages get their rotation folded into the content, so the stamp reads upright.
        page.transfer_rotation_to_content()
        box = page.mediabox
        size = (round(float(box.width), 2), round(float(box.height), 2))
        if size not in stamps:
            stamps[size] = _stamp(size[0], size[1], line)
        page.merge_transformed_page(
            stamps[size], Transformation().translate(float(box.left), float(box.bottom))
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
