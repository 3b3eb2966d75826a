"""The proxy's answer to one /api/v1 request, in the front door's place for the lean path and
the routes: a write refused unless MOCK_PBX_PROXY_WRITES (real SMS and calls cost real money),
else the request forwarded with the caller's own credentials and the upstream's answer given back
with the proxy's URIs; the journal entry marked as proxied, and with MOCK_PBX_RECORD the exchange
handed to the recorder once the client has its answer.

In proxy mode every /api/v1 request is forwarded: the real account is the truth, and an answer
made up here (an id the upstream never issued, a list without the upstream's newest SMS) would
mix two accounts in one client. Only the web inbox's own requests stay with the emulator."""

import logging
from pathlib import Path

import httpx
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from mock_pbx.http.journaling import PROXIED
from mock_pbx.http.proxy.forwarding import (
    Exchange,
    Unreachable,
    send_upstream,
    upstream_request,
    upstream_url,
)
from mock_pbx.http.proxy.recording import Recorder
from mock_pbx.http.proxy.rewriting import Rebase, answer_headers
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import error_response
from mock_pbx.wire.uris import API_PREFIX, base_url

log = logging.getLogger("mock_pbx.proxy")
READS = frozenset({"GET", "HEAD", "OPTIONS"})
# A login, not a write: Bearer clients (the Node client) need it, and it costs nothing.
NOT_WRITES = frozenset({("POST", f"{API_PREFIX}/authenticate")})
WRITES_REFUSED = (
    "Writes are not forwarded: this mock-pbx proxies reads only to {url}, because on the real "
    "service an SMS or a call costs real money. Start it with --proxy-writes "
    "(MOCK_PBX_PROXY_WRITES=true) to forward writes too."
)


class Proxy:
    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        assert settings.proxy_to is not None
        self.upstream = settings.proxy_to.rstrip("/")
        self.writes = settings.proxy_writes
        self.recorder = (
            Recorder(Path(settings.record), self.upstream, runtime.clock)
            if settings.record
            else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answers a request whose body the front door read already (replayed by `receive`)."""
        body = (await receive()).get("body", b"")
        url = upstream_url(self.upstream, scope)
        if is_write(scope) and not self.writes:
            scope[PROXIED] = {"url": url, "forwarded": False, "status": None}
            message = WRITES_REFUSED.format(url=self.upstream)
            await error_response(403, message)(scope, receive, send)
            return
        own = base_url(Request(scope)) + API_PREFIX
        async with httpx.AsyncClient(follow_redirects=False) as client:
            request = upstream_request(client, url, scope, body, Rebase(own, self.upstream))
            try:
                exchange = await send_upstream(client, request)
            except Unreachable as error:
                await self.unreachable(scope, receive, send, url, error)
                return
            try:
                await self.answer(scope, receive, send, exchange, Rebase(self.upstream, own), body)
            finally:
                await exchange.response.aclose()

    async def answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        exchange: Exchange,
        to_client: Rebase,
        sent: bytes,
    ) -> None:
        status = exchange.response.status_code
        headers = to_client.headers(answer_headers(exchange.response.headers.raw))
        scope[PROXIED] = {"url": exchange.url, "forwarded": True, "status": status}
        if exchange.streamed:
            rebase = to_client if exchange.json else None
            streamed = StreamingResponse(exchange.chunks(rebase), status_code=status)
            streamed.raw_headers = headers
            await streamed(scope, receive, send)
            return
        try:
            body = to_client.json(await exchange.body())
        except Unreachable as error:
            await self.unreachable(scope, receive, send, exchange.url, error)
            return
        length = (b"content-length", str(len(body)).encode())
        await send({"type": "http.response.start", "status": status, "headers": [*headers, length]})
        await send({"type": "http.response.body", "body": body})
        self.record(scope, status, headers, body, sent)

    async def unreachable(
        self, scope: Scope, receive: Receive, send: Send, url: str, error: Unreachable
    ) -> None:
        scope[PROXIED] = {"url": url, "forwarded": True, "status": None, "error": error.reason}
        await error_response(error.status, error.reason)(scope, receive, send)

    def record(
        self,
        scope: Scope,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        sent: bytes,
    ) -> None:
        """The client has its answer: a recording that fails (a full disk) is logged, and the
        proxy goes on."""
        if self.recorder is None:
            return
        try:
            if scope["method"] == "GET":
                self.recorder.read(scope, status, body)
            elif is_write(scope):
                location = dict(headers).get(b"location", b"").decode("latin-1") or None
                self.recorder.write(scope, status, sent, location, body)
        except Exception as error:  # whatever the upstream sent: the client has its answer
            log.warning(
                "mock-pbx could not record %s %s: %s", scope["method"], scope["path"], error
            )


def is_write(scope: Scope) -> bool:
    method: str = scope["method"]
    return method not in READS and (method, scope["path"]) not in NOT_WRITES


def proxy_of(runtime: Runtime) -> "Proxy | None":
    return Proxy(runtime) if runtime.settings.proxy_to else None
