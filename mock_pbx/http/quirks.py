"""Request quirks real clients rely on, handled before routing so no route has to know about them."""

from urllib.parse import parse_qsl

from starlette.types import Message, Scope, Send

from mock_pbx.wire.uris import API_PREFIX

OVERRIDABLE = {"PUT", "DELETE"}
FORMAT_SUFFIXES = {".json": b"application/json", ".wav": b"audio/wav"}
QUIRKY_ENDINGS = ("/", *FORMAT_SUFFIXES)


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
    if b"method" not in query:  # (also in %5Fmethod)
        return method
    for key, value in parse_qsl(query.decode("latin-1")):
        if key == "_method" and value.upper() in OVERRIDABLE:
            return value.upper()
    return method


def legacy_request(scope: Scope, send: Send) -> tuple[Scope, Send]:
    """The request as the routes expect it, and the send that answers it: trailing slashes and
    format suffixes stripped, ?_method= applied, HEAD served as a GET whose body is dropped.
    Nothing is copied for the usual request, which needs none of it."""
    path, method = scope["path"], scope["method"]
    if not path.endswith(QUIRKY_ENDINGS) and method not in ("HEAD", "POST"):
        return scope, send
    path, media_type = normalised_path(path)
    method = overridden_method(scope)
    headers = scope["headers"]
    if media_type is not None:
        headers = [(k, v) for k, v in headers if k != b"accept"] + [(b"accept", media_type)]
    is_head = method == "HEAD"
    scope = {
        **scope,
        "path": path,
        "raw_path": path.encode(),
        "method": "GET" if is_head else method,
        "headers": headers,
    }
    return scope, headers_only(send) if is_head else send


def headers_only(send: Send) -> Send:
    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_headers_only
