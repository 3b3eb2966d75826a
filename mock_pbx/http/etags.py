"""Conditional GET: an ETag on every JSON GET answer of the API, and 304 when If-None-Match has it."""

import hashlib
from collections.abc import Callable

from starlette.types import Message, Scope, Send

from mock_pbx.http.cache import Kept


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest() + '"'


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag in tags


def tagging(scope: Scope, send: Send, keep: Callable[[Kept], None]) -> Send:
    """A send that buffers a JSON 200 answer with a Content-Length (never the stream, never the
    WAV audio, which can be 115 MB), tags it, answers 304 when the client already holds that
    version, and hands the tagged answer to `keep` (the response cache)."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def tagging_send(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            if message["status"] == 200 and is_json_with_length(message):
                start = message
                return
            await send(message)
            return
        if start is None:
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            body = b"".join(chunks)
            etag = etag_of(body).encode()
            kept = Kept(0, [*start.get("headers", []), (b"etag", etag)], body, etag)
            if not no_store(start):
                keep(kept)
            await send_kept(scope, send, kept)

    return tagging_send


def no_store(start: Message) -> bool:
    """An answer that follows the clock, not only the data (a phone's SIP registrations): HTTP's
    `Cache-Control: no-store`, which the kept answers honour as any cache must."""
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    return b"no-store" in headers.get(b"cache-control", b"").lower()


def is_json_with_length(start: Message) -> bool:
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return b"content-length" in headers and media_type == b"application/json"


async def send_kept(scope: Scope, send: Send, kept: Kept) -> None:
    """A tagged answer, or 304 with no body when If-None-Match names its ETag."""
    if etag_matches(header(scope, b"if-none-match"), kept.etag.decode()):
        dropped = (b"content-length", b"content-type")
        headers = [(k, v) for k, v in kept.headers if k.lower() not in dropped]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": kept.headers})
    await send({"type": "http.response.body", "body": kept.body})
