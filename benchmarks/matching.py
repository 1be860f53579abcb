"""Benchmark: every mandate against every open round, top-k both ways, and incremental updates.

    .venv/bin/python benchmarks/matching.py [--rounds 100000] [--mandates 10000] [--threads 2]
                                            [--top 20] [--seed 7] [--naive-pairs 20000]

Builds a population in a temporary directory: rounds drawn from the 31,679 real rounds of the
2013 Crunchbase export (category, round type, region, state, amount; amounts jittered, minimum
tickets, instruments, traction figures and scores added), or synthetic rounds of the same shape
when the file is missing; mandates with one to four sectors weighted as the rounds are, stages,
regions, ticket ranges around the rounds' sizes, must criteria, traction thresholds (revenue,
growth, months of history, repeat-buyer rate), a fifth of them in CNY (compared through an FX
rate). Then measures, each in a fresh process:

(a) the engine: encode both tables (encode_s) and `match_all` with the top 20 both ways
    (match_s); total_s = encode_s + match_s, ns_per_pair = total_s / pairs;
(b) incremental: `match_round` for 50 rounds against all mandates, `match_mandate` for 20
    mandates against all rounds (medians, milliseconds; the tables are encoded beforehand);
(c) naive: the straightforward pure-Python scorer of the tests on a sample of pairs.

Peak memory is the engine process's maximum RSS. The machine may be shared: cpu seconds are
printed too. The last line printed is JSON with rounds, mandates, total_s, ns_per_pair,
peak_rss_mb, incremental_round_ms, incremental_mandate_ms, naive_ns_per_pair and more.
Targets: total_s < 10 on 2 cores, peak_rss_mb < 1000, incremental < 5 ms and < 20 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CRUNCHBASE = ROOT.parent / "shared" / "data" / "crunchbase-2013" / "crunchbase-rounds.csv"
FX = {"USD": Decimal("7.1")}
INSTRUMENTS = ("equity", "convertible", "debt")
ROUND_TYPES = {
    "venture": 7941, "angel": 6644, "series-a": 6523, "series-b": 3460, "series-c+": 3361,
    "other": 2921, "private-equity": 757, "post-ipo": 42, "crowdfunding": 30,
}  # fmt: skip
CATEGORIES = (
    "software", "biotech", "web", "mobile", "enterprise", "advertising", "ecommerce",
    "games_video", "cleantech", "medical", "hardware", "semiconductor", "network_hosting",
    "analytics", "social", "security", "health", "education", "finance", "travel", "fashion",
    "music", "news", "search", "messaging", "photo_video", "public_relations", "real_estate",
    "consulting", "legal", "sports", "transportation", "manufacturing", "automotive",
    "hospitality", "local", "design", "nanotech", "government", "pets", "nonprofit", "other",
)  # fmt: skip


def peak_rss_mb() -> float:
    """The process's peak resident memory (VmHWM starts afresh at exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _source(rng: Any) -> Any:
    """Category, round type, region, state and amount per real round, or synthetic ones."""
    import numpy as np
    import polars as pl

    if CRUNCHBASE.exists():
        text = CRUNCHBASE.read_bytes().decode("mac_roman").replace("\r\n", "\n").replace("\r", "\n")
        frame = pl.read_csv(io.StringIO(text), infer_schema=False)
        return frame.select(
            category=pl.col("company_category_code"),
            stage=pl.col("funding_round_type"),
            region=pl.col("company_region"),
            state=pl.col("company_state_code"),
            amount=pl.col("raised_amount_usd").cast(pl.Float64),
        ), "crunchbase-2013"
    n = 31_679
    weights = 1 / np.arange(1, len(CATEGORIES) + 1)
    kinds = np.array(list(ROUND_TYPES))
    counts = np.array(list(ROUND_TYPES.values()), dtype=float)
    regions = 1 / np.arange(1, 791) ** 1.1
    amount = np.exp(rng.normal(np.log(3e6), 1.6, n))
    return pl.DataFrame(
        {
            "category": np.array(CATEGORIES)[
                rng.choice(len(CATEGORIES), n, p=weights / weights.sum())
            ],
            "stage": kinds[rng.choice(len(kinds), n, p=counts / counts.sum())],
            "region": [f"region-{i}" for i in rng.choice(790, n, p=regions / regions.sum())],
            "state": [f"S{i:02d}" for i in rng.integers(0, 52, n)],
            "amount": np.where(rng.random(n) < 0.08, np.nan, np.round(amount)),
        },
        nan_to_null=True,
    ), "synthetic"


