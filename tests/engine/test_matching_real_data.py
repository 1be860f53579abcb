"""The 31,679 real rounds of the 2013 Crunchbase export through the batch format, matched
against hand-written mandates: filters hold on every row and the rankings make sense."""

from __future__ import annotations

import io

import polars as pl
import pytest

from runway.engine.matching.batch import run
from tests.shared_data import SHARED_DATA, shared_data_mark

ROUNDS = SHARED_DATA / "crunchbase-2013" / "crunchbase-rounds.csv"
pytestmark = shared_data_mark(ROUNDS)

MANDATES = """\
mandate_id,investor,instruments,sectors,stages,regions,ticket_min,ticket_max,currency,must
bio-seed,Helix Ventures,equity,biotech,angel;series-a,SF Bay,500000,3000000,USD,sectors
ny-any,Hudson Angels,,,,New York,,,USD,regions
big-growth,Late Stage,equity,software;enterprise,series-c+;private-equity,,50000000,,USD,stages
ecom,Cart Capital,,ecommerce,series-a,,1000000,2000000,USD,sectors;stages
nothing,Empty Fund,,spacecraft,,,,,USD,sectors
cny-only,Yuan Fund,,,,,,,CNY,
"""


def crunchbase_rounds() -> pl.DataFrame:
    """The export as published: Mac Roman, lines ended by a bare CR."""
    text = ROUNDS.read_bytes().decode("mac_roman").replace("\r\n", "\n").replace("\r", "\n")
    return pl.read_csv(io.StringIO(text), infer_schema=False)


def as_batch_rounds(source: pl.DataFrame) -> pl.DataFrame:
    """Category -> sectors, round type -> stage ("other" has no known instrument), region,
    state and country -> regions, raised amount -> the target in USD."""
    regions = pl.concat_list("company_region", "company_state_code", "company_country_code")
    return source.with_row_index("n").select(
        pl.format("cb-{}", pl.col("n").cast(pl.String).str.zfill(5)).alias("round_id"),
        pl.col("company_permalink").alias("venture_id"),
        pl.col("company_name").alias("venture"),
        pl.when(pl.col("funding_round_type") != "other").then(pl.lit("equity")).alias("instrument"),
        pl.col("company_category_code").alias("sectors"),
        pl.col("funding_round_type").alias("stage"),
        regions.list.drop_nulls().list.join(";").alias("regions"),
        pl.col("raised_amount_usd").alias("target_amount"),
        pl.lit(None, dtype=pl.String).alias("min_ticket"),
        pl.lit("USD").alias("currency"),
    )


@pytest.fixture(scope="module")
def source() -> pl.DataFrame:
    return crunchbase_rounds()


