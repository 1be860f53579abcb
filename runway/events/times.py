"""Event times as people read them: in the platform's time zone (Asia/Shanghai), to the minute."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_text(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def local_time_text(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M")


def span_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """`2026-12-03 14:00–14:10`, or both dates when the span crosses midnight."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return f"{local_text(start)}–{local_time_text(end)}"
    return f"{local_text(start)}–{local_text(end)}"
