"""Writes to mandates. Each checks access and validates fully."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from runway.investors.access import MandatePolicy
from runway.investors.models import Mandate
from runway.orgs.access import AccessDenied, Actor

CRITERIA = ("instruments", "sectors", "stages", "regions")


def _set_criteria(mandate: Mandate, criteria: dict[str, Iterable[Any] | None]) -> None:
    for name in CRITERIA:
        values = criteria.get(name)
        if values is not None:
            getattr(mandate, name).set(list(values))


def _split(fields: dict[str, Any]) -> dict[str, Iterable[Any] | None]:
    return {name: fields.pop(name) for name in CRITERIA if name in fields}


@transaction.atomic
def mandate_create(*, actor: Actor, **fields: Any) -> Mandate:
    if not MandatePolicy.can_create(actor):
        raise AccessDenied
    criteria = _split(fields)
    mandate = Mandate(organization=actor.organization, **fields)
    mandate.full_clean()
    mandate.save()
    _set_criteria(mandate, criteria)
    return mandate


@transaction.atomic
def mandate_update(*, actor: Actor, mandate: Mandate, **fields: Any) -> Mandate:
    if not MandatePolicy.can_edit(actor, mandate):
        raise AccessDenied
    criteria = _split(fields)
    for name, value in fields.items():
        setattr(mandate, name, value)
    mandate.full_clean()
    mandate.save()
    _set_criteria(mandate, criteria)
    return mandate
