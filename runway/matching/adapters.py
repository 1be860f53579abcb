"""A venture's stored traction as the engine's inputs: the monthly KPI frame, the cohort frame,
the verification level, and what the score and financing engines make of them."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.db.models import Sum

from runway.engine.financing import Decline, LoanGrid, LoanOffer, RbfOffer, loan_offer, rbf_offer
from runway.engine.financing import LenderGrid as EngineLenderGrid
from runway.engine.matching import MandateSpec, RoundSpec
from runway.engine.money import Currency
from runway.engine.programs import Deal, PolicyResult, ProgramOffer, policy_calculator
from runway.engine.programs.eligibility import VentureFacts
from runway.engine.programs.fields import ProgramDataError
from runway.engine.programs.params import ProgramKind, params_from_dict
from runway.engine.programs.risk import InstrumentKind
from runway.engine.programs.rules import Rules
from runway.engine.scoring import Score, traction_score
from runway.investors.models import GridKind, LenderGrid, Mandate, Rule
from runway.metrics.models import CohortCell, MonthlyKPI, VerificationLevel
from runway.programs.models import Award, PreRegistration, Program, ProgramStatus
from runway.taxonomy.models import Region
from runway.ventures.models import FundingRound, Venture

KPI_COLUMNS = (
    "month", "net_revenue", "gmv", "refunds", "orders", "buyers", "new_buyers",
    "returning_buyers", "repeat_buyer_rate", "visits", "page_views", "complete", "days",
)  # fmt: skip
# The horizon the calculator spreads an equity ticket's risk over, and a loan's default term,
# when the round does not say: a typical early-stage holding period and working-capital loan.
HOLDING_MONTHS = 60
LOAN_MONTHS = 12
# Weakest first: a history is only as verified as its least verified month.
LEVELS = (VerificationLevel.SELF_REPORTED, VerificationLevel.IMPORTED, VerificationLevel.CONNECTED)
SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "month": pl.Date, "net_revenue": pl.Decimal(38, 2), "gmv": pl.Decimal(38, 2),
    "refunds": pl.Decimal(38, 2), "orders": pl.Int64, "buyers": pl.Int64,
    "new_buyers": pl.Int64, "returning_buyers": pl.Int64, "repeat_buyer_rate": pl.Float64,
    "visits": pl.Int64, "page_views": pl.Int64, "complete": pl.Boolean, "days": pl.Int64,
}  # fmt: skip


def kpi_frame(venture: Venture) -> tuple[pl.DataFrame, str, str]:
    """(monthly frame, currency, verification level) of the venture's stored KPIs."""
    rows = list(
        MonthlyKPI.objects.filter(venture=venture)
        .order_by("month")
        .values(*KPI_COLUMNS, "currency", "verification")
    )
    frame = pl.DataFrame(
        [{name: row[name] for name in KPI_COLUMNS} for row in rows], schema=SCHEMA, orient="row"
    ).with_columns(pl.col("repeat_buyer_rate").cast(pl.Float64))
    currency = rows[-1]["currency"] if rows else "CNY"
    recent = {row["verification"] for row in rows[-12:]}
    level = next((level for level in LEVELS if level in recent), VerificationLevel.IMPORTED)
    return frame, currency, str(level)


def cohort_frame(venture: Venture) -> pl.DataFrame:
    rows = list(
        CohortCell.objects.filter(venture=venture).values(
            "cohort", "months_since", "buyers", "cohort_size"
        )
    )
    return pl.DataFrame(
        rows,
        schema={"cohort": pl.Date, "months_since": pl.Int64, "buyers": pl.Int64,
                "cohort_size": pl.Int64},
        orient="row",
    )  # fmt: skip


def venture_score(venture: Venture) -> Score | None:
    """The traction score of the stored KPIs; None when the venture has no figures at all."""
    frame, currency, level = kpi_frame(venture)
    if frame.is_empty():
        return None
    return traction_score(
        frame, cohorts=cohort_frame(venture), verification=level, currency=currency
    )


def venture_grade(venture: Venture) -> str | None:
    score = venture_score(venture)
    if score is None or score.basis == "insufficient":
        return None
    return str(score.grade)


def venture_ttm_revenue(venture: Venture) -> tuple[Decimal, str] | None:
    """Net revenue of the last twelve stored months, with its currency; None without figures."""
    latest = (
        MonthlyKPI.objects.filter(venture=venture)
        .order_by("-month")
        .values("net_revenue", "currency")[:12]
    )
    rows = list(latest)
    if not rows:
        return None
    return sum((row["net_revenue"] for row in rows), Decimal(0)), rows[0]["currency"]


