from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from runway.fx.models import FxRate
from runway.fx.selectors import convert, rates_on
from runway.fx.services import rates_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = dt.date(2026, 11, 20)


def _rate(currency: str, on: dt.date, rate: str) -> FxRate:
    return FxRate.objects.create(currency=currency, on=on, rate_to_cny=Decimal(rate))


def test_the_rate_in_force_is_the_latest_on_or_before_the_day() -> None:
    _rate("USD", DAY - dt.timedelta(days=10), "7.10")
    _rate("USD", DAY - dt.timedelta(days=1), "7.20")
    _rate("USD", DAY + dt.timedelta(days=1), "7.30")
    assert rates_on(DAY) == {"CNY": Decimal(1), "USD": Decimal("7.20")}


def test_a_stale_rate_is_not_used() -> None:
    _rate("RUB", DAY - dt.timedelta(days=46), "0.09")
    assert "RUB" not in rates_on(DAY)
    assert convert(Decimal(100), from_currency="RUB", to_currency="CNY", on=DAY) is None


def test_conversion_goes_through_yuan_to_the_cent() -> None:
    _rate("USD", DAY, "7.20")
    _rate("RUB", DAY, "0.09")
    assert convert(Decimal(1000), from_currency="USD", to_currency="RUB", on=DAY) == Decimal(
        "80000.00"
    )
    assert convert(Decimal("3.33"), from_currency="CNY", to_currency="USD", on=DAY) == Decimal(
        "0.46"
    )
    assert convert(Decimal(5), from_currency="EUR", to_currency="EUR", on=DAY) == Decimal(5)


def test_loading_replaces_a_days_rate_and_adds_new_ones() -> None:
    _rate("USD", DAY, "7.00")
    loaded = rates_load(
        rows=[
            {"currency": "usd", "rate_to_cny": "7.25", "date": DAY.isoformat()},
            {"currency": "EUR", "rate_to_cny": "7.70", "date": DAY.isoformat()},
        ],
        source="test",
    )
    assert (loaded.created, loaded.updated) == (1, 1)
    assert FxRate.objects.get(currency="USD", on=DAY).rate_to_cny == Decimal("7.25")


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ({"currency": "CNY", "rate_to_cny": "1", "date": "2026-11-20"}, "currency"),
        ({"currency": "XYZ", "rate_to_cny": "1", "date": "2026-11-20"}, "currency"),
        ({"currency": "USD", "rate_to_cny": "-7", "date": "2026-11-20"}, "rate_to_cny"),
        ({"currency": "USD", "rate_to_cny": "seven", "date": "2026-11-20"}, "rate_to_cny"),
        ({"currency": "USD", "rate_to_cny": "7", "date": "20/11/2026"}, "date"),
    ],
)
def test_a_bad_row_names_its_line_and_column_and_loads_nothing(
    row: dict[str, str], column: str
) -> None:
    good = {"currency": "EUR", "rate_to_cny": "7.7", "date": "2026-11-20"}
    with pytest.raises(ValidationError) as error:
        rates_load(rows=[good, row], source="test")
    assert "Line 3" in error.value.messages[0]
    assert column in error.value.messages[0]
    assert not FxRate.objects.exists()


def test_the_command_loads_a_csv_file_or_refuses_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("currency,rate_to_cny,date\nUSD,7.2,2026-11-20\nHKD,0.92,2026-11-20\n")
    call_command("fx_load", str(path))
    assert FxRate.objects.count() == 2
    path.write_text("currency,rate\nUSD,7.2\n")
    with pytest.raises(CommandError, match="Missing columns"):
        call_command("fx_load", str(path))
