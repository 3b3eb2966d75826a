"""Journals every emulated-API request: as the client sent it (credentials redacted) and the
status it was answered with, filled in the moment the response starts (so a stream is journalled
too). The entries live in the runtime's Journal."""

import base64
import time

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.http.base import ApiMiddleware, basic_username
from mock_pbx.http.bodylimit import MAX_BODY_BYTES
from mock_pbx.runtime.journal import Entry

SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "x-admin-token"}
BODY_KEPT = 16 * 1024  # characters of a body kept in an entry: bounds the journal's memory


def redacted(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for raw_key, raw_value in headers:
        key = raw_key.decode("latin-1").lower()
        kept[key] = "[redacted]" if key in SECRET_HEADERS else raw_value.decode("latin-1")[:2048]
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


class JournalMiddleware(ApiMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        entry = Entry(
            0,
            self.runtime.clock.now(),
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            redacted(scope["headers"]),
            None,
            basic_username(scope["headers"]),
        )
        started = time.perf_counter()
        tap = BodyTap(receive)

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.body = tap.text()
                entry.status = message["status"]
                entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
                entry.id = next(self.runtime.journal.ids)
                self.runtime.journal.add(entry)
            await send(message)

        await self.app(scope, tap, recording_send)
