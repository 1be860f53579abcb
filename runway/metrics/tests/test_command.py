"""`import_orders`: import a file for a venture from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from runway.metrics.models import JobStatus, MonthlyKPI
from runway.metrics.tests.factories import BAD_ORDERS_CSV, ORDERS_CSV
from runway.ventures.tests.factories import VentureFactory

pytestmark = pytest.mark.django_db


def test_command_imports_a_file(tmp_path: Path) -> None:
    venture = VentureFactory()
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV)
    out = io.StringIO()
    call_command("import_orders", str(path), venture=venture.organization.slug, stdout=out)
    assert "100%" in out.getvalue()
    assert "3 months" in out.getvalue()
    assert MonthlyKPI.objects.filter(venture=venture).count() == 3
    again = io.StringIO()
    call_command("import_orders", str(path), venture=venture.organization.slug, stdout=again)
    assert "nothing to do" in again.getvalue()


def test_command_with_a_mapping(tmp_path: Path) -> None:
    venture = VentureFactory()
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV.replace(b"customer_id", b"Kunde"))
    mapping = '{"customer_id": "Kunde"}'
    call_command("import_orders", str(path), venture=venture.organization.slug, mapping=mapping,
                 stdout=io.StringIO())  # fmt: skip
    assert MonthlyKPI.objects.filter(venture=venture, buyers=2).exists()


def test_command_fails_on_a_rejected_file(tmp_path: Path) -> None:
    venture = VentureFactory()
    path = tmp_path / "orders.csv"
    path.write_bytes(BAD_ORDERS_CSV)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="too_many_bad_rows"):
        call_command("import_orders", str(path), venture=venture.organization.slug,
                     stdout=io.StringIO(), stderr=errors)  # fmt: skip
    assert "unparseable_amount" in errors.getvalue()
    assert venture.import_jobs.get().status == JobStatus.REJECTED
    assert not MonthlyKPI.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"venture": "nobody"}, "No venture"),
        ({"mapping": "{not json"}, "not JSON"),
        ({"mapping": '["order_id"]'}, "object of strings"),
    ],
)
def test_command_refuses_bad_arguments(
    tmp_path: Path, arguments: dict[str, str], message: str
) -> None:
    venture = VentureFactory()
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV)
    options = {"venture": venture.organization.slug, **arguments}
    with pytest.raises(CommandError, match=message):
        call_command("import_orders", str(path), stdout=io.StringIO(), **options)


# Django's run_from_argv closes every connection when the command ends: the test must commit.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("taxonomy")
def test_runway_import_orders_is_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from runway.cli import main

    venture = VentureFactory()
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV)
    assert main(["import-orders", str(path), "--venture", venture.organization.slug]) == 0
    assert "3 months" in capsys.readouterr().out
    assert MonthlyKPI.objects.filter(venture=venture).count() == 3
