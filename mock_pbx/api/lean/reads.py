"""The lean path's GETs: one item, one page of a list (api/lean/__init__.py)."""

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import Scope

from mock_pbx.api.reading import Counts, item_row, list_rows
from mock_pbx.api.responses import json_bytes
from mock_pbx.resources import Resource
from mock_pbx.resources.queries import IdEquals, where_all
from mock_pbx.runtime.plainsql import Sql
from mock_pbx.wire.errors import PbxError
from mock_pbx.wire.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageParams, envelope
from mock_pbx.wire.uris import Uris, is_id, uris_for

Headers = Sequence[tuple[bytes, bytes]]
Answer = tuple[int, Headers, bytes]  # the status, headers and body of a JSON answer
# The database's turn (FastPath.turn): None when the routes must answer instead.
Turn = Callable[[], AbstractAsyncContextManager[tuple[Sql, Counts] | None]]
WHOLE_NUMBER = re.compile(r"^[1-9][0-9]{0,17}$")  # as FastAPI reads page and pageSize, plainly


async def read_item(
    turn: Turn, scope: Scope, resource: Resource[Any], customer: int, item: str
) -> Answer | None:
    if not is_id(item):
        return None
    async with turn() as taken:
        if taken is None:
            return None
        row = item_row(taken[0], resource, customer, int(item))
    if row is None:
        return None
    return as_json(resource.present(row, uris_of(scope)))


async def read_list(
    turn: Turn, scope: Scope, resource: Resource[Any], customer: int
) -> Answer | None:
    query = plain_query(scope)
    params = page_params(query) if query is not None else None
    values = filter_values(resource, query) if query is not None else None
    if params is None or values is None:
        return None
    try:
        where = where_all(resource.filters, values)
    except PbxError:
        return None  # the routes report it
    async with turn() as taken:
        if taken is None:
            return None
        sql, counts = taken
        total, rows = list_rows(sql, resource, customer, params, where, counts)
    uris = uris_of(scope)
    items = [resource.present(row, uris) for row in rows]
    request = Request(scope)
    url = uris.collection(customer, resource.name)
    return as_json(envelope(request, url, params, total, items))


def plain_query(scope: Scope) -> dict[str, str] | None:
    """The query string's parameters, if none is given twice (the routes know which one wins)."""
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    query = dict(pairs)
    return query if len(query) == len(pairs) else None


def page_params(query: dict[str, str]) -> PageParams | None:
    page, size = query.get("page", "1"), query.get("pageSize", str(DEFAULT_PAGE_SIZE))
    if not WHOLE_NUMBER.match(page) or not WHOLE_NUMBER.match(size):
        return None
    return PageParams(page=int(page), size=min(int(size), MAX_PAGE_SIZE))


def filter_values(resource: Resource[Any], query: dict[str, str]) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    for f in resource.filters:
        raw = query.get(f.param)
        if raw is not None and isinstance(f, IdEquals):
            if not (raw.isascii() and raw.isdigit() and is_id(raw)):
                return None
            values[f.param] = int(raw)
        else:
            values[f.param] = raw
    return values


def uris_of(scope: Scope) -> Uris:
    """As the routes build them, the form of relationship fields (X-Relationship-Key) included."""
    return uris_for(Request(scope))


def as_json(body: Any, status: int = 200, first: Headers = ()) -> Answer:
    """As the routes' json_response writes it (`first`: the headers it is given, a Location)."""
    data = json_bytes(body)
    length = (b"content-length", str(len(data)).encode())
    return status, [*first, length, (b"content-type", b"application/json")], data
