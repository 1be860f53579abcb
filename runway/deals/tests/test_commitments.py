"""Soft and hard commitments: every rule, allowed and refused, for each side and role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.deals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    DealEvent,
    DealState,
    TermSheetStatus,
)
from runway.deals.services.commitments import commitment_create, commitment_withdraw, round_totals
from runway.deals.tests.factories import (
    DealFactory,
    agreed_deal,
    angel,
    investor_member,
    user_of,
    venture_member,
)
from runway.fx.models import FxRate
from runway.investors.models import QualificationBasis, QualifiedInvestorDeclaration
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.orgs.models import Organization, Role
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db

S = DealState
SOFT, HARD = CommitmentKind.SOFT, CommitmentKind.HARD


def errors_of(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def declare(
    organization: Organization, basis: str = QualificationBasis.ASSETS_3M, days: int = 365
) -> None:
    actor = member_of(organization)
    QualifiedInvestorDeclaration.objects.create(
        organization=organization,
        basis=basis,
        version="2026.1",
        declared_by=user_of(actor),
        declared_at=timezone.now(),
        valid_until=timezone.localdate() + dt.timedelta(days=days),
    )


# --- Soft ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [S.INTRO_ACCEPTED, S.DILIGENCE, S.TERM_SHEET])
def test_an_investor_indicates_an_amount_once_the_intro_is_accepted(state: str) -> None:
    deal = DealFactory(state=state)
    commitment = commitment_create(
        actor=investor_member(deal), deal=deal, kind=SOFT, amount="300000"
    )
    assert (commitment.kind, commitment.amount, commitment.currency) == (
        SOFT,
        Decimal("300000"),
        deal.funding_round.currency,
    )
    assert (commitment.funding_round, commitment.investor) == (deal.funding_round, deal.investor)
    assert round_totals(deal.funding_round).soft == Decimal("300000")
    assert round_totals(deal.funding_round).hard == 0
    note = Notification.objects.get(organization=deal.funding_round.venture.organization)
    assert (note.verb, note.params["kind"]) == ("commitment_made", "soft")


@pytest.mark.parametrize("state", [S.INTERESTED, S.INTRO_REQUESTED, S.COMMITTED, S.PASSED])
def test_no_indication_before_the_intro_or_after_committing(state: str) -> None:
    deal = DealFactory(state=state)
    with pytest.raises(ValidationError) as caught:
        commitment_create(actor=investor_member(deal), deal=deal, kind=SOFT, amount="300000")
    assert "kind" in errors_of(caught)
    assert not Commitment.objects.exists()


def test_a_new_indication_replaces_the_last_one() -> None:
    deal = DealFactory(state=S.DILIGENCE)
    actor = investor_member(deal)
    first = commitment_create(actor=actor, deal=deal, kind=SOFT, amount="300000")
    second = commitment_create(actor=actor, deal=deal, kind=SOFT, amount="400000")
    first.refresh_from_db()
    assert first.status == CommitmentStatus.WITHDRAWN
    assert second.status == CommitmentStatus.ACTIVE
    assert round_totals(deal.funding_round).soft == Decimal("400000")


def test_the_investor_withdraws_its_soft_commitment_once() -> None:
    deal = DealFactory(state=S.DILIGENCE)
    actor = investor_member(deal)
    commitment = commitment_create(actor=actor, deal=deal, kind=SOFT, amount="300000")
    withdrawn = commitment_withdraw(actor=actor, commitment=commitment)
    assert withdrawn.status == CommitmentStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="no longer active"):
        commitment_withdraw(actor=actor, commitment=commitment)
    assert Notification.objects.filter(verb="commitment_withdrawn").count() == 1


def test_only_the_investors_members_withdraw() -> None:
    deal = DealFactory(state=S.DILIGENCE)
    commitment = commitment_create(
        actor=investor_member(deal), deal=deal, kind=SOFT, amount="300000"
    )
    for actor in (
        investor_member(deal, Role.VIEWER),
        venture_member(deal),
        member_of(DealFactory().investor),
    ):
        with pytest.raises(AccessDenied):
            commitment_withdraw(actor=actor, commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.ACTIVE


@pytest.mark.parametrize(
    ("amount", "field"),
    [("199999.99", "amount"), ("0", "amount"), ("-5", "amount"), ("abc", "amount"),
     ("300000.001", "amount")],
)  # fmt: skip
def test_bad_amounts_are_refused_by_field(amount: str, field: str) -> None:
    deal = DealFactory(state=S.DILIGENCE)
    with pytest.raises(ValidationError) as caught:
        commitment_create(actor=investor_member(deal), deal=deal, kind=SOFT, amount=amount)
    assert field in errors_of(caught)


def test_an_unknown_kind_is_refused() -> None:
    deal = DealFactory(state=S.DILIGENCE)
    with pytest.raises(ValidationError) as caught:
        commitment_create(actor=investor_member(deal), deal=deal, kind="firm", amount="300000")
    assert "kind" in errors_of(caught)


def test_viewers_outsiders_and_the_venture_cannot_commit() -> None:
    deal = agreed_deal()
    with pytest.raises(AccessDenied):
        commitment_create(
            actor=investor_member(deal, Role.VIEWER), deal=deal, kind=HARD, amount="500000"
        )
    with pytest.raises(AccessDenied):
        commitment_create(
            actor=member_of(DealFactory().investor), deal=deal, kind=HARD, amount="500000"
        )
    with pytest.raises(ValidationError, match="Only the investor"):
        commitment_create(actor=venture_member(deal), deal=deal, kind=HARD, amount="500000")
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("status", [RoundStatus.CLOSED, RoundStatus.CANCELLED, RoundStatus.FAILED])
def test_a_round_that_is_not_open_takes_no_commitment(status: str) -> None:
    deal = agreed_deal(status=status)
    with pytest.raises(ValidationError, match="not open"):
        commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="500000")


def test_a_round_past_its_close_date_takes_no_commitment() -> None:
    today = timezone.localdate()
    deal = agreed_deal(
        opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="closed to commitments"):
        commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="500000")


# --- Hard -----------------------------------------------------------------------------------


def test_a_hard_commitment_on_accepted_terms_commits_the_deal() -> None:
    deal = agreed_deal()
    actor = investor_member(deal)
    soft = commitment_create(actor=actor, deal=deal, kind=SOFT, amount="300000")
    hard = commitment_create(actor=actor, deal=deal, kind=HARD, amount="500000")
    deal.refresh_from_db()
    soft.refresh_from_db()
    assert deal.state == S.COMMITTED
    assert soft.status == CommitmentStatus.CONVERTED
    assert DealEvent.objects.filter(deal=deal, to_state=S.COMMITTED, user=actor.user).exists()
    totals = round_totals(deal.funding_round)
    assert (totals.hard, totals.soft, totals.investors) == (Decimal("500000"), Decimal(0), 1)
    assert hard.created_by == actor.user


def test_a_hard_commitment_needs_an_accepted_term_sheet() -> None:
    deal = agreed_deal()
    deal.term_sheets.update(status=TermSheetStatus.OFFERED)
    with pytest.raises(ValidationError, match="accepted") as caught:
        commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="500000")
    assert "kind" in errors_of(caught)
    deal.refresh_from_db()
    assert deal.state == S.TERM_SHEET


@pytest.mark.parametrize("state", [S.INTRO_ACCEPTED, S.DILIGENCE])
def test_a_hard_commitment_waits_for_the_term_sheet_stage(state: str) -> None:
    deal = DealFactory(state=state)
    with pytest.raises(ValidationError) as caught:
        commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="500000")
    assert "kind" in errors_of(caught)


def test_a_hard_commitment_is_at_most_the_accepted_amount() -> None:
    deal = agreed_deal(amount="500000.00")
    with pytest.raises(ValidationError, match="at most that") as caught:
        commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="500000.01")
    assert "amount" in errors_of(caught)


def test_a_deal_commits_hard_once() -> None:
    deal = agreed_deal()
    actor = investor_member(deal)
    commitment_create(actor=actor, deal=deal, kind=HARD, amount="500000")
    with pytest.raises(ValidationError, match="already made"):
        commitment_create(actor=actor, deal=deal, kind=HARD, amount="500000")
    assert Commitment.objects.filter(deal=deal).count() == 1


def test_a_hard_commitment_binds() -> None:
    deal = agreed_deal()
    actor = investor_member(deal)
    hard = commitment_create(actor=actor, deal=deal, kind=HARD, amount="500000")
    with pytest.raises(ValidationError, match="binds"):
        commitment_withdraw(actor=actor, commitment=hard)


def test_hard_commitments_stop_at_the_target_without_oversubscription() -> None:
    funding_round = FundingRoundFactory(target_amount=Decimal("1000000"))
    first = agreed_deal(funding_round, amount="600000")
    second = agreed_deal(funding_round, amount="600000")
    commitment_create(actor=investor_member(first), deal=first, kind=HARD, amount="600000")
    with pytest.raises(ValidationError, match=r"400,000\.00 CNY is left") as caught:
        commitment_create(actor=investor_member(second), deal=second, kind=HARD, amount="600000")
    assert "amount" in errors_of(caught)
    # What is left is still taken.
    commitment_create(actor=investor_member(second), deal=second, kind=HARD, amount="400000")
    assert round_totals(funding_round).hard == funding_round.target_amount


def test_oversubscription_raises_the_cap() -> None:
    funding_round = FundingRoundFactory(
        target_amount=Decimal("1000000"), oversubscription_pct=Decimal("20")
    )
    assert funding_round.hard_cap == Decimal("1200000.00")
    deals = [agreed_deal(funding_round, amount="600000") for _ in range(3)]
    for deal in deals[:2]:
        commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="600000")
    with pytest.raises(ValidationError, match=r" 0\.00 CNY is left"):
        commitment_create(
            actor=investor_member(deals[2]), deal=deals[2], kind=HARD, amount="600000"
        )
    assert round_totals(funding_round).hard == Decimal("1200000")


def test_soft_commitments_are_not_counted_against_the_cap() -> None:
    funding_round = FundingRoundFactory(target_amount=Decimal("1000000"))
    for _ in range(3):
        talks = DealFactory(funding_round=funding_round, state=S.DILIGENCE)
        commitment_create(actor=investor_member(talks), deal=talks, kind=SOFT, amount="900000")
    deal = agreed_deal(funding_round, amount="1000000")
    commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="1000000")
    assert round_totals(funding_round).soft == Decimal("2700000")


def test_the_round_takes_at_most_its_number_of_investors() -> None:
    funding_round = FundingRoundFactory(max_investors=2)
    deals = [agreed_deal(funding_round, amount="200000") for _ in range(3)]
    for deal in deals[:2]:
        commitment_create(actor=investor_member(deal), deal=deal, kind=HARD, amount="200000")
    with pytest.raises(ValidationError, match="its 2 investors"):
        commitment_create(
            actor=investor_member(deals[2]), deal=deals[2], kind=HARD, amount="200000"
        )
    assert round_totals(funding_round).investors == 2


def test_the_investor_limit_defaults_to_the_setting(settings: object) -> None:
    assert FundingRoundFactory().max_investors == 200
    settings.RUNWAY_MAX_INVESTORS_PER_ROUND = 150  # type: ignore[attr-defined]
    assert FundingRoundFactory().max_investors == 150


# --- Qualified investors -------------------------------------------------------------------


def test_a_qualified_only_round_refuses_an_undeclared_individual() -> None:
    individual = angel()
    deal = agreed_deal(investor_org=individual.organization, qualified_investors_only=True)
    with pytest.raises(ValidationError, match="qualified investors only"):
        commitment_create(actor=individual, deal=deal, kind=HARD, amount="500000")
    with pytest.raises(ValidationError, match="qualified investors only"):
        commitment_create(actor=individual, deal=deal, kind=SOFT, amount="500000")
    assert not Commitment.objects.exists()


def test_a_declared_individual_and_an_institution_commit() -> None:
    individual = angel()
    declare(individual.organization)
    funding_round = FundingRoundFactory(qualified_investors_only=True)
    deal = agreed_deal(funding_round, investor_org=individual.organization)
    commitment_create(actor=individual, deal=deal, kind=HARD, amount="500000")
    fund = agreed_deal(funding_round)  # a VC fund: institutions count as qualified
    commitment_create(actor=investor_member(fund), deal=fund, kind=HARD, amount="500000")
    assert round_totals(funding_round).investors == 2


def test_an_expired_declaration_no_longer_qualifies() -> None:
    individual = angel()
    declare(individual.organization, days=-1)
    deal = agreed_deal(investor_org=individual.organization, qualified_investors_only=True)
    with pytest.raises(ValidationError, match="qualified investors only"):
        commitment_create(actor=individual, deal=deal, kind=HARD, amount="500000")


def test_an_undeclared_individual_commits_where_the_round_does_not_ask() -> None:
    individual = angel()
    deal = agreed_deal(investor_org=individual.organization)
    commitment_create(actor=individual, deal=deal, kind=HARD, amount="500000")


def test_the_project_basis_needs_a_million_yuan_in_the_round() -> None:
    individual = angel()
    declare(individual.organization, QualificationBasis.PROJECT_1M)
    funding_round = FundingRoundFactory(qualified_investors_only=True)
    small = agreed_deal(funding_round, investor_org=individual.organization, amount="999999.99")
    with pytest.raises(ValidationError, match=r"at least 1,000,000\.00 CNY"):
        commitment_create(actor=individual, deal=small, kind=HARD, amount="999999.99")
    other = angel()
    declare(other.organization, QualificationBasis.PROJECT_1M)
    large = agreed_deal(funding_round, investor_org=other.organization, amount="1000000")
    commitment_create(actor=other, deal=large, kind=HARD, amount="1000000")


def test_the_project_basis_converts_other_currencies_or_says_it_cannot() -> None:
    individual = angel()
    declare(individual.organization, QualificationBasis.PROJECT_1M)
    funding_round = FundingRoundFactory(
        qualified_investors_only=True, currency="USD", min_ticket=Decimal("20000")
    )
    deal = agreed_deal(funding_round, investor_org=individual.organization, amount="150000")
    with pytest.raises(ValidationError, match="no current exchange rate"):
        commitment_create(actor=individual, deal=deal, kind=HARD, amount="150000")
    FxRate.objects.create(currency="USD", on=timezone.localdate(), rate_to_cny=Decimal("7.1"))
    commitment_create(actor=individual, deal=deal, kind=HARD, amount="150000")
