"""What the control-plane middleware share: they act on emulated-API requests only, and read
the login a request claims."""

from starlette.types import ASGIApp, Receive, Scope, Send

from mock_pbx.domain.logins import basic_credentials
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.headers import is_inbox_request
from mock_pbx.wire.uris import API_PREFIX


class ApiMiddleware:
    """Acts on emulated-API requests (/api/v1/...) only; everything else (/_admin, /docs) passes
    straight through, and so do the web inbox's own requests unless `inbox` says otherwise."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app, self.runtime = app, runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
        elif is_inbox_request(scope["headers"]):
            await self.inbox(scope, receive, send)
        else:
            await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError

    async def inbox(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The web inbox's own request (X-Mock-Pbx-Client): by default, left alone."""
        await self.app(scope, receive, send)


def basic_username(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The login a request claims (not checked here: the journal shows who tried)."""
    for key, value in headers:
        if key == b"authorization":
            credentials = basic_credentials(value)
            return credentials[0] if credentials else None
    return None
