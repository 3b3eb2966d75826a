"""Reading a collection: the SQL of its list (count, then one page, ids first) and of one item,
written once from its declaration and run as plain SQL (runtime.plainsql); its representation is
Resource.present (wire/presenting.py). One code for both fronts: the documented FastAPI routes
(collections.py) and the lean path (api/lean)."""

from collections import namedtuple
from collections.abc import Sequence
from functools import cache
from typing import Any

from mock_pbx.resources import Resource
from mock_pbx.resources.queries import Where
from mock_pbx.runtime.plainsql import Sql
from mock_pbx.wire.paging import PageParams

COUNTS_KEPT = 4096
Counts = dict[tuple[str, tuple[tuple[str, Any], ...]], int]


@cache
def row_type(resource: Resource[Any]) -> Any:
    """A plain row of the table, by column name (what presenters and audio sizes read)."""
    return namedtuple(f"{resource.name.title()}Row", resource.columns)


def quoted(name: str) -> str:
    return f'"{name}"'


def order_sql(resource: Resource[Any]) -> str:
    terms = (f"{quoted(c[1:])} DESC" if c.startswith("-") else quoted(c) for c in resource.order_by)
    return ", ".join(terms)


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
    sql: Sql,
    resource: Resource[Any],
    customer_id: int,
    params: PageParams,
    where: list[Where],
    counts: Counts | None = None,
) -> tuple[int, Sequence[Any]]:
    """The list's size and one page of it. `counts` keeps sizes already counted, for a caller
    that empties it when the data changes (the fast path): paging through a list counts it once."""
    count, page = list_sql(resource, where)
    values: dict[str, Any] = {"customer": customer_id}
    for _, part in where:
        values.update(part)
    key = (count, tuple(sorted(values.items())))
    total = counts.get(key) if counts is not None else None
    if total is None:
        (total,) = sql.rows(count, values)[0]
        if counts is not None:
            if len(counts) >= COUNTS_KEPT:
                counts.clear()
            counts[key] = total
    if params.offset >= total:  # also keeps absurd page numbers away from SQL integer limits
        return total, []
    values = {**values, "limit": params.size, "offset": params.offset}
    return total, sql.rows(page, values, row_type(resource)._make)


def item_row(sql: Sql, resource: Resource[Any], customer_id: int, item_id: int) -> Any | None:
    """The customer's row with this id (another customer's rows do not exist here)."""
    table, columns = quoted(resource.table.__tablename__), ", ".join(map(quoted, resource.columns))
    query = f'SELECT {columns} FROM {table} WHERE id = :id AND "customer_id" = :customer'
    rows = sql.rows(query, {"id": item_id, "customer": customer_id}, row_type(resource)._make)
    return rows[0] if rows else None
