"""Money, dates, quantities, ids and statuses: each example of the issue reads as it should."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from runway.engine.orders import parsing
from runway.engine.orders.lines import STATUSES, _status

SHANGHAI = ZoneInfo("Asia/Shanghai")


def read_money(*values: str) -> tuple[list[Decimal | None], parsing.MoneyFormat]:
    sample = pl.Series("x", values)
    fmt = parsing.detect_money(sample)
    parsed = pl.DataFrame({"x": sample}).select(parsing.money("x", pl.String(), fmt))
    return parsed.to_series().to_list(), fmt


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("¥1,234.50", "1234.50", "CNY"),
        ("1.234,50 ₽", "1234.50", "RUB"),
        ("RMB 88", "88", "CNY"),
        ("￥12", "12", "CNY"),
        ("1\u202f234,50 \u0440\u0443\u0431.", "1234.50", "RUB"),
        ("$1,000,000.01", "1000000.01", "USD"),
        ("€ 9,99", "9.99", "EUR"),
        ("(12.00)", "-12.00", None),
        ("88元", "88", "CNY"),
    ],
)
def test_money_examples_read_exactly_with_their_currency(
    text: str, amount: str, currency: str | None
) -> None:
    values, fmt = read_money(text)
    assert values == [Decimal(amount)]
    assert fmt.currency == currency


def test_plain_numbers_take_the_fast_path_and_keep_four_places() -> None:
    values, fmt = read_money("6.95", "0.001", "12", "-3.5")
    assert fmt == parsing.MoneyFormat()
    assert values == [Decimal("6.95"), Decimal("0.001"), Decimal("12"), Decimal("-3.5")]


def test_a_value_outside_the_columns_format_is_null_not_a_guess() -> None:
    values, fmt = read_money("¥1,234.50", "¥88.00", "about 5", "1,2,3.4.5")
    assert not fmt.decimal_comma
    assert values[:2] == [Decimal("1234.50"), Decimal("88.00")]
    assert values[2] is None


def test_decimal_comma_is_decided_by_the_column_not_the_value() -> None:
    values, fmt = read_money("1.234,50", "12,00", "7,5")
    assert fmt.decimal_comma
    assert values == [Decimal("1234.50"), Decimal("12.00"), Decimal("7.5")]


def parse_dates(*values: str, tz: str = "Asia/Shanghai") -> tuple[list[dt.datetime], str | None]:
    sample = pl.Series("t", values)
    fmt = parsing.detect_date(sample)
    when = parsing.local_datetime("t", pl.String(), fmt, tz)
    aware = when.aware if when.aware is not None else parsing.localize(when.naive, tz)
    return pl.DataFrame({"t": sample}).select(aware).to_series().to_list(), fmt.pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2008年3月5日", "2008-03-05 00:00"),
        ("2010-12-01 08:26", "2010-12-01 08:26"),
        ("12/1/10 8:26", "2010-12-01 08:26"),
        ("2010-12-01 08:26:00", "2010-12-01 08:26"),
        ("19970101", "1997-01-01 00:00"),
        ("2024/11/11 00:00:01", "2024-11-11 00:00:01"),
        ("05.03.2008", "2008-03-05 00:00"),
        ("2026-10-31T12:00:00.250", "2026-10-31 12:00:00.250"),
    ],
)
def test_date_examples_are_wall_clock_time_in_the_venture_zone(text: str, expected: str) -> None:
    values, _pattern = parse_dates(text)
    assert values == [dt.datetime.fromisoformat(expected).replace(tzinfo=SHANGHAI)]


def test_a_time_with_an_offset_is_converted_to_the_venture_zone() -> None:
    values, pattern = parse_dates("2026-10-31 12:00:00 +0000", "2026-10-31 01:30:00 -0500")
    assert pattern == "%Y-%m-%d %H:%M:%S %z"
    assert values == [
        dt.datetime(2026, 10, 31, 20, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 10, 31, 14, 30, tzinfo=SHANGHAI),
    ]


def test_day_first_wins_when_a_day_above_12_rules_out_month_first() -> None:
    values, pattern = parse_dates("01/02/2024 10:00", "25/02/2024 10:00")
    assert pattern == "%d/%m/%Y %H:%M"
    assert values[0] == dt.datetime(2024, 2, 1, 10, tzinfo=SHANGHAI)


def test_daylight_saving_gap_moves_on_and_overlap_takes_the_earlier_instant() -> None:
    values, _ = parse_dates("2021-03-28 02:30:00", "2021-10-31 02:30:00", tz="Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    assert values[0] == dt.datetime(2021, 3, 28, 3, 30, tzinfo=berlin)
    assert values[1].utcoffset() == dt.timedelta(hours=2)  # summer time, the earlier one


@pytest.mark.parametrize(
    ("values", "expected"),
    [(["3", "-2"], [3, -2]), (["3.0", "4.5", " 7 "], [3, None, 7]), (["x"], [None])],
)
def test_quantities_are_whole_numbers(values: list[str], expected: list[int | None]) -> None:
    sample = pl.Series("q", values)
    plain = parsing.plain_integers(sample)
    parsed = pl.DataFrame({"q": sample}).select(parsing.integer("q", pl.String(), plain=plain))
    assert parsed.to_series().to_list() == expected


def test_ids_keep_19_digits_and_lose_excel_guards_and_float_tails() -> None:
    text = pl.DataFrame({"id": ['="4012345678901234567"', "\t4012345678901234568"]})
    assert parsing.needs_cleaning(text["id"])
    cleaned = text.select(parsing.text("id", pl.String(), clean=True)).to_series().to_list()
    assert cleaned == ["4012345678901234567", "4012345678901234568"]
    floats = pl.DataFrame({"id": [13085.0, 12.5]})
    assert floats.select(parsing.text("id", pl.Float64())).to_series().to_list() == [
        "13085",
        "12.5",
    ]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("交易成功", "completed"),
        ("交易关闭", "cancelled"),
        ("卖家已发货，等待买家确认", "shipped"),
        ("已取消", "cancelled"),
        ("已完成", "completed"),
        ("partially_refunded", "completed"),
        ("Voided", "cancelled"),
        ("  REFUNDED ", "refunded"),
        ("lost in the post", "other"),
    ],
)
def test_statuses_of_every_platform_normalize(text: str, status: str) -> None:
    frame = pl.DataFrame({"s": [text, None]})
    parsed = frame.select(_status("s", frame["s"])).to_series()
    assert parsed.dtype == STATUSES
    assert parsed.to_list() == [status, None]


def test_dates_written_with_spaces_around_them_still_read() -> None:
    values, pattern = parse_dates(" 2026-01-02 03:04:05", "2026-01-03 03:04:05 ")
    assert pattern == "%Y-%m-%d %H:%M:%S"
    assert values[0] == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=SHANGHAI)
