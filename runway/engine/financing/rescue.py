"""The rescue ladder: three routes out of a cash crisis, side by side, with time to cash and
dilution.

    trigger = rescue_trigger(cash=cash, monthly_burn=burn, days_since_failure=days)
    ladder = rescue_ladder(currency="CNY", cash=cash, monthly_burn=burn, quotes=quotes,
                           valuation=band)

- **Bridge**: the lenders' indicative revenue-based advances (`BridgeQuote`), largest first. It
  raises at most the best advance, dilutes nothing, and repays from revenue.
- **Rescue round**: `months_of_burn` x the monthly burn, rounded up to `target_rounding`, priced
  at the low end of the valuation band: dilution = target / (pre-money + target).
- **Sale**: the company changes hands within its valuation band; dilution is 100%.

Times to cash are constants with their reasons in data/rescue.toml. Everything here is values in,
values out; reasons are codes the caller words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from runway.engine.financing.datafiles import read_table
from runway.engine.financing.valuation import ValuationBand
from runway.engine.money import CENT, Currency, Money

DILUTION_PLACES = Decimal("0.0001")
MONTHS_PLACES = Decimal("0.1")

# Why the ladder is shown, or why not; and why a route is not available.
TRIGGER_REASONS = ("round_failed", "runway_short")
CALM_REASONS = ("no_snapshot", "no_burn", "runway_ok")
ROUTE_REASONS = ("no_offer", "no_burn", "no_valuation")


@dataclass(frozen=True, slots=True)
class RescueParams:
    runway_threshold_months: Decimal
    failed_round_memory_days: int
    bridge_time_to_cash_days: int
    bridge_offers_shown: int
    round_months_of_burn: int
    round_target_rounding: Decimal
    round_min_ticket_share: Decimal
    round_time_to_cash_days: int
    round_window_days: int
    sale_time_to_cash_days: int

    def __post_init__(self) -> None:
        if self.runway_threshold_months <= 0 or self.failed_round_memory_days < 0:
            raise ValueError("the ladder's thresholds are positive")
        if self.bridge_offers_shown < 1 or self.round_months_of_burn < 1:
            raise ValueError("at least one offer and one month of burn")
        if self.round_target_rounding <= 0 or not 0 < self.round_min_ticket_share <= 1:
            raise ValueError("rounding is positive and the minimum ticket a share in (0, 1]")
        days = (self.bridge_time_to_cash_days, self.round_time_to_cash_days,
                self.sale_time_to_cash_days, self.round_window_days)  # fmt: skip
        if min(days) < 1:
            raise ValueError("times are whole days, at least one")


def load_params() -> RescueParams:
    data = read_table("rescue.toml", exact=True)
    bridge, funding, sale = data["bridge"], data["round"], data["sale"]
    return RescueParams(
        runway_threshold_months=Decimal(data["runway_threshold_months"]),
        failed_round_memory_days=int(data["failed_round_memory_days"]),
        bridge_time_to_cash_days=int(bridge["time_to_cash_days"]),
        bridge_offers_shown=int(bridge["offers_shown"]),
        round_months_of_burn=int(funding["months_of_burn"]),
        round_target_rounding=Decimal(funding["target_rounding"]),
        round_min_ticket_share=Decimal(funding["min_ticket_share"]),
        round_time_to_cash_days=int(funding["time_to_cash_days"]),
        round_window_days=int(funding["window_days"]),
        sale_time_to_cash_days=int(sale["time_to_cash_days"]),
    )


DEFAULT_PARAMS = load_params()


@dataclass(frozen=True, slots=True)
class BridgeQuote:
    """One lender's indicative revenue-based advance, as the financing engine computed it."""

    lender: str  # the caller's key for the lender's grid
    amount: Money
    fee: Money
    payback_months: int
    remittance_share: Decimal
    holidays: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.amount.amount <= 0 or self.fee.amount < 0 or self.payback_months < 1:
            raise ValueError("an advance is positive, its fee not negative, its payback >= 1")
        if self.fee.currency != self.amount.currency:
            raise ValueError("an advance and its fee are in one currency")


