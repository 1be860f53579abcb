"""Lenders' grids and government programs in the catalogue: present where the demo needs them,
consistent with the ventures, and a malformed entry refused with its place in the file."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from decimal import Decimal
from typing import Any

import pytest

from runway.demo.catalogue import AS_OF, FIXTURES, catalogue_from, load_catalogue
from runway.demo.catalogue_fields import CatalogueError
from runway.demo.program_specs import APPROVED
from runway.engine.programs.eligibility import FailureCode, VentureFacts, check_eligibility
from runway.taxonomy.loading import FIXTURE
from runway.ventures.models import ShenzhenDistrict

CATALOGUE = load_catalogue()
VENTURES = {v.organization.slug: v for v in CATALOGUE.ventures}
LENDERS = {"revenue_lender", "bank"}
PROGRAM_KINDS = {"co_investment", "risk_compensation", "guarantee", "interest_subsidy"}


def rows() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Fresh copies of both fixtures, to break one entry at a time."""

    def read(name: str) -> dict[str, Any]:
        return tomllib.loads((FIXTURES / name).read_text(encoding="utf-8"), parse_float=Decimal)

    return read("demo_ventures.toml"), read("demo_organizations.toml")["organization"]


def organization(organizations: list[dict[str, Any]], slug: str) -> dict[str, Any]:
    return next(row for row in organizations if row["slug"] == slug)


def region_ancestors(code: str) -> frozenset[str]:
    parents = {
        row["fields"]["code"]: (row["fields"]["parent"] or [None])[0]
        for row in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if row["model"] == "taxonomy.region"
    }
    found: set[str] = set()
    current: str | None = code
    while current is not None:
        found.add(current)
        current = parents[current]
    return frozenset(found)


def test_every_lender_publishes_one_or_two_grids_and_nobody_else_any() -> None:
    for spec in CATALOGUE.organizations:
        count = len(CATALOGUE.grids[spec.slug])
        assert (1 <= count <= 2) if spec.category in LENDERS else count == 0, spec.slug
    grids = [g for gs in CATALOGUE.grids.values() for g in gs]
    assert {g.kind for g in grids} == {"revenue_based", "loan"}
    assert {"CNY", "USD", "HKD"} <= {g.currency for g in grids}
    assert any(not g.is_active for g in grids)


def test_grid_terms_are_those_of_the_chinese_market() -> None:
    for spec in CATALOGUE.organizations:
        for grid in CATALOGUE.grids[spec.slug]:
            prices = dict(grid.pricing_by_grade)
            assert list(prices.values()) == sorted(prices.values())  # better grade, lower price
            if spec.category == "bank":
                assert grid.kind == "loan"
                assert grid.term_months == 12
                assert grid.min_months_history >= 12
                assert all(Decimal("0.045") <= rate <= Decimal("0.09") for rate in prices.values())
                assert Decimal("0.3") <= grid.max_multiple <= Decimal("0.5")
            else:
                assert grid.kind == "revenue_based"
                assert all(Decimal("0.06") <= fee <= Decimal("0.18") for fee in prices.values())
                assert grid.remittance_share is not None
                assert Decimal("0.08") <= grid.remittance_share <= Decimal("0.15")
                assert grid.repayment_cap == Decimal("1.3")
                assert grid.spring_festival_holiday
    liushui = CATALOGUE.grids["liushui-capital"][0]
    assert liushui.singles_day_holiday
    assert liushui.service_fields()["pricing_by_grade"] == {
        "A": "0.06", "B": "0.09", "C": "0.13", "D": "0.18"
    }  # fmt: skip


def test_government_funds_run_an_open_program_of_each_kind() -> None:
    programs = [p for spec in CATALOGUE.organizations for p in CATALOGUE.programs[spec.slug]]
    assert {p.kind for p in programs if p.status == "open"} == PROGRAM_KINDS
    assert all(Decimal(20_000_000) <= p.budget <= Decimal(100_000_000) for p in programs)
    assert all(p.currency == "CNY" and str(p.params.currency) == "CNY" for p in programs)
    login = CATALOGUE.programs["pengcheng-guidance"]  # government@ sees these on its dashboard
    assert sum(a.decision == APPROVED for p in login for a in p.applications) >= 1
    for spec in CATALOGUE.organizations:
        assert bool(CATALOGUE.programs[spec.slug]) == (spec.kind == "government")


def taxonomy_codes(model: str) -> set[str]:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {row["fields"]["code"] for row in rows if row["model"] == f"taxonomy.{model}"}


def test_every_code_the_programs_use_exists_in_the_taxonomy() -> None:
    """A misspelt code would silently match no venture."""
    programs = [p for spec in CATALOGUE.organizations for p in CATALOGUE.programs[spec.slug]]
    rules = [p.rules for p in programs]
    assert {code for r in rules for code in r.sectors} <= taxonomy_codes("sector")
    stages = {code for r in rules for code in r.stages}
    compensated = {s for p in programs for s in getattr(p.params, "share_by_stage", {})}
    assert stages | compensated <= taxonomy_codes("stage")
    assert {code for r in rules for code in r.regions} <= taxonomy_codes("region")
    assert {code for r in rules for code in r.instruments} <= taxonomy_codes("instrument")
    assert {code for r in rules for code in r.districts} <= set(ShenzhenDistrict.values)


