"""E-mail digests: what they hold, in whose language, to whom, and never twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from runway.notifications.models import Notification
from runway.notifications.services import notify
from runway.orgs.access import Actor
from runway.orgs.models import Membership, Role
from runway.portfolio.models import Alert, DigestDelivery, DigestPreference, Holding
from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.services.digests import digests_send
from runway.portfolio.tests.factories import (
    HoldingFactory,
    holder,
    month,
    months,
    snapshot,
    user_of,
    year_of,
)
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db

NIGHT = dt.date(2026, 11, 20)


def _alerting_holding() -> Holding:
    """A holding whose venture is up to date but has three months of cash left."""
    holding = HoldingFactory()
    months(holding.venture, year_of(month(2025, 10), [1000] * 13))
    snapshot(holding.venture, cash="30000.00", burn="10000.00")
    return holding


def _prefer(actor: Actor, *, receive: bool = True, language: str = "") -> None:
    membership = Membership.objects.get(user=actor.user, organization=actor.organization)
    DigestPreference.objects.create(membership=membership, receive=receive, language=language)


def _match_note(holding: Holding, key: str = "match-1") -> Notification | None:
    return notify(
        organization=holding.investor, verb="new_match", key=key,
        params={"venture": "Bloom Flowers", "mandate": "Seed consumer", "score": 81},
        url="/matching/7/",
    )  # fmt: skip


def _html(message: Any) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return str(html)


def test_a_digest_lists_new_alerts_and_unread_notifications_in_text_and_html() -> None:
    holding = _alerting_holding()
    reader = holder(holding, role=Role.VIEWER)
    _prefer(reader, language="en")
    _match_note(holding)
    read = _match_note(holding, key="match-read")
    assert read is not None
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    portfolio_alerts_run(today=NIGHT)

    run = digests_send()

    assert (run.sent, run.recipients) == (1, [user_of(reader).email])
    (message,) = mail.outbox
    assert message.to == [user_of(reader).email]
    assert message.subject == f"{holding.investor.name} on Runway: 1 new alert"
    name = holding.venture.name
    alert_line = f"- {name} has 3.0 months of cash left at its current burn (as of 2026-10-31)."
    assert alert_line in message.body
    assert f"http://127.0.0.1:8000/portfolio/{holding.pk}/" in message.body
    assert "- Bloom Flowers matches your mandate “Seed consumer” (score 81)." in message.body
    assert "http://127.0.0.1:8000/matching/7/" in message.body
    # The alert's own notification is not listed twice; a read notification is not listed.
    assert message.body.count(name) == 1
    assert message.body.count("Bloom Flowers") == 1
    assert "http://127.0.0.1:8000/portfolio/digest/" in message.body
    html = _html(message)
    assert f'<a href="http://127.0.0.1:8000/portfolio/{holding.pk}/">{name} has 3.0 months' in html
    assert '<html lang="en">' in html
    delivery = DigestDelivery.objects.get()
    assert delivery.alert_ids == [Alert.objects.get().pk]
    assert delivery.notification_ids == [
        Notification.objects.get(verb="new_match", read_at__isnull=True).pk
    ]
    assert Alert.objects.get().emailed_at == delivery.sent_at


def test_links_use_the_site_url_setting(settings: Any) -> None:
    settings.SITE_URL = "https://runway.example.cn"
    holding = _alerting_holding()
    _prefer(holder(holding), language="en")
    portfolio_alerts_run(today=NIGHT)
    digests_send()
    assert f"https://runway.example.cn/portfolio/{holding.pk}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "team", "months_left", "html_lang"),
    [
        ("", "Runway 团队", "zh-hans", "zh-hans"),  # nothing chosen: the platform's default
        ("ru", "Команда Runway", "ru", "ru"),
        ("en", "The Runway team", "en", "en"),
    ],
)
def test_each_member_reads_the_digest_in_their_language(
    language: str, team: str, months_left: str, html_lang: str
) -> None:
    holding = _alerting_holding()
    reader = holder(holding)
    if language:
        _prefer(reader, language=language)
    _match_note(holding)
    digests_send()
    (message,) = mail.outbox
    assert team in message.body
    translated = {
        "zh-hans": "Bloom Flowers 与您的投资偏好“Seed consumer”匹配（评分 81）。",
        "ru": "Bloom Flowers подходит под ваш мандат «Seed consumer» (балл 81).",
        "en": "Bloom Flowers matches your mandate “Seed consumer” (score 81).",
    }[months_left]
    assert translated in message.body
    assert f'<html lang="{html_lang}">' in _html(message)
    assert DigestDelivery.objects.get().language == (language or "zh-hans")


def test_never_twice_a_day_and_later_only_what_is_new() -> None:
    holding = _alerting_holding()
    reader = holder(holding)
    _prefer(reader, language="en")
    portfolio_alerts_run(today=NIGHT)

    first = digests_send()
    again = digests_send()
    assert (first.sent, again.sent, again.already_sent) == (1, 0, 1)
    assert len(mail.outbox) == 1

    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert digests_send(now=tomorrow).nothing_new == 1
    assert len(mail.outbox) == 1

    _match_note(holding, key="match-2")
    day_after = tomorrow + dt.timedelta(days=1)
    later = digests_send(now=day_after)
    assert later.sent == 1
    assert len(mail.outbox) == 2
    second = mail.outbox[1]
    assert "Bloom Flowers" in second.body
    assert holding.venture.name not in second.body  # the alert went out in the first digest
    assert second.subject == f"What is new for {holding.investor.name} on Runway"
    assert DigestDelivery.objects.filter(user=reader.user).count() == 2


def test_every_member_gets_one_except_those_who_opted_out() -> None:
    holding = _alerting_holding()
    owner, viewer, quiet = (holder(holding, role=r) for r in (Role.OWNER, Role.VIEWER, Role.MEMBER))
    _prefer(quiet, receive=False)
    inactive = holder(holding)
    gone = user_of(inactive)
    gone.is_active = False
    gone.save()
    founder = member_of(holding.venture.organization)  # the venture is no holder
    notify(
        organization=holding.venture.organization, verb="new_match", key="v",
        params={"venture": "x", "mandate": "y", "score": 1},
    )  # fmt: skip
    portfolio_alerts_run(today=NIGHT)

    digests_send()

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([user_of(owner).email, user_of(viewer).email])
    assert user_of(founder).email not in recipients


def test_a_failed_send_is_not_recorded_and_goes_out_next_time(monkeypatch: Any) -> None:
    holding = _alerting_holding()
    holder(holding)
    portfolio_alerts_run(today=NIGHT)

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    failed = digests_send()
    assert (failed.sent, failed.failed) == (0, 1)
    assert not DigestDelivery.objects.exists()
    assert Alert.objects.get().emailed_at is None

    monkeypatch.undo()
    assert digests_send().sent == 1
    assert len(mail.outbox) == 1


def test_nothing_new_no_mail() -> None:
    holding = HoldingFactory()
    holder(holding)
    run = digests_send()
    assert (run.sent, run.nothing_new) == (0, 1)
    assert mail.outbox == []


def test_a_first_digest_reaches_back_a_week_not_to_when_the_member_joined() -> None:
    holding = _alerting_holding()
    reader = holder(holding)
    Membership.objects.filter(user=reader.user).update(
        created_at=timezone.now() - dt.timedelta(days=60)
    )
    portfolio_alerts_run(today=NIGHT)
    Alert.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    assert digests_send().nothing_new == 1
