"""The request journal: every emulated-API request, as the client sent it and as it was answered.
Credentials are redacted; the journal keeps the newest MOCK_PBX_JOURNAL_SIZE entries."""

import base64
import itertools
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.bodies import BodyTooLarge, read_body, replay
from mock_pbx.envelope import format_datetime
from mock_pbx.errors import error_response
from mock_pbx.middleware import ApiMiddleware

SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "x-admin-token"}
BODY_KEPT = 16 * 1024  # characters of a body kept in an entry: bounds the journal's memory


@dataclass
class Entry:
    id: int
    time: datetime
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: str | None
    username: str | None = None
    status: int | None = None
    duration_ms: float | None = None

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": format_datetime(self.time),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
            "username": self.username,
            "status": self.status,
            "durationMs": self.duration_ms,
        }


def redacted(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for raw_key, raw_value in headers:
        key = raw_key.decode("latin-1").lower()
        kept[key] = "[redacted]" if key in SECRET_HEADERS else raw_value.decode("latin-1")[:2048]
    return kept


def basic_username(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The login a request claims (not checked here): whose rate limit it counts against."""
    for key, value in headers:
        if key.lower() == b"authorization" and value[:6].lower() == b"basic ":
            try:
                return base64.b64decode(value[6:], validate=True).decode().split(":", 1)[0]
            except ValueError:
                return None
    return None


def body_text(body: bytes) -> str | None:
    if not body:
        return None
    try:
        return body.decode("utf-8")[:BODY_KEPT]
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(body[:BODY_KEPT]).decode()


@dataclass
class Journal:
    size: int = 10_000
    entries: deque[Entry] = field(default_factory=deque)
    ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, entry: Entry) -> None:
        with self.lock:
            self.entries.append(entry)
            while len(self.entries) > self.size:
                self.entries.popleft()

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def find(
        self, method: str | None = None, path: str | None = None, since: datetime | None = None
    ) -> list[Entry]:
        with self.lock:
            entries = list(self.entries)
        return [
            e
            for e in entries
            if (method is None or e.method == method.upper())
            and (path is None or e.path.startswith(path))
            and (since is None or e.time >= since)
        ]


class JournalMiddleware(ApiMiddleware):
    """Reads each API request's body once (413 past the limit), records the request, and fills
    in the status the moment the response starts (so a stream is journalled too)."""

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
        try:
            body = await read_body(receive)
        except BodyTooLarge:
            body = None
        entry.body = body_text(body or b"")

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
                entry.id = next(self.runtime.journal.ids)
                self.runtime.journal.add(entry)
            await send(message)

        if body is None:
            await error_response(413)(scope, receive, recording_send)
            return
        await self.app(scope, replay(body, receive), recording_send)
