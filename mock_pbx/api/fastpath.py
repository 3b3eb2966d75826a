"""The fast path: the emulated API's plain GETs of a list or an item, answered without FastAPI's
routing and dependency solving. It makes the same checks (login, customer, paging, filters) and
runs the same SQL and representation as the documented routes (api/reading.py), for the requests
it fully understands; anything else (an error to report, a WAV, an alias, a step fallen due, a
database other processes share) it leaves to the routes, which answer it the one documented way.
tests/test_fastpath.py sends the same requests with the fast path on and off, byte for byte."""

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import Scope

from mock_pbx.api.reading import Counts, item_row, list_rows
from mock_pbx.api.responses import json_bytes
from mock_pbx.domain.logins import User, Users, basic_credentials, verified
from mock_pbx.resources import Resource
from mock_pbx.resources.queries import IdEquals, where_all
from mock_pbx.runtime.plainsql import sqlite_sql
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import PbxError
from mock_pbx.wire.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageParams, envelope
from mock_pbx.wire.uris import Uris, base_url, is_id

Answer = tuple[list[tuple[bytes, bytes]], bytes]  # the headers and body of a 200 JSON answer
WHOLE_NUMBER = re.compile(r"^[1-9][0-9]{0,17}$")  # as FastAPI reads page and pageSize, plainly
LOGINS_KEPT = 1024


class FastPath:
    def __init__(self, runtime: Runtime, users: Users, resources: Sequence[Resource[Any]]) -> None:
        self.runtime, self.users = runtime, users
        self.by_segment = {resource.name: resource for resource in resources}
        self.logins: dict[bytes, User] = {}  # Authorization values already checked
        self.counts: Counts = {}  # lists' sizes, while the data is unchanged
        self.counts_token: object = None
        self.answered = 0  # how many it answered itself (the tests check it does answer)

    async def answer(self, scope: Scope) -> Answer | None:
        """The answer to a GET the routes would answer 200, or None to let them answer."""
        parts = scope["path"].split("/")  # "", "api", "v1", "customers", c, collection[, id]
        resource = self.by_segment.get(parts[5]) if len(parts) in (6, 7) else None
        if resource is None or parts[3] != "customers":
            return None
        headers = dict(scope["headers"])
        if resource.audio_size is not None and b"audio" in headers.get(b"accept", b""):
            return None
        user = self.login(headers.get(b"authorization"))
        customer = self.customer(user, parts[4]) if user is not None else None
        if customer is None:
            return None
        if len(parts) == 7:
            answer = await self.item(scope, resource, customer, parts[6])
        else:
            answer = await self.list(scope, resource, customer)
        self.answered += answer is not None
        return answer

    def login(self, authorization: bytes | None) -> User | None:
        if authorization is None:
            return None
        user = self.logins.get(authorization)
        if user is None:
            credentials = basic_credentials(authorization)
            user = verified(self.users, *credentials) if credentials else None
            if user is not None and len(self.logins) < LOGINS_KEPT:
                self.logins[authorization] = user
        return user

    def kept_counts(self) -> Counts | None:
        """The lists' sizes counted since the data last changed; None while the routes have to
        bring it up to date first (a step of the clock due, a database other processes share)."""
        token = self.runtime.cache_token()
        if token is None:
            return None
        if token != self.counts_token:
            self.counts, self.counts_token = {}, token
        return self.counts

    def customer(self, user: User, customer: str) -> int | None:
        if customer == "me":
            return user.home
        return int(customer) if is_id(customer) and int(customer) in user.customers else None

    async def item(
        self, scope: Scope, resource: Resource[Any], customer: int, item: str
    ) -> Answer | None:
        if not is_id(item):
            return None
        async with self.runtime.db.plain_turn() as connection:
            if self.runtime.cache_token() is None:
                return None  # a step fell due meanwhile: the routes catch up first
            sql = sqlite_sql(connection, self.runtime.db.hooks)
            row = item_row(sql, resource, customer, int(item))
        if row is None:
            return None
        return as_json(resource.present(row, uris_of(scope)))

    async def list(self, scope: Scope, resource: Resource[Any], customer: int) -> Answer | None:
        query = plain_query(scope)
        params = page_params(query) if query is not None else None
        values = filter_values(resource, query) if query is not None else None
        if params is None or values is None:
            return None
        try:
            where = where_all(resource.filters, values)
        except PbxError:
            return None  # the routes report it
        async with self.runtime.db.plain_turn() as connection:
            counts = self.kept_counts()
            if counts is None:
                return None  # a step fell due meanwhile: the routes catch up first
            sql = sqlite_sql(connection, self.runtime.db.hooks)
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
    return Uris(base_url(Request(scope)))


def as_json(body: Any) -> Answer:
    """As the routes' json_response writes it."""
    data = json_bytes(body)
    return [
        (b"content-length", str(len(data)).encode()),
        (b"content-type", b"application/json"),
    ], data
