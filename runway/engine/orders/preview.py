"""A look at an export before importing it: layout, column mapping and the first rows.

The upload page shows this so a person can confirm the layout or map unknown headers; the
mapping they choose is then passed to `import_orders`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from runway.engine.orders.layouts import FIELDS, detect_layout, resolve_layout
from runway.engine.orders.problems import ReadError, Reason, Rejection
from runway.engine.orders.reading import DEFAULT_LIMITS, ROW, Limits, Source, Table, open_table


@dataclass(frozen=True, slots=True)
class Preview:
    headers: tuple[str, ...] = ()
    rows: pl.DataFrame = field(default_factory=pl.DataFrame)  # the first rows, as text
    layout: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)  # field -> header, as detected
    missing: tuple[str, ...] = ()  # required fields without a column
    fields: tuple[str, ...] = FIELDS  # what a mapping may name
    file_format: str | None = None
    encoding: str | None = None
    rejection: Rejection | None = None  # unreadable, or a mapping is needed (reason says)


def preview_orders(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    rows: int = 20,
    limits: Limits = DEFAULT_LIMITS,
) -> Preview:
    """Headers, the first `rows` rows and the layout Runway would read the file with."""
    try:
        with open_table(source, limits) as table:
            return _preview(table, mapping or {}, rows)
    except ReadError as error:
        return Preview(rejection=Rejection(error.reason, error.params))
    except (pl.exceptions.PolarsError, OSError, UnicodeError) as error:
        detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
        return Preview(rejection=Rejection(Reason.MALFORMED, {"detail": detail}))


def _preview(table: Table, mapping: Mapping[str, str], rows: int) -> Preview:
    first = table.frame.drop(ROW).head(rows).collect()
    match = detect_layout(table.headers, mapping)
    rejection = None
    try:
        resolve_layout(table.headers, mapping)
    except ReadError as error:
        rejection = Rejection(error.reason, error.params)
    return Preview(
        headers=table.headers,
        rows=first.cast(pl.String),
        layout=match.layout.name if match.score else None,
        columns=dict(match.columns),
        missing=match.missing,
        file_format=table.file_format.value,
        encoding=table.encoding,
        rejection=rejection,
    )
