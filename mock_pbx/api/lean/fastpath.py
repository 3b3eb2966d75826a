"""FastPath: which requests the lean path takes, the login and customer it checks, and the
database turn it answers in (in-memory SQLite only: its one connection, no other process)."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.types import Scope

from mock_pbx.api.lean.reads import Answer, read_item, read_list
from mock_pbx.api.lean.writes import WRITES, is_json, write
from mock_pbx.api.reading import Counts
from mock_pbx.domain.logins import User, Users, basic_credentials, login, verified
from mock_pbx.resources import Resource
from mock_pbx.runtime.plainsql import Sql, sqlite_sql, sqlite_transaction
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import DOWNLOAD_LOGIN
from mock_pbx.wire.headers import first_values
from mock_pbx.wire.uris import is_id

LOGINS_KEPT = 1024


class FastPath:
    def __init__(self, runtime: Runtime, users: Users, resources: Sequence[Resource[Any]]) -> None:
        self.runtime, self.users = runtime, users
        self.by_segment = {resource.name: resource for resource in resources}
        self.logins: dict[bytes, User] = {}  # Authorization values already checked
        self.counts: Counts = {}  # lists' sizes, while the data is unchanged
        self.counts_token: object = None
        self.answered = 0  # how many it answered itself (the tests check it does answer)

    async def get(self, scope: Scope) -> Answer | None:
        """The answer to a GET the routes would answer 200, or None to let them answer."""
        parts = scope["path"].split("/")  # "", "api", "v1", "customers", c, collection[, id]
        resource = self.by_segment.get(parts[5]) if len(parts) in (6, 7) else None
        if resource is None or parts[3] != "customers":
            return None
        headers = first_values(scope["headers"])
        if resource.audio_size is not None and b"audio" in headers.get(b"accept", b""):
            return None
        customer = self.customer(scope, headers, parts[4])
        if customer is None:
            return None
        if len(parts) == 7:
            answer = await read_item(self.turn, scope, resource, customer, parts[6])
        else:
            answer = await read_list(self.turn, scope, resource, customer)
        self.answered += answer is not None
        return answer

    async def post(self, scope: Scope, body: bytes) -> Answer | None:
        """The answer to a POST the routes would answer 201, or None to let them answer."""
        parts = scope["path"].split("/")  # "", "api", "v1", "customers", c, collection
        kind = WRITES.get(parts[5]) if len(parts) == 6 and parts[3] == "customers" else None
        headers = first_values(scope["headers"])
        if kind is None or not is_json(headers.get(b"content-type")):
            return None
        customer = self.customer(scope, headers, parts[4])
        if customer is None:
            return None
        answer = await write(self.writing, self.runtime, scope, kind, customer, body)
        self.answered += answer is not None
        return answer

    def customer(self, scope: Scope, headers: dict[bytes, bytes], customer: str) -> int | None:
        """The customer the request's login may see, as the routes' dependencies decide it."""
        user = self.login(scope, headers.get(b"authorization"))
        if user is None:
            return None
        if customer == "me":
            return user.home
        return int(customer) if is_id(customer) and int(customer) in user.customers else None

    def login(self, scope: Scope, authorization: bytes | None) -> User | None:
        """As domain.logins.login decides it; a Basic login checked once is known by its
        header's value after (tokens expire and are asked every time)."""
        if authorization is None:
            download = scope.get(DOWNLOAD_LOGIN)
            return self.users.get(download) if download is not None else None
        user = self.logins.get(authorization)
        # A kept login only while the logins still hold it (a web user removed with
        # DELETE .../linkedusers/{id}?removeUser=true is gone until a reset).
        if user is None or self.users.get(user.username) is not user:
            credentials = basic_credentials(authorization)
            if credentials is None:
                now = self.runtime.clock.now()
                return login(self.users, self.runtime.tokens, authorization, None, now)
            user = verified(self.users, *credentials)
            if user is not None and len(self.logins) < LOGINS_KEPT:
                self.logins[authorization] = user
        return user

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[tuple[Sql, Counts] | None]:
        """The database's turn, after the steps of the clock that fell due have run, as the
        routes run them first (runtime.catch_up); with it, the lists' sizes counted since the
        data last changed. None for a database other processes share: the routes take those."""
        runtime = self.runtime
        if runtime.db.shared:
            yield None
            return
        async with runtime.db.plain_turn() as connection:
            token = runtime.cache_token()
            if token is None:
                with runtime.db.new_session() as session:
                    runtime.catch_up(session)
                token = runtime.db.generation
            if token != self.counts_token:
                self.counts, self.counts_token = {}, token
            yield sqlite_sql(connection, runtime.db.hooks), self.counts

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[Sql | None]:
        """The turn, and in it one transaction: committed if the block ends, else rolled back.
        The data's generation moves on (http/cache.py) as for a commit of the routes."""
        async with self.turn() as taken:
            if taken is None:
                yield None
                return
            with sqlite_transaction(self.runtime.db.plain_connection()):
                yield taken[0]
            self.runtime.db.touch()
