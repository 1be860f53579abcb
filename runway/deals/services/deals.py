"""Starting deals and moving them through the state machine (runway.deals.transitions).

`deal_transition` is the only writer of `Deal.state`. It re-reads the deal under a row lock,
checks the move against the state the caller saw, and applies it with one conditional UPDATE
(`... WHERE state = <expected>`): of two identical requests, or a double click, the second finds
the state already moved and is refused with a ValidationError, never applied twice. The unique
(deal, to_state) constraint on DealEvent backs this up in the database.

The moves made as consequences (runway.deals.transitions.SERVICE_MOVES) are checked against the
data that justifies them: `committed` needs the deal's active hard commitment, `closed` its
round closed; and a committed deal is bound, neither passed nor withdrawn.

`deal_open_for_holder` takes an existing holder's deal on a follow-on round through the states
it skips on paper, each one recorded: the venture's moves in it (accepting the intro) were agreed
when the venture opened the round to its holders first.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.accounts.models import User
from runway.deals.access import DealPolicy, deal_queryset, side_of
from runway.deals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Deal,
    DealEvent,
    DealState,
)
from runway.deals.services import grants, notices
from runway.deals.transitions import BINDING_STATES, Side, side_for
from runway.matching.models import Match
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Organization
from runway.ventures.access import RoundPolicy
from runway.ventures.models import FundingRound, RoundStatus

MESSAGE_MAX = 5_000


def _label(state: str) -> str:
    return str(DealState(state).label) if state in DealState.values else state


@transaction.atomic
def deal_start(*, actor: Actor, funding_round: FundingRound, match: Match | None = None) -> Deal:
    """The investor's deal on `funding_round`, created `interested` the first time; the same
    deal, unchanged, on every later call."""
    if not DealPolicy.can_start(actor) or not RoundPolicy.can_view(actor, funding_round):
        raise AccessDenied
    if match is not None and (
        match.funding_round_id != funding_round.pk
        or match.mandate.organization_id != actor.organization.pk
    ):
        raise AccessDenied
    existing = deal_queryset().filter(funding_round=funding_round, investor=actor.organization)
    deal = existing.first()
    if deal is not None:
        return deal
    if funding_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open to investors."))
    deal, created = Deal.objects.get_or_create(
        funding_round=funding_round,
        investor=actor.organization,
        defaults={"match": match, "created_by": actor.user},
    )
    if created:
        DealEvent.objects.create(
            deal=deal,
            from_state="",
            to_state=DealState.INTERESTED,
            user=actor.user,
            organization=actor.organization,
        )
    return deal_queryset().get(pk=deal.pk)


@transaction.atomic
def deal_request_intro(
    *, actor: Actor, funding_round: FundingRound, message: str, match: Match | None = None
) -> Deal:
    """Starts the deal if needed and asks the venture for an introduction with `message`."""
    if not message.strip():
        raise ValidationError({"message": _("Write a short message to introduce yourselves.")})
    deal = deal_start(actor=actor, funding_round=funding_round, match=match)
    if deal.state != DealState.INTERESTED:
        raise ValidationError(
            {"message": _("You already asked for an introduction to this round.")}
        )
    return deal_transition(actor=actor, deal=deal, to=DealState.INTRO_REQUESTED, note=message)


def _check_move(actor: Actor, locked: Deal, seen: str, to: str, note: str) -> Side:
    """The actor's side when it may move the locked deal from `seen` to `to`."""
    if to not in DealState.values:
        raise ValidationError({"to": _("Unknown state.")})
    if locked.state != seen:
        raise ValidationError(
            {"to": _("The deal has moved on to “%(state)s” since you opened it; nothing was "
                     "changed.") % {"state": _label(locked.state)}}
        )  # fmt: skip
    side = side_of(actor, locked)
    if side is None:
        raise AccessDenied
    wanted = side_for(locked.state, to)
    if wanted is None:
        if locked.state == to:
            message = _("The deal is already “%(state)s”.") % {"state": _label(to)}
        else:
            message = _("A deal that is “%(current)s” cannot move to “%(wanted)s”.") % {
                "current": _label(locked.state),
                "wanted": _label(to),
            }
        raise ValidationError({"to": message})
    if wanted is not side:
        if wanted is Side.VENTURE:
            raise ValidationError({"to": _("Only the venture can make this move.")})
        raise ValidationError({"to": _("Only the investor can make this move.")})
    _check_consequence(locked, to)
    if len(note) > MESSAGE_MAX:
        raise ValidationError(
            {"note": _("Keep it under %(count)s characters.") % {"count": MESSAGE_MAX}}
        )
    if to == DealState.INTRO_REQUESTED and not note:
        raise ValidationError({"note": _("Write a short message to introduce yourselves.")})
    return side


