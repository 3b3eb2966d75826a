"""X-RateLimit-* on every API response, per login (the runtime's RateLimiter); 429 past the limit
once enforcement is on. A window belongs to a login only once its password checks out: requests
without a valid login share one anonymous window, so made-up usernames cannot grow the windows
without bound, and wrong passwords cannot use up a real login's requests."""

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.domain.logins import Users, basic_credentials, verified
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


async def rate_limited(
    runtime: Runtime, users: Users, scope: Scope, receive: Receive, send: Send
) -> Send | None:
    """The send that adds this request's X-RateLimit-* headers; None when it was answered 429."""
    key = window_key(scope["headers"], users)
    headers, allowed = runtime.ratelimit.hit(key, runtime.clock.now())
    if not allowed:
        await error_response(429, headers=headers)(scope, receive, send)
        return None
    extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return with_headers
