"""Finance snapshots: cash and burn on a date, runway in months, written by the venture only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from runway.metrics.figures import local_today
from runway.metrics.finance import finance_snapshot_save
from runway.metrics.models import FinanceSnapshot
from runway.metrics.selectors import finance_snapshot_list
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def snapshot(**values: object) -> FinanceSnapshot:
    return FinanceSnapshot(**{"cash": Decimal("1000000.00"), "monthly_burn": Decimal("150000.00"),
                              **values})  # fmt: skip


def test_runway_is_cash_over_burn_to_a_tenth_of_a_month() -> None:
    assert snapshot().runway_months == Decimal("6.7")
    assert snapshot(cash=Decimal("0.00")).runway_months == Decimal("0.0")
    assert snapshot(monthly_burn=Decimal("0.00")).runway_months is None  # nothing burnt


def test_a_member_records_snapshots_one_per_date_newest_first() -> None:
    venture = VentureFactory()
    actor = member_of(venture.organization, Role.MEMBER)
    values: dict[str, Any] = {
        "cash": Decimal("900000.00"), "monthly_burn": Decimal("100000.00"), "currency": "CNY"
    }  # fmt: skip
    first, created = finance_snapshot_save(
        actor=actor, venture=venture, as_of=dt.date(2025, 1, 31), **values
    )
    assert created
    assert (first.runway_months, first.created_by) == (Decimal("9.0"), actor.user)
    finance_snapshot_save(actor=actor, venture=venture, as_of=dt.date(2025, 2, 28), **values)
    again, created = finance_snapshot_save(
        actor=actor, venture=venture, as_of=dt.date(2025, 1, 31), **{**values, "cash": Decimal(0)}
    )
    assert (again.pk, created, again.cash) == (first.pk, False, Decimal(0))
    listed = finance_snapshot_list(venture=venture)
    assert [s.as_of for s in listed] == [dt.date(2025, 2, 28), dt.date(2025, 1, 31)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cash": Decimal("-1.00")}, "cash"),
        ({"monthly_burn": Decimal("1.005")}, "monthly_burn"),
        ({"as_of": None}, "as_of"),
    ],
)
def test_impossible_snapshots_are_refused_on_their_field(
    change: dict[str, object], field: str
) -> None:
    venture = VentureFactory()
    values: dict[str, object] = {
        "as_of": dt.date(2025, 1, 31), "cash": Decimal("10.00"), "monthly_burn": Decimal("1.00"),
        "currency": "CNY", **change,
    }  # fmt: skip
    if values["as_of"] is None:
        values["as_of"] = local_today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        finance_snapshot_save(
            actor=member_of(venture.organization, Role.MEMBER),
            venture=venture,
            **values,  # type: ignore[arg-type]
        )
    assert list(error.value.message_dict) == [field]
    assert not FinanceSnapshot.objects.exists()


def test_viewers_and_other_organizations_may_not_write() -> None:
    venture = VentureFactory()
    values = {"as_of": dt.date(2025, 1, 31), "cash": Decimal(1), "monthly_burn": Decimal(1),
              "currency": "CNY"}  # fmt: skip
    for actor in (
        member_of(venture.organization, Role.VIEWER),
        make_actor(kind=OrganizationKind.INVESTOR, role=Role.OWNER),
        make_actor(kind=OrganizationKind.PLATFORM, role=Role.OWNER),
    ):
        with pytest.raises(AccessDenied):
            finance_snapshot_save(actor=actor, venture=venture, **values)  # type: ignore[arg-type]
    assert not FinanceSnapshot.objects.exists()
