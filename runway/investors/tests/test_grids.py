from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from runway.investors import services
from runway.investors.models import GridKind, LenderGrid
from runway.investors.tests.factories import RBF_GRID as RBF
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def lender(role: str = Role.MEMBER):
    return make_actor(kind=OrganizationKind.INVESTOR, role=role, category="revenue_lender")


def test_a_lender_publishes_a_revenue_based_grid() -> None:
    grid = services.grid_create(actor=lender(), **RBF)
    assert grid.pricing_by_grade == {"A": "0.06", "B": "0.08", "C": "0.10"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pricing_by_grade": {}}, "pricing_by_grade"),
        ({"pricing_by_grade": {"A": "1.5"}}, "pricing_by_grade"),
        ({"pricing_by_grade": {"Z": "0.1"}}, "pricing_by_grade"),
        ({"remittance_share": None}, "remittance_share"),
        ({"repayment_cap": Decimal("0.9")}, "repayment_cap"),
        ({"kind": GridKind.LOAN, "term_months": None}, "term_months"),
    ],
)
def test_bad_grids_are_refused_naming_the_field(change: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.grid_create(actor=lender(), **(RBF | change))
    assert field in caught.value.message_dict
    assert not LenderGrid.objects.exists()


def test_only_investor_members_write_grids() -> None:
    venture = make_actor(kind=OrganizationKind.VENTURE)
    with pytest.raises(AccessDenied):
        services.grid_create(actor=venture, **RBF)
    with pytest.raises(AccessDenied):
        services.grid_create(actor=lender(role=Role.VIEWER), **RBF)
    grid = services.grid_create(actor=lender(), **RBF)
    with pytest.raises(AccessDenied):
        services.grid_update(actor=lender(), grid=grid, title="Someone else's")


def test_the_grid_form_stores_percentages_as_shares(client_for) -> None:
    actor = lender()
    response = client_for(actor).post(
        "/mandates/grids/new/",
        {
            "title": "Working capital loan", "kind": "loan", "is_active": "on",
            "currency": "CNY", "min_months_history": "12", "min_monthly_revenue": "100000",
            "max_multiple": "0.5", "price_A": "6", "price_B": "8.5", "term_months": "12",
        },
    )  # fmt: skip
    assert response.status_code == 302
    grid = LenderGrid.objects.get()
    assert grid.pricing_by_grade == {"A": "0.06", "B": "0.085"}
    page = client_for(actor).get(f"/mandates/grids/{grid.pk}/").content.decode()
    assert 'value="8.500000"' in page or 'value="8.5' in page


def test_other_organizations_get_404_on_a_grid(client_for) -> None:
    grid = services.grid_create(actor=lender(), **RBF)
    assert client_for(lender()).get(f"/mandates/grids/{grid.pk}/").status_code == 404
    venture = make_actor(kind=OrganizationKind.VENTURE)
    assert client_for(venture).get("/mandates/grids/").status_code == 404


def test_a_loan_grid_keeps_no_revenue_based_terms() -> None:
    grid = services.grid_create(
        actor=lender(), **(RBF | {"kind": GridKind.LOAN, "term_months": 12})
    )
    assert (grid.remittance_share, grid.repayment_cap, grid.singles_day_holiday) == (
        None,
        None,
        False,
    )
    assert grid.term_months == 12
