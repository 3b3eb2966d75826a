"""Conditional GET: an ETag on every JSON GET answer of the API, and 304 when If-None-Match has it."""

import hashlib

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.http.base import ApiMiddleware


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


class ConditionalGet(ApiMiddleware):
    """Buffers a JSON GET response that has a Content-Length (never the stream, never the WAV
    audio, which can be 115 MB), tags it, and answers 304 with no body when the client already
    holds that version."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
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
                await send_tagged(scope, send, start, b"".join(chunks))

        await self.app(scope, receive, tagging_send)


def is_json_with_length(start: Message) -> bool:
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return b"content-length" in headers and media_type == b"application/json"


async def send_tagged(scope: Scope, send: Send, start: Message, body: bytes) -> None:
    etag = etag_of(body)
    headers = [*start.get("headers", []), (b"etag", etag.encode())]
    if etag_matches(header(scope, b"if-none-match"), etag):
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})
