"""Batch matching from CSV files: the exact formats, and every problem named by file, line and
column with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from runway.engine.matching import BatchInputError, Expected
from runway.engine.matching.batch import OUTPUT_COLUMNS, run

MANDATES = """\
mandate_id,investor,instruments,sectors,stages,regions,ticket_min,ticket_max,currency,must,min_gmv_12m,min_growth_yoy
m1,Alpha Capital,equity,biotech;health,seed;series-a,,1000000,5000000,USD,sectors,,
m2,Beta Fund,,ecommerce,,Shenzhen,500000,,CNY,,,0.2
"""
ROUNDS = """\
round_id,venture_id,venture,instrument,sectors,stage,regions,target_amount,min_ticket,currency,gmv_12m,growth_yoy,score
r1,v1,"Gene, Inc.",equity,biotech,seed,SF Bay;USA,3000000,500000,USD,,,80
r2,v2,Shop,equity,ecommerce,angel,Shenzhen;CN,20000000,,CNY,12000000,0.5,70
"r3,x",v3,Shop Two,equity,ecommerce; software ,angel,Shenzhen,2000000,,USD,,0.4,
"""


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, "mandates.csv", MANDATES), write(tmp_path, "rounds.csv", ROUNDS)


def problems(
    error: pytest.ExceptionInfo[BatchInputError],
) -> list[tuple[int | None, str | None, Expected]]:
    return [(p.line, p.column, p.expected) for p in error.value.problems]


def test_matches_csv_has_the_exact_columns_and_rows(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "matches.csv"

    summary = run(mandates=files[0], rounds=files[1], out=out)

    assert out.read_text(encoding="utf-8") == (
        "mandate_id,round_id,rank,score,explanation\n"
        "m1,r1,1,88.50,sector=1.00*0.30;stage=1.00*0.20;region=1.00*0.15;ticket=0.50*0.15;"
        "traction=0.80*0.20\n"
        "m2,r2,1,94.00,sector=1.00*0.30;stage=1.00*0.20;region=1.00*0.15;ticket=1.00*0.15;"
        "traction=0.70*0.20\n"
    )
    assert OUTPUT_COLUMNS == ("mandate_id", "round_id", "rank", "score", "explanation")
    assert (summary.mandates, summary.rounds, summary.rows, summary.matched) == (2, 3, 2, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "mandates.csv",
        "matches.csv",
        "rounds.csv",
    ]


def test_fx_brings_other_currencies_in_with_the_latest_rate(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    rates = write(
        tmp_path,
        "rates.csv",
        "currency,rate_to_cny,date\nUSD,7.2,2025-06-01\nUSD,0.01,2024-01-01\n",
    )
    out = tmp_path / "matches.csv"

    run(mandates=files[0], rounds=files[1], out=out, fx=rates, by="round", top=5)

    lines = out.read_text(encoding="utf-8").splitlines()
    # r3 (2M USD = 14.4M CNY, growth 0.4) now meets m2 (from 500k CNY, growth >= 0.2); with the
    # older rate of 0.01 it would be 20k CNY, below m2's smallest ticket.
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["m1", "r1", "1"], ["m2", "r2", "1"], ["m2", '"r3', 'x"'],
    ]  # fmt: skip
    assert lines[3].startswith('m2,"r3,x",1,')


def test_the_same_rows_ranked_per_round(files: tuple[Path, Path], tmp_path: Path) -> None:
    ms = MANDATES.replace(
        "m2,Beta Fund,,ecommerce,,Shenzhen,500000,,CNY,,,0.2", "m2,B,,biotech,,,,,USD,,,"
    )
    mandates = write(tmp_path, "m.csv", ms)
    out = tmp_path / "matches.csv"

    run(mandates=mandates, rounds=files[1], out=out, by="round")

    rows = [line.split(",")[:4] for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    # m2 wants biotech and nothing else: 0.96 beats m1's 0.885 for r1. For r3 (ecommerce,
    # software: none of it biotech) m2 is the only one, m1 requiring biotech.
    assert rows == [
        ["m2", "r1", "1", "96.00"], ["m1", "r1", "2", "88.50"], ["m2", '"r3', 'x"', "1"],
    ]  # fmt: skip


def test_optional_columns_may_be_left_out_and_unknown_ones_are_ignored(tmp_path: Path) -> None:
    mandates = write(
        tmp_path, "m.csv",
        "\ufeffMandate_ID , investor,instruments,sectors,stages,regions,ticket_min,ticket_max,"
        "currency,note\n"
        "m1,A,,,,,,,cny,hello\n\n",
    )  # fmt: skip
    rounds = write(
        tmp_path, "r.csv",
        "round_id,venture_id,venture,instrument,sectors,stage,regions,target_amount,min_ticket,currency\r"
        "r1,v,V,,,,,100,,CNY\r",
    )  # fmt: skip
    out = tmp_path / "out.csv"

    summary = run(mandates=mandates, rounds=rounds, out=out)

    assert summary.rows == 1
    assert summary.ignored_columns == ("note",)
    assert "ignored columns: note" in summary.describe()


def test_bad_cells_are_listed_with_line_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    mandates = write(
        tmp_path, "m.csv",
        "mandate_id,investor,instruments,sectors,stages,regions,ticket_min,ticket_max,currency,must\n"
        'm1,"two\nlines",,,,,abc,100,USD,sectors;bogus\n'
        "m1,B,,,,,200,100,US,\n"
        ",C,,,,,,,CNY,\n",
    )  # fmt: skip
    rounds = write(
        tmp_path, "r.csv",
        "round_id,venture_id,venture,instrument,sectors,stage,regions,target_amount,min_ticket,currency,score\n"
        "r1,v,V,equity;debt,,,,0,,CNY,101\n"
        "r2,v,V,,,,,10,20,CNY,-1\n",
    )  # fmt: skip
    out = write(tmp_path, "out.csv", "previous\n")

    with pytest.raises(BatchInputError) as error:
        run(mandates=mandates, rounds=rounds, out=out)

    assert problems(error) == [
        (2, "must", Expected.MUST),  # a quoted cell spans lines 2 and 3: the next row is line 4
        (2, "ticket_min", Expected.AMOUNT),
        (4, "currency", Expected.CURRENCY),
        (4, "mandate_id", Expected.UNIQUE_ID),
        (4, "ticket_max", Expected.NOT_BELOW_MINIMUM),
        (5, "mandate_id", Expected.ID),
        (2, "instrument", Expected.ONE_CODE),
        (2, "score", Expected.SCORE),
        (2, "target_amount", Expected.POSITIVE_AMOUNT),
        (3, "score", Expected.SCORE),
        (3, "target_amount", Expected.NOT_BELOW_MINIMUM),
    ]
    first = error.value.problems[1]
    assert first.describe() == (
        f"{mandates}, line 2, column ticket_min: expected an amount: a number >= 0 such as "
        "1500000 or 2500.50, got 'abc'"
    )
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv", "out.csv", "r.csv"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", (1, None, Expected.HEADER)),
        (b"mandate_id,investor\nm1,A\n", (1, "instruments", Expected.COLUMN)),
        (MANDATES.encode() + b"m3,\xff\xfe,,,,,,,CNY\n", (4, None, Expected.UTF8)),
        (
            MANDATES.encode() + b"m3,A,,,,,,,CNY,,,,extra,more\n",
            (4, None, Expected.WELL_FORMED_ROW),
        ),
        (b"mandate_id,mandate_id\n", (1, "mandate_id", Expected.UNIQUE_COLUMN)),
    ],
)
def test_unusable_files_are_named(
    files: tuple[Path, Path], tmp_path: Path, content: bytes, expected: tuple[object, ...]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)

    with pytest.raises(BatchInputError) as error:
        run(mandates=bad, rounds=files[1], out=tmp_path / "out.csv")

    assert problems(error)[0] == expected
    assert error.value.problems[0].file == str(bad)
    assert not (tmp_path / "out.csv").exists()


def test_missing_files_and_bad_rates_are_reported_together(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    rates = write(
        tmp_path, "fx.csv",
        "currency,rate_to_cny,date\nUSD,7.1,2025-01-01\nUSD,7.2,2025-01-01\nEUR,0,2025-13-01\n",
    )  # fmt: skip

    with pytest.raises(BatchInputError) as error:
        run(mandates=tmp_path / "none.csv", rounds=files[1], out=tmp_path / "o.csv", fx=rates)
    assert problems(error) == [
        (None, None, Expected.READABLE_FILE),
        (4, "date", Expected.DATE),
        (4, "rate_to_cny", Expected.POSITIVE_RATE),
    ]

    rates = write(
        tmp_path, "fx2.csv", "currency,rate_to_cny,date\nUSD,7.1,2025-01-01\nUSD,7.2,2025-01-01\n"
    )
    with pytest.raises(BatchInputError) as error:
        run(mandates=files[0], rounds=files[1], out=tmp_path / "o.csv", fx=rates)
    assert problems(error) == [(3, "rate_to_cny", Expected.ONE_RATE_PER_DATE)]


def test_history_and_repeat_columns_are_optional_thresholds(tmp_path: Path) -> None:
    mandates = write(
        tmp_path, "m.csv",
        "mandate_id,investor,instruments,sectors,stages,regions,ticket_min,ticket_max,currency,"
        "min_months_history,min_repeat_rate\n"
        "m1,Long,,,,,,,CNY,24,\n"
        "m2,Loyal,,,,,,,CNY,,0.3\n"
        "m3,Any,,,,,,,CNY,,\n",
    )  # fmt: skip
    rounds = write(
        tmp_path, "r.csv",
        "round_id,venture_id,venture,instrument,sectors,stage,regions,target_amount,min_ticket,"
        "currency,months_history,repeat_rate\n"
        "r1,v1,Young,,,,,100,,CNY,12,0.5\n"
        "r2,v2,Old,,,,,100,,CNY,30,0.1\n"
        "r3,v3,Unknown,,,,,100,,CNY,,\n",
    )  # fmt: skip
    out = tmp_path / "matches.csv"

    run(mandates=mandates, rounds=rounds, out=out, top=5)

    pairs = [line.split(",")[:2] for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    # m1 needs 24 months (r2 only), m2 a 30% repeat rate (r1 only); unknown figures fail both.
    assert sorted(pairs) == [
        ["m1", "r2"], ["m2", "r1"], ["m3", "r1"], ["m3", "r2"], ["m3", "r3"],
    ]  # fmt: skip


def test_bad_history_and_repeat_cells_are_named(tmp_path: Path) -> None:
    mandates = write(
        tmp_path, "m.csv",
        "mandate_id,investor,instruments,sectors,stages,regions,ticket_min,ticket_max,currency,"
        "min_months_history,min_repeat_rate\n"
        "m1,A,,,,,,,CNY,1.5,35\n"
        "m2,B,,,,,,,CNY,-3,0.35\n",
    )  # fmt: skip
    rounds = write(
        tmp_path, "r.csv",
        "round_id,venture_id,venture,instrument,sectors,stage,regions,target_amount,min_ticket,"
        "currency,months_history,repeat_rate\n"
        "r1,v,V,,,,,100,,CNY,twelve,-0.1\n"
        "r2,v,V,,,,,100,,CNY,12,1\n",
    )  # fmt: skip

    with pytest.raises(BatchInputError) as error:
        run(mandates=mandates, rounds=rounds, out=tmp_path / "out.csv")

    assert problems(error) == [
        (2, "min_months_history", Expected.MONTHS),
        (2, "min_repeat_rate", Expected.SHARE),
        (3, "min_months_history", Expected.MONTHS),
        (2, "months_history", Expected.MONTHS),
        (2, "repeat_rate", Expected.SHARE),
    ]
    assert (
        error.value.problems[1]
        .describe()
        .endswith("expected a share from 0 to 1 such as 0.35 (= 35%), got '35'")
    )
    assert not (tmp_path / "out.csv").exists()
