"""What other apps' services call when something the directory shows changes: the venture is
reindexed once the change is committed, so the index never holds a state that was rolled back.

Call `venture_changed(venture.pk)` after a venture's profile, its organization (name,
verification), its monthly figures or its passports change.
"""

from __future__ import annotations

from django.db import transaction


def venture_changed(venture_id: int) -> None:
    from runway.directory.tasks import reindex_venture

    transaction.on_commit(lambda: reindex_venture.enqueue(venture_id=venture_id))


def organization_changed(organization_id: int) -> None:
    """A name or verified badge changed: reindex the organization's venture, if it has one."""
    from runway.ventures.models import Venture

    for venture_id in Venture.objects.filter(organization_id=organization_id).values_list(
        "pk", flat=True
    ):
        venture_changed(venture_id)
