"""The request journal: every emulated-API request, as the client sent it and as it was answered
(filled in by mock_pbx.http.journaling). It keeps the newest MOCK_PBX_JOURNAL_SIZE entries, and
never more than TEXT_BUDGET characters of them (each entry is itself truncated when it is made)."""

import itertools
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mock_pbx.wire.models import format_datetime

TEXT_BUDGET = 32 * 1024 * 1024  # characters of query, headers and body in all entries together


@dataclass(slots=True)  # 10,000 of them by default: slots keep each a tenth smaller
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
    fault: dict[str, Any] | None = None  # the fault rule that fired for it: id and summary
    proxied: dict[str, Any] | None = None  # --proxy-to: upstream url, forwarded, its status

    @property
    def text_size(self) -> int:
        """The characters it holds: what the journal's budget counts."""
        headers = sum(len(key) + len(value) for key, value in self.headers.items())
        return len(self.path) + len(self.query) + headers + len(self.body or "")

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
            "fault": self.fault,
            "proxied": self.proxied,
        }


@dataclass
class Journal:
    size: int = 10_000
    budget: int = TEXT_BUDGET
    entries: deque[Entry] = field(default_factory=deque)
    ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)
    text_size: int = 0  # of the entries kept

    def add(self, entry: Entry) -> None:
        with self.lock:
            self.entries.append(entry)
            self.text_size += entry.text_size
            while len(self.entries) > self.size or self.text_size > self.budget:
                self.text_size -= self.entries.popleft().text_size

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.text_size = 0

    def get(self, entry_id: int) -> Entry | None:
        with self.lock:
            # The newest first: the entry a page or a test asks about is usually recent.
            return next((e for e in reversed(self.entries) if e.id == entry_id), None)

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
