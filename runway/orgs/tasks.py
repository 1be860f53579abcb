"""Background work for organizations, run by the django-tasks worker."""

from __future__ import annotations

from django_tasks import task

from runway.orgs import emails
from runway.orgs.models import Invitation


@task()
def send_invitation_email(*, invitation_id: int, accept_url: str, language: str) -> bool:
    """E-mails an invitation's link; does nothing when it was revoked or accepted meanwhile."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    emails.invitation_email_send(invitation=invitation, accept_url=accept_url, language=language)
    return True
