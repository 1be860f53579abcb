"""The demo's rescue ladder and exits marketplace: 妈妈圈 (mama-circle), the catalogue's
distressed community site, whose A round failed and whose cash lasts under three months, so its
rescue ladder shows all three routes; and its confidential sale listing, open, with a letter of
intent from 优品零售集团 (youpin-retail), a strategic buyer that accepted the listing's NDA.

Called at the end of the demo build, once the orders are imported (the listing is priced from
them). Everything goes through the apps' services, as people on the platform would do it; a
second call changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet

from runway.deals.services.closing import round_fail
from runway.demo.actors import demo_actor
from runway.demo.catalogue import AS_OF
from runway.exits.models import Listing, ListingAccess, ListingNda, ListingStatus, Offer
from runway.exits.services.listings import listing_create, listing_publish
from runway.exits.services.ndas import nda_accept
from runway.exits.services.offers import offer_submit
from runway.metrics.figures import local_today
from runway.metrics.finance import finance_snapshot_save
from runway.orgs.access import Actor
from runway.orgs.models import Organization
from runway.taxonomy.models import Instrument
from runway.ventures.models import FundingRound, RoundStatus, Venture
from runway.ventures.services import round_create

VENTURE = "mama-circle"
BUYER = "youpin-retail"
FAILED_ROUND = "A 轮"
CENT = Decimal("0.01")
# Cash for about 2.4 months at the burn: under the ladder's three months.
CASH = Decimal("430000.00")
MONTHLY_BURN = Decimal("180000.00")
SUMMARY = (
    "深圳本地母婴社区，约六万名注册妈妈，育儿问答与二手交换活跃；收入来自母婴团购与会员。"
    "团购收入连续下滑，创始团队希望为社区找到能长期运营它的母婴零售或内容平台。"
)
OFFER_CONDITIONS = (
    "收购全部股权；以四周尽职调查为前提；核心运营团队（社区运营与团购供应链）留任十二个月；"
    "社区用户数据按个人信息保护法迁移。"
)


@dataclass(frozen=True)
class ExitsDemo:
    failed_round: FundingRound | None
    listing: Listing | None
    offer: Offer | None


def _failed_round(owner: Actor, venture: Venture, today: dt.date) -> FundingRound:
    """The A round that closed a month ago with nothing committed, below its minimum."""
    failed = FundingRound.objects.filter(venture=venture, status=RoundStatus.FAILED).first()
    if failed is not None:
        return failed
    funding_round = round_create(
        actor=owner,
        venture=venture,
        title=FAILED_ROUND,
        instrument=Instrument.objects.get(code="equity"),
        currency="CNY",
        target_amount=Decimal("3000000.00"),
        min_ticket=Decimal("200000.00"),
        min_amount=Decimal("1500000.00"),
        pre_money_valuation=Decimal("12000000.00"),
        terms="",
        use_of_funds="会员订阅产品与华南三城扩张。",
        opens_on=today - dt.timedelta(days=120),
        closes_on=today - dt.timedelta(days=30),
        status=RoundStatus.OPEN,
    )
    round_fail(funding_round=funding_round, on=today)
    funding_round.refresh_from_db()
    return funding_round


def exits_demo_build(*, today: dt.date | None = None) -> ExitsDemo:
    """The failed round, the short runway, the open listing and its letter of intent. Returns
    what exists afterwards; nothing when the catalogue's two organizations are missing."""
    day = today or min(AS_OF, local_today())
    venture = (
        Venture.objects.select_related("organization").filter(organization__slug=VENTURE).first()
    )
    buyer_organization = Organization.objects.filter(slug=BUYER).first()
    owner = demo_actor(venture.organization) if venture is not None else None
    buyer = demo_actor(buyer_organization) if buyer_organization is not None else None
    if venture is None or owner is None or buyer is None:
        return ExitsDemo(None, None, None)
    with transaction.atomic():
        failed = _failed_round(owner, venture, day)
        finance_snapshot_save(
            actor=owner, venture=venture, as_of=day, cash=CASH, monthly_burn=MONTHLY_BURN,
            currency="CNY",
        )  # fmt: skip
        listing = Listing.objects.filter(venture=venture).order_by("-pk").first()
        if listing is None:
            listing = listing_create(
                actor=owner,
                venture=venture,
                code_name="Lotus 215",
                summary=SUMMARY,
                asking_low=Decimal("1500000.00"),
                asking_high=Decimal("2500000.00"),
            )
        if listing.status == ListingStatus.DRAFT:
            listing = listing_publish(actor=owner, listing=listing)
        offer = Offer.objects.filter(listing=listing, buyer=buyer.organization).first()
        if offer is None and listing.status == ListingStatus.OPEN:
            nda_accept(actor=buyer, listing=listing, ip=None)
            offer = offer_submit(
                actor=buyer,
                listing=listing,
                price=((listing.valuation_low + listing.valuation_high) / 2).quantize(CENT),
                currency=listing.currency,
                structure="share_purchase",
                conditions=OFFER_CONDITIONS,
                valid_until=local_today() + dt.timedelta(days=45),
            )
    return ExitsDemo(failed_round=failed, listing=listing, offer=offer)


def exits_demo_delete(organizations: QuerySet[Organization]) -> int:
    """Deletes the listings of the demo ventures and what demo organizations did on any listing
    (NDAs, whose people the demo then deletes, offers, access records). demo_delete may call it
    before deleting the organizations; cascades would take most of it, this makes it explicit.
    Returns the listings deleted."""
    ListingNda.objects.filter(
        Q(organization__in=organizations) | Q(listing__venture__organization__in=organizations)
    ).delete()
    Offer.objects.filter(buyer__in=organizations).delete()
    ListingAccess.objects.filter(organization__in=organizations).delete()
    _count, by_model = Listing.objects.filter(venture__organization__in=organizations).delete()
    return int(by_model.get(Listing._meta.label, 0))
