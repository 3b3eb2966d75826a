"""Misbehaving on purpose: applies the runtime's latency and fault rules to emulated-API requests
(never to /_admin)."""

import asyncio

from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from mock_pbx.http.base import ApiMiddleware
from mock_pbx.wire.errors import STATUS_MESSAGES, error_body


class FaultMiddleware(ApiMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        faults = self.runtime.faults
        method, path = scope["method"], scope["path"]
        wait = faults.delay_ms(method, path)
        rule = faults.fire(method, path)
        wait += rule.delay_ms if rule else 0
        if wait:
            await asyncio.sleep(wait / 1000)  # real latency, for the client's own timeouts
        if rule is None or rule.status is None:
            await self.app(scope, receive, send)
            return
        body = (
            rule.body
            if rule.body is not None
            else error_body(STATUS_MESSAGES.get(rule.status, "Injected fault"))
        )
        await JSONResponse(body, status_code=rule.status)(scope, receive, send)
