"""The fictional organizations of the demo platform, read from `fixtures/demo_*.toml`.

The TOML files hold the data (names in Chinese, descriptions in three languages, rounds, mandates,
lenders' grids, government programs, order-history settings); this module turns them into typed,
immutable specs and gives every mainland organization a valid Unified Social Credit Code for its
district. Grids and programs are read and checked by grid_specs and program_specs.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from runway.demo.grid_specs import GridSpec, parse_grids
from runway.demo.program_specs import ProgramSpec, parse_programs
from runway.engine.credit_code import with_check_character
from runway.engine.export_formats import ExportFormat
from runway.engine.order_synthesis import Product

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_DOMAIN = "demo.runway.cn"
DEMO_PASSWORD = "runway-demo-2026"  # noqa: S105  published on purpose: every demo login uses it
AS_OF = dt.date(2026, 10, 31)  # order histories end here, so every build is the same

# Administrative division codes (GB/T 2260) of Shenzhen's districts; Dapeng uses the city's.
DIVISIONS = {
    "futian": "440304", "luohu": "440303", "nanshan": "440305", "yantian": "440308",
    "baoan": "440306", "longgang": "440307", "longhua": "440309", "pingshan": "440310",
    "guangming": "440311", "dapeng": "440300",
}  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
               "超", "秀英", "华", "慧", "建国", "晓东")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    email: str
    name: str
    role: str
    listed: bool  # named in the catalogue (a demo login to print), not a generated owner


@dataclass(frozen=True, slots=True)
class OrganizationSpec:
    slug: str
    name: str
    kind: str
    category: str
    country: str
    credit_code: str
    registry_number: str
    city: str
    verified: bool
    people: tuple[Person, ...]  # the owner first

    @property
    def owner(self) -> Person:
        return self.people[0]


@dataclass(frozen=True, slots=True)
class RoundSpec:
    title: str
    instrument: str
    currency: str
    target_amount: Decimal
    min_ticket: Decimal
    pre_money_valuation: Decimal | None
    terms: str
    use_of_funds: str
    opens_on: dt.date
    closes_on: dt.date
    status: str


@dataclass(frozen=True, slots=True)
class HistorySpec:
    """How the venture's order history looks, and the export its business downloads."""

    export_format: ExportFormat
    base_monthly_orders: float
    monthly_growth: float
    mean_quantity: float
    currency: str
    channel: str | None
    countries: tuple[tuple[str, float], ...]
    products: tuple[Product, ...]
    repeat_probability: float | None
    repeat_gap_days: float | None
    festival_strength: float | None
    consumer_week: bool | None


@dataclass(frozen=True, slots=True)
class VentureSpec:
    organization: OrganizationSpec
    tagline: str
    sectors: tuple[str, ...]
    business_model: str
    markets: tuple[str, ...]
    district: str
    stage: str
    founded_on: dt.date
    team_size: int
    is_public: bool
    description_zh: str
    description_en: str
    description_ru: str
    rounds: tuple[RoundSpec, ...]
    history: HistorySpec


@dataclass(frozen=True, slots=True)
class MandateSpec:
    title: str
    thesis: str
    status: str
    instruments: tuple[str, ...]
    sectors: tuple[str, ...]
    stages: tuple[str, ...]
    regions: tuple[str, ...]
    currency: str
    ticket_min: Decimal
    ticket_max: Decimal
    must: frozenset[str]
    min_monthly_revenue: Decimal | None
    min_growth_rate: Decimal | None
    min_months_history: int | None
    min_repeat_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class Catalogue:
    ventures: tuple[VentureSpec, ...]
    organizations: tuple[OrganizationSpec, ...]  # every kind but venture
    mandates: dict[str, tuple[MandateSpec, ...]]  # by organization slug
    grids: dict[str, tuple[GridSpec, ...]]  # by lender slug
    programs: dict[str, tuple[ProgramSpec, ...]]  # by government organization slug

    @property
    def all_organizations(self) -> tuple[OrganizationSpec, ...]:
        return tuple(v.organization for v in self.ventures) + self.organizations

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(o.slug for o in self.all_organizations)


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((FIXTURES / name).read_text(encoding="utf-8"), parse_float=Decimal)


def credit_code(number: int, *, district: str, kind: str) -> str:
    """A valid, recognisably fictional code: organization codes MA5DM0001..., check computed."""
    if kind == "government":  # 12 = public institution (事业单位)
        return with_check_character(f"12{DIVISIONS[district]}MB2DM{number:04d}")
    return with_check_character(f"91{DIVISIONS[district]}MA5DM{number:04d}")


def _people(row: dict[str, Any], slug: str, number: int) -> tuple[Person, ...]:
    given = row.get("owner")
    default_name = SURNAMES[number % len(SURNAMES)] + GIVEN_NAMES[number * 7 % len(GIVEN_NAMES)]
    owner = (
        Person(given["email"], given["name"], "owner", listed=True)
        if given
        else Person(f"{slug}@{DEMO_DOMAIN}", default_name, "owner", listed=False)
    )
    members = tuple(
        Person(m["email"], m.get("name", ""), m["role"], listed=True)
        for m in row.get("members", [])
    )
    return (owner, *members)


