"""Who may see a venture's detailed metrics and import jobs, and who may import.

Only the venture's own members (viewers read; members and up import) and platform staff (read)
see detailed metrics and jobs; everyone else gets the same AccessDenied as for a missing venture.
Grants to investors come with deals.
"""

from __future__ import annotations

from runway.metrics.models import ImportJob
from runway.orgs.access import AccessDenied, Actor, Need, authorize, authorized_by_id
from runway.ventures.models import Venture


class MetricsPolicy:
    @staticmethod
    def can_view(actor: Actor, venture: Venture) -> bool:
        if actor.acts_for(venture.organization_id):
            return actor.can(Need.VIEW)
        return actor.is_platform

    @staticmethod
    def can_import(actor: Actor, venture: Venture) -> bool:
        return actor.acts_for(venture.organization_id) and actor.can(Need.EDIT)

    can_edit = can_import  # what `authorize` asks for anything beyond reading


def access_venture_metrics(*, actor: Actor, venture_id: int, need: Need) -> Venture:
    """The venture whose metrics the actor may `need` (VIEW reads, EDIT imports)."""
    return authorized_by_id(
        Venture.objects.select_related("organization"),
        venture_id,
        policy=MetricsPolicy,
        actor=actor,
        need=need,
    )


def access_own_venture_metrics(*, actor: Actor, need: Need) -> Venture:
    """The actor's own organization's venture, when it has one and the role allows `need`."""
    venture = (
        Venture.objects.select_related("organization")
        .filter(organization=actor.organization)
        .first()
    )
    if venture is None:
        raise AccessDenied
    authorize(MetricsPolicy, actor, venture, need)
    return venture


def access_import_job_by_id(*, actor: Actor, job_id: int, need: Need = Need.VIEW) -> ImportJob:
    """An import job, seen by whoever may see its venture's metrics."""
    job = (
        ImportJob.objects.select_related("venture__organization", "created_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        raise AccessDenied
    authorize(MetricsPolicy, actor, job.venture, need)
    return job
