"""Rate-limit windows per login on the emulator's clock: the counts behind X-RateLimit-* (sent by
mock_pbx.http.limiting), and 429 past the limit once enforcement is on (MOCK_PBX_RATE_LIMIT or
PUT /_admin/ratelimit)."""

import math
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

ADVERTISED_LIMIT = 1200  # the real service's: per user per 60 minutes


@dataclass
class RateLimiter:
    limit: int | None = None  # None: count and advertise, never refuse
    window_seconds: float = 3600
    windows: dict[str, tuple[datetime, int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str, now: datetime) -> tuple[dict[str, str], bool]:
        """Count one request; its headers, and whether it may proceed."""
        limit = self.limit or ADVERTISED_LIMIT
        with self.lock:
            start, count = self.windows.get(key, (now, 0))
            if now >= start + timedelta(seconds=self.window_seconds):
                start, count = now, 0
            count += 1
            self.windows[key] = (start, count)
        left = (start + timedelta(seconds=self.window_seconds) - now).total_seconds()
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - count)),
            "X-RateLimit-Reset": str(max(0, math.ceil(left))),
        }
        return headers, self.limit is None or count <= self.limit

    def view(self) -> dict[str, int | float | bool | None]:
        """As GET /_admin/ratelimit shows it."""
        return {
            "limit": self.limit,
            "windowSeconds": self.window_seconds,
            "enforced": self.limit is not None,
        }

    def reset(self) -> None:
        with self.lock:
            self.windows.clear()
