"""The rescue ladder's one-click routes: open the rescue round, or start the sale listing.

Both recompute the ladder from the stored figures rather than trusting numbers a page posted.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.exits.models import Listing
from runway.exits.reasons import route_reason
from runway.exits.selectors import rescue_overview
from runway.exits.services.listings import listing_create
from runway.orgs.access import AccessDenied, Actor
from runway.taxonomy.models import Instrument
from runway.ventures.access import VenturePolicy
from runway.ventures.models import FundingRound, RoundStatus, Venture
from runway.ventures.services import round_create

EQUITY = "equity"


@transaction.atomic
def rescue_round_open(*, actor: Actor, venture: Venture) -> FundingRound:
    """Opens the ladder's rescue round: its target, minimum ticket and pre-money valuation, open
    from today for the ladder's window, so the matching triggers show it to matched investors.
    Refused when no rescue is needed, when a round is already open, or when the route is not
    available (no burn, no valuation)."""
    if not VenturePolicy.can_edit(actor, venture):
        raise AccessDenied
    # One click at a time per venture: the second waits here, then finds the open round.
    Venture.objects.select_for_update(of=("self",)).filter(pk=venture.pk).first()
    overview = rescue_overview(venture=venture)
    if not overview.ladder.trigger.needed:
        raise ValidationError(_("No rescue is needed now; open a round of your own instead."))
    if overview.open_round is not None:
        raise ValidationError(
            _("Your round “%(title)s” is already open; investors see it now.")
            % {"title": overview.open_round.title}
        )
    route = overview.ladder.rescue_round
    if route.target is None or route.min_ticket is None or route.pre_money is None:
        raise ValidationError(route_reason(route.reason))
    today = timezone.localdate()
    return round_create(
        actor=actor,
        venture=venture,
        title=_("Rescue round"),
        instrument=Instrument.objects.get(code=EQUITY),
        currency=overview.ladder.currency.value,
        target_amount=route.target.amount,
        min_ticket=route.min_ticket.amount,
        pre_money_valuation=route.pre_money.amount,
        terms="",
        use_of_funds=_(
            "%(months)d months of operations at the current burn, to reach the next milestone."
        )
        % {"months": route.months_of_burn},
        opens_on=today,
        closes_on=today + dt.timedelta(days=route.window_days),
        status=RoundStatus.OPEN,
    )


def rescue_listing_start(*, actor: Actor, venture: Venture) -> Listing:
    """The ladder's sale route: a draft listing with a code name, the province and the
    venture's first sector, priced from its verified figures; the venture writes the summary
    and publishes it."""
    return listing_create(actor=actor, venture=venture)
