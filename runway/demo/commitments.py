"""The demo's syndicates, made through the platform's own services after the demo is built:

- 丝路通商's Pre-A round (silkroad-trade) gets a lead (鹏城资本, pengcheng-capital) and followers
  with hard commitments, an angel who declared itself qualified, a soft indication, the syndicate
  terms of a real round (minimum, oversubscription, qualified investors only) and the
  co-investment of the guidance fund's program when the venture qualifies;
- 福田芯仓's seed round (futian-chipstock) is committed, co-invested and closed: its investors and
  the program hold it in their portfolios;
- 福田芯仓 then opens a follow-on round to its holders first, so each holder has its pro-rata offer.

`build_demo_syndicates()` runs once at the end of the demo build (the lead calls it from
runway.demo.services.demo_build); `delete_demo_syndicates(organizations)` must run in demo_delete
before programs and organizations are deleted, because holdings protect organizations, ventures,
rounds and programs, and reservations protect programs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from runway.deals.models import Deal, DealState, ProgramReservation, ReservationStatus
from runway.deals.services.closing import round_close
from runway.deals.services.commitments import coinvestment_request, commitment_create
from runway.deals.services.deals import deal_request_intro, deal_transition
from runway.deals.services.term_sheets import term_sheet_decide, term_sheet_offer
from runway.demo.actors import required_actor
from runway.investors.models import QualificationBasis, QualifiedInvestorDeclaration
from runway.investors.services import declaration_record
from runway.orgs.access import Actor
from runway.orgs.models import Organization
from runway.portfolio.models import Holding
from runway.programs.models import Program, ProgramKind
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.services import round_create, round_update

SYNDICATE = ("silkroad-trade", "Pre-A 轮")
CLOSING = ("futian-chipstock", "种子轮")
CO_INVESTOR = "pengcheng-guidance"
# (investor slug, hard amount or None for a soft indication only, soft amount)
SYNDICATE_COMMITMENTS = (
    ("pengcheng-capital", Decimal("3000000"), None),
    ("shengang-bridge", Decimal("1500000"), None),
    ("bay-consumer-fund", Decimal("1000000"), None),
    ("nanshan-angels", Decimal("1000000"), None),
    ("silkroad-vision", None, Decimal("800000")),
)
CLOSING_COMMITMENTS = (
    ("pengcheng-capital", Decimal("1200000"), None),
    ("hqb-angels", Decimal("500000"), None),
    ("frontier-industrial", Decimal("800000"), None),
)


@dataclass
class SyndicateReport:
    commitments: int = 0
    closed_rounds: int = 0
    holdings: int = 0
    follow_on_offers: int = 0
    notes: list[str] = field(default_factory=list)


def _round(venture_slug: str, title: str) -> FundingRound | None:
    return (
        FundingRound.objects.select_related("venture__organization", "instrument")
        .filter(venture__organization__slug=venture_slug, title=title)
        .first()
    )


def _keep_open(founder: Actor, funding_round: FundingRound, **terms: object) -> FundingRound:
    """The round with its syndicate terms, its close date moved on if the demo runs after it."""
    today = timezone.localdate()
    if funding_round.closes_on < today + dt.timedelta(days=30):
        terms["closes_on"] = today + dt.timedelta(days=60)
    return round_update(actor=founder, funding_round=funding_round, **terms)


def _agree(
    investor: Actor, founder: Actor, funding_round: FundingRound, amount: Decimal, note: str
) -> Deal:
    """The investor's deal taken, move by move, to terms the venture accepted."""
    deal = deal_request_intro(actor=investor, funding_round=funding_round, message=note)
    deal = deal_transition(actor=founder, deal=deal, to=DealState.INTRO_ACCEPTED)
    deal = deal_transition(actor=investor, deal=deal, to=DealState.DILIGENCE)
    sheet = term_sheet_offer(
        actor=investor,
        deal=deal,
        kind="equity",
        terms={
            "amount": amount,
            "pre_money_valuation": funding_round.pre_money_valuation,
            "security": "preferred",
            "board_seat": amount >= Decimal("3000000"),
            "pro_rata": True,
        },
    )
    term_sheet_decide(actor=founder, sheet=sheet, accept=True)
    return deal


def _commit_all(
    founder: Actor,
    funding_round: FundingRound,
    commitments: tuple[tuple[str, Decimal | None, Decimal | None], ...],
    report: SyndicateReport,
) -> None:
    for slug, hard, soft in commitments:
        investor = required_actor(slug)
        if investor.organization.category == "angel":
            declaration_record(actor=investor, basis=QualificationBasis.ASSETS_3M, accepted=True)
        if hard is None:
            deal = deal_request_intro(
                actor=investor, funding_round=funding_round, message="我们关注跨境贸易赛道。"
            )
            deal = deal_transition(actor=founder, deal=deal, to=DealState.INTRO_ACCEPTED)
            commitment_create(actor=investor, deal=deal, kind="soft", amount=soft)
        else:
            deal = _agree(investor, founder, funding_round, hard, "希望参与本轮融资。")
            commitment_create(actor=investor, deal=deal, kind="hard", amount=hard)
        report.commitments += 1


