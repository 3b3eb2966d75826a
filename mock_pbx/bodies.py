"""Reading a request body once, up to a limit, and handing it on to the app unchanged."""

from starlette.types import Message, Receive

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
