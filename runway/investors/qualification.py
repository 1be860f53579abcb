"""Qualified investors (合格投资者), as China's rules for private placements define them, declared.

An institution counts as qualified. An individual investor, which on Runway is an investor
organization of the `angel` category (one person investing their own money), must declare one of
the thresholds of `QualificationBasis`: at least 1M CNY invested in the project, at least 3M CNY
of financial assets, or a yearly income of at least 500k CNY over the last three years. A
declaration holds for `VALIDITY` from the day it is made; the text declared is versioned like the
NDA. Rounds marked `qualified_investors_only` refuse commitments from individuals without one in
force (runway.deals.services.commitments), and the 1M-per-project basis also needs the commitment
itself to reach 1M CNY.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from runway.fx.selectors import convert
from runway.investors.models import QualificationBasis, QualifiedInvestorDeclaration
from runway.orgs.access import Actor, Need
from runway.orgs.models import Organization, OrganizationCategory, OrganizationKind
from runway.orgs.money import money_text

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

DECLARATION_VERSION = "2026.1"
VALIDITY = dt.timedelta(days=365)
PROJECT_THRESHOLD = Decimal("1000000")
THRESHOLD_CURRENCY = "CNY"

DECLARATION_PARAGRAPHS: tuple[StrPromise, ...] = (
    gettext_lazy(
        "I declare that I am a qualified investor under the rules for private placements in "
        "the People's Republic of China, on the basis I chose below, and that this is true."
    ),
    gettext_lazy(
        "I understand that private placements carry a high risk, that I may lose all the money "
        "I invest, and that the shares or notes may not be sold for a long time."
    ),
    gettext_lazy(
        "I will tell the platform at once when this declaration stops being true, and I accept "
        "that ventures and the platform may ask me for proof of it."
    ),
)


def is_individual(organization: Organization) -> bool:
    """An angel: one person investing their own money, who must declare to be qualified."""
    return (
        organization.kind == OrganizationKind.INVESTOR
        and organization.category == OrganizationCategory.ANGEL
    )


@dataclass(frozen=True)
class Qualification:
    individual: bool
    declaration: QualifiedInvestorDeclaration | None

    @property
    def qualified(self) -> bool:
        """Institutions are; individuals with a declaration in force are (for the 1M basis, for
        commitments of at least 1M CNY: see `commitment_refusal`)."""
        return not self.individual or self.declaration is not None


def qualification_of(organization: Organization, *, on: dt.date | None = None) -> Qualification:
    """The organization's standing on `on` (today): its newest declaration still in force."""
    if not is_individual(organization):
        return Qualification(individual=False, declaration=None)
    day = on or timezone.localdate()
    declaration = (
        QualifiedInvestorDeclaration.objects.filter(organization=organization, valid_until__gte=day)
        .select_related("declared_by")
        .order_by("-declared_at", "-pk")
        .first()
    )
    return Qualification(individual=True, declaration=declaration)


def commitment_refusal(
    organization: Organization, *, amount: Decimal, currency: str, on: dt.date | None = None
) -> str | None:
    """Why `organization` may not commit `amount` to a qualified-investors-only round, or None."""
    standing = qualification_of(organization, on=on)
    if not standing.individual:
        return None
    declaration = standing.declaration
    if declaration is None:
        return _(
            "This round takes qualified investors only: declare that you are one first, from "
            "your qualified-investor page."
        )
    if declaration.basis != QualificationBasis.PROJECT_1M:
        return None
    in_yuan = convert(amount, from_currency=currency, to_currency=THRESHOLD_CURRENCY, on=on)
    if in_yuan is None:
        return _(
            "Your declaration rests on investing at least %(threshold)s in the project, and "
            "there is no current exchange rate to check %(amount)s against it."
        ) % {
            "threshold": money_text(PROJECT_THRESHOLD, THRESHOLD_CURRENCY),
            "amount": money_text(amount, currency),
        }
    if in_yuan < PROJECT_THRESHOLD:
        return _(
            "Your declaration rests on investing at least %(threshold)s in the project; commit "
            "at least that much, or declare on another basis."
        ) % {"threshold": money_text(PROJECT_THRESHOLD, THRESHOLD_CURRENCY)}
    return None


class DeclarationPolicy:
    @staticmethod
    def can_declare(actor: Actor) -> bool:
        """Members and up of an individual investor declare for it."""
        return is_individual(actor.organization) and actor.can(Need.EDIT)

    @staticmethod
    def can_view(actor: Actor) -> bool:
        return is_individual(actor.organization) and actor.can(Need.VIEW)