def _organization(row: dict[str, Any], number: int, kind: str) -> OrganizationSpec:
    country = row.get("country", "CN")
    district = row.get("district", "futian")
    mainland = country == "CN" and kind != "platform"
    return OrganizationSpec(
        slug=row["slug"],
        name=row["name"],
        kind=kind,
        category=row.get("category", ""),
        country=country,
        credit_code=credit_code(number, district=district, kind=kind) if mainland else "",
        registry_number=row.get("registry", ""),
        city=row.get("city", "Shenzhen"),
        verified=row.get("verified", False),
        people=_people(row, row["slug"], number),
    )


def _products(rows: list[list[Any]]) -> tuple[Product, ...]:
    return tuple(
        Product(sku, name, Decimal(price).quantize(Decimal("0.01"))) for sku, name, price in rows
    )


def _history(row: dict[str, Any], sector_products: dict[str, list[list[Any]]]) -> HistorySpec:
    orders = row["orders"]

    def optional(key: str) -> float | None:
        return float(orders[key]) if key in orders else None

    weekdays = orders.get("weekdays")
    return HistorySpec(
        export_format=ExportFormat(orders["format"]),
        base_monthly_orders=float(orders["base"]),
        monthly_growth=float(orders.get("growth", 0)),
        mean_quantity=float(orders.get("quantity", 1.3)),
        currency=orders.get("currency", "CNY"),
        channel=orders.get("channel"),
        countries=tuple((code, float(w)) for code, w in orders.get("countries", {"CN": 1}).items()),
        products=_products(row.get("products") or sector_products[row["sectors"][0]]),
        repeat_probability=optional("repeat"),
        repeat_gap_days=optional("gap"),
        festival_strength=optional("festival"),
        consumer_week=None if weekdays is None else weekdays == "consumer",
    )


def _round(row: dict[str, Any]) -> RoundSpec:
    pre_money = row.get("pre_money")
    return RoundSpec(
        title=row["title"],
        instrument=row["instrument"],
        currency=row["currency"],
        target_amount=Decimal(row["target"]),
        min_ticket=Decimal(row["ticket"]),
        pre_money_valuation=None if pre_money is None else Decimal(pre_money),
        terms=row.get("terms", ""),
        use_of_funds=row["use"],
        opens_on=row["opens"],
        closes_on=row["closes"],
        status=row["status"],
    )


def _venture(row: dict[str, Any], number: int, products: dict[str, list[list[Any]]]) -> VentureSpec:
    return VentureSpec(
        organization=_organization(row, number, "venture"),
        tagline=row["tagline"],
        sectors=tuple(row["sectors"]),
        business_model=row["model"],
        markets=tuple(row.get("markets", ())),
        district=row["district"],
        stage=row["stage"],
        founded_on=row["founded"],
        team_size=row["team"],
        is_public=row.get("public", True),
        description_zh=row["zh"],
        description_en=row["en"],
        description_ru=row["ru"],
        rounds=tuple(_round(r) for r in row.get("round", [])),
        history=_history(row, products),
    )


def _decimal(row: dict[str, Any], key: str) -> Decimal | None:
    return None if key not in row else Decimal(row[key])


def _mandate(row: dict[str, Any]) -> MandateSpec:
    smallest, largest = row["ticket"]
    return MandateSpec(
        title=row["title"],
        thesis=row.get("thesis", ""),
        status=row.get("status", "open"),
        instruments=tuple(row.get("instruments", ())),
        sectors=tuple(row.get("sectors", ())),
        stages=tuple(row.get("stages", ())),
        regions=tuple(row.get("regions", ())),
        currency=row["currency"],
        ticket_min=Decimal(smallest),
        ticket_max=Decimal(largest),
        must=frozenset(row.get("must", ())),
        min_monthly_revenue=_decimal(row, "min_revenue"),
        min_growth_rate=_decimal(row, "min_growth"),
        min_months_history=row.get("min_months"),
        min_repeat_rate=_decimal(row, "min_repeat"),
    )


def catalogue_from(
    venture_rows: dict[str, Any], organization_rows: list[dict[str, Any]]
) -> Catalogue:
    """The catalogue of the two files' contents; organizations are numbered in file order for
    their codes. Raises CatalogueError on a grid or program that cannot be built."""
    products = venture_rows["sector_products"]
    ventures = tuple(
        _venture(row, number, products)
        for number, row in enumerate(venture_rows["venture"], start=1)
    )
    first = len(ventures) + 1
    organizations = tuple(
        _organization(row, number, row["kind"])
        for number, row in enumerate(organization_rows, start=first)
    )
    mandates = {
        row["slug"]: tuple(_mandate(m) for m in row.get("mandate", ())) for row in organization_rows
    }
    by_slug = {v.organization.slug: v for v in ventures}
    grids = {row["slug"]: parse_grids(row) for row in organization_rows}
    programs = {
        row["slug"]: parse_programs(row, ventures=by_slug, as_of=AS_OF) for row in organization_rows
    }
    return Catalogue(
        ventures=ventures,
        organizations=organizations,
        mandates=mandates,
        grids=grids,
        programs=programs,
    )


@cache
def load_catalogue() -> Catalogue:
    """The whole demo catalogue, read from the fixtures once."""
    return catalogue_from(
        _read("demo_ventures.toml"), _read("demo_organizations.toml")["organization"]
    )
