"""The request journal: every emulated-API request, as the client sent it and as it was answered
(filled in by mock_pbx.http.journaling). It keeps the newest MOCK_PBX_JOURNAL_SIZE entries."""

import itertools
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mock_pbx.wire.models import format_datetime


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