def _check_consequence(locked: Deal, to: str) -> None:
    """Refuses the moves that only follow from something else when that did not happen."""
    bound = locked.funding_round.status == RoundStatus.OPEN
    if bound and locked.state in BINDING_STATES and to in (DealState.PASSED, DealState.WITHDRAWN):
        raise ValidationError(
            {"to": _("A hard commitment binds both sides: the deal ends with its round, when the "
                     "round closes, fails or is cancelled.")}
        )  # fmt: skip
    if to == DealState.COMMITTED:
        hard = Commitment.objects.filter(
            deal=locked, kind=CommitmentKind.HARD, status=CommitmentStatus.ACTIVE
        )
        if not hard.exists():
            raise ValidationError(
                {"to": _("A deal is committed by making a hard commitment on its page.")}
            )
    if to == DealState.CLOSED and locked.funding_round.status != RoundStatus.CLOSED:
        raise ValidationError({"to": _("A deal closes when the venture closes the round.")})


@transaction.atomic
def deal_transition(*, actor: Actor, deal: Deal, to: str, note: str = "") -> Deal:
    """Moves `deal` from the state the caller saw (`deal.state`) to `to`, once.

    Refused with AccessDenied when the actor may not act on the deal, and with a ValidationError
    on `to` when the move is not in the machine, belongs to the other side, or was already made
    (by this request's twin, or by anyone since the caller read the deal). Returns the moved deal;
    `deal` itself is left as it was.
    """
    locked = deal_queryset().select_for_update(of=("self",)).filter(pk=deal.pk).first()
    if locked is None or not DealPolicy.can_edit(actor, locked):
        raise AccessDenied
    note = note.strip()
    side = _check_move(actor, locked, deal.state, to, note)
    now = timezone.now()
    changes: dict[str, object] = {"state": to, "state_changed_at": now}
    if to == DealState.INTRO_REQUESTED:
        changes["intro_message"] = note
    _apply(locked, changes, side=side, organization=actor.organization, user=actor.user, note=note)
    return locked


def _apply(
    locked: Deal,
    changes: dict[str, object],
    *,
    side: Side,
    organization: Organization,
    user: User | None,
    note: str,
) -> None:
    """Writes one move on the locked deal: the conditional UPDATE, its event, the access it
    brings and the other side's notification."""
    moved = Deal.objects.filter(pk=locked.pk, state=locked.state).update(**changes)
    if moved != 1:
        raise ValidationError(
            {"to": _("Someone else has just moved this deal; nothing was changed.")}
        )
    from_state = locked.state
    for name, value in changes.items():
        setattr(locked, name, value)
    DealEvent.objects.create(
        deal=locked,
        from_state=from_state,
        to_state=str(changes["state"]),
        user=user,
        organization=organization,
        note=note,
    )
    grants.follow_deal(deal=locked, user=user)
    notices.deal_moved(deal=locked, side=side, from_state=from_state)


# An existing holder's way to terms on a follow-on round, in the machine's own order.
HOLDER_PATH = (
    DealState.INTERESTED,
    DealState.INTRO_REQUESTED,
    DealState.INTRO_ACCEPTED,
    DealState.DILIGENCE,
    DealState.TERM_SHEET,
)


def deal_walk_for_holder(*, actor: Actor, deal: Deal, until: str, note: str) -> Deal:
    """Moves the holder's `deal` one recorded step at a time up to `until` (a state of
    HOLDER_PATH), the venture's steps in the venture's name. Only for
    services.commitments.pro_rata_start, which checked that the actor holds the venture and the
    round is in its holders' window; call it inside that transaction."""
    locked = deal_queryset().select_for_update(of=("self",)).filter(pk=deal.pk).first()
    if locked is None or side_of(actor, locked) is not Side.INVESTOR:
        raise AccessDenied
    if locked.state not in HOLDER_PATH:
        raise ValidationError(
            _("Your deal on this round is “%(state)s”; it cannot take the holders' way.")
            % {"state": _label(locked.state)}
        )
    venture = locked.funding_round.venture.organization
    while HOLDER_PATH.index(locked.state) < HOLDER_PATH.index(until):
        to = HOLDER_PATH[HOLDER_PATH.index(locked.state) + 1]
        side = side_for(locked.state, to)
        if side is None:  # pragma: no cover - HOLDER_PATH follows the machine
            raise ValueError(f"{locked.state} -> {to} is not a move")
        changes: dict[str, object] = {"state": to, "state_changed_at": timezone.now()}
        if to == DealState.INTRO_REQUESTED:
            changes["intro_message"] = note
        by_investor = side is Side.INVESTOR
        _apply(
            locked,
            changes,
            side=side,
            organization=actor.organization if by_investor else venture,
            user=actor.user if by_investor else None,
            note=note,
        )
    return locked