@pytest.fixture(scope="module")
def matched(source: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("crunchbase")
    rounds = as_batch_rounds(source)
    rounds.write_csv(folder / "rounds.csv")
    (folder / "mandates.csv").write_text(MANDATES, encoding="utf-8")
    summaries = {}
    for by in ("mandate", "round"):
        summaries[by] = run(
            mandates=folder / "mandates.csv",
            rounds=folder / "rounds.csv",
            out=folder / f"by-{by}.csv",
            top=20,
            by=by,
        )
    by_mandate = pl.read_csv(folder / "by-mandate.csv", infer_schema=False).with_columns(
        pl.col("rank").cast(pl.Int64), pl.col("score").cast(pl.Float64)
    )
    by_round = pl.read_csv(folder / "by-round.csv", infer_schema=False)
    joined = by_mandate.join(rounds, on="round_id", how="left")
    return {"summaries": summaries, "by_mandate": joined, "by_round": by_round, "rounds": rounds}


def rows(matched: dict[str, object], mandate_id: str) -> pl.DataFrame:
    frame = matched["by_mandate"]
    assert isinstance(frame, pl.DataFrame)
    return frame.filter(pl.col("mandate_id") == mandate_id).sort("rank")


def test_every_real_round_is_read(source: pl.DataFrame, matched: dict[str, object]) -> None:
    summary = matched["summaries"]["mandate"]  # type: ignore[index]
    assert source.height == 31_679
    assert summary.rounds == 31_679
    assert summary.mandates == 6
    # Names keep their Mac Roman characters (and the mojibake already in the source).
    assert "Anchor™" in source["company_name"].to_list()
    rounds = matched["rounds"]
    assert isinstance(rounds, pl.DataFrame)
    assert rounds.filter(pl.col("venture") == "Anchor™").height == 1
    # 2,579 rounds have no amount: unknown targets, kept out of every ticket range.
    assert rounds["target_amount"].null_count() == 2_579


def test_a_sector_must_returns_only_that_sector_best_first(matched: dict[str, object]) -> None:
    bio = rows(matched, "bio-seed")

    assert bio.height == 20
    assert set(bio["sectors"]) == {"biotech"}
    assert bio["rank"].to_list() == list(range(1, 21))
    assert bio["score"].to_list() == sorted(bio["score"].to_list(), reverse=True)
    # Preferred stage, region and a round that takes the whole 0.5M-3M ticket come first:
    # Bay Area biotech angel and series A rounds of 3M or more score 1.0 on every component
    # but traction (unknown: 0.5).
    assert bio["score"][0] == 90.0
    top = bio.filter(pl.col("score") == 90.0)
    assert set(top["stage"]) <= {"angel", "series-a"}
    assert all("SF Bay" in regions for regions in top["regions"])
    assert all(float(amount) >= 3_000_000 for amount in top["target_amount"])


def test_ticket_ranges_and_instruments_filter_every_row(matched: dict[str, object]) -> None:
    for mandate_id, low in (("bio-seed", 500_000), ("ecom", 1_000_000)):
        kept = rows(matched, mandate_id)
        assert kept.height > 0
        assert all(a is not None and float(a) >= low for a in kept["target_amount"])
    assert set(rows(matched, "bio-seed")["instrument"]) == {"equity"}  # never stage "other"
    ecom = rows(matched, "ecom")
    assert set(ecom["sectors"]) == {"ecommerce"}
    assert set(ecom["stage"]) == {"series-a"}


def test_region_and_stage_musts(matched: dict[str, object]) -> None:
    new_york = rows(matched, "ny-any")
    assert new_york.height == 20
    assert all("New York" in regions.split(";") for regions in new_york["regions"])
    # Nothing else is asked: every component but traction is 1, and ties go to the lower id.
    assert set(new_york["score"]) == {90.0}
    assert new_york["round_id"].to_list() == sorted(new_york["round_id"].to_list())

    late = rows(matched, "big-growth")
    assert set(late["stage"]) <= {"series-c+", "private-equity"}
    assert all(float(a) >= 50_000_000 for a in late["target_amount"])
    assert set(late.filter(pl.col("rank") <= 5)["sectors"]) <= {"software", "enterprise"}


def test_mandates_that_nothing_fits_get_no_rows(matched: dict[str, object]) -> None:
    assert rows(matched, "nothing").height == 0  # no spacecraft rounds
    assert rows(matched, "cny-only").height == 0  # every round is in USD and there is no FX


def test_each_round_ranks_its_mandates(matched: dict[str, object]) -> None:
    by_round = matched["by_round"]
    assert isinstance(by_round, pl.DataFrame)
    summary = matched["summaries"]["round"]  # type: ignore[index]
    assert summary.rows == by_round.height
    # A Bay Area biotech series A of 3M+ is the bio fund's ideal: it ranks it first.
    rounds = matched["rounds"]
    assert isinstance(rounds, pl.DataFrame)
    ideal = rounds.filter(
        (pl.col("sectors") == "biotech")
        & (pl.col("stage") == "series-a")
        & pl.col("regions").str.contains("SF Bay")
        & (pl.col("target_amount").cast(pl.Float64) >= 3_000_000)
    )["round_id"][0]
    first = by_round.filter((pl.col("round_id") == ideal) & (pl.col("rank") == "1"))
    assert first["mandate_id"].to_list() == ["bio-seed"]
