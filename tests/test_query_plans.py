"""The history lists stay fast at scale: their count and the rows a deep page skips are read from
an index, never the table (bench/ measures the time; this holds the plan)."""

import pytest

from mock_pbx.api.reading import list_sql
from mock_pbx.resources.calls import CALLS
from mock_pbx.resources.queries import where_all
from mock_pbx.resources.recordings import RECORDINGS
from mock_pbx.runtime.plainsql import sqlite_value

VALUES = {"customer": 25, "limit": 20, "offset": 980}


def plan(app, sql, values):
    connection = app.state.runtime.db.engine.raw_connection()
    try:
        stored = {key: sqlite_value(value) for key, value in values.items()}
        rows = connection.driver_connection.execute(f"EXPLAIN QUERY PLAN {sql}", stored).fetchall()
    finally:
        connection.close()
    return [row[-1] for row in rows]


@pytest.mark.parametrize("collection", [CALLS, RECORDINGS], ids=["calls", "recordings"])
def test_count_and_skipped_rows_come_from_the_list_index(app, collection):
    where = where_all(collection.filters, {})  # the default list: local calls left out
    count, page = list_sql(collection, where)
    values = {**VALUES, **{key: value for _, part in where for key, value in part.items()}}
    index = f"COVERING INDEX ix_{collection.table.__tablename__}_list"
    assert any(index in step for step in plan(app, count, values))
    page_plan = plan(app, page, values)
    assert any(index in step for step in page_plan)  # the ids of the page, offset included
    by_id = ("id=?)", "INTEGER PRIMARY KEY")  # SQLite picks one of three ways to look up ids
    assert any(any(key in step for key in by_id) for step in page_plan)  # then only those rows
