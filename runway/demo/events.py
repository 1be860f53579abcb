"""Roadshow events of the demo platform, made through the events services.

`demo_events_build()` runs at the end of the demo build, once the catalogue's organizations
exist. It makes two events, relative to the day the demo is built:

- a past one, the Nanshan incubator's cross-border roadshow two weeks ago: four ventures applied,
  three were selected and pitched in scheduled slots, three investors registered (not the demo
  investor login's fund, Pengcheng Capital, whose people register for the next one and can try
  the one-step introductions on an event of their own choosing);
- an upcoming published one, the Pengcheng guidance fund's consumer-brands roadshow in three
  weeks: three ventures applied (one already selected with a slot), one investor registered.

The past event is replayed through the services with `at=` set to the moments things happened,
so every rule (deadline, capacity, slots inside the event) is applied as it would have been.
Events cascade with their organizations, so `demo_delete` needs nothing more for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from runway.demo.actors import required_actor
from runway.events.models import Event, EventFormat, EventStatus
from runway.events.services.applications import application_decide, application_submit
from runway.events.services.events import event_create, event_set_status
from runway.events.services.registrations import registration_create
from runway.events.services.slots import slot_schedule
from runway.orgs.access import Actor
from runway.taxonomy.models import Sector
from runway.ventures.models import FundingRound, RoundStatus

PAST_ORGANIZER = "nanshan-incubator"
UPCOMING_ORGANIZER = "pengcheng-guidance"

PAST_PITCHES = {
    "silkroad-trade": "面向俄罗斯和东欧批发商的跨境B2B平台，年交易额稳定增长，"
    "本轮资金用于莫斯科海外仓。",
    "hqb-chiplink": "华强北电子元器件现货撮合平台，服务三千家中小工厂，介绍账期融资与库存数据。",
    "jike-digital": "二手手机与数码产品翻新出口，主打中亚和东欧市场，分享复购与退货数据。",
}
PAST_DECLINED = {"huajian-flowers": "同城鲜花配送，计划拓展跨境花礼业务。"}
PAST_INVESTORS = ("bay-consumer-fund", "silkroad-vision", "nanshan-angels")

UPCOMING_PITCHES = {
    "mama-circle": "深圳宝妈社区与母婴团购，二十万活跃用户，分享社群复购和客单价。",
    "beibei-house": "母婴用品自有品牌，天猫和抖音双渠道，介绍新品与供应链。",
    "suyan-skincare": "国货护肤品牌，复购率领先，计划进入东南亚市场。",
}
UPCOMING_SELECTED = "mama-circle"
UPCOMING_INVESTORS = ("hqb-angels",)


@dataclass(frozen=True)
class EventsCreated:
    events: int
    applications: int
    slots: int
    registrations: int


def _open_round(actor: Actor) -> FundingRound | None:
    return (
        FundingRound.objects.filter(
            venture__organization=actor.organization, status=RoundStatus.OPEN
        )
        .order_by("-opens_on", "-pk")
        .first()
    )


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _past_event(today: dt.date, created: EventsCreated) -> EventsCreated:
    officer = required_actor(PAST_ORGANIZER)
    starts = _at(today - dt.timedelta(days=14), 14)
    planned = starts - dt.timedelta(days=30)
    event = event_create(
        actor=officer,
        at=planned,
        sectors=Sector.objects.filter(code__in=["cross-border-b2b", "cross-border-retail",
                                                "electronic-components-b2b", "phones-digital"]),
        title="南山跨境电商秋季路演日",
        description="南山跨境电商孵化器秋季路演：跨境B2B、电子元器件和数码出口赛道的创业企业，"
        "每家15分钟路演加问答，面向早期投资机构和产业资本。",
        format=EventFormat.VENUE,
        venue_address="深圳市南山区科技园科苑路15号 孵化器二楼路演厅",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        application_deadline=starts - dt.timedelta(days=7),
        investor_capacity=30,
        pitch_slots=6,
        slot_minutes=15,
    )  # fmt: skip
    event = event_set_status(actor=officer, event=event, status=EventStatus.PUBLISHED, at=planned)
    applied_at = planned + dt.timedelta(days=3)
    decided_at = starts - dt.timedelta(days=5)
    applications = 0
    slots = 0
    for n, (slug, summary) in enumerate([*PAST_PITCHES.items(), *PAST_DECLINED.items()]):
        venture = required_actor(slug)
        application = application_submit(
            actor=venture, event=event, pitch_summary=summary,
            funding_round=_open_round(venture), at=applied_at,
        )  # fmt: skip
        applications += 1
        chosen = slug in PAST_PITCHES
        application = application_decide(
            actor=officer, application=application,
            status="selected" if chosen else "declined", at=decided_at,
        )  # fmt: skip
        if chosen:
            slot_schedule(
                actor=officer, application=application,
                starts_at=starts + dt.timedelta(minutes=20 + 25 * n), at=decided_at,
            )  # fmt: skip
            slots += 1
    for slug in PAST_INVESTORS:
        registration_create(actor=required_actor(slug), event=event, at=decided_at)
    return EventsCreated(
        events=created.events + 1,
        applications=created.applications + applications,
        slots=created.slots + slots,
        registrations=created.registrations + len(PAST_INVESTORS),
    )


def _upcoming_event(today: dt.date, now: dt.datetime, created: EventsCreated) -> EventsCreated:
    officer = required_actor(UPCOMING_ORGANIZER)
    starts = _at(today + dt.timedelta(days=21), 14)
    event = event_create(
        actor=officer,
        at=now,
        sectors=Sector.objects.filter(code__in=["mother-baby", "beauty-personal-care",
                                                "food-beverage"]),
        title="福田消费品牌与母婴赛道路演",
        description="鹏城电商发展引导基金联合投资机构举办的消费品牌专场：母婴、美妆个护和食品饮料"
        "赛道的深圳电商企业，每家12分钟。入选企业可同时了解引导基金跟投计划。",
        format=EventFormat.VENUE,
        venue_address="深圳市福田区深南大道6008号 特区报业大厦会议中心",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2, minutes=30),
        application_deadline=starts - dt.timedelta(days=7),
        investor_capacity=20,
        pitch_slots=8,
        slot_minutes=12,
    )  # fmt: skip
    event = event_set_status(actor=officer, event=event, status=EventStatus.PUBLISHED, at=now)
    slots = 0
    for slug, summary in UPCOMING_PITCHES.items():
        venture = required_actor(slug)
        application = application_submit(
            actor=venture, event=event, pitch_summary=summary,
            funding_round=_open_round(venture), at=now,
        )  # fmt: skip
        if slug == UPCOMING_SELECTED:
            application = application_decide(
                actor=officer, application=application, status="selected", at=now
            )
            slot_schedule(
                actor=officer, application=application,
                starts_at=starts + dt.timedelta(minutes=15), at=now,
            )  # fmt: skip
            slots += 1
    for slug in UPCOMING_INVESTORS:
        registration_create(actor=required_actor(slug), event=event, at=now)
    return EventsCreated(
        events=created.events + 1,
        applications=created.applications + len(UPCOMING_PITCHES),
        slots=created.slots + slots,
        registrations=created.registrations + len(UPCOMING_INVESTORS),
    )


@transaction.atomic
def demo_events_build(*, now: dt.datetime | None = None) -> EventsCreated:
    """The demo's two roadshow events; a refusal by any service stops the build (nothing kept)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = EventsCreated(events=0, applications=0, slots=0, registrations=0)
    created = _past_event(today, created)
    return _upcoming_event(today, now, created)


def demo_events_count() -> int:
    """How many events the demo's organizers run (for a report or a check)."""
    return Event.objects.filter(organization__slug__in=[PAST_ORGANIZER, UPCOMING_ORGANIZER]).count()
