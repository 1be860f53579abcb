"""Finance snapshots: cash and monthly burn on a date, as the venture states them.

Runway in months is cash / monthly burn (docs/metrics.md, section 7). A snapshot is dated; one
per date, so entering a date again corrects it. Writes need the edit role in the venture; reads
follow the metrics policy (runway.metrics.access).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from runway.metrics.access import MetricsPolicy
from runway.metrics.figures import CENT, MAX_MONEY, local_today
from runway.metrics.models import FinanceSnapshot
from runway.orgs.access import AccessDenied, Actor
from runway.ventures.models import Venture


def finance_snapshot_save(
    *,
    actor: Actor,
    venture: Venture,
    as_of: dt.date,
    cash: Decimal,
    monthly_burn: Decimal,
    currency: str,
) -> tuple[FinanceSnapshot, bool]:
    """Stores the snapshot of `as_of` (replacing that date's); True when it is new."""
    if not MetricsPolicy.can_import(actor, venture):
        raise AccessDenied
    errors: dict[str, list[str]] = {}
    if as_of > local_today():
        errors["as_of"] = [_("The date is in the future.")]
    for name, value in (("cash", cash), ("monthly_burn", monthly_burn)):
        if not value.is_finite() or value < 0 or value > MAX_MONEY:
            errors[name] = [_("Enter an amount from 0 to %(max)s.") % {"max": f"{MAX_MONEY:,.2f}"}]
        elif value != value.quantize(CENT):
            errors[name] = [_("Enter at most two decimal places.")]
    if errors:
        raise ValidationError(errors)
    return FinanceSnapshot.objects.update_or_create(
        venture=venture,
        as_of=as_of,
        defaults={
            "cash": cash,
            "monthly_burn": monthly_burn,
            "currency": currency,
            "created_by": actor.user,
        },
    )