def _co_invest(founder: Actor, funding_round: FundingRound, report: SyndicateReport) -> None:
    program = Program.objects.filter(
        organization__slug=CO_INVESTOR, kind=ProgramKind.CO_INVESTMENT
    ).first()
    if program is None:
        return
    try:
        coinvestment_request(actor=founder, funding_round=funding_round, program=program)
    except ValidationError as error:
        report.notes.append(
            f"{funding_round.title}: no co-investment ({'; '.join(error.messages)})"
        )


def _syndicate(report: SyndicateReport) -> None:
    funding_round = _round(*SYNDICATE)
    if funding_round is None or funding_round.status != RoundStatus.OPEN:
        report.notes.append(f"{SYNDICATE}: no open round")
        return
    founder = required_actor(SYNDICATE[0])
    funding_round = _keep_open(
        founder,
        funding_round,
        min_amount=Decimal("5000000"),
        oversubscription_pct=Decimal("10"),
        qualified_investors_only=True,
    )
    _co_invest(founder, funding_round, report)
    _commit_all(founder, funding_round, SYNDICATE_COMMITMENTS, report)
    lead = Organization.objects.get(slug=SYNDICATE_COMMITMENTS[0][0])
    round_update(actor=founder, funding_round=funding_round, lead_investor=lead)


def _closed_round_and_follow_on(report: SyndicateReport) -> None:
    funding_round = _round(*CLOSING)
    if funding_round is None or funding_round.status != RoundStatus.OPEN:
        report.notes.append(f"{CLOSING}: no open round")
        return
    founder = required_actor(CLOSING[0])
    funding_round = _keep_open(founder, funding_round, min_amount=Decimal("2000000"))
    _co_invest(founder, funding_round, report)
    _commit_all(founder, funding_round, CLOSING_COMMITMENTS, report)
    round_update(
        actor=founder,
        funding_round=funding_round,
        lead_investor=required_actor("pengcheng-capital").organization,
    )
    closed = round_close(actor=founder, funding_round=funding_round)
    report.closed_rounds += 1
    report.holdings += Holding.objects.filter(funding_round=closed).count()
    today = timezone.localdate()
    follow_on = round_create(
        actor=founder,
        venture=closed.venture,
        title="Pre-A 轮（老股东优先）",
        instrument=closed.instrument,
        currency=closed.currency,
        target_amount=Decimal("8000000"),
        min_ticket=Decimal("200000"),
        pre_money_valuation=Decimal("40000000"),
        use_of_funds="扩建检测实验室，增加华南仓储。",
        opens_on=today,
        closes_on=today + dt.timedelta(days=90),
        min_amount=Decimal("3000000"),
        holders_first_until=today + dt.timedelta(days=21),
        status=RoundStatus.OPEN,
    )
    report.follow_on_offers += (
        Holding.objects.filter(venture=follow_on.venture, program__isnull=True)
        .values("investor")
        .distinct()
        .count()
    )


def build_demo_syndicates() -> SyndicateReport:
    """Gives the demo its syndicates; call once, after the demo build (and its imports, which
    program eligibility reads). Each part is its own transaction and is skipped, with a note,
    when its round is not there or no longer open."""
    report = SyndicateReport()
    with transaction.atomic():
        _syndicate(report)
    with transaction.atomic():
        _closed_round_and_follow_on(report)
    return report


def delete_demo_syndicates(organizations: QuerySet[Organization]) -> None:
    """Removes what the syndicates left that would stop `organizations` being deleted: holdings
    (they protect organizations, ventures, rounds and programs), co-investment reservations
    (they protect programs; an active one of another program goes back to its budget),
    qualified-investor declarations (they protect the people who made them) and the deals
    (their timeline and thread protect the organizations that wrote them), with their
    commitments."""
    Holding.objects.filter(
        Q(investor__in=organizations)
        | Q(venture__organization__in=organizations)
        | Q(program__organization__in=organizations)
    ).delete()
    reservations = ProgramReservation.objects.filter(
        Q(program__organization__in=organizations)
        | Q(funding_round__venture__organization__in=organizations)
    )
    for reservation in reservations.filter(status=ReservationStatus.ACTIVE).exclude(
        program__organization__in=organizations
    ):
        Program.objects.filter(pk=reservation.program_id).update(
            reserved=F("reserved") - reservation.amount
        )
    reservations.delete()
    QualifiedInvestorDeclaration.objects.filter(organization__in=organizations).delete()
    Deal.objects.filter(
        Q(investor__in=organizations) | Q(funding_round__venture__organization__in=organizations)
    ).delete()
