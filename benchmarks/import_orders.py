"""Benchmark: importing a large order export, against a floor and against pandas.

    .venv/bin/python benchmarks/import_orders.py [--rows 10000000] [--seed 7] [--keep DIR]

Generates a seeded order CSV (one row per order over three years, a million customers, refunds
and cancellations) in a temporary directory, then measures, each in a fresh process:

(a) the floor: DuckDB `read_csv` and a bare monthly GMV / orders / buyers aggregation;
(b) Runway's full engine path: `import_orders`, which reads, parses, validates, checks
    duplicates and computes every monthly KPI and the cohort matrix;
(c) pandas doing only the bare aggregation, when pandas is installed (null otherwise).

Wall time covers the work, not the interpreter start; peak memory is the process's maximum RSS
(runway_baseline_rss_mb is the interpreter and libraries before any work). The machine is shared,
so cpu seconds are printed too.
The last line printed is JSON with rows, file_mb, floor_s, runway_s, pandas_s,
runway_over_floor, pandas_over_runway and runway_peak_rss_mb. Targets: runway_over_floor <= 2,
pandas_over_runway >= 2, runway_peak_rss_mb <= 2 x file_mb.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CUSTOMERS = 1_000_000
START = dt.datetime(2022, 1, 1)  # noqa: DTZ001  wall-clock times, as shops export them
DAYS = 3 * 365


def generate(path: Path, rows: int, seed: int) -> None:
    """A one-row-per-order CSV in Runway's canonical layout, growing over three years."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    seconds = np.sort((np.sqrt(rng.random(rows)) * DAYS * 86_400).astype(np.int64))
    ordered = pl.select(pl.lit(START) + pl.duration(seconds=pl.lit(pl.Series(seconds))))
    customers = (rng.random(rows) ** 1.5 * CUSTOMERS).astype(np.int64)
    cents = (rng.lognormal(4.6, 0.7, rows) * 100).astype(np.int64) + 100
    quantity = 1 + rng.poisson(0.4, rows)
    draw = rng.random(rows)
    status = np.select([draw < 0.03, draw < 0.07, draw < 0.1], [0, 1, 2], 3)
    refund_cents = np.where(status == 1, cents, np.where(status == 2, cents // 4, 0))
    names = pl.Series(["cancelled", "refunded", "completed", "completed"])
    frame = pl.DataFrame(
        {
            "order_id": pl.Series(np.arange(rows, dtype=np.int64) + 3_100_000_000_000),
            "ordered_at": ordered.to_series(),
            "customer_id": pl.Series(customers),
            "amount": pl.Series(cents).cast(pl.Decimal(20, 2)) / 100,
            "currency": pl.Series(["CNY"]).gather(np.zeros(rows, dtype=np.int64)),
            "quantity": pl.Series(quantity),
            "status": names.gather(status),
            "refund_amount": pl.Series(refund_cents).cast(pl.Decimal(20, 2)) / 100,
        }
    ).with_columns(
        pl.col("ordered_at").dt.strftime("%Y-%m-%d %H:%M:%S"),
        (pl.lit("u") + pl.col("customer_id").cast(pl.String).str.zfill(7)).alias("customer_id"),
    )
    frame.write_csv(path)


def peak_rss_mb() -> float:
    """The process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would carry
    the parent's peak (the generator's) into the child on Linux."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_floor(path: Path) -> dict[str, object]:
    import duckdb

    BASELINE_RSS_MB["floor"] = peak_rss_mb()
    started = time.perf_counter()
    months = (
        duckdb.connect()
        .execute(
            "SELECT date_trunc('month', ordered_at) AS month, sum(amount) AS gmv, "
            "count(DISTINCT order_id) AS orders, count(DISTINCT customer_id) AS buyers "
            "FROM read_csv($path) GROUP BY ALL ORDER BY month",
            {"path": str(path)},
        )
        .fetchall()
    )
    return {"seconds": time.perf_counter() - started, "months": len(months)}


def measure_runway(path: Path) -> dict[str, object]:
    from zoneinfo import ZoneInfo

    sys.path.insert(0, str(ROOT))
    from runway.engine.orders import import_orders

    BASELINE_RSS_MB["runway"] = peak_rss_mb()
    as_of = dt.datetime(2030, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    started = time.perf_counter()
    # Read, parse, validate, duplicates, every monthly KPI and the cohort matrix.
    result = import_orders(path, as_of=as_of)
    return {
        "seconds": time.perf_counter() - started,
        "accepted": result.accepted,
        "months": result.kpis.height,
        "cohort_cells": result.cohorts.height,
    }


def measure_pandas(path: Path) -> dict[str, object]:
    pd = importlib.import_module("pandas")  # optional: not in the requirements
    BASELINE_RSS_MB["pandas"] = peak_rss_mb()

    started = time.perf_counter()
    frame = pd.read_csv(path, parse_dates=["ordered_at"], date_format="%Y-%m-%d %H:%M:%S")
    month = frame["ordered_at"].dt.to_period("M")
    grouped = frame.groupby(month).agg(
        gmv=("amount", "sum"), orders=("order_id", "nunique"), buyers=("customer_id", "nunique")
    )
    return {"seconds": time.perf_counter() - started, "months": len(grouped)}


BASELINE_RSS_MB: dict[str, float] = {}  # the interpreter and libraries, before any work
MEASURES = {"floor": measure_floor, "runway": measure_runway, "pandas": measure_pandas}


def child(kind: str, path: Path) -> None:
    outcome = MEASURES[kind](path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    outcome["baseline_rss_mb"] = BASELINE_RSS_MB.get(kind, 0.0)
    outcome["peak_rss_mb"] = peak_rss_mb()
    outcome["cpu_s"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(outcome))  # noqa: T201


def run_child(kind: str, path: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", kind, "--file", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)  # noqa: S603
    outcome: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{kind}: {json.dumps(outcome)}", file=sys.stderr)  # noqa: T201
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the CSV here and keep it")
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        child(args.measure, args.file)
        return
    with tempfile.TemporaryDirectory(prefix="runway-bench-") as scratch:
        path = (args.keep or Path(scratch)) / f"orders-{args.rows}.csv"
        if not path.exists():
            started = time.perf_counter()
            generate(path, args.rows, args.seed)
            took = time.perf_counter() - started
            print(f"generated {path} in {took:.1f}s", file=sys.stderr)  # noqa: T201
        floor = run_child("floor", path)
        runway = run_child("runway", path)
        has_pandas = importlib.util.find_spec("pandas") is not None
        pandas = run_child("pandas", path) if has_pandas else None
        if not has_pandas:
            print("pandas is not installed: pandas_s is null", file=sys.stderr)  # noqa: T201
        file_mb = path.stat().st_size / 2**20
    pandas_s = pandas["seconds"] if pandas else None
    report = {
        "rows": args.rows,
        "file_mb": round(file_mb, 1),
        "floor_s": round(floor["seconds"], 3),
        "runway_s": round(runway["seconds"], 3),
        "pandas_s": round(pandas_s, 3) if pandas_s is not None else None,
        "runway_over_floor": round(runway["seconds"] / floor["seconds"], 2),
        "pandas_over_runway": round(pandas_s / runway["seconds"], 2) if pandas_s else None,
        "runway_peak_rss_mb": round(runway["peak_rss_mb"], 1),
        "runway_baseline_rss_mb": round(runway["baseline_rss_mb"], 1),
        "floor_peak_rss_mb": round(floor["peak_rss_mb"], 1),
        "floor_cpu_s": round(floor["cpu_s"], 2),
        "runway_cpu_s": round(runway["cpu_s"], 2),
        "pandas_available": has_pandas,
    }
    print(json.dumps(report))  # noqa: T201


if __name__ == "__main__":
    main()
