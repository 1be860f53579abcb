"""The full-text index, on whichever database is in use: SQLite FTS5 or PostgreSQL tsvector.

Both hold, per venture, the tokens of four weighted fields (see words.py for the tokens):
name and sectors rank highest, then the profile words (tagline, business model, places, stage),
then the descriptions. Both answer the same query the same way; only the ranking function
differs (FTS5's bm25 with column weights, PostgreSQL's ts_rank with weights A/B/C), and both
rank a field of higher weight above the same word in a lower one. The tables are created by
migration 0002 for the database in use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from runway.directory.words import Alternative, Group, Term

TABLE = "directory_search"
ENTRY_TABLE = "directory_directoryentry"
# FTS5 columns in order, with their bm25 weights; PostgreSQL weighs them A, A, B, C.
COLUMNS = ("name", "sectors", "profile", "body")
BM25_WEIGHTS = (10.0, 10.0, 4.0, 1.0)
PG_WEIGHTS = {"name": "A", "sectors": "A", "profile": "B", "body": "C"}
# ts_rank's weights for D, C, B, A, in that order (PostgreSQL's convention).
PG_RANK_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"


@dataclass(frozen=True, slots=True)
class Document:
    """One venture's tokens by column, each a space-separated string."""

    venture_id: int
    name: str
    sectors: str
    profile: str
    body: str


class SearchIndex(Protocol):
    def write(self, documents: Sequence[Document]) -> None: ...

    def delete(self, venture_ids: Iterable[int]) -> None: ...

    def prune(self) -> int:
        """Removes rows of ventures without a directory entry; returns how many."""
        ...

    def match_sql(self, groups: tuple[Group, ...]) -> tuple[str, list[str]]:
        """SQL selecting `venture_id, score` of every match (higher score is better)."""
        ...


def _fts_term(term: Term) -> str:
    # Terms are letters and digits only (words.WORD), so quoting cannot be broken out of.
    return f'"{term.text}"' + ("*" if term.prefix else "")


def _pg_term(term: Term) -> str:
    return term.text + (":*" if term.prefix else "")


def _expression(groups: tuple[Group, ...], term: Callable[[Term], str], and_: str, or_: str) -> str:
    def alternative(terms: Alternative) -> str:
        return "(" + f" {and_} ".join(term(t) for t in terms) + ")"

    return f" {and_} ".join(
        "(" + f" {or_} ".join(alternative(a) for a in group) + ")" for group in groups
    )


def fts5_query(groups: tuple[Group, ...]) -> str:
    """The groups in FTS5's query syntax: `("a" OR ("b" AND "c")) AND ("d"*)`."""
    return _expression(groups, _fts_term, "AND", "OR")


def tsquery(groups: tuple[Group, ...]) -> str:
    """The groups as to_tsquery input: `(a | (b & c)) & (d:*)`."""
    return _expression(groups, _pg_term, "&", "|")


class SqliteIndex:
    def write(self, documents: Sequence[Document]) -> None:
        self.delete(d.venture_id for d in documents)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608 - constant names
                [(d.venture_id, d.name, d.sectors, d.profile, d.body) for d in documents],
            )

    def delete(self, venture_ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {TABLE} WHERE rowid = %s",  # noqa: S608 - constant name
                [(venture_id,) for venture_id in venture_ids],
            )

    def prune(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid NOT IN "  # noqa: S608 - constant names
                f"(SELECT venture_id FROM {ENTRY_TABLE})"
            )
            return int(cursor.rowcount)

    def match_sql(self, groups: tuple[Group, ...]) -> tuple[str, list[str]]:
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        # bm25 is lower for better matches.
        sql = (
            f"SELECT rowid AS venture_id, -bm25({TABLE}, {weights}) AS score "  # noqa: S608 - constants
            f"FROM {TABLE} WHERE {TABLE} MATCH %s"
        )
        return sql, [fts5_query(groups)]


class PostgresIndex:
    def write(self, documents: Sequence[Document]) -> None:
        vector = " || ".join(
            f"setweight(to_tsvector('simple', %s), '{PG_WEIGHTS[column]}')" for column in COLUMNS
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (venture_id, document) VALUES (%s, {vector}) "  # noqa: S608 - constants
                "ON CONFLICT (venture_id) DO UPDATE SET document = EXCLUDED.document",
                [(d.venture_id, d.name, d.sectors, d.profile, d.body) for d in documents],
            )

    def delete(self, venture_ids: Iterable[int]) -> None:
        ids = list(venture_ids)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE venture_id = ANY(%s)", [ids])  # noqa: S608 - constant name

    def prune(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} s WHERE NOT EXISTS "  # noqa: S608 - constant names
                f"(SELECT 1 FROM {ENTRY_TABLE} e WHERE e.venture_id = s.venture_id)"
            )
            return int(cursor.rowcount)

    def match_sql(self, groups: tuple[Group, ...]) -> tuple[str, list[str]]:
        # Normalization 1 divides by 1 + log(length), as bm25 discounts long documents.
        sql = (
            f"SELECT venture_id, ts_rank('{PG_RANK_WEIGHTS}', document, q, 1) AS score "  # noqa: S608 - constants
            f"FROM {TABLE}, to_tsquery('simple', %s) AS q WHERE document @@ q"
        )
        return sql, [tsquery(groups)]


def search_index() -> SearchIndex:
    """The index of the database in use."""
    if connection.vendor == "postgresql":
        return PostgresIndex()
    if connection.vendor == "sqlite":
        return SqliteIndex()
    # Runway runs on SQLite (embedded) and PostgreSQL (production) only.
    raise ImproperlyConfigured(
        f"the directory searches SQLite or PostgreSQL, not {connection.vendor}"
    )
