"""The index is the database's own full-text search: FTS5 on SQLite, tsvector and GIN on
PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from runway.directory.index import PostgresIndex, SqliteIndex, search_index
from runway.directory.services import directory_rebuild, venture_reindex
from runway.directory.tests.factories import CHIPS, MAMA, make_venture
from runway.directory.words import query_groups

pytestmark = pytest.mark.django_db


def matches(q: str) -> dict[int, float]:
    sql, params = search_index().match_sql(query_groups(q))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite index")
def test_sqlite_searches_an_fts5_table() -> None:
    assert isinstance(search_index(), SqliteIndex)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'directory_search'")
        assert "USING fts5" in cursor.fetchone()[0]
    mama = make_venture(**MAMA)
    assert set(matches("母婴")) == {mama.pk}


@pytest.mark.postgres
def test_postgres_searches_a_tsvector_with_a_gin_index() -> None:
    assert isinstance(search_index(), PostgresIndex)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'directory_search' "
            "AND indexdef LIKE '%gin%'"
        )
        assert cursor.fetchone() is not None
    chips = make_venture(**CHIPS)
    assert set(matches("电子元器件")) == {chips.pk}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM directory_search WHERE venture_id = %s "
            "AND document @@ to_tsquery('simple', '元器件')",
            [chips.pk],
        )
        assert cursor.fetchone()[0] == 1


def test_reindexing_replaces_the_row_rather_than_adding_one() -> None:
    venture = make_venture(**MAMA)
    venture.description_zh = "社区二手交换。"
    venture.save()
    venture_reindex(venture_id=venture.pk)
    venture_reindex(venture_id=venture.pk)
    assert list(matches("二手")) == [venture.pk]
    assert matches("团购") == {}


def test_a_deleted_venture_leaves_the_index_when_reindexed_or_rebuilt() -> None:
    gone = make_venture(**MAMA)
    kept = make_venture(**CHIPS)
    gone_id = gone.pk
    gone.delete()  # the entry cascades; the index row stays until the next reindex
    assert gone_id in matches("母婴")
    venture_reindex(venture_id=gone_id)
    assert matches("母婴") == {}
    rebuilt = directory_rebuild()
    assert rebuilt.ventures == 1
    assert list(matches("元器件")) == [kept.pk]