@dataclass(frozen=True, slots=True)
class Trigger:
    """Whether the venture needs the ladder, with the reasons (codes of TRIGGER_REASONS when it
    does, one code of CALM_REASONS when it does not)."""

    needed: bool
    reasons: tuple[str, ...]
    runway_months: Decimal | None  # cash / burn to a tenth; None without a snapshot or burn


@dataclass(frozen=True, slots=True)
class BridgeRoute:
    quotes: tuple[BridgeQuote, ...]  # the best advances, largest first
    time_to_cash_days: int
    runway_added_months: Decimal | None  # the best advance / monthly burn
    dilution: Decimal = Decimal(0)

    @property
    def best(self) -> BridgeQuote | None:
        return self.quotes[0] if self.quotes else None

    @property
    def amount(self) -> Money | None:
        return self.quotes[0].amount if self.quotes else None

    @property
    def reason(self) -> str:
        return "" if self.quotes else "no_offer"

    @property
    def available(self) -> bool:
        return bool(self.quotes)


@dataclass(frozen=True, slots=True)
class RoundRoute:
    target: Money | None
    min_ticket: Money | None
    pre_money: Money | None  # the low end of the valuation band
    dilution: Decimal | None  # target / (pre-money + target)
    months_of_burn: int
    time_to_cash_days: int
    window_days: int
    reason: str  # "" when available, else a code of ROUTE_REASONS

    @property
    def available(self) -> bool:
        return not self.reason

    @property
    def amount(self) -> Money | None:
        return self.target

    @property
    def post_money(self) -> Money | None:
        if self.target is None or self.pre_money is None:
            return None
        return self.pre_money + self.target


@dataclass(frozen=True, slots=True)
class SaleRoute:
    band: ValuationBand | None
    time_to_cash_days: int
    reason: str  # "" when available, else "no_valuation"
    dilution: Decimal = Decimal(1)

    @property
    def available(self) -> bool:
        return not self.reason


@dataclass(frozen=True, slots=True)
class RescueLadder:
    currency: Currency
    trigger: Trigger
    bridge: BridgeRoute
    rescue_round: RoundRoute
    sale: SaleRoute

    @property
    def routes(self) -> tuple[BridgeRoute, RoundRoute, SaleRoute]:
        return (self.bridge, self.rescue_round, self.sale)


def runway_months(cash: Decimal | None, monthly_burn: Decimal | None) -> Decimal | None:
    """cash / monthly burn to a tenth of a month (as finance snapshots show it); None when there
    is no snapshot or nothing is burnt."""
    if cash is None or monthly_burn is None or monthly_burn <= 0:
        return None
    return (cash / monthly_burn).quantize(MONTHS_PLACES, rounding=ROUND_HALF_EVEN)


def rescue_trigger(
    *,
    cash: Decimal | None,
    monthly_burn: Decimal | None,
    days_since_failure: int | None,
    params: RescueParams = DEFAULT_PARAMS,
) -> Trigger:
    """Whether to show the ladder: a round failed in the last `failed_round_memory_days`, or
    cash lasts under `runway_threshold_months`. `cash` and `monthly_burn` are the latest finance
    snapshot's (None without one); `days_since_failure` counts from the latest failed round's
    close date (None when no round failed)."""
    _not_negative(cash=cash, monthly_burn=monthly_burn)
    months = runway_months(cash, monthly_burn)
    reasons: list[str] = []
    if days_since_failure is not None and 0 <= days_since_failure <= (
        params.failed_round_memory_days
    ):
        reasons.append("round_failed")
    # The exact ratio, not the rounded one: 2.96 months is short even though it shows as 3.0.
    short = (
        months is not None
        and cash is not None
        and monthly_burn is not None
        and (cash < params.runway_threshold_months * monthly_burn)
    )
    if short:
        reasons.append("runway_short")
    if reasons:
        return Trigger(True, tuple(reasons), months)
    if cash is None or monthly_burn is None:
        calm = "no_snapshot"
    elif monthly_burn == 0:
        calm = "no_burn"
    else:
        calm = "runway_ok"
    return Trigger(False, (calm,), months)