def engine_grid(grid: LenderGrid) -> EngineLenderGrid | LoanGrid:
    """The stored grid as the engine's terms (the service validated every field)."""
    pricing = {grade: Decimal(str(value)) for grade, value in grid.pricing_by_grade.items()}
    if grid.kind == GridKind.LOAN:
        return LoanGrid(
            currency=Currency(grid.currency),
            rate_by_grade=pricing,
            term_months=grid.term_months or 12,
            max_multiple=grid.max_multiple,
            min_months_history=grid.min_months_history,
            min_monthly_revenue=grid.min_monthly_revenue,
        )
    holidays = {
        name
        for name, chosen in (
            ("singles_day", grid.singles_day_holiday),
            ("spring_festival", grid.spring_festival_holiday),
        )
        if chosen
    }
    return EngineLenderGrid(
        currency=Currency(grid.currency),
        min_months_history=grid.min_months_history,
        min_monthly_revenue=grid.min_monthly_revenue,
        max_advance_multiple=grid.max_multiple,
        fee_by_grade=pricing,
        remittance_share=grid.remittance_share or Decimal(0),
        repayment_cap=grid.repayment_cap or Decimal(1),
        holidays=frozenset(holidays),
    )


MONEY_COLUMNS = ("net_revenue", "gmv", "refunds")


def kpis_converted(kpis: pl.DataFrame, factor: Decimal) -> pl.DataFrame:
    """The monthly frame with its money columns multiplied by `factor` (an exchange rate)."""
    rate = pl.lit(factor, dtype=pl.Decimal(38, 10))
    return kpis.with_columns(
        (pl.col(name) * rate).round(2).cast(pl.Decimal(38, 2)) for name in MONEY_COLUMNS
    )


def grid_offer(
    grid: LenderGrid, *, kpis: pl.DataFrame, currency: str, grade: str | None,
    ask: Decimal | None, as_of: dt.date, rates: dict[str, Decimal] | None = None,
) -> RbfOffer | LoanOffer | Decline:  # fmt: skip
    """The grid's offer or decline. A lender lends in its grid's currency: with `rates` (yuan
    per unit) the venture's figures and ask are converted into it first; without a rate for
    both currencies the engine declines the currency mismatch."""
    if grade is None:
        return Decline("no_grade", {})
    if rates and currency != grid.currency and currency in rates and grid.currency in rates:
        factor = rates[currency] / rates[grid.currency]
        kpis = kpis_converted(kpis, factor)
        ask = None if ask is None else (ask * factor).quantize(Decimal("0.01"))
        currency = grid.currency
    terms = engine_grid(grid)
    if isinstance(terms, LoanGrid):
        return loan_offer(terms, kpis, grade=grade, ask=ask, as_of=as_of, currency=currency)
    return rbf_offer(terms, kpis, grade=grade, ask=ask, as_of=as_of, currency=currency)


def _region_codes(venture: Venture) -> frozenset[str]:
    """The venture's city and every region above it, so a rule for "guangdong" covers Shenzhen."""
    codes: set[str] = set()
    region: Region | None = venture.city
    while region is not None and region.code not in codes:
        codes.add(region.code)
        region = region.parent
    return frozenset(codes)


def venture_facts(*, venture: Venture, currency: str, grade: str | None = None) -> VentureFacts:
    """What program rules are checked against; `currency` stands in when there is no revenue.
    Pre-registration is per program: callers set it (ProgramOffer.pre_registered_on)."""
    revenue = venture_ttm_revenue(venture)
    return VentureFacts(
        sectors=frozenset(venture.sectors.values_list("code", flat=True)),
        stage=venture.stage.code,
        regions=_region_codes(venture),
        district=venture.district or None,
        founded_on=venture.founded_on,
        ttm_revenue=revenue[0] if revenue else None,
        currency=Currency(revenue[1] if revenue else currency),
        grade=grade if grade is not None else venture_grade(venture),
    )


def instrument_kind(funding_round: FundingRound) -> InstrumentKind:
    code = funding_round.instrument.code
    if code == "revenue-based":
        return InstrumentKind.REVENUE_BASED
    if funding_round.instrument.is_debt:
        return InstrumentKind.LOAN
    return InstrumentKind.EQUITY


def program_offers(*, venture: Venture, currency: str) -> list[tuple[Program, ProgramOffer]]:
    """Every open program in `currency` as the calculator's offer, with what it already gave
    this venture (per-venture caps)."""
    programs = list(Program.objects.filter(status=ProgramStatus.OPEN, currency=currency))
    used = dict(
        Award.objects.filter(program__in=programs, venture=venture)
        .values("program")
        .annotate(total=Sum("amount"))
        .values_list("program", "total")
    )
    registered = dict(
        PreRegistration.objects.filter(program__in=programs, venture=venture).values_list(
            "program", "registered_on"
        )
    )
    offers = []
    for program in programs:
        try:
            offer = ProgramOffer(
                program_id=str(program.pk),
                kind=ProgramKind(program.kind),
                rules=Rules.from_dict(program.rules),
                params=params_from_dict(program.kind, program.params),
                budget_left=program.budget_left,
                used_by_venture=used.get(program.pk) or Decimal(0),
                pre_registered_on=registered.get(program.pk),
            )
        except (ProgramDataError, ValueError):
            continue  # a program saved before its terms were valid: never offered
        offers.append((program, offer))
    return offers


