"""Journals every emulated-API request: as the client sent it (credentials and a tokenid
redacted, each part truncated to a documented size) and the status it was answered with, filled
in the moment the response starts (so a stream is journalled too). The web inbox's own requests
are left out, but for its failed logins. The entries live in the runtime's Journal."""

import base64
import logging
import re
import time
from collections.abc import Callable

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.domain.logins import basic_credentials
from mock_pbx.http.body import MAX_BODY_BYTES
from mock_pbx.http.faulting import FIRED_RULE
from mock_pbx.runtime.journal import Entry
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import DOWNLOAD_LOGIN, TOKENID

SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "x-admin-token"}
REDACTED = "[redacted]"
TOKENID_VALUE = re.compile(rf"((?:^|[?&]){TOKENID}=)[^&]*")
# What an entry keeps of a request, in characters: together these bound the journal's memory.
BODY_KEPT = 16 * 1024
QUERY_KEPT = 2 * 1024
HEADER_VALUE_KEPT = 1024
HEADERS_KEPT = 8 * 1024  # all headers together; the rest are counted under "..."
# Where the recording proxy leaves, in a request's scope, what it did with it (http.proxy).
PROXIED = "mock_pbx.proxied"


def claimed_username(runtime: Runtime, scope: Scope) -> str | None:
    """The login a request claims: Basic's username (not checked here: the journal shows who
    tried), a live Bearer token's or a spent tokenid's login."""
    for key, value in scope["headers"]:
        if key == b"authorization":
            credentials = basic_credentials(value)
            if credentials is not None:
                return credentials[0]
            return runtime.tokens.bearer(value, runtime.clock.now())
    download: str | None = scope.get(DOWNLOAD_LOGIN)
    return download


def redacted_query(query: str) -> str:
    """The query string with a download token's value hidden, as credentials are."""
    if TOKENID not in query:
        return query
    return TOKENID_VALUE.sub(rf"\1{REDACTED}", query)


class RedactedAccessLog(logging.Filter):
    """uvicorn's access log line with a tokenid's value hidden (its path holds the query)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > 2 and isinstance(args[2], str):
            record.args = (*args[:2], redacted_query(args[2]), *args[3:])
        return True


def redacted(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    kept: dict[str, str] = {}
    room, dropped = HEADERS_KEPT, 0
    for raw_key, raw_value in headers:
        key = raw_key.decode("latin-1").lower()[:HEADER_VALUE_KEPT]
        value = raw_value.decode("latin-1")[:HEADER_VALUE_KEPT]
        value = REDACTED if key in SECRET_HEADERS else value
        if len(key) + len(value) > room:
            dropped += 1
            continue
        kept[key] = value
        room -= len(key) + len(value)
    if dropped:
        kept["..."] = f"{dropped} more headers not kept"
    return kept


def body_text(body: bytes) -> str | None:
    if not body:
        return None
    try:
        return body.decode("utf-8")[:BODY_KEPT]
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(body[:BODY_KEPT]).decode()


class BodyTap:
    """A receive() that keeps what the app reads of the request body (the body limit, inside the
    journal, reads all of it). A body over the limit was refused: it is not kept."""

    def __init__(self, receive: Receive) -> None:
        self.inner = receive
        self.chunks: list[bytes] = []
        self.size = 0

    async def __call__(self) -> Message:
        message = await self.inner()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            self.size += len(chunk)
            if self.size <= MAX_BODY_BYTES:
                self.chunks.append(chunk)
        return message

    def text(self) -> str | None:
        return None if self.size > MAX_BODY_BYTES else body_text(b"".join(self.chunks))


def journalled(
    runtime: Runtime, scope: Scope, receive: Receive, send: Send, keep: Callable[[int], bool]
) -> tuple[BodyTap, Send]:
    """The receive and send of a request that goes in the journal once its answer starts, if
    `keep` says so of its status."""
    query: bytes = scope.get("query_string", b"")
    entry = Entry(
        0,
        runtime.clock.now(),
        scope["method"],
        scope["path"][:QUERY_KEPT],
        redacted_query(query.decode("latin-1"))[:QUERY_KEPT],
        redacted(scope["headers"]),
        None,
        claimed_username(runtime, scope),
    )
    started = time.perf_counter()
    tap = BodyTap(receive)

    async def recording_send(message: Message) -> None:
        if message["type"] == "http.response.start" and keep(message["status"]):
            entry.body = tap.text()
            entry.status = message["status"]
            entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
            entry.fault = scope.get(FIRED_RULE)
            entry.proxied = scope.get(PROXIED)
            entry.id = next(runtime.journal.ids)
            runtime.journal.add(entry)
        await send(message)

    return tap, recording_send


def everything(status: int) -> bool:
    return True


def failed_logins(status: int) -> bool:
    """The inbox's requests are not what a test inspects, but a failed login is journalled,
    whoever sent it: the marker is not a way to try passwords unseen."""
    return status == 401