def test_awards_stay_within_budget_and_applications_fit_the_program_terms() -> None:
    for spec in CATALOGUE.organizations:
        for program in CATALOGUE.programs[spec.slug]:
            awarded = sum((a.granted for a in program.applications), Decimal(0))
            assert awarded <= program.budget
            for application in program.applications:
                assert application.private_amount > 0
                if program.kind == "co_investment":
                    ratio = program.params.ratio_public_to_private  # type: ignore[union-attr]
                    assert application.amount <= ratio * application.private_amount


@pytest.mark.parametrize("on", [AS_OF, dt.date(2029, 12, 31)])
def test_applicants_qualify_on_the_catalogue_date_and_years_later(on: dt.date) -> None:
    """Applications are submitted on the day of the build, so company-age limits need margin;
    revenue is only known once the orders are imported and is checked during the build."""
    for spec in CATALOGUE.organizations:
        for program in CATALOGUE.programs[spec.slug]:
            for application in program.applications:
                venture = VENTURES[application.venture]
                facts = VentureFacts(
                    sectors=frozenset(venture.sectors),
                    stage=venture.stage,
                    regions=region_ancestors("shenzhen"),
                    district=venture.district,
                    founded_on=venture.founded_on,
                )
                failures = check_eligibility(program.rules, facts, on=on).failures
                assert [f for f in failures if f.code != FailureCode.UNKNOWN_REVENUE] == [], (
                    application.venture,
                    program.title,
                )


def break_grid(change: dict[str, Any], drop: tuple[str, ...] = ()) -> str:
    ventures, organizations = rows()
    grid = organization(organizations, "liushui-capital")["grid"][0]
    grid.update(change)
    for key in drop:
        del grid[key]
    with pytest.raises(CatalogueError) as caught:
        catalogue_from(ventures, organizations)
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "drop", "message"),
    [
        ({}, ("remittance",), "'remittance' is missing"),
        ({"cap": Decimal("0.9")}, (), "'cap' must be at least 1 times the advance"),
        ({"pricing": {"A": Decimal("0.06"), "Z": Decimal("0.2")}}, (), "grades are A to E"),
        ({"pricing": {}}, (), "'pricing' must price at least one grade"),
        ({"remitance": Decimal("0.1")}, (), "unknown key 'remitance'"),
        ({"kind": "loan"}, ("remittance", "cap", "holidays"), "'term' is missing"),
        ({"kind": "loan", "term": 12}, (), "'remittance' is for revenue-based grids"),
        ({"holidays": ["national_day"]}, (), "'holidays' must list some of"),
        ({"currency": "JPY"}, (), "'currency' must be one of CNY"),
    ],
)
def test_a_malformed_grid_is_refused_saying_where_and_why(
    change: dict[str, Any], drop: tuple[str, ...], message: str
) -> None:
    text = break_grid(change, drop)
    assert text.startswith(
        "demo_organizations.toml, organization 'liushui-capital', grid '电商卖家收入分成（标准）': "
    )
    assert message in text


def break_program(slug: str, index: int, edit: Any) -> str:
    ventures, organizations = rows()
    edit(organization(organizations, slug)["program"][index])
    with pytest.raises(CatalogueError) as caught:
        catalogue_from(ventures, organizations)
    return str(caught.value)


def first_application(program: dict[str, Any]) -> dict[str, Any]:
    application: dict[str, Any] = program["application"][0]
    return application


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda p: p["rules"].update(sector=["logistics"]), "rules.sector cannot be used"),
        (lambda p: p["params"].update(max_share_of_round=Decimal("1.5")),
         "params.max_share_of_round cannot be used (must_be_share)"),
        (lambda p: p["params"].update(currency="USD"), "params.currency 'USD' differs"),
        (lambda p: p.update(kind="lottery"), "'kind' must be one of co_investment"),
        (lambda p: p.update(closes=dt.date(2026, 12, 31)),
         "a program with applications must open by 2026-10-31 and not close"),
        (lambda p: p.update(status="draft"), "only an open program takes registrations"),
        (lambda p: first_application(p).update(venture="nobody"),
         "'nobody' is not a venture of demo_ventures.toml"),
        (lambda p: first_application(p).update(round="D 轮"), "the venture has no round 'D 轮'"),
        (lambda p: first_application(p).update(amount=Decimal(10) ** 9),
         "'amount' must be above 0 and within the budget"),
        (lambda p: first_application(p).update(award=Decimal(10) ** 7), "'award' goes with"),
        (lambda p: first_application(p).update(decision="rejected", decision_note=""),
         "a rejection needs a 'decision_note'"),
    ],
)  # fmt: skip
def test_a_malformed_program_is_refused_saying_where_and_why(edit: Any, message: str) -> None:
    text = break_program("pengcheng-guidance", 0, edit)
    assert text.startswith(
        "demo_organizations.toml, organization 'pengcheng-guidance', "
        "program '电商与数字贸易初创企业跟投计划'"
    )
    assert message in text


def test_an_application_needs_the_pre_registration_the_program_requires() -> None:
    text = break_program("pengcheng-guidance", 1, lambda p: p.update(registrations=[]))
    assert "'weekend-go' applies without the required pre-registration" in text


def test_grids_and_programs_belong_to_lenders_and_governments_only() -> None:
    ventures, organizations = rows()
    grids = copy.deepcopy(organization(organizations, "liushui-capital")["grid"])
    organization(organizations, "pengcheng-guidance")["grid"] = grids
    with pytest.raises(CatalogueError, match="only an organization of kind investor has a grid"):
        catalogue_from(ventures, organizations)
