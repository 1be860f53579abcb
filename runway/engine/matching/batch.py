"""`runway match`: mandates.csv x rounds.csv -> matches.csv with the engine alone.

    summary = run(mandates=Path("mandates.csv"), rounds=Path("rounds.csv"),
                  out=Path("matches.csv"), top=20, by="mandate", fx=Path("rates.csv"))

matches.csv has the columns `mandate_id, round_id, rank, score, explanation`: rank 1 is the
best round of each mandate (`by="mandate"`, rows ordered by mandate id then rank) or the best
mandate of each round (`by="round"`); score is 0-100 with two decimals; the explanation is
`sector=<value>*<weight>;stage=...;region=...;ticket=...;traction=...`. The file is written
beside `out` under a temporary name and renamed when complete: bad input leaves nothing.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from runway.engine.matching.csv_input import (
    BatchInputError,
    BatchProblem,
    Expected,
    fx_rates,
    mandates_frame,
    rounds_frame,
)
from runway.engine.matching.matcher import match_all
from runway.engine.matching.results import Direction, Matches, explanations, score_text
from runway.engine.matching.tables import MandateTable, RoundTable

OUTPUT_COLUMNS: Final = ("mandate_id", "round_id", "rank", "score", "explanation")
CHUNK: Final = 200_000  # rows explained and written at a time


@dataclass(frozen=True, slots=True)
class BatchSummary:
    mandates: int
    rounds: int
    rows: int  # written to the output
    matched: int  # mandates (by mandate) or rounds (by round) with at least one match
    by: Direction
    seconds: float
    ignored_columns: tuple[str, ...] = ()

    def describe(self) -> str:
        """A short English summary for the command line."""
        side = "mandates" if self.by == "mandate" else "rounds"
        of = self.mandates if self.by == "mandate" else self.rounds
        text = (
            f"{self.mandates} mandates x {self.rounds} rounds: {self.rows} matches written, "
            f"{self.matched} of {of} {side} matched, {self.seconds:.2f} s"
        )
        if self.ignored_columns:
            text += f"; ignored columns: {', '.join(self.ignored_columns)}"
        return text


def output_frame(matches: Matches) -> pl.DataFrame:
    """The rows of matches.csv."""
    scores = matches.scores()
    weights = matches.mandates.weights[matches.mandate_index]
    return pl.DataFrame(
        {
            "mandate_id": matches.mandate_ids[matches.mandate_index],
            "round_id": matches.round_ids[matches.round_index],
            "rank": matches.rank,
            "score": score_text(matches.units),
            "explanation": explanations(scores.values, weights),
        }
    ).select(OUTPUT_COLUMNS)


def _write(matches: Matches, out: Path) -> int:
    """Writes matches.csv in chunks to a temporary file beside `out`, then renames it: all or
    nothing, and never the whole explained output in memory. Returns the rows written."""
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    rows = 0
    try:
        with os.fdopen(handle, "wb") as file:
            for start in range(0, max(len(matches), 1), CHUNK):
                frame = output_frame(
                    matches.subset(np.arange(start, min(start + CHUNK, len(matches))))
                )
                frame.write_csv(file, include_header=start == 0)
                rows += frame.height
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return rows


def run(
    *,
    mandates: Path,
    rounds: Path,
    out: Path,
    top: int = 20,
    by: Direction = "mandate",
    fx: Path | None = None,
    threads: int = 2,
) -> BatchSummary:
    """Reads and checks both files (and the rates), matches, writes `out`. Raises
    BatchInputError, listing every problem found, before writing anything."""
    started = time.perf_counter()
    if not out.parent.is_dir():
        raise BatchInputError([BatchProblem(str(out.parent), None, None, Expected.READABLE_FILE)])
    problems: list[BatchProblem] = []
    results = []
    for reader, path in ((mandates_frame, mandates), (rounds_frame, rounds)):
        try:
            results.append(reader(path))
        except BatchInputError as error:
            problems += error.problems
    rates = None
    if fx is not None:
        try:
            rates, _ = fx_rates(fx)
        except BatchInputError as error:
            problems += error.problems
    if problems:
        raise BatchInputError(problems)
    (mandate_rows, mandate_sheet), (round_rows, round_sheet) = results
    round_table = RoundTable.from_frame(round_rows, fx=rates)
    mandate_table = MandateTable.from_frame(mandate_rows, fx=rates)
    result = match_all(mandate_table, round_table, top=top, by=(by,), threads=threads)
    matches = result.by_mandate if by == "mandate" else result.by_round
    if matches is None:  # pragma: no cover - the direction was asked for
        raise RuntimeError(by)
    rows = _write(matches, out)
    owners = matches.mandate_index if by == "mandate" else matches.round_index
    return BatchSummary(
        mandates=len(mandate_table),
        rounds=len(round_table),
        rows=rows,
        matched=len(set(owners.tolist())),
        by=by,
        seconds=time.perf_counter() - started,
        ignored_columns=mandate_sheet.ignored + round_sheet.ignored,
    )
