"""Request quirks real clients rely on, handled before routing so no route has to know about them."""

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_pbx.wire.uris import API_PREFIX

OVERRIDABLE = {"PUT", "DELETE"}
FORMAT_SUFFIXES = {".json": b"application/json", ".wav": b"audio/wav"}


def normalised_path(path: str) -> tuple[str, bytes | None]:
    """/phonebook/ is /phonebook (no redirects: a 3xx hangs the Node client); a format suffix
    (/recordings/7.wav, /sms.json) overrides Accept, as the real API's suffixes do."""
    while len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    for suffix, media_type in FORMAT_SUFFIXES.items():
        if path.startswith(API_PREFIX) and path.endswith(suffix):
            return path[: -len(suffix)], media_type
    return path, None


def overridden_method(scope: Scope) -> str:
    """POST ?_method=PUT|DELETE acts as that method (the docs' method overloading)."""
    method: str = scope["method"]
    if method != "POST":
        return method
    query: bytes = scope.get("query_string", b"")
    for key, value in parse_qsl(query.decode("latin-1")):
        if key == "_method" and value.upper() in OVERRIDABLE:
            return value.upper()
    return method


class LegacyRequests:
    """Trailing slashes, .json suffixes, ?_method= overloading, and HEAD served as a bodiless GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, media_type = normalised_path(scope["path"])
        method = overridden_method(scope)
        is_head = method == "HEAD"
        headers = scope["headers"]
        if media_type is not None:
            headers = [(k, v) for k, v in headers if k != b"accept"] + [(b"accept", media_type)]
        scope = {
            **scope,
            "path": path,
            "raw_path": path.encode(),
            "method": "GET" if is_head else method,
            "headers": headers,
        }
        if not is_head:
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_headers_only)
