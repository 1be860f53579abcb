"""A round's end: closing into holdings, failing below the minimum, cancelling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.deals.models import (
    Commitment,
    CommitmentStatus,
    Deal,
    DealEvent,
    DealState,
    ProgramReservation,
    ReservationStatus,
)
from runway.deals.services.closing import ownership, round_close, round_fail, rounds_fail_overdue
from runway.deals.services.commitments import (
    coinvestment_request,
    commitment_create,
    commitment_withdraw,
)
from runway.deals.tasks import fail_overdue_rounds
from runway.deals.tests.factories import DealFactory, agreed_deal, investor_member
from runway.notifications.models import Notification
from runway.notifications.wording import text_of
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Role
from runway.portfolio.models import Holding
from runway.programs.models import Application, ApplicationStatus, Award, Program
from runway.programs.tests.factories import ProgramFactory
from runway.taxonomy.models import Instrument
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.services import round_update
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


def commit(deal: Deal, amount: str, kind: str = "hard") -> Commitment:
    return commitment_create(actor=investor_member(deal), deal=deal, kind=kind, amount=amount)


def owner_of(funding_round: FundingRound, role: str = Role.OWNER) -> Actor:
    return member_of(funding_round.venture.organization, role)


def equity_round(**fields: object) -> FundingRound:
    defaults: dict[str, object] = {
        "target_amount": Decimal("3000000"),
        "min_amount": Decimal("1000000"),
        "pre_money_valuation": Decimal("12000000"),
    }
    return FundingRoundFactory(**{**defaults, **fields})


# --- Closing -------------------------------------------------------------------------------------


def test_closing_turns_hard_commitments_into_holdings() -> None:
    funding_round = equity_round()
    first, second = (agreed_deal(funding_round, amount="600000") for _ in range(2))
    talks = DealFactory(funding_round=funding_round, state=DealState.DILIGENCE)
    commit(first, "600000")
    commit(second, "600000")
    soft = commit(talks, "300000", kind="soft")
    founder = owner_of(funding_round)

    closed = round_close(actor=founder, funding_round=funding_round)

    assert closed.status == RoundStatus.CLOSED
    holdings = list(Holding.objects.filter(funding_round=funding_round))
    assert {(h.investor, h.amount) for h in holdings} == {
        (first.investor, Decimal("600000.00")),
        (second.investor, Decimal("600000.00")),
    }
    # 600k of a company worth 12M before and 13.2M after the round.
    assert holdings[0].ownership == Decimal("0.04545454")
    assert holdings[0].acquired_on == timezone.localdate()
    assert holdings[0].instrument == funding_round.instrument
    for deal in (first, second):
        deal.refresh_from_db()
        assert deal.state == DealState.CLOSED
        assert DealEvent.objects.filter(deal=deal, to_state=DealState.CLOSED).count() == 1
    assert set(Commitment.objects.filter(kind="hard").values_list("status", flat=True)) == {
        CommitmentStatus.CONVERTED
    }
    soft.refresh_from_db()
    assert soft.status == CommitmentStatus.RELEASED
    talks.refresh_from_db()
    assert talks.state == DealState.DILIGENCE
    verbs = {(n.organization_id, n.params.get("outcome")) for n in Notification.objects.filter(
        verb="round_closed")}  # fmt: skip
    assert verbs == {
        (first.investor_id, "holding"),
        (second.investor_id, "holding"),
        (talks.investor_id, "lapsed"),
        (funding_round.venture.organization_id, "venture"),
    }


def test_closing_needs_the_minimum() -> None:
    funding_round = equity_round(min_amount=Decimal("1000000"))
    deal = agreed_deal(funding_round, amount="600000")
    commit(deal, "600000")
    with pytest.raises(ValidationError) as caught:
        round_close(actor=owner_of(funding_round), funding_round=funding_round)
    assert "600,000.00 CNY" in caught.value.message_dict["status"][0]
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.OPEN
    assert not Holding.objects.exists()


def test_a_round_without_minimum_closes_with_what_it_has() -> None:
    funding_round = FundingRoundFactory()
    assert funding_round.min_amount == 0
    closed = round_close(actor=owner_of(funding_round), funding_round=funding_round)
    assert closed.status == RoundStatus.CLOSED
    assert not Holding.objects.exists()


def test_only_owners_and_administrators_close() -> None:
    funding_round = equity_round(min_amount=Decimal("0"))
    with pytest.raises(ValidationError, match="owner or an administrator"):
        round_close(actor=owner_of(funding_round, Role.MEMBER), funding_round=funding_round)
    for actor in (
        owner_of(funding_round, Role.VIEWER),
        investor_member(agreed_deal(funding_round)),
    ):
        with pytest.raises(AccessDenied):
            round_close(actor=actor, funding_round=funding_round)
    admin = owner_of(funding_round, Role.ADMIN)
    assert round_close(actor=admin, funding_round=funding_round).status == RoundStatus.CLOSED


def test_closing_twice_applies_once() -> None:
    funding_round = equity_round(min_amount=Decimal("500000"))
    deal = agreed_deal(funding_round)
    commit(deal, "500000")
    founder = owner_of(funding_round)
    round_close(actor=founder, funding_round=funding_round)
    again = round_close(actor=founder, funding_round=funding_round)
    assert again.status == RoundStatus.CLOSED
    assert Holding.objects.count() == 1
    assert DealEvent.objects.filter(deal=deal, to_state=DealState.CLOSED).count() == 1


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.FAILED, RoundStatus.CANCELLED])
def test_only_an_open_round_closes(status: str) -> None:
    funding_round = FundingRoundFactory(status=status)
    with pytest.raises(ValidationError):
        round_close(actor=owner_of(funding_round), funding_round=funding_round)


def test_closing_through_the_status_change_goes_through_the_same_service() -> None:
    funding_round = equity_round(min_amount=Decimal("500000"))
    deal = agreed_deal(funding_round)
    commit(deal, "500000")
    founder = owner_of(funding_round, Role.ADMIN)
    with pytest.raises(ValidationError):
        # The new minimum is above what is committed: nothing changes, not even the minimum.
        round_update(
            actor=founder,
            funding_round=funding_round,
            min_amount=Decimal("900000"),
            status=RoundStatus.CLOSED,
        )
    funding_round.refresh_from_db()
    assert (funding_round.status, funding_round.min_amount) == (RoundStatus.OPEN, Decimal("500000"))
    round_update(actor=founder, funding_round=funding_round, status=RoundStatus.CLOSED)
    assert Holding.objects.get().investor == deal.investor


def test_ownership_is_for_equity_with_a_valuation() -> None:
    equity = equity_round()
    assert ownership(equity, amount=Decimal("1000000"), raised=Decimal("3000000")) == Decimal(
        "0.06666666"
    )
    assert (
        ownership(equity_round(pre_money_valuation=None), amount=Decimal(1), raised=Decimal(1))
        is None
    )
    loan = FundingRoundFactory(instrument=Instrument.objects.get(code="term-loan"))
    assert ownership(loan, amount=Decimal("1000000"), raised=Decimal("1000000")) is None


def test_closing_awards_the_co_investment_and_gives_the_program_a_holding() -> None:
    program: Program = ProgramFactory(budget=Decimal("5000000"))
    funding_round = equity_round(min_amount=Decimal("1000000"))
    deals = [agreed_deal(funding_round, amount="1000000") for _ in range(2)]
    for deal in deals:
        commit(deal, "1000000")
    founder = owner_of(funding_round)
    reservation = coinvestment_request(actor=founder, funding_round=funding_round, program=program)
    assert reservation.amount == Decimal("900000.00")  # 0.3 of the 3M target, under 0.5 x 2M

    round_close(actor=founder, funding_round=funding_round)

    program = Program.objects.get(pk=program.pk)
    assert (program.committed, program.reserved) == (Decimal("900000.00"), Decimal("0.00"))
    award = Award.objects.get(program=program)
    assert (award.amount, award.private_amount, award.venture) == (
        Decimal("900000.00"),
        Decimal("2000000.00"),
        funding_round.venture,
    )
    assert award.application.status == ApplicationStatus.APPROVED
    assert award.application.funding_round == funding_round
    public = Holding.objects.get(program=program)
    assert public.investor == program.organization
    assert public.amount == Decimal("900000.00")
    # Ownership counts everything raised: 12M + 2M + 0.9M after the round.
    assert public.ownership == Decimal("0.06040268")
    private = Holding.objects.filter(funding_round=funding_round, program__isnull=True)
    assert {h.ownership for h in private} == {Decimal("0.06711409")}
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.CONVERTED
    assert Notification.objects.filter(
        organization=program.organization, verb="round_closed", params__outcome="program"
    ).exists()


def test_an_empty_reservation_is_released_at_closing() -> None:
    program = ProgramFactory()
    funding_round = equity_round(min_amount=Decimal(0))
    founder = owner_of(funding_round)
    coinvestment_request(actor=founder, funding_round=funding_round, program=program)
    round_close(actor=founder, funding_round=funding_round)
    assert ProgramReservation.objects.get().status == ReservationStatus.RELEASED
    assert not Award.objects.exists()
    assert not Application.objects.exists()


# --- Failing -------------------------------------------------------------------------------------


def overdue_round(**fields: object) -> FundingRound:
    return equity_round(
        opens_on=TODAY - dt.timedelta(days=90), closes_on=TODAY - dt.timedelta(days=1), **fields
    )


def test_a_round_past_its_close_date_below_its_minimum_fails() -> None:
    program = ProgramFactory()
    funding_round = equity_round(
        opens_on=TODAY - dt.timedelta(days=90), closes_on=TODAY + dt.timedelta(days=1)
    )
    deal = agreed_deal(funding_round, amount="600000")
    commit(deal, "600000")
    talks = DealFactory(funding_round=funding_round, state=DealState.DILIGENCE)
    commit(talks, "300000", kind="soft")
    coinvestment_request(
        actor=owner_of(funding_round), funding_round=funding_round, program=program
    )
    assert Program.objects.get(pk=program.pk).reserved == Decimal("300000.00")

    assert round_fail(funding_round=funding_round, on=TODAY) is False  # not past its date yet
    later = TODAY + dt.timedelta(days=2)
    assert round_fail(funding_round=funding_round, on=later) is True

    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.FAILED
    assert set(Commitment.objects.values_list("status", flat=True)) == {CommitmentStatus.RELEASED}
    assert ProgramReservation.objects.get().status == ReservationStatus.RELEASED
    assert Program.objects.get(pk=program.pk).reserved == 0
    notified = {
        (n.organization_id, n.params["outcome"])
        for n in Notification.objects.filter(verb="round_failed")
    }
    assert notified == {
        (funding_round.venture.organization_id, "venture"),
        (deal.investor_id, "released"),
        (talks.investor_id, "released"),
        (program.organization_id, "released"),
    }
    # The committed deal is no longer bound: the investor may pass.
    assert round_fail(funding_round=funding_round, on=later) is False


def test_the_nightly_run_fails_only_what_it_should_and_is_idempotent() -> None:
    failing = overdue_round(min_amount=Decimal("1000000"))
    reached = overdue_round(min_amount=Decimal("500000"))
    deal = agreed_deal(reached)
    Commitment.objects.create(
        deal=deal, funding_round=reached, investor=deal.investor, kind="hard",
        amount=Decimal("500000"),
    )  # fmt: skip
    no_minimum = overdue_round(min_amount=Decimal(0))
    still_open = equity_round()
    assert rounds_fail_overdue(on=TODAY) == 1
    assert rounds_fail_overdue(on=TODAY) == 0
    statuses = {
        r.pk: r.status
        for r in FundingRound.objects.filter(
            pk__in=[failing.pk, reached.pk, no_minimum.pk, still_open.pk]
        )
    }
    assert statuses == {
        failing.pk: RoundStatus.FAILED,
        reached.pk: RoundStatus.OPEN,
        no_minimum.pk: RoundStatus.OPEN,
        still_open.pk: RoundStatus.OPEN,
    }
    assert Notification.objects.filter(verb="round_failed").count() == 1


def test_the_task_runs_the_nightly_failing() -> None:
    today = timezone.localdate()
    failing = equity_round(
        opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1)
    )
    fail_overdue_rounds.enqueue()
    failing.refresh_from_db()
    assert failing.status == RoundStatus.FAILED


# --- Cancelling ----------------------------------------------------------------------------------


def test_cancelling_releases_commitments_and_reservations() -> None:
    program = ProgramFactory()
    funding_round = equity_round()
    deal = agreed_deal(funding_round, amount="600000")
    commit(deal, "600000")
    founder = owner_of(funding_round, Role.MEMBER)
    coinvestment_request(actor=founder, funding_round=funding_round, program=program)
    round_update(actor=founder, funding_round=funding_round, status=RoundStatus.CANCELLED)
    assert Commitment.objects.get().status == CommitmentStatus.RELEASED
    assert ProgramReservation.objects.get().status == ReservationStatus.RELEASED
    assert Program.objects.get(pk=program.pk).reserved == 0
    assert Notification.objects.filter(verb="round_cancelled", organization=deal.investor).exists()


def test_every_syndicate_notification_reads_as_a_sentence() -> None:
    program = ProgramFactory()
    funding_round = equity_round(min_amount=Decimal("500000"))
    deal = agreed_deal(funding_round)
    talks = DealFactory(funding_round=funding_round, state=DealState.DILIGENCE)
    soft = commit(talks, "300000", kind="soft")
    commitment_withdraw(actor=investor_member(talks), commitment=soft)
    commit(talks, "200000", kind="soft")
    commit(deal, "500000")
    founder = owner_of(funding_round)
    coinvestment_request(actor=founder, funding_round=funding_round, program=program)
    round_close(actor=founder, funding_round=funding_round)
    failing = overdue_round()
    round_fail(funding_round=failing, on=TODAY)
    cancelled = equity_round()
    commit(agreed_deal(cancelled), "500000")
    round_update(actor=owner_of(cancelled), funding_round=cancelled, status=RoundStatus.CANCELLED)
    verbs = set()
    for notification in Notification.objects.all():
        text = text_of(notification)
        assert text != notification.verb, notification.verb
        assert "%(" not in text
        verbs.add(notification.verb)
    assert {
        "commitment_made", "commitment_withdrawn", "coinvestment_requested", "round_closed",
        "round_failed", "round_cancelled",
    } <= verbs  # fmt: skip
