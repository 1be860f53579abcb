"""`runway kpis FILE`: monthly KPIs from the engine alone, no database."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from runway.cli import main
from runway.metrics.tests.factories import BAD_ORDERS_CSV, ORDERS_CSV
from tests.shared_data import SHARED_DATA, shared_data_mark

CDNOW = SHARED_DATA / "cdnow" / "CDNOW_master.txt"


@shared_data_mark(CDNOW)
def test_kpis_of_the_cdnow_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpis", str(CDNOW)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split()[:8] == [
        "month", "gmv", "refunds", "net_revenue", "orders", "buyers", "new_buyers",
        "returning_buyers",
    ]  # fmt: skip
    assert lines[1].split()[0] == "1997-01"
    assert lines[-1].split()[0] == "1998-06"
    assert "0 row problems" in err


def test_kpis_as_csv_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV)
    assert main(["kpis", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["month"], r["gmv"], r["orders"], r["aov"]) for r in rows] == [
        ("2025-01", "150.50", "2", "75.25"),
        ("2025-02", "30.25", "1", "30.25"),
        ("2025-03", "10.00", "1", "10.00"),
    ]
    assert main(["kpis", str(path), "--format", "json"]) == 0
    months = json.loads(capsys.readouterr().out)
    assert months[0]["month"] == "2025-01"
    assert months[0]["new_buyers"] == "2"


def test_kpis_with_a_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV.replace(b"customer_id", b"Kunde"))
    assert main(["kpis", str(path), "--mapping", '{"customer_id": "Kunde"}']) == 0
    assert "2025-01" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"\x00\x01\xff\xfe garbage" * 40, "not_a_table"), (BAD_ORDERS_CSV, "too_many_bad_rows")],
)
def test_kpis_exit_2_when_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, reason: str
) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    assert main(["kpis", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"rejected: {reason}" in err


def test_kpis_problems_go_to_stderr_with_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = b"".join(b"X%d,2025-01-05 10:00,c%d,1\n" % (i, i) for i in range(200))
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV + rows + b"Z1,2025-01-06 10:00,c1,abc\n")
    assert main(["kpis", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "1 row problems" in err
    assert "unparseable_amount" in err
    assert "abc" not in out


def test_kpis_needs_no_django(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(ORDERS_CSV)
    code = (
        "import sys; from runway.cli import main; rc = main(['kpis', sys.argv[1]]); "
        "sys.exit(rc or int('django.conf' in sys.modules and 'django.apps' in sys.modules))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, str(path)], capture_output=True, check=False, cwd=Path.cwd()
    )
    assert done.returncode == 0, done.stderr