def generate(folder: Path, rounds: int, mandates: int, seed: int) -> str:
    """rounds.parquet and mandates.parquet in the engine's frame schemas."""
    import numpy as np
    import polars as pl

    from runway.engine.matching.frames import MANDATE_SCHEMA, ROUND_SCHEMA

    rng = np.random.default_rng(seed)
    source, origin = _source(rng)
    drawn = source[rng.integers(0, source.height, rounds).tolist()]
    amount = drawn["amount"].to_numpy() * np.exp(rng.normal(0, 0.3, rounds))
    amount = np.round(amount) + 1
    categories = sorted(set(source["category"].drop_nulls().to_list()))
    frequency = source["category"].drop_nulls().value_counts().sort("category")
    p = frequency["count"].to_numpy() / frequency["count"].sum()
    second = np.array(categories)[rng.choice(len(categories), rounds, p=p)]
    sectors = [
        [c for c in (first, extra if r < 0.2 else None) if c]
        for first, extra, r in zip(
            drawn["category"].to_list(), second, rng.random(rounds), strict=True
        )
    ]
    regions = [
        [v for v in (region, state, "USA") if v]
        for region, state in zip(drawn["region"].to_list(), drawn["state"].to_list(), strict=True)
    ]
    stage = drawn["stage"].to_numpy()
    instrument = np.array(INSTRUMENTS)[rng.choice(3, rounds, p=[0.85, 0.1, 0.05])].astype(object)
    instrument[stage == "other"] = None
    known = rng.random((4, rounds)) < 0.6
    # History and repeat-buyer figures come from a generator of their own, so that the other
    # columns stay those of earlier versions of this benchmark (same seed, same population).
    extra = np.random.default_rng(seed + 1)
    history = extra.random((2, rounds)) < 0.6
    round_frame = pl.DataFrame(
        {
            "round_id": [f"r{i:07d}" for i in range(rounds)],
            "instrument": instrument,
            "sectors": sectors,
            "stage": stage,
            "regions": regions,
            "target_amount": amount,
            "min_ticket": np.where(
                known[0], np.round(amount * rng.uniform(0.01, 0.2, rounds)), np.nan
            ),
            "currency": ["USD"] * rounds,
            "gmv_12m": np.where(known[1], np.round(np.exp(rng.normal(14, 2, rounds))), np.nan),
            "growth_yoy": np.where(known[2], np.round(rng.normal(0.3, 0.5, rounds), 3), np.nan),
            "months_history": np.where(history[0], extra.integers(0, 61, rounds), np.nan),
            "repeat_rate": np.where(history[1], np.round(extra.beta(2, 5, rounds), 3), np.nan),
            "score": np.where(known[3], np.round(rng.uniform(0, 100, rounds), 1), np.nan),
        },
        nan_to_null=True,
    ).cast(ROUND_SCHEMA)
    round_frame.write_parquet(folder / "rounds.parquet")

    places = source.group_by("region").len().sort(["len", "region"], descending=[True, False])
    places = [*places["region"].head(60).to_list(), *source["state"].drop_nulls().unique().sort()]
    stages = sorted(ROUND_TYPES)
    cny = rng.random(mandates) < 0.2
    factor = np.where(cny, 7.1, 1.0)
    low = np.round(np.exp(rng.normal(np.log(5e5), 1.2, mandates)) * factor)
    high = np.round(low * np.exp(rng.uniform(0.5, 3, mandates)))
    draws = rng.random((6, mandates))
    gates = extra.random((2, mandates))
    rows = []
    for i in range(mandates):
        chosen = rng.choice(len(places), rng.integers(1, 3), replace=False)
        rows.append(
            {
                "mandate_id": f"m{i:06d}",
                "investor": f"investor {i // 3}",
                "instruments": list(rng.choice(INSTRUMENTS, rng.integers(0, 3), replace=False)),
                "sectors": list(rng.choice(categories, rng.integers(0, 5), replace=False, p=p)),
                "stages": list(rng.choice(stages, rng.integers(0, 4), replace=False)),
                "regions": [] if draws[0, i] < 0.3 else [places[c] for c in chosen],
                "ticket_min": None if draws[1, i] < 0.1 else float(low[i]),
                "ticket_max": None if draws[2, i] < 0.1 else float(high[i]),
                "currency": "CNY" if cny[i] else "USD",
                "must": [f for f in ("sectors", "stages", "regions") if rng.random() < 0.3],
                "min_gmv_12m": float(np.round(np.exp(rng.normal(13, 1))))
                if draws[3, i] < 0.15
                else None,
                "min_growth_yoy": 0.1 if draws[4, i] < 0.1 else None,
                "min_months_history": 12.0 if gates[0, i] < 0.1 else None,
                "min_repeat_rate": 0.2 if gates[1, i] < 0.1 else None,
                **{
                    f"weight_{c}": w
                    for c, w in zip(
                        ("sector", "stage", "region", "ticket", "traction"),
                        (300, 200, 150, 150, 200)
                        if draws[5, i] < 0.9
                        else (400, 100, 100, 200, 200),
                        strict=True,
                    )
                },
            }
        )
    pl.DataFrame(rows, schema=MANDATE_SCHEMA).write_parquet(folder / "mandates.parquet")
    return str(origin)


