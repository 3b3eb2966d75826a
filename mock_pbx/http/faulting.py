"""Misbehaving on purpose: applies the runtime's latency and fault rules to emulated-API requests
(never to /_admin)."""

import asyncio

from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import STATUS_MESSAGES, error_body

# Where the rule that fired for a request waits in its scope for the journal's entry.
FIRED_RULE = "mock_pbx.fault"


async def answered_by_a_fault(runtime: Runtime, scope: Scope, receive: Receive, send: Send) -> bool:
    """Waits the latency that applies, and answers the request if a fault rule fires for it."""
    faults = runtime.faults
    if not (faults.rules or faults.latency or faults.route_latency):
        return False  # none set: the usual case costs nothing
    method, path = scope["method"], scope["path"]
    wait = faults.delay_ms(method, path)
    rule = faults.fire(method, path)
    if rule is not None:
        scope[FIRED_RULE] = rule.fired_view()
        wait += rule.delay_ms
    if wait:
        await asyncio.sleep(wait / 1000)  # real latency, for the client's own timeouts
    if rule is None or rule.status is None:
        return False
    body = (
        rule.body
        if rule.body is not None
        else error_body(STATUS_MESSAGES.get(rule.status, "Injected fault"))
    )
    await JSONResponse(body, status_code=rule.status)(scope, receive, send)
    return True
