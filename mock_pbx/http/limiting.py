"""X-RateLimit-* on every API response, per login (the runtime's RateLimiter); 429 past the limit
once enforcement is on. A window belongs to a login only once its password checks out: requests
without a valid login share one anonymous window, so made-up usernames cannot grow the windows
without bound, and wrong passwords cannot use up a real login's requests."""

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.domain.logins import Users, login
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import DOWNLOAD_LOGIN
from mock_pbx.wire.errors import error_response

ANONYMOUS = "(no valid login)"


def window_key(runtime: Runtime, users: Users, scope: Scope) -> str:
    """The login's window, whether it came as Basic, a Bearer token or a spent tokenid."""
    authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
    download = scope.get(DOWNLOAD_LOGIN)
    user = login(users, runtime.tokens, authorization, download, runtime.clock.now())
    return user.username if user else ANONYMOUS


async def rate_limited(
    runtime: Runtime, users: Users, scope: Scope, receive: Receive, send: Send
) -> Send | None:
    """The send that adds this request's X-RateLimit-* headers; None when it was answered 429."""
    key = window_key(runtime, users, scope)
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
