"""The request body, read once for every request (the control API's and the web inbox's too): at
most 1 MiB (a 413 beyond, before the rest is read), and a JSON body whose strings hold a lone
UTF-16 surrogate ("\\ud800") is a 400 here: Python reads it, but it is not text, and neither the
database nor the answer could hold it."""

import json
import re
from collections.abc import Iterator
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.wire.errors import error_response

MAX_BODY_BYTES = 1024 * 1024  # nothing in this API needs more; larger bodies get a 413
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")
SURROGATES = re.compile("[\ud800-\udfff]")


class BodyTooLarge(Exception):
    pass


async def read_body(receive: Receive, limit: int = MAX_BODY_BYTES) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge()
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that first gives the app the body already read, then waits as the server would."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def strings(value: Any) -> Iterator[str]:
    """Every string of a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def has_lone_surrogate(body: bytes) -> bool:
    """A pair of surrogate escapes is one character once parsed; what is left alone is not."""
    if not SURROGATE_ESCAPE.search(body):
        return False  # the cheap test: most bodies stop here
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return False  # not JSON the app could read: the route answers its own 400
    return any(SURROGATES.search(text) for text in strings(value))


async def read_request_body(scope: Scope, receive: Receive, send: Send) -> Receive | None:
    """A receive() that hands the app the body already read; None when the request was answered
    instead: 413 past the limit, 400 for a lone surrogate."""
    try:
        body = await read_body(receive)
    except BodyTooLarge:
        await error_response(413)(scope, receive, send)
        return None
    if has_lone_surrogate(body):
        problem = "holds a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape): not text"
        await error_response(400, "Validation failed", [("body", problem)])(scope, receive, send)
        return None
    return replay(body, receive)
