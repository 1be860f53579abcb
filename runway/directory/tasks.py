"""Background reindexing, run by the django-tasks worker."""

from __future__ import annotations

from django_tasks import task

from runway.directory import services


@task()
def reindex_venture(*, venture_id: int) -> bool:
    """Rebuilds one venture's directory entry (removes it when the venture is gone); safe to
    retry. True when the venture is indexed."""
    return services.venture_reindex(venture_id=venture_id) is not None


@task()
def rebuild_directory() -> int:
    return services.directory_rebuild().ventures
