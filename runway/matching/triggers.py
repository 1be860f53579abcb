"""What other apps' services call when something matching depends on changes: the re-match is
queued once the change is committed, so the worker never reads a state that was rolled back."""

from __future__ import annotations

from django.db import transaction


def round_changed(round_id: int) -> None:
    from runway.matching.tasks import rematch_round

    transaction.on_commit(lambda: rematch_round.enqueue(round_id=round_id))


def mandate_changed(mandate_id: int) -> None:
    from runway.matching.tasks import rematch_mandate

    transaction.on_commit(lambda: rematch_mandate.enqueue(mandate_id=mandate_id))


def figures_changed(venture_id: int) -> None:
    from runway.matching.tasks import rematch_venture

    transaction.on_commit(lambda: rematch_venture.enqueue(venture_id=venture_id))


def program_changed(program_id: int) -> None:
    from runway.matching.tasks import refresh_program

    transaction.on_commit(lambda: refresh_program.enqueue(program_id=program_id))
