"""Who may see and act on programs, applications and awards.

A program is public once open: every signed-in organization reads it. Drafts stay with the
government organization that runs the program. An application is seen by the venture that made
it and by the program's officers, and by platform staff; nobody else learns it exists.
"""

from __future__ import annotations

from runway.orgs.access import Actor, Need, authorized_by_id
from runway.orgs.models import OrganizationKind
from runway.programs.models import Application, Program, ProgramStatus


class ProgramPolicy:
    @staticmethod
    def can_view(actor: Actor, program: Program) -> bool:
        if actor.acts_for(program.organization_id) or actor.is_platform:
            return True
        return program.status != ProgramStatus.DRAFT

    @staticmethod
    def can_edit(actor: Actor, program: Program) -> bool:
        """Officers of the running organization: edit terms, decide applications."""
        return actor.acts_for(program.organization_id) and actor.can(Need.EDIT)

    @staticmethod
    def can_create(actor: Actor) -> bool:
        return actor.kind == OrganizationKind.GOVERNMENT and actor.can(Need.EDIT)

    @staticmethod
    def can_apply(actor: Actor, program: Program) -> bool:
        return (
            actor.kind == OrganizationKind.VENTURE
            and actor.can(Need.EDIT)
            and program.status == ProgramStatus.OPEN
        )


class ApplicationPolicy:
    @staticmethod
    def can_view(actor: Actor, application: Application) -> bool:
        if actor.is_platform or actor.acts_for(application.program.organization_id):
            return True
        return actor.acts_for(application.venture.organization_id)

    @staticmethod
    def can_edit(actor: Actor, application: Application) -> bool:
        """The applicant's members may withdraw; deciding is ProgramPolicy.can_edit."""
        return actor.acts_for(application.venture.organization_id) and actor.can(Need.EDIT)


def access_program_by_id(*, actor: Actor, program_id: int, need: Need) -> Program:
    return authorized_by_id(
        Program.objects.select_related("organization"),
        program_id,
        policy=ProgramPolicy,
        actor=actor,
        need=need,
    )


def access_application_by_id(*, actor: Actor, application_id: int, need: Need) -> Application:
    return authorized_by_id(
        Application.objects.select_related(
            "program__organization", "venture__organization", "funding_round"
        ),
        application_id,
        policy=ApplicationPolicy,
        actor=actor,
        need=need,
    )
