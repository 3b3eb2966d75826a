"""Which web pages may call mock-pbx from a browser. The emulated API is open to the origins of
MOCK_PBX_CORS_ORIGINS (any, by default: front-end demos call it). The control API is not: a page
the developer happens to visit must not reset the emulator, read its one-time codes or point
its webhooks elsewhere. So /_admin answers CORS only for MOCK_PBX_ADMIN_ORIGINS, and refuses a
cross-origin request from any other page before it acts, also the simple ones a browser sends
without a preflight (a form's POST, an <img>'s GET). mock-pbx's own pages (the web inbox) are
same-origin; clients that are not browsers send no Origin and are not concerned."""

from collections.abc import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_pbx.wire.errors import error_response
from mock_pbx.wire.uris import base_url

ADMIN_PREFIX = "/_admin"
EXPOSED_HEADERS = [
    "Location",
    "ETag",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
]


def origins(setting: str) -> list[str]:
    return [origin.strip() for origin in setting.split(",") if origin.strip()]


def with_cors(app: ASGIApp, allowed: Sequence[str]) -> ASGIApp:
    """The app behind Starlette's CORS middleware, or the app itself when no origin is allowed."""
    if not allowed:
        return app
    return CORSMiddleware(
        app,
        allow_origins=allowed,
        allow_methods=["*"],
        allow_headers=["*"],
        allow_credentials="*" not in allowed,
        expose_headers=EXPOSED_HEADERS,
    )


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def netloc(origin: str) -> str:
    """scheme://host:port -> host:port (lower case)."""
    return origin.split("://", 1)[-1].rstrip("/").lower()


class BrowserOrigins:
    """CORS for the emulated API; for /_admin, CORS for its own origins only, and a 403 for a
    cross-origin browser request from any other page."""

    def __init__(self, app: ASGIApp, api_origins: str, admin_origins: str) -> None:
        self.admin_allowed, self.api_allowed = origins(admin_origins), origins(api_origins)
        self.api = with_cors(app, self.api_allowed)
        self.admin = with_cors(app, self.admin_allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(ADMIN_PREFIX):
            await self.api(scope, receive, send)
            return
        if not self.admin_may_answer(scope):
            message = (
                "The control API refuses cross-origin requests from web pages; "
                "MOCK_PBX_ADMIN_ORIGINS lists the origins it answers"
            )
            await error_response(403, message)(scope, receive, send)
            return
        await self.admin(scope, receive, send)

    def admin_may_answer(self, scope: Scope) -> bool:
        """Same-origin pages and non-browser clients, and the origins allowed by the setting."""
        origin, site = header(scope, b"origin"), header(scope, b"sec-fetch-site")
        if origin is None:
            # A browser names the origin of every cross-origin request but a plain GET, and says
            # cross-site in Sec-Fetch-Site: an <img src=/_admin/sms> is refused too.
            return site in (None, "same-origin", "none")
        if "*" in self.admin_allowed or origin in self.admin_allowed:
            return True
        # mock-pbx's own origin: the Host the browser used, or the public one (behind a proxy).
        own = {netloc(base_url(Request(scope))), (header(scope, b"host") or "").lower()}
        return netloc(origin) in own
