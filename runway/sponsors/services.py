"""Writes of sponsorships: propose, accept, decline, end.

Every move re-reads the sponsorship under a row lock, checks it against the status the caller saw,
and applies it with one conditional UPDATE (`... WHERE status = <seen>`), so a double click or
both sides acting at once change it once. Proposals rely on the database: the partial unique
constraint allows one live (proposed or accepted) sponsorship per intermediary and venture, so of
two proposals sent at once the second is refused. Each change notifies the other side and
reindexes the venture, whose accepted sponsors the directory shows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.directory import triggers as directory_triggers
from runway.orgs.access import AccessDenied, Actor
from runway.sponsors import notices
from runway.sponsors.access import INTERMEDIARY, SponsorshipPolicy, side_of
from runway.sponsors.models import LIVE_STATUSES, Sponsorship, SponsorshipStatus
from runway.ventures.models import Venture

MESSAGE_MAX = 2_000


def _already_live() -> ValidationError:
    return ValidationError(
        {"venture": _("You already sponsor this venture or wait for its answer to your proposal.")}
    )


@transaction.atomic
def sponsorship_propose(*, actor: Actor, venture: Venture, message: str = "") -> Sponsorship:
    """The intermediary's proposal to sponsor `venture`, waiting for the venture's answer."""
    if not SponsorshipPolicy.can_propose(actor, venture):
        raise AccessDenied
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": _("Keep it under %(count)s characters.") % {"count": MESSAGE_MAX}}
        )
    live = Sponsorship.objects.filter(
        intermediary=actor.organization, venture=venture, status__in=LIVE_STATUSES
    )
    if live.exists():
        raise _already_live()
    sponsorship = Sponsorship(
        intermediary=actor.organization, venture=venture, message=message, proposed_by=actor.user
    )
    # The live-pair constraint is the database's to hold (below), not a racy pre-check's.
    sponsorship.full_clean(validate_constraints=False)
    try:
        # A savepoint: the constraint refusing a twin proposal leaves this transaction usable.
        with transaction.atomic():
            sponsorship.save()
    except IntegrityError as error:
        raise _already_live() from error
    notices.sponsorship_moved(sponsorship=sponsorship, side=INTERMEDIARY)
    directory_triggers.venture_changed(venture.pk)
    return sponsorship


def _locked(sponsorship: Sponsorship) -> Sponsorship:
    locked = (
        Sponsorship.objects.select_for_update(of=("self",))
        .select_related("intermediary", "venture__organization")
        .filter(pk=sponsorship.pk)
        .first()
    )
    if locked is None:
        raise AccessDenied
    return locked


def _changed_since(status: str) -> ValidationError:
    return ValidationError(
        _("This sponsorship is now “%(status)s”; nothing was changed.")
        % {"status": SponsorshipStatus(status).label}
    )


def _apply(locked: Sponsorship, seen: str, **changes: Any) -> Sponsorship:
    """Moves the locked row from `seen` with one conditional UPDATE; refused when it moved."""
    if locked.status != seen:
        raise _changed_since(locked.status)
    changes["updated_at"] = timezone.now()
    moved = Sponsorship.objects.filter(pk=locked.pk, status=seen).update(**changes)
    if moved != 1:
        raise _changed_since(Sponsorship.objects.get(pk=locked.pk).status)
    for name, value in changes.items():
        setattr(locked, name, value)
    return locked


def _decide(actor: Actor, sponsorship: Sponsorship, status: str) -> Sponsorship:
    locked = _locked(sponsorship)
    if not SponsorshipPolicy.answers(actor, locked):
        raise AccessDenied
    if locked.status != SponsorshipStatus.PROPOSED:
        raise _changed_since(locked.status)
    moved = _apply(
        locked, sponsorship.status, status=status, decided_by=actor.user, decided_at=timezone.now()
    )
    notices.sponsorship_moved(sponsorship=moved, side="venture")
    directory_triggers.venture_changed(moved.venture_id)
    return moved


@transaction.atomic
def sponsorship_accept(*, actor: Actor, sponsorship: Sponsorship) -> Sponsorship:
    """The venture accepts: the intermediary appears as its sponsor on its profile."""
    return _decide(actor, sponsorship, SponsorshipStatus.ACCEPTED)


@transaction.atomic
def sponsorship_decline(*, actor: Actor, sponsorship: Sponsorship) -> Sponsorship:
    return _decide(actor, sponsorship, SponsorshipStatus.DECLINED)


@transaction.atomic
def sponsorship_end(*, actor: Actor, sponsorship: Sponsorship) -> Sponsorship:
    """Either side ends an accepted sponsorship; the intermediary also withdraws a proposal."""
    locked = _locked(sponsorship)
    if not SponsorshipPolicy.ends(actor, locked):
        raise AccessDenied
    side = side_of(actor, locked)
    if not SponsorshipPolicy.can_end(actor, locked):
        if locked.status == SponsorshipStatus.PROPOSED:
            raise ValidationError(_("Decline the proposal instead: it was never accepted."))
        raise _changed_since(locked.status)
    was = locked.status
    moved = _apply(
        locked,
        sponsorship.status,
        status=SponsorshipStatus.ENDED,
        ended_by=actor.user,
        ended_by_side=side or "",
        ended_at=timezone.now(),
    )
    notices.sponsorship_moved(sponsorship=moved, side=side or "", was=was)
    directory_triggers.venture_changed(moved.venture_id)
    return moved
