"""Score and offers from a real export: UCI Online Retail II, December 2009 to 9 December 2010."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from runway.engine.financing import Decline, LenderGrid, RbfOffer, rbf_offer
from runway.engine.money import Currency
from runway.engine.orders import ImportResult, import_orders
from runway.engine.scoring import traction_score
from tests.shared_data import SHARED_DATA, shared_data_mark

UCI_PARQUET = SHARED_DATA / "online-retail-ii" / "online_retail.parquet"
pytestmark = [shared_data_mark(UCI_PARQUET)]
D = Decimal
AS_OF = dt.date(2011, 1, 1)
GRID = LenderGrid(
    currency=Currency.USD,
    min_months_history=6,
    min_monthly_revenue=D(50_000),
    max_advance_multiple=D("1.5"),
    fee_by_grade={"A": D("0.06"), "B": D("0.08"), "C": D("0.10")},
    remittance_share=D("0.10"),
    repayment_cap=D("1.15"),
    holidays=frozenset({"singles_day", "spring_festival"}),
)


@pytest.fixture(scope="module")
def uci() -> ImportResult:
    result = import_orders(
        UCI_PARQUET, as_of=dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    assert result.accepted, result.rejection
    return result


def test_a_big_steady_wholesaler_scores_well_on_its_complete_months(uci: ImportResult) -> None:
    score = traction_score(uci.kpis, cohorts=uci.cohorts, currency="GBP")
    assert (score.basis, score.months, score.as_of_month) == ("revenue", 12, dt.date(2010, 11, 1))
    parts = {c.name: dict(c.parts) for c in score.components}
    complete = uci.kpis.filter(pl.col("complete"))
    assert parts["scale"]["ttm_net_revenue"] == pytest.approx(float(complete["net_revenue"].sum()))
    assert parts["growth"]["yoy"] is None  # one year of data
    assert 0.6 < (parts["retention"]["repeat"] or 0) < 0.9  # wholesale customers reorder
    assert 0.15 < (parts["retention"]["month3"] or 0) < 0.35
    assert parts["consistency"]["lag_months"] == 1.0
    assert 70 <= score.value <= 90
    assert score.grade in {"A", "B"}
    assert traction_score(uci.kpis, cohorts=uci.cohorts, currency="GBP") == score


def test_an_advance_is_sized_on_the_complete_year_and_repaid_in_under_two_years(
    uci: ImportResult,
) -> None:
    # The file's currency (GBP) is not the grid's: an honest platform declines.
    assert rbf_offer(GRID, uci.kpis, grade="B", as_of=AS_OF, currency="GBP") == Decline(
        "currency_mismatch", {"currency": "GBP", "grid_currency": "USD"}
    )
    result = rbf_offer(GRID, uci.kpis, grade="B", as_of=AS_OF)
    assert isinstance(result, RbfOffer)
    complete = uci.kpis.filter(pl.col("complete"))["net_revenue"]
    average = (D(complete.sum()) / 12).quantize(D("0.01"))
    assert result.trailing_revenue.amount == average
    assert result.amount.amount == (D("1.5") * average).quantize(D("0.01"), rounding="ROUND_DOWN")
    assert result.fee.amount == (result.amount.amount * D("0.08")).quantize(D("0.01"))
    assert 15 <= result.payback_months <= 24
    assert result.projected[0].month == AS_OF
    holidays = [p.month for p in result.projected if p.holiday]
    assert holidays[:3] == [dt.date(2011, 2, 1), dt.date(2011, 11, 1), dt.date(2012, 1, 1)]
    assert rbf_offer(GRID, uci.kpis, grade="B", as_of=AS_OF) == result
