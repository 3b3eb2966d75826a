"""X-RateLimit-* on every API response, per login (the runtime's RateLimiter); 429 past the limit
once enforcement is on. A window belongs to a login only once its password checks out: requests
without a valid login share one anonymous window, so made-up usernames cannot grow the windows
without bound, and wrong passwords cannot use up a real login's requests."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_pbx.domain.logins import Users, basic_credentials, verified
from mock_pbx.http.base import ApiMiddleware
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import error_response

ANONYMOUS = "(no valid login)"


def window_key(headers: list[tuple[bytes, bytes]], users: Users) -> str:
    for key, value in headers:
        if key == b"authorization":
            credentials = basic_credentials(value)
            user = verified(users, *credentials) if credentials else None
            return user.username if user else ANONYMOUS
    return ANONYMOUS


class RateLimitMiddleware(ApiMiddleware):
    def __init__(self, app: ASGIApp, runtime: Runtime, users: Users) -> None:
        super().__init__(app, runtime)
        self.users = users

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = window_key(scope["headers"], self.users)
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
