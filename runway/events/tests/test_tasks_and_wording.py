"""The reminder task and command, and how event notifications read."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from runway.events.tasks import send_event_reminders
from runway.events.tests.factories import EventFactory, investor, registered
from runway.notifications.models import Notification
from runway.notifications.wording import text_of
from runway.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_task_and_the_command_send_due_reminders() -> None:
    soon = (timezone.now() + dt.timedelta(hours=12)).replace(second=0, microsecond=0)
    event = EventFactory(
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=2),
        application_deadline=soon - dt.timedelta(days=1),
    )
    registered(event, investor())
    registered(event, investor())
    result = send_event_reminders.enqueue()
    assert result.return_value == 2
    assert len(mail.outbox) == 2
    # The command finds everyone reminded already.
    out = StringIO()
    call_command("event_reminders", stdout=out)
    assert out.getvalue().strip() == "0 reminders sent"
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("verb", "params", "text"),
    [
        ("event_application_received", {"venture": "妈妈圈", "event": "Demo day"},
         "妈妈圈 applied to pitch at “Demo day”."),
        ("event_application_decided", {"event": "Demo day", "status": "selected"},
         "Your venture is selected to pitch at “Demo day”."),
        ("event_application_decided", {"event": "Demo day", "status": "declined"},
         "Your application to pitch at “Demo day” was declined."),
        ("event_slot_scheduled", {"event": "Demo day", "when": "2026-12-01 14:00–14:15"},
         "Your pitch at “Demo day” is scheduled for 2026-12-01 14:00–14:15."),
        ("event_cancelled", {"event": "Demo day", "organizer": "南山孵化器"},
         "南山孵化器 cancelled “Demo day”."),
    ],
)  # fmt: skip
def test_event_notifications_read_in_full(verb: str, params: dict[str, str], text: str) -> None:
    notification = Notification.objects.create(
        organization=OrganizationFactory(), verb=verb, key=verb, params=params
    )
    assert text_of(notification) == text
