"""The click-through non-disclosure agreement a buyer accepts before a listing's identity and
detailed figures are shown.

An acceptance records the version it was given; changing the wording means a new version, and
buyers then accept the new text before they see the confidential part again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

NDA_VERSION = "2026.1-exit"

NDA_PARAGRAPHS: tuple[StrPromise, ...] = (
    _(
        "The receiving organization will use the identity of the company for sale, its figures "
        "and everything learnt about it only to evaluate and negotiate its acquisition."
    ),
    _(
        "It will not disclose that the company is for sale, nor anything learnt about it, to "
        "anyone outside its own staff and professional advisers who need it for that purpose and "
        "are bound by the same duty of confidentiality."
    ),
    _(
        "It will not approach the company's staff, customers or suppliers about the sale without "
        "the company's written consent."
    ),
    _(
        "If the company grants another buyer exclusivity, withdraws the listing or asks for it, "
        "the receiving organization's access ends and it deletes what it copied."
    ),
    _(
        "These duties last three years from acceptance and do not cover information that is "
        "public or that the organization already had lawfully."
    ),
    _(
        "Every view of the confidential part is recorded with the reader's name, organization, "
        "time and network address, and the company can see that record."
    ),
)