def _tables(folder: Path) -> tuple[Any, Any]:
    import polars as pl

    from runway.engine.matching import MandateTable, RoundTable

    rounds = RoundTable.from_frame(pl.read_parquet(folder / "rounds.parquet"), fx=FX)
    mandates = MandateTable.from_frame(pl.read_parquet(folder / "mandates.parquet"), fx=FX)
    return mandates, rounds


def measure_engine(folder: Path, threads: int, top: int) -> dict[str, Any]:
    import polars as pl

    from runway.engine.matching import MandateTable, RoundTable, match_all

    round_frame = pl.read_parquet(folder / "rounds.parquet")
    mandate_frame = pl.read_parquet(folder / "mandates.parquet")
    BASELINE["rss"] = peak_rss_mb()
    started = time.perf_counter()
    rounds = RoundTable.from_frame(round_frame, fx=FX)
    mandates = MandateTable.from_frame(mandate_frame, fx=FX)
    encoded = time.perf_counter()
    result = match_all(mandates, rounds, top=top, threads=threads)
    done = time.perf_counter()
    return {
        "encode_s": encoded - started,
        "match_s": done - encoded,
        "kept_by_mandate": len(result.by_mandate or ()),
        "kept_by_round": len(result.by_round or ()),
        "signature_keys": [list(key.fields) for key in rounds.keys],
    }


def _specs(folder: Path, count: int, seed: int) -> tuple[list[Any], list[Any]]:
    """Specs of a sample of rows, from the frames (Decimal amounts)."""
    import polars as pl

    from runway.engine.matching import MandateSpec, RoundSpec

    def number(value: float | None) -> Decimal | None:
        return None if value is None else Decimal(repr(value))

    rounds = pl.read_parquet(folder / "rounds.parquet").sample(
        count, seed=seed, with_replacement=True
    )
    mandates = pl.read_parquet(folder / "mandates.parquet").sample(
        count, seed=seed + 1, with_replacement=True
    )
    round_specs = [
        RoundSpec(
            round_id=row["round_id"],
            instrument=row["instrument"],
            sectors=frozenset(row["sectors"]),
            stage=row["stage"],
            regions=frozenset(row["regions"]),
            target_amount=number(row["target_amount"]),
            min_ticket=number(row["min_ticket"]),
            currency=row["currency"],
            gmv_12m=number(row["gmv_12m"]),
            growth_yoy=number(row["growth_yoy"]),
            months_history=None if row["months_history"] is None else int(row["months_history"]),
            repeat_rate=number(row["repeat_rate"]),
            score=number(row["score"]),
        )
        for row in rounds.iter_rows(named=True)
    ]
    mandate_specs = [
        MandateSpec(
            mandate_id=row["mandate_id"],
            instruments=frozenset(row["instruments"]),
            sectors=frozenset(row["sectors"]),
            stages=frozenset(row["stages"]),
            regions=frozenset(row["regions"]),
            ticket_min=number(row["ticket_min"]),
            ticket_max=number(row["ticket_max"]),
            currency=row["currency"],
            must=frozenset(row["must"]),
            min_gmv_12m=number(row["min_gmv_12m"]),
            min_growth_yoy=number(row["min_growth_yoy"]),
            min_months_history=(
                None if row["min_months_history"] is None else int(row["min_months_history"])
            ),
            min_repeat_rate=number(row["min_repeat_rate"]),
            weights={
                c: row[f"weight_{c}"] for c in ("sector", "stage", "region", "ticket", "traction")
            },
        )
        for row in mandates.iter_rows(named=True)
    ]
    return mandate_specs, round_specs


