"""The platform's click-through non-disclosure agreement.

An acceptance records the version it was given; changing the wording means a new version, and
`on_nda` documents then wait for the new text to be accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

NDA_VERSION = "2026.1"

NDA_PARAGRAPHS: tuple[StrPromise, ...] = (
    _(
        "The receiving organization will use the venture's confidential documents and figures "
        "only to evaluate an investment in, or financing of, the venture."
    ),
    _(
        "It will not disclose them to anyone outside its own staff and professional advisers who "
        "need them for that evaluation and are bound by the same duty of confidentiality."
    ),
    _(
        "It will not copy them beyond what the evaluation needs, will not try to remove the "
        "watermark that names the reader, and will delete its copies when the venture asks."
    ),
    _(
        "These duties last three years from acceptance and do not cover information that is "
        "public or that the organization already had lawfully."
    ),
    _(
        "Every view and download is recorded with the reader's name, organization, time and "
        "network address, and the venture can see that record."
    ),
)
