"""What can be wrong with an export, as values: reason codes, row problems, rejections.

Reasons are stable codes; the platform translates them for people. A row problem is one row of a
frame with the columns of `PROBLEM_SCHEMA`: the row number as a spreadsheet shows it (the header
is row 1), the file's own column header, the raw value, and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import polars as pl


class Reason(StrEnum):
    # the whole file
    EMPTY_FILE = "empty_file"
    NO_ROWS = "no_rows"  # a header and nothing else
    NOT_A_TABLE = "not_a_table"  # binary data, a broken workbook or Parquet file
    UNDECODABLE_TEXT = "undecodable_text"
    SINGLE_COLUMN = "single_column"  # no delimiter found: one column per line
    MALFORMED = "malformed"  # rows with more fields than the header, broken quoting
    TOO_LARGE = "too_large"  # over a size limit, or a workbook that expands too much
    UNKNOWN_LAYOUT = "unknown_layout"  # headers not recognized: a mapping is needed
    MISSING_COLUMN = "missing_column"
    BAD_MAPPING = "bad_mapping"  # a mapping names a field or header that does not exist
    TOO_MANY_BAD_ROWS = "too_many_bad_rows"
    # one row, excluded and counted toward the threshold
    MISSING_VALUE = "missing_value"
    UNPARSEABLE_AMOUNT = "unparseable_amount"
    UNPARSEABLE_DATE = "unparseable_date"
    UNPARSEABLE_QUANTITY = "unparseable_quantity"
    FUTURE_DATE = "future_date"
    NEGATIVE_QUANTITY = "negative_quantity"  # quantity <= 0 on a line that is no cancellation
    NEGATIVE_AMOUNT = "negative_amount"
    REFUND_EXCEEDS_AMOUNT = "refund_exceeds_amount"
    DUPLICATE_ORDER_ID = "duplicate_order_id"  # a repeated order id with different content
    OTHER_CURRENCY = "other_currency"
    # warnings: reported, not counted toward the threshold
    DUPLICATE_LINE = "duplicate_line"  # identical lines of one order, kept as purchases
    REPEATED_ORDER = "repeated_order"  # an identical repeat of an order row, counted once
    UNKNOWN_STATUS = "unknown_status"


WARNINGS = frozenset({Reason.DUPLICATE_LINE, Reason.REPEATED_ORDER, Reason.UNKNOWN_STATUS})

PROBLEM_SCHEMA = pl.Schema(
    {"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String}
)


def no_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


class ReadError(Exception):
    """The file cannot be imported at all; `params` say what was found (column names, sizes)."""

    def __init__(self, reason: Reason, **params: str | int) -> None:
        super().__init__(reason.value, params)
        self.reason = reason
        self.params: dict[str, str | int] = params


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: Reason
    params: Mapping[str, str | int] = field(default_factory=dict)

    def describe(self) -> str:
        """One English line for logs and the command line; the platform translates `reason`."""
        details = ", ".join(f"{key}={value}" for key, value in sorted(self.params.items()))
        return f"{self.reason.value}: {details}" if details else self.reason.value