def policy_for_round(
    *, funding_round: FundingRound, amount: Decimal, on: dt.date, grade: str | None
) -> tuple[PolicyResult, dict[str, Program]]:
    """The policy calculator for a ticket of `amount` in `funding_round`, with every open program
    in the round's currency; also the programs by the id the result names them with."""
    venture = funding_round.venture
    kind = instrument_kind(funding_round)
    deal = Deal(
        instrument=kind,
        amount=amount,
        currency=Currency(funding_round.currency),
        term_months=HOLDING_MONTHS if kind == InstrumentKind.EQUITY else LOAN_MONTHS,
        round_target=funding_round.target_amount,
        stage=venture.stage.code,
        grade=grade,
        instrument_code=funding_round.instrument.code,
    )
    offers = program_offers(venture=venture, currency=funding_round.currency)
    programs = {str(program.pk): program for program, _offer in offers}
    facts = venture_facts(venture=venture, currency=funding_round.currency, grade=grade)
    result = policy_calculator(deal, [offer for _program, offer in offers], facts, on=on)
    return result, programs


def mandate_spec(mandate: Mandate) -> MandateSpec:
    """The mandate as the engine's spec. The engine always filters on instrument and ticket; a
    mandate that only prefers instruments is passed with none (any), and its traction thresholds
    (revenue, growth, months of history, repeat-buyer rate) are hard only when the investor
    marked traction "must". Percentages become ratios."""
    must = frozenset(
        name
        for name in ("sectors", "stages", "regions")
        if getattr(mandate, f"{name}_rule") == Rule.MUST
    )
    hard_traction = mandate.traction_rule == Rule.MUST
    instruments = (
        frozenset(i.code for i in mandate.instruments.all())
        if mandate.instruments_rule == Rule.MUST
        else frozenset()
    )
    return MandateSpec(
        mandate_id=str(mandate.pk),
        investor=mandate.organization.name,
        instruments=instruments,
        sectors=frozenset(s.code for s in mandate.sectors.all()),
        stages=frozenset(s.code for s in mandate.stages.all()),
        regions=frozenset(r.code for r in mandate.regions.all()),
        ticket_min=mandate.ticket_min,
        ticket_max=mandate.ticket_max,
        currency=mandate.currency,
        must=must,
        min_gmv_12m=(
            mandate.min_monthly_revenue * 12
            if hard_traction and mandate.min_monthly_revenue is not None
            else None
        ),
        min_growth_yoy=(
            mandate.min_growth_rate / 100
            if hard_traction and mandate.min_growth_rate is not None
            else None
        ),
        min_months_history=mandate.min_months_history if hard_traction else None,
        min_repeat_rate=(
            mandate.min_repeat_rate / 100
            if hard_traction and mandate.min_repeat_rate is not None
            else None
        ),
    )


def round_spec(funding_round: FundingRound, traction: VentureTraction) -> RoundSpec:
    venture = funding_round.venture
    regions = set(_region_codes(venture))
    for market in venture.markets.all():
        regions.add(market.code)
    return RoundSpec(
        round_id=str(funding_round.pk),
        venture_id=str(venture.pk),
        venture=venture.organization.name,
        instrument=funding_round.instrument.code,
        sectors=frozenset(s.code for s in venture.sectors.all()),
        stage=venture.stage.code,
        regions=frozenset(regions),
        target_amount=funding_round.target_amount,
        min_ticket=funding_round.min_ticket,
        currency=funding_round.currency,
        gmv_12m=traction.revenue_12m,
        growth_yoy=traction.growth_yoy,
        months_history=traction.months_history,
        repeat_rate=traction.repeat_rate,
        score=traction.score,
    )


@dataclass(frozen=True)
class VentureTraction:
    """What matching needs of a venture's figures: trailing net revenue, growth, the run of
    complete months, the trailing repeat-buyer rate (0-1) and the score; None is unknown."""

    revenue_12m: Decimal | None = None
    growth_yoy: Decimal | None = None
    months_history: int | None = None
    repeat_rate: Decimal | None = None
    score: Decimal | None = None


def venture_traction(venture: Venture) -> VentureTraction:
    revenue = venture_ttm_revenue(venture)
    latest = (
        MonthlyKPI.objects.filter(venture=venture, complete=True)
        .order_by("-month")
        .values_list("net_revenue_yoy", flat=True)
        .first()
    )
    score = venture_score(venture)
    return VentureTraction(
        revenue_12m=revenue[0] if revenue else None,
        growth_yoy=latest,
        months_history=score.months if score is not None else None,
        repeat_rate=score_repeat_rate(score),
        score=(
            Decimal(str(score.value))
            if score is not None and score.basis != "insufficient"
            else None
        ),
    )


def score_repeat_rate(score: Score | None) -> Decimal | None:
    """The repeat-buyer rate the score's retention component measured (returning buyers over
    buyers of the trailing complete months, docs/decisions.md "Traction score"); None when the
    venture is not scored on revenue or has no buyer figures."""
    if score is None:
        return None
    retention = next((c for c in score.components if c.name == "retention"), None)
    rate = dict(retention.parts).get("repeat") if retention is not None else None
    if rate is None or math.isnan(rate):
        return None
    # A share by definition; a stored rate above 1 (bad data) must not stop the whole run.
    return min(max(Decimal(repr(rate)), Decimal(0)), Decimal(1))