def rescue_ladder(
    *,
    currency: str,
    cash: Decimal | None,
    monthly_burn: Decimal | None,
    quotes: Sequence[BridgeQuote],
    valuation: ValuationBand | None,
    days_since_failure: int | None = None,
    params: RescueParams = DEFAULT_PARAMS,
) -> RescueLadder:
    """The three routes for a venture whose figures are in `currency`: `cash` and
    `monthly_burn` from its latest finance snapshot (None without one), the lenders' indicative
    advances `quotes`, and its valuation band (None without revenue). Every amount must be in
    `currency`: converting is the caller's decision, not the engine's."""
    money = Currency(currency)
    for quote in quotes:
        if quote.amount.currency != money:
            raise ValueError(f"a {quote.amount.currency} advance on a {money} ladder")
    if valuation is not None and valuation.low.currency != money:
        raise ValueError(f"a {valuation.low.currency} valuation on a {money} ladder")
    trigger = rescue_trigger(
        cash=cash, monthly_burn=monthly_burn, days_since_failure=days_since_failure,
        params=params,
    )  # fmt: skip
    burn = monthly_burn if monthly_burn is not None and monthly_burn > 0 else None
    return RescueLadder(
        currency=money,
        trigger=trigger,
        bridge=_bridge(quotes, burn, params),
        rescue_round=_rescue_round(money, burn, valuation, params),
        sale=_sale(valuation, params),
    )


def dilution(amount: Decimal, pre_money: Decimal) -> Decimal:
    """The share of the company new money `amount` buys at `pre_money`, to four places."""
    if amount <= 0 or pre_money <= 0:
        raise ValueError("amount and pre-money valuation are positive")
    return (amount / (pre_money + amount)).quantize(DILUTION_PLACES, rounding=ROUND_HALF_EVEN)


def _not_negative(**values: Decimal | None) -> None:
    for name, value in values.items():
        if value is not None and (not value.is_finite() or value < 0):
            raise ValueError(f"{name} is a finite amount, not negative")


def _bridge(
    quotes: Sequence[BridgeQuote], burn: Decimal | None, params: RescueParams
) -> BridgeRoute:
    # Largest advance first; between equal advances the cheaper, then the faster repaid.
    ranked = sorted(quotes, key=lambda q: (-q.amount.amount, q.fee.amount, q.payback_months))
    shown = tuple(ranked[: params.bridge_offers_shown])
    added = None
    if shown and burn is not None:
        added = (shown[0].amount.amount / burn).quantize(MONTHS_PLACES, rounding=ROUND_DOWN)
    return BridgeRoute(
        quotes=shown, time_to_cash_days=params.bridge_time_to_cash_days, runway_added_months=added
    )


def _rescue_round(
    money: Currency, burn: Decimal | None, valuation: ValuationBand | None, params: RescueParams
) -> RoundRoute:
    def unavailable(reason: str) -> RoundRoute:
        return RoundRoute(
            target=None, min_ticket=None, pre_money=None, dilution=None,
            months_of_burn=params.round_months_of_burn,
            time_to_cash_days=params.round_time_to_cash_days,
            window_days=params.round_window_days, reason=reason,
        )  # fmt: skip

    if burn is None:
        return unavailable("no_burn")
    if valuation is None or valuation.low.amount <= 0:
        return unavailable("no_valuation")
    unit = params.round_target_rounding
    target = (burn * params.round_months_of_burn / unit).to_integral_value(ROUND_CEILING) * unit
    target = target.quantize(CENT)
    min_ticket = max(
        (target * params.round_min_ticket_share).quantize(CENT, rounding=ROUND_DOWN), CENT
    )
    pre_money = valuation.low.amount
    return RoundRoute(
        target=Money(target, money),
        min_ticket=Money(min_ticket, money),
        pre_money=Money(pre_money, money),
        dilution=dilution(target, pre_money),
        months_of_burn=params.round_months_of_burn,
        time_to_cash_days=params.round_time_to_cash_days,
        window_days=params.round_window_days,
        reason="",
    )


def _sale(valuation: ValuationBand | None, params: RescueParams) -> SaleRoute:
    if valuation is None or valuation.high.amount <= 0:
        return SaleRoute(band=None, time_to_cash_days=params.sale_time_to_cash_days,
                         reason="no_valuation")  # fmt: skip
    return SaleRoute(band=valuation, time_to_cash_days=params.sale_time_to_cash_days, reason="")
