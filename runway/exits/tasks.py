"""Background work for exits: offers and exclusivity that run out (nightly; safe to run twice)."""

from __future__ import annotations

from django_tasks import task

from runway.exits.services.expiry import exits_expire


@task()
def expire_exits() -> dict[str, int]:
    expired = exits_expire()
    return {"offers": expired.offers, "exclusivities": expired.exclusivities}
