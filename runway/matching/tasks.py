"""Background matching, run by the django-tasks worker: after a round, mandate, venture's figures
or program changes, and in full every night (`runway worker` schedules it)."""

from __future__ import annotations

from django_tasks import task

from runway.investors.models import Mandate
from runway.matching import services
from runway.programs.models import Program
from runway.ventures.models import FundingRound, Venture


@task()
def rematch_all() -> int:
    count = services.rematch_all()
    services.program_eligibility_refresh()
    return count


@task()
def rematch_round(*, round_id: int) -> int:
    funding_round = FundingRound.objects.filter(pk=round_id).first()
    return 0 if funding_round is None else services.rematch_round(funding_round=funding_round)


@task()
def rematch_mandate(*, mandate_id: int) -> int:
    mandate = Mandate.objects.filter(pk=mandate_id).first()
    return 0 if mandate is None else services.rematch_mandate(mandate=mandate)


@task()
def rematch_venture(*, venture_id: int) -> None:
    venture = Venture.objects.filter(pk=venture_id).first()
    if venture is not None:
        services.rematch_venture(venture=venture)


@task()
def refresh_program(*, program_id: int) -> int:
    program = Program.objects.filter(pk=program_id).first()
    return 0 if program is None else services.program_eligibility_refresh(program=program)
