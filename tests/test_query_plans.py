"""The history lists stay fast at scale: their count and the rows a deep page skips are read from
an index, never the table (bench/ measures the time; this holds the plan)."""

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from mock_pbx.api.paging import count_of, page_of
from mock_pbx.models.call import Call
from mock_pbx.models.recording import Recording
from mock_pbx.resources.calls import CALLS
from mock_pbx.resources.queries import local_clause
from mock_pbx.resources.recordings import RECORDINGS
from mock_pbx.wire.paging import PageParams


def plan(app, statement):
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    with app.state.runtime.db.engine.connect() as connection:
        rows = connection.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return [row[-1] for row in rows]


@pytest.mark.parametrize(
    ("collection", "table"), [(CALLS, Call), (RECORDINGS, Recording)], ids=["calls", "recordings"]
)
def test_count_and_skipped_rows_come_from_the_list_index(app, collection, table):
    statement = collection.statement(25, [local_clause(table, None)])
    index = f"COVERING INDEX ix_{table.__tablename__}_list"
    assert any(index in step for step in plan(app, count_of(statement)))
    page = plan(app, page_of(statement, PageParams(page=50, size=20)))
    assert any(index in step for step in page)  # the ids of the page, offset included
    by_id = ("id=?)", "INTEGER PRIMARY KEY")  # SQLite picks one of three ways to look up ids
    assert any(any(key in step for key in by_id) for step in page)  # then only those rows
