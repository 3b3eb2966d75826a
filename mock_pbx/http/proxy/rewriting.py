"""What crosses the proxy, and how its URIs read on each side: the request headers that go on
(the caller's credentials, content and conditional headers; nothing hop-by-hop, no Host, none of
mock-pbx's own), the answer's headers that come back, and absolute URIs swapped between the
upstream API's base and the proxy's own in JSON bodies and Location, so that links and nextPage
keep going through the proxy and the URIs a client sends back reach the upstream as its own."""

from collections.abc import Iterable
from typing import Any

import orjson

# An allow-list: what the client sends beyond these (cookies, X-Admin-Token, X-Mock-Pbx-Client,
# X-Forwarded-*, Connection, Host...) is not the upstream's business.
REQUEST_HEADERS = frozenset(
    {
        b"authorization",  # the caller's own login (Basic or Bearer): never the emulator's
        b"accept",
        b"accept-language",
        b"content-type",
        b"if-none-match",
        b"if-modified-since",
        b"user-agent",
        b"x-relationship-key",
        b"x-www-authenticate",
    }
)
ANSWER_HEADERS = frozenset(
    {
        b"content-type",
        b"content-disposition",
        b"content-language",
        b"cache-control",
        b"expires",
        b"etag",
        b"last-modified",
        b"location",
        b"retry-after",
        b"www-authenticate",
        b"allow",
    }
)
ANSWER_PREFIXES = (b"x-ratelimit-",)


def request_headers(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [
        (key.decode("latin-1"), value.decode("latin-1"))
        for key, value in headers
        if key in REQUEST_HEADERS
    ]


def answer_headers(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The upstream's headers a client may see: not its Content-Length and Content-Encoding (the
    body is decoded and may be rewritten), cookies, Connection or Server."""
    return [
        (key, value)
        for key, value in ((k.lower(), v) for k, v in headers)
        if key in ANSWER_HEADERS or key.startswith(ANSWER_PREFIXES)
    ]


class Rebase:
    """Swaps one API base for another at the start of a URI: `source` and `target` are bases
    such as https://pbx.sipcentric.com/api/v1 (no trailing slash)."""

    def __init__(self, source: str, target: str) -> None:
        self.source, self.target = source.rstrip("/"), target.rstrip("/")

    def uri(self, value: str) -> str:
        if value.startswith(self.source):
            rest = value[len(self.source) :]
            if rest == "" or rest[0] in "/?#":
                return self.target + rest
        return value

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.uri(value)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value

    def json(self, body: bytes) -> bytes:
        """A JSON body with its URIs rebased; as it was (bytes and all) when it holds none or
        is not JSON. A rebased body is written again compactly, as mock-pbx writes JSON (and
        ends as it ended: an event's newline stays)."""
        if self.source.encode() not in body.replace(b"\\/", b"/"):
            return body
        try:
            rebased = orjson.dumps(self.value(orjson.loads(body)))
        except (orjson.JSONDecodeError, RecursionError):
            return body
        return rebased + body[len(body.rstrip()) :]  # the event stream's newline after an event

    def headers(self, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        return [
            (
                key,
                self.uri(value.decode("latin-1")).encode("latin-1")
                if key == b"location"
                else value,
            )
            for key, value in headers
        ]


def is_json(content_type: str | None) -> bool:
    return content_type is not None and "json" in content_type.lower()
