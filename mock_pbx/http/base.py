"""What the control-plane middleware share: they act on emulated-API requests only, and read
the login a request claims."""

import base64

from starlette.types import ASGIApp, Receive, Scope, Send

from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.headers import is_inbox_request
from mock_pbx.wire.uris import API_PREFIX


class ApiMiddleware:
    """Acts on emulated-API requests (/api/v1/...) only; everything else (/_admin, /docs) and
    the web inbox's own requests pass straight through."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app, self.runtime = app, runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(API_PREFIX)
            or is_inbox_request(scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


def basic_username(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The login a request claims (not checked here): whose rate limit it counts against."""
    for key, value in headers:
        if key.lower() == b"authorization" and value[:6].lower() == b"basic ":
            try:
                return base64.b64decode(value[6:], validate=True).decode().split(":", 1)[0]
            except ValueError:
                return None
    return None
