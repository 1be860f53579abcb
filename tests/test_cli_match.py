"""`runway match`: CSV files in, matches.csv out, with the engine alone; exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from runway.cli import main

MANDATES = (
    "mandate_id,investor,instruments,sectors,stages,regions,ticket_min,ticket_max,currency,must\n"
    "m1,Alpha,equity,biotech,,,100000,500000,USD,sectors\n"
    "m2,Beta,,,,,,,CNY,\n"
)
ROUNDS = (
    "round_id,venture_id,venture,instrument,sectors,stage,regions,target_amount,min_ticket,"
    "currency,score\n"
    "r1,v1,Gene,equity,biotech,seed,,300000,,USD,90\n"
    "r2,v2,Shop,equity,ecommerce,angel,,2000000,,CNY,40\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "mandates.csv").write_text(MANDATES, encoding="utf-8")
    (tmp_path / "rounds.csv").write_text(ROUNDS, encoding="utf-8")
    (tmp_path / "rates.csv").write_text("currency,rate_to_cny,date\nUSD,7,2025-01-01\n")
    return tmp_path


def _match(folder: Path, *extra: str, mandates: str = "mandates.csv") -> int:
    return main(
        [
            "match", "--mandates", str(folder / mandates), "--rounds", str(folder / "rounds.csv"),
            "--out", str(folder / "matches.csv"), *extra,
        ]
    )  # fmt: skip


def test_writes_matches_and_a_summary(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _match(folder, "--top", "1") == 0

    lines = (folder / "matches.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "mandate_id,round_id,rank,score,explanation"
    assert [line.split(",")[:4] for line in lines[1:]] == [
        ["m1", "r1", "1", "90.50"],  # ticket: 200k of its 100k-500k range fits
        ["m2", "r2", "1", "88.00"],
    ]
    err = capsys.readouterr().err
    assert "2 mandates x 2 rounds: 2 matches written, 2 of 2 mandates matched" in err


def test_by_round_with_rates(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _match(folder, "--by", "round", "--fx", str(folder / "rates.csv")) == 0

    rows = [line.split(",")[:3] for line in (folder / "matches.csv").read_text().splitlines()[1:]]
    # With USD at 7 CNY, m2 (CNY, no range) meets r1 too, and ranks above m1 for it.
    assert rows == [["m2", "r1", "1"], ["m1", "r1", "2"], ["m2", "r2", "1"]]
    assert "of 2 rounds matched" in capsys.readouterr().err


def test_bad_input_exits_2_names_line_and_column_and_writes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "bad.csv").write_text(MANDATES.replace("100000,500000", "lots,500000"))
    (folder / "matches.csv").write_text("old\n")

    assert _match(folder, mandates="bad.csv") == 2

    err = capsys.readouterr().err
    assert f"error: {folder / 'bad.csv'}, line 2, column ticket_min: expected an amount" in err
    assert "got 'lots'" in err
    assert "nothing written" in err
    assert (folder / "matches.csv").read_text() == "old\n"


def test_missing_file_and_bad_options(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _match(folder, mandates="missing.csv") == 2
    assert "missing.csv: expected a readable file" in capsys.readouterr().err
    assert _match(folder, "--top", "0") == 2
    assert "--top and --threads must be at least 1" in capsys.readouterr().err
    assert not (folder / "matches.csv").exists()


def test_runs_without_django(folder: Path) -> None:
    script = (
        "import sys; from runway.cli import main; "
        f"code = main(['match', '--mandates', {str(folder / 'mandates.csv')!r}, "
        f"'--rounds', {str(folder / 'rounds.csv')!r}, '--out', {str(folder / 'm.csv')!r}]); "
        "assert 'django' not in sys.modules, 'imported django'; sys.exit(code)"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603

    assert done.returncode == 0, done.stderr
    assert (folder / "m.csv").read_text().startswith("mandate_id,round_id,rank,score,explanation\n")
