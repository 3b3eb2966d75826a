"""Answers kept for GETs that come again: the emulated API's 200 JSON answers, by everything that
shapes them (the path and query, the Authorization value, the Host and Accept the client sent),
valid while the data they were read from is unchanged and no lifecycle step has fallen due since
(Runtime.cache_token). A test suite and a front end ask for the same pages again and again; a
kept answer skips the route, the database and the JSON encoding, not the journal, the rate limit,
faults or conditional GET, which run before it."""

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.types import Scope

from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import DOWNLOAD_LOGIN

MAX_ENTRIES = 1024
MAX_BYTES = 8 * 1024 * 1024  # a list page of 20 calls is 14 kB: some 600 of them
# Request headers an answer may depend on (links follow the Host; a trusted proxy's forwarded
# headers too; Accept picks JSON or WAV; X-Relationship-Key: id writes relationships as bare ids,
# so an answer in one form is never served to a request for the other). The rest of the key:
# method, path, query.
SHAPING_HEADERS = (
    b"authorization",
    b"host",
    b"accept",
    b"x-forwarded-proto",
    b"x-forwarded-host",
    b"x-relationship-key",
)

Key = tuple[object, ...]
BASIC = (b"Basic ", b"basic ")  # a scheme in other letters is asked of the tokens, which refuse it


@dataclass(frozen=True)
class Kept:
    token: int
    headers: list[tuple[bytes, bytes]]  # as the route sent them, the ETag added
    body: bytes
    etag: bytes


def cache_key(scope: Scope, headers: Mapping[bytes, bytes]) -> Key:
    shaping = tuple(headers.get(name) for name in SHAPING_HEADERS)
    return (scope["path"], scope.get("query_string", b""), *shaping)


def may_keep(runtime: Runtime, scope: Scope, headers: Mapping[bytes, bytes]) -> bool:
    """Whether an answer may be kept or served kept: never for a spent download token (it is
    single-use: its URL must not be answered twice), and for an access token only while it is
    live. The key holds the Authorization value itself, so no login is served another's."""
    if DOWNLOAD_LOGIN in scope:
        return False
    authorization = headers.get(b"authorization")
    if authorization is None or authorization.startswith(BASIC):
        return True  # the usual request: as cheap as it was
    return runtime.tokens.bearer(authorization, runtime.clock.now()) is not None


class ResponseCache:
    """At most MAX_ENTRIES answers and MAX_BYTES of bodies, the least recently used go first."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries: OrderedDict[Key, Kept] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: Key, token: int) -> Kept | None:
        with self.lock:
            kept = self.entries.get(key)
            if kept is None:
                return None
            if kept.token != token:
                self.drop(key)
                return None
            self.entries.move_to_end(key)
            return kept

    def put(self, key: Key, kept: Kept) -> None:
        if len(kept.body) > self.max_bytes // 16:
            return  # one huge page would push out everything else
        with self.lock:
            if key in self.entries:
                self.drop(key)
            self.entries[key] = kept
            self.size += len(kept.body)
            while len(self.entries) > self.max_entries or self.size > self.max_bytes:
                self.drop(next(iter(self.entries)))

    def drop(self, key: Key) -> None:
        self.size -= len(self.entries.pop(key).body)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0
