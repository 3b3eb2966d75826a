"""X-RateLimit-* on every API response, per user and window on the emulator's clock; 429 past the
limit once enforcement is on (MOCK_PBX_RATE_LIMIT or PUT /_admin/ratelimit)."""

import math
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.errors import error_response
from mock_pbx.journal import basic_username
from mock_pbx.middleware import ApiMiddleware

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

    def reset(self) -> None:
        with self.lock:
            self.windows.clear()


class RateLimitMiddleware(ApiMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client") or ("unknown", 0)
        key = basic_username(scope["headers"]) or f"address:{client[0]}"
        headers, allowed = self.runtime.ratelimit.hit(key, self.runtime.clock.now())
        if not allowed:
            await error_response(429, headers=headers)(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
