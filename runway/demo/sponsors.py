"""Sponsorships of the demo platform: the Nanshan cross-border incubator sponsors two of the
cross-border ventures it works with and waits for a third's answer; the founders' community
sponsors the mothers' community. Made through the sponsors app's services, as the demo's
owners would, once the demo's organizations exist (call `demo_sponsorships()` at the end of the
demo build). Sponsorships cascade with their organizations, so `demo_delete` needs nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from runway.demo.actors import demo_actor
from runway.sponsors.models import LIVE_STATUSES, Sponsorship
from runway.sponsors.services import sponsorship_accept, sponsorship_propose
from runway.ventures.models import Venture


@dataclass(frozen=True, slots=True)
class DemoSponsorship:
    intermediary: str  # organization slugs
    venture: str
    message: str
    accepted: bool


DEMO_SPONSORSHIPS = (
    DemoSponsorship(
        "nanshan-incubator", "trailblaze-outdoor",
        "悦行户外自2022年起入驻南山跨境电商孵化器，我们协助其完成欧洲站点合规与物流对接。", True,
    ),
    DemoSponsorship(
        "nanshan-incubator", "eurasia-tools",
        "欧亚五金是孵化器俄语市场项目的首批企业，我们持续跟进其订单与回款数据。", True,
    ),
    DemoSponsorship(
        "nanshan-incubator", "kuajingshuo",
        "跨境说的卖家社群与孵化器课程合作已有一年，希望作为推荐机构为其背书。", False,
    ),
    DemoSponsorship(
        "sz-founders", "mama-circle",
        "妈妈圈创始团队是社群的长期成员，我们愿意为其救助轮推荐投资人。", True,
    ),
)  # fmt: skip


def demo_sponsorships() -> int:
    """Creates the demo's sponsorships that are missing; returns how many it created. Pairs
    whose organizations are not in the database are skipped, so it is safe to run twice."""
    created = 0
    with transaction.atomic():
        for spec in DEMO_SPONSORSHIPS:
            intermediary, founder = demo_actor(spec.intermediary), demo_actor(spec.venture)
            venture = Venture.objects.filter(organization__slug=spec.venture).first()
            if intermediary is None or founder is None or venture is None:
                continue
            if Sponsorship.objects.filter(
                intermediary=intermediary.organization, venture=venture, status__in=LIVE_STATUSES
            ).exists():
                continue
            proposal = sponsorship_propose(
                actor=intermediary, venture=venture, message=spec.message
            )
            if spec.accepted:
                sponsorship_accept(actor=founder, sponsorship=proposal)
            created += 1
    return created
