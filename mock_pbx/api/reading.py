"""Reading a collection: the SQL of its list (count, then one page, ids first) and of one item,
written once from its declaration and run as plain SQL; its representation is Resource.present
(wire/presenting.py). One code for both fronts: the documented FastAPI routes (collections.py)
and the fast path (fastpath.py)."""

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from mock_pbx.resources import Resource
from mock_pbx.resources.queries import Where
from mock_pbx.wire.paging import PageParams

# SQL with :named parameters -> rows with the resource's columns as attributes, or (rows=False)
# plain tuples (a count).
Runner = Callable[[str, dict[str, Any], bool], Sequence[Any]]
COUNTS_KEPT = 4096


@cache
def row_type(resource: Resource[Any]) -> Any:
    """A plain row of the table, by column name (what presenters and audio sizes read)."""
    return namedtuple(f"{resource.name.title()}Row", resource.columns)


def quoted(name: str) -> str:
    return f'"{name}"'


def order_sql(resource: Resource[Any]) -> str:
    terms = (f"{quoted(c[1:])} DESC" if c.startswith("-") else quoted(c) for c in resource.order_by)
    return ", ".join(terms)


def sqlite_value(value: Any) -> Any:
    """As SQLAlchemy stores it in SQLite: a time as UTC text, 2014-03-10 13:37:00.000000."""
    return f"{value:%Y-%m-%d %H:%M:%S.%f}" if isinstance(value, datetime) else value


def sqlite_runner(connection: sqlite3.Connection, resource: Resource[Any]) -> Runner:
    make = row_type(resource)._make

    def run(sql: str, values: dict[str, Any], rows: bool) -> list[Any]:
        stored = {key: sqlite_value(value) for key, value in values.items()}
        found = connection.execute(sql, stored).fetchall()
        return [make(row) for row in found] if rows else found

    return run


def counts_kept(run: Runner, counts: dict[Any, Sequence[Any]]) -> Runner:
    """The run, with the answers of counts kept in `counts` (which the caller empties when the data
    changes): a client paging through a list has it counted once, not once a page."""

    def run_keeping(sql: str, values: dict[str, Any], rows: bool) -> Sequence[Any]:
        if rows:
            return run(sql, values, rows)
        key = (sql, tuple(sorted(values.items())))
        if key not in counts:
            if len(counts) >= COUNTS_KEPT:
                counts.clear()
            counts[key] = run(sql, values, rows)
        return counts[key]

    return run_keeping


def session_runner(session: Session) -> Runner:
    """Through SQLAlchemy (PostgreSQL): it turns :named parameters into the driver's own."""

    def run(sql: str, values: dict[str, Any], rows: bool) -> Sequence[Any]:
        return session.execute(text(sql), values).all()

    return run


def runner_for(session: Session, resource: Resource[Any]) -> Runner:
    """The session's own connection, as plain as its database allows."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)  # the SQLite dialect's driver
        return sqlite_runner(driver, resource)
    return session_runner(session)


def list_sql(resource: Resource[Any], where: list[Where]) -> tuple[str, str]:
    """The count and the page query of a list. The count reads only an index; the page takes its
    ids first, skipping the offset over the index, then reads only its rows: a deep page costs
    about what the first does (tests/test_query_plans.py holds the plans)."""
    table, columns = quoted(resource.table.__tablename__), ", ".join(map(quoted, resource.columns))
    clause = " AND ".join(['"customer_id" = :customer', *(sql for sql, _ in where)])
    order = order_sql(resource)
    ids = f"SELECT id FROM {table} WHERE {clause} ORDER BY {order} LIMIT :limit OFFSET :offset"
    count = f"SELECT count(*) FROM {table} WHERE {clause}"
    return count, f"SELECT {columns} FROM {table} WHERE {clause} AND id IN ({ids}) ORDER BY {order}"


def list_rows(
    run: Runner, resource: Resource[Any], customer_id: int, params: PageParams, where: list[Where]
) -> tuple[int, Sequence[Any]]:
    """The list's size and one page of it."""
    count, page = list_sql(resource, where)
    values: dict[str, Any] = {"customer": customer_id}
    for _, part in where:
        values.update(part)
    (total,) = run(count, values, False)[0]
    if params.offset >= total:  # also keeps absurd page numbers away from SQL integer limits
        return total, []
    return total, run(page, {**values, "limit": params.size, "offset": params.offset}, True)


def item_row(run: Runner, resource: Resource[Any], customer_id: int, item_id: int) -> Any | None:
    """The customer's row with this id (another customer's rows do not exist here)."""
    table, columns = quoted(resource.table.__tablename__), ", ".join(map(quoted, resource.columns))
    sql = f'SELECT {columns} FROM {table} WHERE id = :id AND "customer_id" = :customer'
    rows = run(sql, {"id": item_id, "customer": customer_id}, True)
    return rows[0] if rows else None
