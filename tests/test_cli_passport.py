"""`runway passport keygen` and `runway passport verify`: files, output and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from runway.cli import main
from runway.engine import passport

PRIVATE, PUBLIC = "passport_private_key.pem", "passport_public_key.pem"


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    folder = tmp_path / "keys"
    assert main(["passport", "keygen", "--out", str(folder)]) == 0
    return folder


def _write(path: Path, keys: Path, *, days: tuple[int, int] = (-1, 30)) -> Path:
    now = dt.datetime.now(dt.UTC)
    document = passport.issue(
        {
            "venture": {"id": "v-7", "name": "Acme Tea", "credit_code": None},
            "period": {"from": "2026-01", "to": "2026-02"},
            "currency": "CNY",
            "verification": "connected",
            "kpis": [
                {"month": "2026-01", "gmv": Decimal("1234.56"), "orders": 77},
                {"month": "2026-02", "gmv": Decimal("2345.67"), "orders": 88},
            ],
            "sources": [],
            "passport_id": "ppt_cli",
        },
        private_key=passport.load_private_key((keys / PRIVATE).read_bytes()),
        issued_at=now + dt.timedelta(days=days[0]),
        expires_at=now + dt.timedelta(days=days[1]),
    )
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _verify(file: Path, key: str) -> int:
    return main(["passport", "verify", str(file), "--public-key", key])


def test_keygen_writes_an_owner_only_private_key_and_a_public_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "new" / "keys"

    assert main(["passport", "keygen", "--out", str(keys)]) == 0
    private_key = passport.load_private_key((keys / PRIVATE).read_bytes())
    public_key = passport.load_public_key((keys / PUBLIC).read_bytes())

    assert passport.key_id(private_key.public_key()) == passport.key_id(public_key)
    assert stat.S_IMODE((keys / PRIVATE).stat().st_mode) == 0o600
    assert passport.key_id(public_key) in capsys.readouterr().out


def test_keygen_never_overwrites_a_key(keys: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (keys / PRIVATE).read_bytes()

    assert main(["passport", "keygen", "--out", str(keys)]) == 2
    assert (keys / PRIVATE).read_bytes() == before
    assert "not overwriting" in capsys.readouterr().err


def test_valid_passport_prints_what_is_verified_and_exits_0(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write(tmp_path / "p.json", keys)
    capsys.readouterr()

    assert _verify(file, str(keys / PUBLIC)) == 0
    out = capsys.readouterr().out
    assert out.startswith("valid: ")
    for text in ("Acme Tea", "2026-01 to 2026-02", "connected", "1234.56", "2345.67", "88"):
        assert text in out


def test_public_key_may_be_given_as_pem_text(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write(tmp_path / "p.json", keys)

    assert _verify(file, (keys / PUBLIC).read_text()) == 0


def test_altered_figure_exits_1_with_a_reason(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write(tmp_path / "p.json", keys)
    file.write_text(file.read_text(encoding="utf-8").replace("1234.56", "9234.56"))
    capsys.readouterr()

    assert _verify(file, str(keys / PUBLIC)) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("bad_signature: ")
    assert "9234.56" not in captured.out  # nothing unverified is shown as verified


def test_passport_of_another_key_exits_1(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write(tmp_path / "p.json", keys)
    assert main(["passport", "keygen", "--out", str(tmp_path / "other")]) == 0
    capsys.readouterr()

    assert _verify(file, str(tmp_path / "other" / PUBLIC)) == 1
    assert capsys.readouterr().err.startswith("unknown_key: ")


@pytest.mark.parametrize(("days", "reason"), [((-60, -1), "expired"), ((2, 30), "not_yet_valid")])
def test_outside_the_validity_window_exits_3(
    keys: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    days: tuple[int, int],
    reason: str,
) -> None:
    file = _write(tmp_path / "p.json", keys, days=days)
    capsys.readouterr()

    assert _verify(file, str(keys / PUBLIC)) == 3
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{reason}: ")
    assert "Acme Tea" in captured.out


def test_malformed_file_exits_1(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "p.json"
    file.write_bytes(b'{"format": "runway-passport/1", "kpis": [1.5]')

    assert _verify(file, str(keys / PUBLIC)) == 1
    assert capsys.readouterr().err.startswith("malformed: ")


@pytest.mark.parametrize("broken", ["file", "key"])
def test_unreadable_file_or_key_exits_2(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str
) -> None:
    file = _write(tmp_path / "p.json", keys)
    key = str(keys / PUBLIC)
    if broken == "file":
        file = tmp_path / "missing.json"
    else:
        key = str(keys / PRIVATE)  # a private key is not the public key
    capsys.readouterr()

    assert _verify(file, key) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_runs_as_a_command_without_django(keys: Path, tmp_path: Path) -> None:
    file = _write(tmp_path / "p.json", keys)
    script = (
        "import sys; from runway.cli import main; code = main(sys.argv[1:]); "
        "sys.exit(99 if 'django' in sys.modules else code)"
    )

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, "passport", "verify", str(file), "--public-key",
         str(keys / PUBLIC)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "Acme Tea" in result.stdout
