"""Typed-in (self-reported) and pushed (connected) months, and which level replaces which."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from runway.metrics.figures import kpi_push_connected, kpi_self_report, local_today
from runway.metrics.models import MonthlyKPI
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import ORDERS_CSV, figures, upload
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db

JAN_2025 = dt.date(2025, 1, 1)
FEB_2025 = dt.date(2025, 2, 1)
JUN_2024 = dt.date(2024, 6, 1)


def import_orders_csv(venture: Venture) -> None:
    job = import_job_create(actor=None, venture=venture, upload=upload(ORDERS_CSV), enqueue=False)
    import_job_run(job=job)


def levels(venture: Venture) -> dict[dt.date, str]:
    return dict(MonthlyKPI.objects.filter(venture=venture).values_list("month", "verification"))


def member(venture: Venture, role: str = Role.MEMBER) -> Actor:
    return member_of(venture.organization, role)


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_typed_in_month_is_stored_self_reported_with_what_it_defines() -> None:
    venture = VentureFactory()
    actor = member(venture)
    kpi = kpi_self_report(
        actor=actor, venture=venture, figures=figures(dt.date(2024, 6, 17)), currency="CNY"
    )
    assert (kpi.month, kpi.verification, kpi.currency) == (JUN_2024, "self_reported", "CNY")
    assert (kpi.days, kpi.complete, kpi.source_job) == (30, True, None)
    assert (kpi.net_revenue, kpi.returning_buyers, kpi.aov) == (
        Decimal("9500.00"), 40, Decimal("125.00")
    )  # fmt: skip
    assert (kpi.repeat_buyer_rate, kpi.refund_rate) == (Decimal("0.666667"), Decimal("0.050000"))
    assert kpi.entered_by == actor.user


def test_the_current_month_is_partial_up_to_today() -> None:
    venture = VentureFactory()
    today = local_today()
    kpi = kpi_self_report(
        actor=member(venture), venture=venture, figures=figures(today), currency="CNY"
    )
    assert (kpi.days, kpi.complete) == (today.day, False)


def test_typing_a_month_again_corrects_it() -> None:
    venture = VentureFactory()
    actor = member(venture)
    kpi_self_report(actor=actor, venture=venture, figures=figures(JUN_2024), currency="CNY")
    kpi_self_report(
        actor=actor,
        venture=venture,
        figures=figures(JUN_2024, gmv=Decimal("12000.00")),
        currency="CNY",
    )
    assert list(MonthlyKPI.objects.values_list("gmv", flat=True)) == [Decimal("12000.00")]


@pytest.mark.parametrize(
    ("level", "words"),
    [("imported", "imported from an order export"), ("connected", "pushed by your connected")],
)
def test_typing_never_replaces_an_imported_or_connected_month(level: str, words: str) -> None:
    venture = VentureFactory()
    actor = member(venture)
    if level == "imported":
        import_orders_csv(venture)
    else:
        kpi_push_connected(actor=actor, venture=venture, currency="CNY", months=[figures(JAN_2025)])
    before = list(MonthlyKPI.objects.values_list("month", "gmv", "verification"))
    with pytest.raises(ValidationError) as error:
        kpi_self_report(actor=actor, venture=venture, figures=figures(JAN_2025), currency="CNY")
    message = messages(error)["month"][0]
    assert "2025-01" in message
    assert words in message
    assert "never replace imported or connected" in message
    assert list(MonthlyKPI.objects.values_list("month", "gmv", "verification")) == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"refunds": Decimal("10000.01")}, "refunds"),
        ({"buyers": 81}, "buyers"),
        ({"new_buyers": 61}, "new_buyers"),
        ({"cancelled_orders": 81}, "cancelled_orders"),
        ({"gmv": Decimal("-1.00"), "refunds": Decimal(0)}, "gmv"),
        ({"gmv": Decimal("1.001")}, "gmv"),
        ({"orders": 0, "buyers": 0, "new_buyers": 0}, "orders"),
        ({"visits": -1}, "visits"),
    ],
)
def test_impossible_figures_are_refused_on_their_field(
    overrides: dict[str, object], field: str
) -> None:
    venture = VentureFactory()
    with pytest.raises(ValidationError) as error:
        kpi_self_report(
            actor=member(venture),
            venture=venture,
            figures=figures(JUN_2024, **overrides),
            currency="CNY",
        )
    assert list(messages(error)) == [field]
    assert not MonthlyKPI.objects.exists()


def test_a_month_not_begun_is_refused() -> None:
    venture = VentureFactory()
    later = local_today().replace(day=28) + dt.timedelta(days=5)
    with pytest.raises(ValidationError) as error:
        kpi_self_report(
            actor=member(venture), venture=venture, figures=figures(later), currency="CNY"
        )
    assert messages(error) == {"month": ["The month has not begun yet."]}


def test_all_months_of_a_venture_share_one_currency() -> None:
    venture = VentureFactory()
    actor = member(venture)
    kpi_self_report(actor=actor, venture=venture, figures=figures(JUN_2024), currency="CNY")
    with pytest.raises(ValidationError) as error:
        kpi_self_report(
            actor=actor, venture=venture, figures=figures(dt.date(2024, 7, 1)), currency="USD"
        )
    assert "CNY" in messages(error)["currency"][0]


def test_a_viewer_may_neither_type_nor_push() -> None:
    venture = VentureFactory()
    actor = member(venture, Role.VIEWER)
    with pytest.raises(AccessDenied):
        kpi_self_report(actor=actor, venture=venture, figures=figures(JUN_2024), currency="CNY")
    with pytest.raises(AccessDenied):
        kpi_push_connected(actor=actor, venture=venture, currency="CNY", months=[figures(JUN_2024)])
    assert not MonthlyKPI.objects.exists()


@pytest.mark.parametrize("kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR])
def test_another_organization_may_neither_type_nor_push(kind: str) -> None:
    venture = VentureFactory()
    stranger = make_actor(kind=kind, role=Role.OWNER)
    with pytest.raises(AccessDenied):
        kpi_self_report(actor=stranger, venture=venture, figures=figures(JUN_2024), currency="CNY")
    with pytest.raises(AccessDenied):
        kpi_push_connected(
            actor=stranger, venture=venture, currency="CNY", months=[figures(JUN_2024)]
        )
    assert not MonthlyKPI.objects.exists()


def test_a_push_replaces_typed_in_and_imported_months_and_again_changes_nothing() -> None:
    venture = VentureFactory()
    actor = member(venture)
    import_orders_csv(venture)
    kpi_self_report(actor=actor, venture=venture, figures=figures(JUN_2024), currency="CNY")
    months = [figures(JUN_2024, gmv=Decimal("7000.00")), figures(FEB_2025)]
    stored = kpi_push_connected(actor=actor, venture=venture, currency="CNY", months=months)
    assert [(k.month, k.verification, k.gmv) for k in stored] == [
        (JUN_2024, "connected", Decimal("7000.00")),
        (FEB_2025, "connected", Decimal("10000.00")),
    ]
    assert levels(venture) == {
        JUN_2024: "connected",
        JAN_2025: "imported",
        FEB_2025: "connected",
        dt.date(2025, 3, 1): "imported",
    }
    snapshot = list(MonthlyKPI.objects.order_by("month").values_list("month", "gmv", "orders"))
    kpi_push_connected(actor=actor, venture=venture, currency="CNY", months=months)
    assert list(MonthlyKPI.objects.order_by("month").values_list("month", "gmv", "orders")) == (
        snapshot
    )


def test_an_import_keeps_the_months_the_shop_pushed() -> None:
    venture = VentureFactory()
    pushed = figures(FEB_2025, gmv=Decimal("999.00"))
    kpi_push_connected(actor=member(venture), venture=venture, currency="CNY", months=[pushed])
    import_orders_csv(venture)
    assert levels(venture) == {
        JAN_2025: "imported",
        FEB_2025: "connected",
        dt.date(2025, 3, 1): "imported",
    }
    assert MonthlyKPI.objects.get(month=FEB_2025).gmv == Decimal("999.00")


def test_a_push_is_all_or_nothing_and_names_month_and_field() -> None:
    venture = VentureFactory()
    months = [
        figures(JUN_2024),
        figures(dt.date(2024, 7, 1), refunds=Decimal("20000.00")),
        figures(JUN_2024),
    ]
    with pytest.raises(ValidationError) as error:
        kpi_push_connected(actor=member(venture), venture=venture, currency="CNY", months=months)
    assert set(messages(error)) == {"months.1.refunds", "months.2.month"}
    assert not MonthlyKPI.objects.exists()
