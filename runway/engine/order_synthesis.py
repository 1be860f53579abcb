"""Synthetic order histories with the seasonality of Chinese e-commerce, for demos and tests.

`synthesize_orders` turns an `OrderProfile` into a frame of the canonical order columns. Every draw
comes from one numpy generator seeded by the caller, so a profile and a seed always give the same
orders. Amounts are computed in integer cents and returned as Decimal(18, 2); times are aware.

The model: a daily intensity (base x monthly growth x weekday x festivals x monthly noise) brings
new customers; each customer comes back a geometric number of times (dropout after each purchase),
at a personal Poisson rate running on "seasonal time", so repeat purchases crowd into Singles' Day
and thin out over the Spring Festival like first purchases do. A year of burn-in before the window
gives the shop its existing customers, so a flat profile is flat from the first month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

if TYPE_CHECKING:
    from decimal import Decimal

    from numpy.typing import NDArray

ORDER_COLUMNS = (
    "order_id", "ordered_at", "customer_id", "amount", "currency", "quantity",
    "status", "refund_amount", "country", "channel", "sku",
)  # fmt: skip
AMOUNT_DTYPE = pl.Decimal(18, 2)

# 正月初一 of each lunar year; years outside the table get no Spring Festival dip.
SPRING_FESTIVAL: dict[int, dt.date] = {
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
}

CONSUMER_WEEK = (0.95, 0.93, 0.95, 0.97, 1.0, 1.08, 1.12)  # Monday first
BUSINESS_WEEK = (1.25, 1.25, 1.22, 1.2, 1.13, 0.5, 0.45)
CONSUMER_HOURS = (
    2.0, 1.0, 0.5, 0.3, 0.2, 0.3, 0.8, 1.8, 2.8, 4.0, 5.2, 5.0,
    4.2, 4.5, 5.0, 5.0, 4.6, 4.2, 4.3, 5.0, 6.5, 7.5, 7.2, 4.5,
)  # fmt: skip
BUSINESS_HOURS = (
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4.0, 8.0, 10.0, 9.0,
    5.0, 6.0, 9.0, 9.5, 9.0, 7.0, 3.5, 2.0, 1.8, 1.5, 1.0, 0.5,
)  # fmt: skip

BURN_IN_DAYS = 365
DAYS_PER_MONTH = 365.25 / 12
MAX_REPEATS = 60
SECONDS_PER_DAY = 86_400
_EPOCH = np.datetime64("1970-01-01", "D")


class OrderStatus(StrEnum):
    PENDING = "pending"  # placed, not paid
    PAID = "paid"  # paid, not shipped
    SHIPPED = "shipped"  # shipped, not yet confirmed by the buyer
    COMPLETED = "completed"  # a partial refund leaves an order completed
    REFUNDED = "refunded"  # refunded in full
    CANCELLED = "cancelled"  # closed before payment


class IdStyle(StrEnum):
    """How a platform numbers orders and names buyers."""

    TAOBAO = "taobao"  # 19-digit order ids, "tb..." member names
    PINDUODUO = "pinduoduo"  # "YYMMDD-" and 15 digits
    SHOPIFY = "shopify"  # "#1001", buyers by e-mail
    INVOICE = "invoice"  # 6-digit invoices and 5-digit customer numbers (UCI Online Retail)


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    unit_price: Decimal  # list price of one unit, in the profile's currency
    weight: float = 1.0  # relative share of orders


@dataclass(frozen=True, slots=True)
class OrderProfile:
    """What a shop's history looks like. Rates are fractions (0.05 is 5 %)."""

    as_of: dt.date  # last day of the history, included
    products: tuple[Product, ...]
    months: int = 24  # calendar months, the last one ending at `as_of`
    base_monthly_orders: float = 1000.0  # orders in an ordinary month at the window's start
    monthly_growth: float = 0.0  # compound, e.g. 0.03 or -0.02
    currency: str = "CNY"
    mean_quantity: float = 1.3  # units per order
    weekday_weights: tuple[float, ...] = CONSUMER_WEEK
    hour_weights: tuple[float, ...] = CONSUMER_HOURS
    festival_strength: float = 1.0  # 1 = a typical Taobao shop on 11.11, 618 and 12.12
    december_lift: float = 0.15
    spring_festival_dip: float = 0.6  # share of orders lost in the week around 正月初一
    repeat_probability: float = 0.35  # chance a buyer comes back after each purchase
    repeat_gap_days: float = 60.0  # typical days between a buyer's purchases
    refund_rate: float = 0.05
    cancel_rate: float = 0.03
    monthly_noise: float = 0.05  # log-normal sigma of month-to-month wobble
    countries: tuple[tuple[str, float], ...] = (("CN", 1.0),)
    channels: tuple[tuple[str, float], ...] = (("taobao", 1.0),)
    id_style: IdStyle = IdStyle.TAOBAO
    time_zone: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        problems = [message for failed, message in self._checks() if failed]
        if problems:
            raise ValueError("; ".join(problems))

    def _checks(self) -> tuple[tuple[bool, str], ...]:
        prices_ok = all(p.unit_price > 0 and p.weight > 0 for p in self.products)
        seasonality = (self.festival_strength, self.december_lift, self.monthly_noise)
        return (
            (not 1 <= self.months <= 60, "months must be 1 to 60"),
            (not self.products or not prices_ok, "products need positive prices and weights"),
            (self.base_monthly_orders < 0, "base_monthly_orders cannot be negative"),
            (self.monthly_growth <= -1, "monthly_growth must be above -1"),
            (self.mean_quantity < 1, "mean_quantity must be at least 1"),
            (len(self.weekday_weights) != 7, "seven weekday weights are needed"),
            (min(self.weekday_weights, default=0) <= 0, "weekday weights must be positive"),
            (len(self.hour_weights) != 24, "24 hour weights are needed"),
            (min(self.hour_weights, default=-1) < 0 or sum(self.hour_weights) <= 0, "bad hours"),
            (not 0 <= self.spring_festival_dip < 1, "spring_festival_dip must be in [0, 1)"),
            (not 0 <= self.repeat_probability < 1, "repeat_probability must be in [0, 1)"),
            (self.repeat_gap_days <= 0, "repeat_gap_days must be positive"),
            (min(self.refund_rate, self.cancel_rate) < 0, "rates cannot be negative"),
            (self.refund_rate + self.cancel_rate > 1, "refund and cancel rates exceed 1"),
            (min(seasonality) < 0, "seasonality cannot be negative"),
            (not self.countries or not self.channels, "countries and channels are needed"),
        )

    @property
    def first_day(self) -> dt.date:
        month_index = self.as_of.year * 12 + self.as_of.month - 1 - (self.months - 1)
        return dt.date(month_index // 12, month_index % 12 + 1, 1)


def synthesize_orders(profile: OrderProfile, *, seed: int) -> pl.DataFrame:
    """The orders of `profile` from its first day to the end of `as_of`, sorted by time.

    Columns are ORDER_COLUMNS; `amount` and `refund_amount` are Decimal(18, 2) with
    0 <= refund_amount <= amount; `ordered_at` is aware, in the profile's time zone.
    """
    rng = np.random.default_rng(seed)
    start = np.datetime64(profile.first_day, "D")
    origin = start - BURN_IN_DAYS
    days = np.arange(origin, np.datetime64(profile.as_of, "D") + 1, dtype="datetime64[D]")
    seasonal, price_factor = _seasonality(days, profile)
    rate = _daily_rate(rng, days, start, seasonal, profile)
    day, customer = _purchases(rng, rate, seasonal, profile)
    keep = day >= BURN_IN_DAYS
    day, customer = day[keep], customer[keep]

    n = day.size
    local_seconds = _local_seconds(rng, days, day, profile)
    order = np.argsort(local_seconds, kind="stable")
    day, customer, local_seconds = day[order], customer[order], local_seconds[order]

    products = profile.products
    weights = np.array([p.weight for p in products])
    sku_index = rng.choice(len(products), size=n, p=weights / weights.sum())
    list_cents = np.array([round(p.unit_price * 100) for p in products], dtype=np.int64)
    coupon = np.where(rng.random(n) < 0.15, rng.uniform(0.9, 0.97, n), 1.0)
    price = np.rint(list_cents[sku_index] * price_factor[day] * coupon)
    unit_cents = np.maximum(price, 1).astype(np.int64)
    quantity = 1 + rng.poisson(rng.gamma(2.0, (profile.mean_quantity - 1) / 2, n))
    amount_cents = unit_cents * quantity
    end_seconds = int((days[-1] + 1 - _EPOCH).astype(np.int64)) * SECONDS_PER_DAY
    status, refund_cents = _outcomes(rng, amount_cents, end_seconds - local_seconds, profile)

    first_seen = np.unique(customer, return_index=True, return_inverse=True)
    # Buyers are numbered in the order they first appear in the window.
    rank = np.argsort(np.argsort(first_seen[1], kind="stable"), kind="stable")
    customer_number = rank[first_seen[2]]
    country_codes = [code for code, _weight in profile.countries]
    buyers = first_seen[0].size
    customer_country = rng.choice(len(country_codes), size=buyers, p=_shares(profile.countries))
    channel_codes = [code for code, _weight in profile.channels]
    channel = rng.choice(len(channel_codes), size=n, p=_shares(profile.channels))

    ordered_at = _aware(local_seconds, profile.time_zone)
    return pl.DataFrame(
        {
            "order_id": _order_ids(rng, profile.id_style, ordered_at),
            "ordered_at": ordered_at,
            "customer_id": _customer_ids(rng, profile.id_style, customer_number),
            "amount": _decimal(amount_cents),
            "currency": pl.repeat(profile.currency, n, eager=True, dtype=pl.String),
            "quantity": pl.Series(quantity, dtype=pl.Int64),
            "status": pl.Series([s.value for s in OrderStatus]).gather(status),
            "refund_amount": _decimal(refund_cents),
            "country": pl.Series(country_codes).gather(customer_country[first_seen[2]]),
            "channel": pl.Series(channel_codes).gather(channel),
            "sku": pl.Series([p.sku for p in products]).gather(sku_index),
        }
    )


def _shares(pairs: tuple[tuple[str, float], ...]) -> NDArray[np.float64]:
    weights = np.array([weight for _code, weight in pairs], dtype=np.float64)
    shares: NDArray[np.float64] = weights / weights.sum()
    return shares


def _seasonality(
    days: NDArray[np.datetime64], profile: OrderProfile
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per day: the order-intensity multiplier and the price factor (festival discounts)."""
    month_start = days.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    dom = (days - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    weekday = ((days - _EPOCH).astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    week = np.array(profile.weekday_weights) / np.mean(profile.weekday_weights)
    s = profile.festival_strength
    nov, jun, dec = month == 11, month == 6, month == 12
    factor: NDArray[np.float64] = week[weekday] * np.select(
        [
            nov & (dom == 11), nov & ((dom == 10) | (dom == 12)), nov & (dom < 10),
            jun & (dom == 18), jun & ((dom == 16) | (dom == 17) | (dom == 19)), jun & (dom < 16),
            dec & (dom == 12),
        ],
        [1 + 5 * s, 1 + 0.6 * s, 1 + 0.25 * s, 1 + 3 * s, 1 + 0.5 * s, 1 + 0.15 * s, 1 + 1.0 * s],
        1.0,
    )  # fmt: skip
    factor = factor * np.where(dec, 1 + profile.december_lift, 1.0)
    dip = profile.spring_festival_dip
    for new_year in SPRING_FESTIVAL.values():
        offset = (days - np.datetime64(new_year, "D")).astype(np.int64)
        factor = factor * np.select(
            [np.abs(offset) <= 7, (offset >= -14) & (offset <= 15)], [1 - dip, 1 - dip / 3], 1.0
        )
    discount: NDArray[np.float64] = np.select(
        [nov & (dom == 11), jun & (dom == 18), dec & (dom == 12)],
        [1 - 0.15 * min(s, 1.0), 1 - 0.1 * min(s, 1.0), 1 - 0.05 * min(s, 1.0)],
        1.0,
    )
    return factor, discount


def _daily_rate(
    rng: np.random.Generator,
    days: NDArray[np.datetime64],
    start: np.datetime64,
    seasonal: NDArray[np.float64],
    profile: OrderProfile,
) -> NDArray[np.float64]:
    """Expected orders per day, all buyers together."""
    months_in = (days - start).astype(np.int64) / DAYS_PER_MONTH
    growth: NDArray[np.float64] = (1 + profile.monthly_growth) ** months_in
    month = (days.astype("datetime64[M]") - days[0].astype("datetime64[M]")).astype(np.int64)
    noise = rng.lognormal(0.0, profile.monthly_noise, int(month[-1]) + 1)
    rate = (profile.base_monthly_orders / DAYS_PER_MONTH) * growth * seasonal * noise[month]
    return np.asarray(rate, dtype=np.float64)


def _purchases(
    rng: np.random.Generator,
    rate: NDArray[np.float64],
    seasonal: NDArray[np.float64],
    profile: OrderProfile,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(day index, customer index) of every purchase, first ones and repeats."""
    q = profile.repeat_probability
    new_per_day = rng.poisson(rate / (1 + q / (1 - q)))
    first_day = np.repeat(np.arange(rate.size, dtype=np.int64), new_per_day)
    buyers = first_day.size
    # Seasonal time: one unit per ordinary day, more on festival days; repeats run on it.
    edges = np.concatenate([[0.0], np.cumsum(seasonal)])
    first_clock = edges[first_day] + seasonal[first_day] * rng.random(buyers)
    repeats = np.minimum(rng.geometric(1 - q, buyers) - 1, MAX_REPEATS)
    pace = rng.gamma(2.0, 1 / (2 * profile.repeat_gap_days), buyers)
    owner = np.repeat(np.arange(buyers, dtype=np.int64), repeats)
    gaps = rng.exponential(1.0, owner.size) / pace[owner]
    running = np.cumsum(gaps)
    group_start = np.cumsum(repeats) - repeats
    before_group = np.repeat((running - gaps)[group_start[repeats > 0]], repeats[repeats > 0])
    clock = first_clock[owner] + running - before_group
    inside = clock < edges[-1]
    repeat_day = np.searchsorted(edges, clock[inside], side="right") - 1
    day = np.concatenate([first_day, repeat_day.astype(np.int64)])
    customer = np.concatenate([np.arange(buyers, dtype=np.int64), owner[inside]])
    return day, customer


def _local_seconds(
    rng: np.random.Generator,
    days: NDArray[np.datetime64],
    day: NDArray[np.int64],
    profile: OrderProfile,
) -> NDArray[np.int64]:
    hours = np.array(profile.hour_weights, dtype=np.float64)
    hour = rng.choice(24, size=day.size, p=hours / hours.sum())
    date = days[day]
    singles_day = (date.astype("datetime64[M]").astype(np.int64) % 12 == 10) & (
        (date - date.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) == 10
    )
    # The 11.11 rush starts at midnight, when the discounts switch on.
    rush = singles_day & (rng.random(day.size) < 0.3 * min(profile.festival_strength, 1.0))
    hour = np.where(rush, 0, hour)
    midnight = (date - _EPOCH).astype(np.int64) * SECONDS_PER_DAY
    return (midnight + hour * 3600 + rng.integers(0, 3600, day.size)).astype(np.int64)


def _outcomes(
    rng: np.random.Generator,
    amount_cents: NDArray[np.int64],
    age_seconds: NDArray[np.int64],
    profile: OrderProfile,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Status index (into OrderStatus) and refunded cents of each order."""
    n = amount_cents.size
    draw = rng.random(n)
    cancelled = draw < profile.cancel_rate
    settled = age_seconds > 2 * SECONDS_PER_DAY
    refunded = ~cancelled & (draw < profile.cancel_rate + profile.refund_rate) & settled
    in_full = refunded & ((rng.random(n) < 0.6) | (amount_cents < 2))
    partial = refunded & ~in_full
    share = rng.uniform(0.1, 0.6, n)
    most = np.maximum(amount_cents - 1, 1)
    partial_cents = np.clip(np.rint(amount_cents * share), 1, most).astype(np.int64)
    refund = np.where(in_full, amount_cents, np.where(partial, partial_cents, 0)).astype(np.int64)
    statuses = list(OrderStatus)
    fresh = rng.random(n)
    status = np.select(
        [
            cancelled,
            in_full,
            (age_seconds < 6 * 3600) & (fresh < 0.2),
            age_seconds < 2 * SECONDS_PER_DAY,
            age_seconds < 12 * SECONDS_PER_DAY,
        ],
        [statuses.index(s) for s in CHOSEN_IN_ORDER],
        statuses.index(OrderStatus.COMPLETED),
    ).astype(np.int64)  # fmt: skip
    return status, refund


CHOSEN_IN_ORDER = (
    OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.PENDING, OrderStatus.PAID,
    OrderStatus.SHIPPED,
)  # fmt: skip


def _aware(local_seconds: NDArray[np.int64], time_zone: str) -> pl.Series:
    naive = pl.Series("ordered_at", local_seconds * 1_000_000).cast(pl.Datetime("us"))
    frame = pl.DataFrame({"t": naive})
    # A wall time skipped by a daylight-saving change is moved an hour on.
    aware = frame.select(
        pl.coalesce(
            pl.col("t").dt.replace_time_zone(time_zone, ambiguous="earliest", non_existent="null"),
            (pl.col("t") + pl.duration(hours=1)).dt.replace_time_zone(
                time_zone, ambiguous="earliest"
            ),
        )
    )
    return aware.to_series().alias("ordered_at")


def _decimal(cents: NDArray[np.int64]) -> pl.Series:
    # Cast before dividing: the quotient keeps the dividend's scale.
    whole = pl.Series(cents, dtype=pl.Int64).cast(pl.Decimal(20, 2))
    return pl.select(pl.lit(whole) / 100).to_series().cast(AMOUNT_DTYPE)


def _digits(values: NDArray[np.int64]) -> pl.Series:
    return pl.Series(values, dtype=pl.Int64).cast(pl.String)


def _order_ids(rng: np.random.Generator, style: IdStyle, ordered_at: pl.Series) -> pl.Series:
    """Unique ids rising with time, as each platform writes them."""
    seq = np.arange(ordered_at.len(), dtype=np.int64)
    if style is IdStyle.TAOBAO:
        base = int(rng.integers(10**18, 3 * 10**18))
        ids = _digits(base + seq * 10**7 + rng.integers(0, 10**7, seq.size))
    elif style is IdStyle.PINDUODUO:
        base = int(rng.integers(10**14, 8 * 10**14))
        tail = _digits(base + seq * 1000 + rng.integers(0, 1000, seq.size))
        day = pl.lit(ordered_at).dt.strftime("%y%m%d")
        ids = pl.select(pl.concat_str([day, pl.lit("-"), pl.lit(tail)])).to_series()
    elif style is IdStyle.SHOPIFY:
        ids = pl.select(pl.lit("#") + pl.lit(_digits(1001 + seq))).to_series()
    else:
        ids = _digits(int(rng.integers(100_000, 400_000)) + seq)
    return ids.alias("order_id")


def _customer_ids(rng: np.random.Generator, style: IdStyle, number: NDArray[np.int64]) -> pl.Series:
    """Buyer names; multiplying by a prime coprime to the modulus keeps them unique, unordered."""
    scrambled = number * 2_654_435_761 + int(rng.integers(0, 10**9))
    if style is IdStyle.TAOBAO:
        ids = pl.lit("tb") + pl.lit(_digits(10**9 + scrambled % (9 * 10**9)))
    elif style is IdStyle.PINDUODUO:
        ids = pl.lit("pdd") + pl.lit(_digits(10**10 + scrambled % (9 * 10**10)))
    elif style is IdStyle.SHOPIFY:
        ids = pl.lit("buyer") + pl.lit(_digits(number + 1)).str.zfill(6) + pl.lit("@example.com")
    else:
        ids = pl.lit(_digits(12346 + number))  # the UCI data's customers start at 12346
    return pl.select(ids).to_series().alias("customer_id")
