"""X-RateLimit-* on every API response, per login (the runtime's RateLimiter); 429 past the limit
once enforcement is on. A window belongs to a login only once its password checks out: requests
without a valid login share one anonymous window, so made-up usernames cannot grow the windows
without bound, and wrong passwords cannot use up a real login's requests."""

from datetime import datetime

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.domain.logins import User, Users, basic_credentials, login
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import DOWNLOAD_LOGIN
from mock_pbx.wire.errors import error_response

ANONYMOUS = "(no valid login)"
BASIC_KEPT = 1024


class WindowKeys:
    """Whose window a request counts in: its login, whether it came as Basic, a Bearer token or a
    spent tokenid. A Basic value that checked out once is known by its value after (at most
    BASIC_KEPT of them): every request asks, and a password check costs a base64 decode and a
    constant-time compare. Tokens are asked every time: they expire."""

    def __init__(self, runtime: Runtime, users: Users) -> None:
        self.runtime, self.users = runtime, users
        self.basic: dict[bytes, User] = {}

    def __call__(self, scope: Scope, now: datetime) -> str:
        authorization = None
        for key, value in scope["headers"]:
            if key == b"authorization":
                authorization = value
                break
        known = self.basic.get(authorization) if authorization is not None else None
        if known is not None and self.users.get(known.username) is known:
            return known.username  # (a login removed with its web user is asked again)
        tokens, download = self.runtime.tokens, scope.get(DOWNLOAD_LOGIN)
        user = login(self.users, tokens, authorization, download, now)
        if user is None:
            return ANONYMOUS
        if authorization and len(self.basic) < BASIC_KEPT and basic_credentials(authorization):
            self.basic[authorization] = user
        return user.username


async def rate_limited(
    runtime: Runtime, window_key: WindowKeys, scope: Scope, receive: Receive, send: Send
) -> Send | None:
    """The send that adds this request's X-RateLimit-* headers; None when it was answered 429."""
    now = runtime.clock.now()
    headers, allowed = runtime.ratelimit.hit(window_key(scope, now), now)
    if not allowed:
        await error_response(429, headers=headers)(scope, receive, send)
        return None
    extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return with_headers
