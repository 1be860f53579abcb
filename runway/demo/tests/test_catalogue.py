"""The demo catalogue: complete, consistent and valid before anything touches the database."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from runway.demo.catalogue import AS_OF, DEMO_DOMAIN, load_catalogue
from runway.demo.histories import history_months, order_profile, venture_export, venture_seed
from runway.engine.credit_code import validate
from runway.engine.order_synthesis import BUSINESS_WEEK, CONSUMER_WEEK
from runway.taxonomy.loading import FIXTURE
from runway.ventures.models import BusinessModel, RoundStatus, ShenzhenDistrict

CATALOGUE = load_catalogue()
VENTURES = {v.organization.slug: v for v in CATALOGUE.ventures}


def taxonomy_codes(model: str) -> set[str]:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {row["fields"]["code"] for row in rows if row["model"] == f"taxonomy.{model}"}


def test_ventures_cover_every_sector_of_the_taxonomy() -> None:
    covered = {code for v in CATALOGUE.ventures for code in v.sectors}
    assert len(CATALOGUE.ventures) >= 40
    assert covered == taxonomy_codes("sector")


def test_every_code_the_catalogue_uses_exists_in_the_taxonomy() -> None:
    ventures, mandates = CATALOGUE.ventures, [m for ms in CATALOGUE.mandates.values() for m in ms]
    assert {v.stage for v in ventures} | {s for m in mandates for s in m.stages} <= taxonomy_codes(
        "stage"
    )
    regions = {r for v in ventures for r in v.markets} | {r for m in mandates for r in m.regions}
    assert regions <= taxonomy_codes("region")
    instruments = {r.instrument for v in ventures for r in v.rounds}
    assert instruments | {i for m in mandates for i in m.instruments} <= taxonomy_codes(
        "instrument"
    )
    assert {v.district for v in ventures} <= set(ShenzhenDistrict.values)
    assert {v.business_model for v in ventures} <= set(BusinessModel.values)


def test_other_organizations_cover_every_kind_and_category() -> None:
    kinds = Counter((o.kind, o.category) for o in CATALOGUE.organizations)
    investors = {category: n for (kind, category), n in kinds.items() if kind == "investor"}
    assert sum(investors.values()) == 20
    assert set(investors) == {"vc", "angel", "strategic", "revenue_lender", "bank"}
    assert {c for (k, c) in kinds if k == "intermediary"} == {"incubator", "advisor", "community"}
    assert (
        kinds[("intermediary", "incubator")]
        + kinds[("intermediary", "advisor")]
        + kinds[("intermediary", "community")]
        == 3
    )
    assert kinds[("government", "guidance_fund")] == 2
    assert kinds[("platform", "")] == 1


def test_every_investor_has_one_or_two_mandates_and_nobody_else_has_any() -> None:
    for organization in CATALOGUE.organizations:
        count = len(CATALOGUE.mandates.get(organization.slug, ()))
        assert (1 <= count <= 2) if organization.kind == "investor" else count == 0


def test_identities_are_valid_and_unique() -> None:
    organizations = CATALOGUE.all_organizations
    codes = [o.credit_code for o in organizations if o.credit_code]
    assert all(validate(code) is None for code in codes)
    assert len(set(codes)) == len(codes)
    assert len(set(CATALOGUE.slugs)) == len(CATALOGUE.slugs)
    for organization in organizations:
        if organization.country != "CN":
            assert organization.registry_number
            assert not organization.credit_code
        elif organization.kind != "platform":
            assert organization.credit_code


def test_descriptions_are_in_three_languages() -> None:
    for venture in CATALOGUE.ventures:
        assert re.search(r"[\u4e00-\u9fff]", venture.organization.name)
        assert re.search(r"[\u4e00-\u9fff]", venture.description_zh)
        assert re.search(r"[A-Za-z]", venture.description_en)
        assert re.search(r"[\u0400-\u04ff]", venture.description_ru)


def test_the_brief_s_businesses_are_there() -> None:
    russian = VENTURES["silkroad-trade"]
    assert {"russia-cis", "eastern-europe"} <= set(russian.markets)
    assert "cross-border-b2b" in russian.sectors
    assert "Huaqiangbei" in VENTURES["hqb-chiplink"].tagline
    for sector in ("flowers-gifts", "mother-baby", "apparel-wholesale", "phones-digital",
                   "finance", "logistics", "merchant-saas"):  # fmt: skip
        assert any(sector in v.sectors for v in CATALOGUE.ventures)


def test_rounds_use_every_status_and_several_currencies() -> None:
    rounds = [r for v in CATALOGUE.ventures for r in v.rounds]
    # A round fails on the platform (its close date passes below the minimum), never by its spec.
    assert {r.status for r in rounds} == set(RoundStatus.values) - {RoundStatus.FAILED}
    assert {"CNY", "USD", "HKD", "RUB"} <= {r.currency for r in rounds}
    assert all(0 < r.min_ticket <= r.target_amount and r.opens_on <= r.closes_on for r in rounds)


def test_a_mix_of_public_private_and_verified_ventures() -> None:
    public = [v.is_public for v in CATALOGUE.ventures]
    verified = [v.organization.verified for v in CATALOGUE.ventures]
    assert any(public)
    assert not all(public)
    assert 5 <= sum(verified) < len(verified)
    assert all(v.founded_on < AS_OF and v.team_size > 0 for v in CATALOGUE.ventures)


def test_the_demo_logins_of_the_brief_are_listed() -> None:
    listed = {p.email: p.role for o in CATALOGUE.all_organizations for p in o.people if p.listed}
    for name in ("venture", "investor", "lender", "intermediary", "government", "admin"):
        assert listed[f"{name}@{DEMO_DOMAIN}"] == "owner"
    assert listed[f"viewer@{DEMO_DOMAIN}"] == "viewer"
    assert {"owner", "admin", "member", "viewer"} <= set(listed.values())
    everyone = [p.email for o in CATALOGUE.all_organizations for p in o.people]
    assert all(email.endswith(f"@{DEMO_DOMAIN}") for email in everyone)


def test_history_spans_one_to_four_years_and_can_be_capped() -> None:
    spans = [history_months(v) for v in CATALOGUE.ventures]
    assert min(spans) >= 12
    assert max(spans) == 48
    assert history_months(VENTURES["silkroad-trade"], months=3) == 3


def test_order_profiles_follow_the_kind_of_business() -> None:
    b2b = order_profile(VENTURES["hqb-chiplink"])
    shop = order_profile(VENTURES["huajian-flowers"])
    abroad = order_profile(VENTURES["trailblaze-outdoor"])
    assert b2b.weekday_weights == BUSINESS_WEEK
    assert b2b.repeat_probability > shop.repeat_probability
    assert shop.weekday_weights == CONSUMER_WEEK
    assert shop.channels == (("tmall", 1.0),)
    assert abroad.currency == "USD"
    assert abroad.december_lift > shop.december_lift
    assert abroad.festival_strength < shop.festival_strength
    assert order_profile(VENTURES["pengcheng-sameday"]).weekday_weights == CONSUMER_WEEK
    assert order_profile(VENTURES["chayu-tea"]).repeat_probability == pytest.approx(0.55)
    assert order_profile(VENTURES["chayu-tea"], scale=0.5).base_monthly_orders == 165


def test_each_venture_gets_its_own_stable_seed() -> None:
    assert venture_seed(2026, "a") == venture_seed(2026, "a")
    assert len({venture_seed(2026, slug) for slug in VENTURES}) == len(VENTURES)
    assert venture_seed(2026, "a") != venture_seed(2027, "a")


def test_a_venture_s_export_depends_on_the_seed_only() -> None:
    venture = VENTURES["eurasia-tools"]
    first = venture_export(venture, seed=2026, months=2)
    assert first.file.extension == "xlsx"
    assert first.orders > 0
    assert venture_export(venture, seed=2026, months=2).file == first.file
    assert venture_export(venture, seed=7, months=2).file != first.file
