"""/api/v1/stream: one long-held chunked response of JSON events, one event per chunk, as the real
service's (Atmosphere) stream; a heartbeat on connect and every MOCK_PBX_HEARTBEAT_SECONDS."""

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from mock_pbx.api.auth import UserDep
from mock_pbx.runtime.events import encode, event_body
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import Unauthorized

router = APIRouter(tags=["stream"])


async def event_chunks(runtime: Runtime, customers: frozenset[int]) -> AsyncIterator[bytes]:
    listener = runtime.events.subscribe(customers)
    heartbeat = runtime.settings.heartbeat_seconds
    try:
        yield encode(event_body("heartbeat"))
        while True:
            try:
                event = await asyncio.wait_for(listener.queue.get(), timeout=heartbeat)
            except TimeoutError:
                event = event_body("heartbeat")
            if event is None:  # the server is stopping
                return
            yield encode(event)
    finally:
        runtime.events.unsubscribe(listener)


@router.get(
    "/stream",
    name="stream",
    operation_id="streamEvents",
    summary="Stream live events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"application/json": {}},
            "description": "JSON events, one per chunk, until the client leaves",
        }
    },
)
async def stream(request: Request, user: UserDep) -> StreamingResponse:
    """Live events of the login's customers: incomingcall, smsreceived, smsdelivered, callended."""
    if not user.is_admin:
        raise Unauthorized("The event stream is for account admins")
    # Unknown query parameters (atmosphere.js adds X-Atmosphere-*) are ignored.
    runtime: Runtime = request.app.state.runtime
    return StreamingResponse(
        event_chunks(runtime, frozenset(user.customers)), media_type="application/json"
    )
