"""E-mails about organizations, rendered in the language of the person who caused them."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from runway.orgs.models import Invitation


def invitation_email_send(*, invitation: Invitation, accept_url: str, language: str) -> None:
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "inviter": invitation.invited_by,
            "role": invitation.get_role_display(),
            "accept_url": accept_url,
        }
        subject_lines = render_to_string("orgs/emails/invitation_subject.txt", context)
        body = render_to_string("orgs/emails/invitation.txt", context)
    # A header line cannot hold a newline.
    subject = " ".join(subject_lines.split())
    send_mail(subject, body, None, [invitation.email])
