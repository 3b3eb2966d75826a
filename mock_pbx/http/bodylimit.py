"""The request body limit: an API request's body is read once, up to 1 MiB (a 413 beyond), and
handed to the app in one piece."""

from starlette.types import Message, Receive, Scope, Send

from mock_pbx.http.base import ApiMiddleware
from mock_pbx.wire.errors import error_response

MAX_BODY_BYTES = 1024 * 1024  # nothing in this API needs more; larger bodies get a 413


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


class BodyLimit(ApiMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            body = await read_body(receive)
        except BodyTooLarge:
            await error_response(413)(scope, receive, send)
            return
        await self.app(scope, replay(body, receive), send)