def measure_incremental(folder: Path, threads: int, top: int) -> dict[str, Any]:
    from runway.engine.matching import match_mandate, match_round

    del threads
    mandates, rounds = _tables(folder)
    mandate_specs, round_specs = _specs(folder, 50, seed=11)
    match_round(round_specs[0], mandates, top=top)  # first call: imports and caches
    round_ms = []
    for spec in round_specs:
        started = time.perf_counter()
        match_round(spec, mandates, top=top)
        round_ms.append((time.perf_counter() - started) * 1000)
    mandate_ms = []
    for spec in mandate_specs[:20]:
        started = time.perf_counter()
        match_mandate(spec, rounds, top=top)
        mandate_ms.append((time.perf_counter() - started) * 1000)
    return {
        "round_ms": statistics.median(round_ms),
        "round_ms_max": max(round_ms),
        "mandate_ms": statistics.median(mandate_ms),
        "mandate_ms_max": max(mandate_ms),
    }


def measure_naive(folder: Path, pairs: int) -> dict[str, Any]:
    from tests.engine.matching_reference import score

    side = max(1, int(pairs**0.5))
    mandate_specs, round_specs = _specs(folder, side, seed=23)
    started = time.perf_counter()
    kept = sum(score(m, r, FX) is not None for m in mandate_specs for r in round_specs)
    seconds = time.perf_counter() - started
    return {"ns_per_pair": seconds / (side * side) * 1e9, "pairs": side * side, "kept": kept}


BASELINE: dict[str, float] = {}


def child(kind: str, folder: Path, threads: int, top: int, naive_pairs: int) -> None:
    if kind == "engine":
        outcome = measure_engine(folder, threads, top)
    elif kind == "incremental":
        outcome = measure_incremental(folder, threads, top)
    else:
        outcome = measure_naive(folder, naive_pairs)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    outcome["peak_rss_mb"] = peak_rss_mb()
    outcome["baseline_rss_mb"] = BASELINE.get("rss", 0.0)
    outcome["cpu_s"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(outcome))  # noqa: T201


def run_child(kind: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", kind, "--folder", str(folder)]
    command += ["--threads", str(args.threads), "--top", str(args.top)]
    command += ["--naive-pairs", str(args.naive_pairs)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)  # noqa: S603
    outcome: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{kind}: {json.dumps(outcome)}", file=sys.stderr)  # noqa: T201
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100_000)
    parser.add_argument("--mandates", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-pairs", type=int, default=20_000)
    parser.add_argument(
        "--measure", choices=("engine", "incremental", "naive"), help=argparse.SUPPRESS
    )
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        child(args.measure, args.folder, args.threads, args.top, args.naive_pairs)
        return
    with tempfile.TemporaryDirectory(prefix="runway-matching-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        origin = generate(folder, args.rounds, args.mandates, args.seed)
        took = time.perf_counter() - started
        made = f"generated {args.rounds} rounds ({origin}) and {args.mandates} mandates"
        print(f"{made} in {took:.1f}s", file=sys.stderr)  # noqa: T201
        engine = run_child("engine", folder, args)
        incremental = run_child("incremental", folder, args)
        naive = run_child("naive", folder, args)
    pairs = args.rounds * args.mandates
    total = engine["encode_s"] + engine["match_s"]
    report = {
        "rounds": args.rounds,
        "mandates": args.mandates,
        "total_s": round(total, 3),
        "ns_per_pair": round(total / pairs * 1e9, 2),
        "peak_rss_mb": round(engine["peak_rss_mb"], 1),
        "incremental_round_ms": round(incremental["round_ms"], 3),
        "incremental_mandate_ms": round(incremental["mandate_ms"], 3),
        "naive_ns_per_pair": round(naive["ns_per_pair"], 1),
        "naive_over_engine": round(naive["ns_per_pair"] / (total / pairs * 1e9), 1),
        "encode_s": round(engine["encode_s"], 3),
        "match_s": round(engine["match_s"], 3),
        "engine_cpu_s": round(engine["cpu_s"], 2),
        "baseline_rss_mb": round(engine["baseline_rss_mb"], 1),
        "incremental_round_ms_max": round(incremental["round_ms_max"], 3),
        "incremental_mandate_ms_max": round(incremental["mandate_ms_max"], 3),
        "threads": args.threads,
        "top": args.top,
        "population": origin,
    }
    print(json.dumps(report))  # noqa: T201


if __name__ == "__main__":
    main()
