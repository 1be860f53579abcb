"""Background work for events, run by the django-tasks worker."""

from __future__ import annotations

from django_tasks import task

from runway.events.reminders import event_reminders_send


@task()
def send_event_reminders() -> int:
    """Reminds every participant of an event starting within a day, once (hourly is enough)."""
    return event_reminders_send()
