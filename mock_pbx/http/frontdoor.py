"""The one ASGI layer in front of the routes. In order: the Host check, browsers' origins (CORS,
and the control API's refusal of foreign pages), the legacy quirks; then, for the emulated API,
the journal, the request body, the rate limit, faults and latency, conditional GET and the kept
answers (with --proxy-to: the journal, the body, faults and latency, then http.proxy answers
instead); for everything else, the request body only. Each step is a function of its own module
(hosts, origins, quirks, journaling, body, limiting, faulting, etags, cache); this one calls them
in turn, and does only what a request needs: a request with no Origin skips CORS altogether,
one with no quirk is not copied, faults cost nothing when none are set."""

import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_pbx.domain.logins import Users
from mock_pbx.http.body import read_request_body, replay
from mock_pbx.http.cache import Kept, ResponseCache, cache_key, may_keep
from mock_pbx.http.etags import send_kept, tagging
from mock_pbx.http.faulting import answered_by_a_fault
from mock_pbx.http.hosts import HostPolicy, refuse_host
from mock_pbx.http.journaling import RedactedAccessLog, everything, failed_logins, journalled
from mock_pbx.http.limiting import WindowKeys, rate_limited
from mock_pbx.http.origins import ADMIN_PREFIX, BrowserOrigins
from mock_pbx.http.quirks import legacy_request
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import DOWNLOAD_LOGIN, TOKENID
from mock_pbx.wire.headers import CLIENT_HEADER, first_values, is_inbox_request
from mock_pbx.wire.uris import API_PREFIX

if TYPE_CHECKING:  # the proxy is imported only when one is set: see proxy_for
    from mock_pbx.http.proxy.proxying import Proxy

Answer = tuple[int, Sequence[tuple[bytes, bytes]], bytes]  # status, headers, body


class LeanPath(Protocol):
    """Answers without the routes (api/lean), or None to let the routes answer."""

    async def get(self, scope: Scope) -> Answer | None: ...

    async def post(self, scope: Scope, body: bytes) -> Answer | None: ...


class FrontDoor:
    def __init__(
        self, app: ASGIApp, runtime: Runtime, users: Users, fast: LeanPath | None = None
    ) -> None:
        settings = runtime.settings
        self.app, self.runtime, self.users, self.fast = app, runtime, users, fast
        self.hosts = HostPolicy.from_settings(settings)
        self.origins = BrowserOrigins(self.gate, settings.cors_origins, settings.admin_origins)
        self.varies_by_origin = bool(self.origins.api_allowed)
        self.cache = ResponseCache()
        self.window_key = WindowKeys(runtime, users)
        self.proxy = proxy_for(runtime)  # --proxy-to: the upstream answers /api/v1, not the routes
        # uvicorn logs each request's path and query: a tokenid's value is kept out of the log.
        logging.getLogger("uvicorn.access").addFilter(ACCESS_LOG_FILTER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)  # lifespan
            return
        headers = first_values(scope["headers"])
        if not self.hosts.any_host and not self.hosts.allows_scope(scope, headers.get(b"host")):
            await refuse_host(scope, receive, send, headers.get(b"host"))
        elif scope["type"] == "websocket":
            await self.app(scope, receive, send)
        elif b"origin" in headers or (
            b"sec-fetch-site" in headers and scope["path"].startswith(ADMIN_PREFIX)
        ):
            await self.origins(scope, receive, send)  # which calls gate
        elif self.varies_by_origin and not scope["path"].startswith(ADMIN_PREFIX):
            await self.gate(scope, receive, vary_by_origin(send))
        else:
            await self.gate(scope, receive, send)

    async def gate(self, scope: Scope, receive: Receive, send: Send) -> None:
        """After the browser rules: quirks, then what the kind of request needs."""
        scope, send = legacy_request(scope, send)
        if not scope["path"].startswith(API_PREFIX):
            await self.with_body(scope, receive, send)
            return
        if self.proxy is not None and not is_inbox_request(scope["headers"]):
            await self.proxied(scope, receive, send)
            return
        if TOKENID_BYTES in scope.get("query_string", b""):
            scope = spend_download_token(self.runtime, scope)
        if is_inbox_request(scope["headers"]):
            # The web inbox's own request: journalled only if its login failed, not limited,
            # faulted or cached, so what a test inspects or breaks is what the app sent.
            tap, send = journalled(self.runtime, scope, receive, send, failed_logins)
            await self.with_body(scope, tap, send)
        else:
            await self.api(scope, receive, send)

    async def with_body(self, scope: Scope, receive: Receive, send: Send) -> None:
        replayed = await read_request_body(scope, receive, send)
        if replayed is not None:
            await self.app(scope, replayed, send)

    async def api(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An emulated-API request of the application under test."""
        tap, send = journalled(self.runtime, scope, receive, send, everything)
        replayed = await read_request_body(scope, tap, send)
        if replayed is None:
            return
        limited = await rate_limited(self.runtime, self.window_key, scope, replayed, send)
        if limited is None or await answered_by_a_fault(self.runtime, scope, replayed, limited):
            return
        if scope["method"] == "GET":
            await self.answer_get(scope, replayed, limited)
        elif scope["method"] == "POST" and self.fast is not None:
            await self.answer_post(scope, replayed, limited)
        else:
            await self.app(scope, replayed, limited)

    async def proxied(self, scope: Scope, receive: Receive, send: Send) -> None:
        """--proxy-to: journalled, the body read, latency and faults applied (a test can still
        break the proxy's answers), then the upstream answers. No tokenid is spent and no rate
        limit, kept answer or ETag of the emulator's applies: the upstream's own do."""
        assert self.proxy is not None
        tap, send = journalled(self.runtime, scope, receive, send, everything)
        replayed = await read_request_body(scope, tap, send)
        if replayed is None or await answered_by_a_fault(self.runtime, scope, replayed, send):
            return
        await self.proxy(scope, replayed, send)

    async def answer_get(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A kept answer when the data it was read from is unchanged; else the route's, tagged
        (ETag, 304) and kept if nothing changed while it was made."""
        headers = first_values(scope["headers"])
        token = self.runtime.cache_token() if may_keep(self.runtime, scope, headers) else None
        key = cache_key(scope, headers)
        kept = self.cache.get(key, token) if token is not None else None
        if kept is not None:
            await send_kept(scope, send, kept)
            return

        def keep(answer: Kept) -> None:
            if token is not None and self.runtime.cache_token() == token:
                self.cache.put(key, dataclasses.replace(answer, token=token))

        tagged = tagging(scope, send, keep)
        fast = await self.fast.get(scope) if self.fast is not None else None
        if fast is None:
            await self.app(scope, receive, tagged)
        else:
            await send_answer(tagged, fast)

    async def answer_post(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.fast is not None
        body = (await receive()).get("body", b"")  # the body read already, replayed
        fast = await self.fast.post(scope, body)
        if fast is None:
            await self.app(scope, replay(body, receive), send)
        else:
            await send_answer(send, fast)


def spend_download_token(runtime: Runtime, scope: Scope) -> Scope:
    """A GET (or HEAD) with `?tokenid=` and no Authorization spends that download token here, once
    for every step after it (rate limit, journal, lean path, routes): the scope it goes on with
    carries the token's login, or None for a token unknown, used or expired (a 401). On other
    methods a tokenid is no credential at all, and is not spent."""
    if scope["method"] != "GET":
        return scope
    if any(key == b"authorization" for key, _ in scope["headers"]):
        return scope
    query = scope["query_string"].decode("latin-1")
    values = [v for k, v in parse_qsl(query) if k == TOKENID]
    if not values:
        return scope
    grant = runtime.tokens.spend(values[0], runtime.clock.now())
    headers = scope["headers"]
    if grant is not None and grant.inbox:  # the inbox's <audio>: its request, as the inbox's own
        headers = [*headers, (CLIENT_HEADER, b"inbox")]
    username = grant.username if grant is not None else None
    return {**scope, "headers": headers, DOWNLOAD_LOGIN: username}


TOKENID_BYTES = TOKENID.encode()
ACCESS_LOG_FILTER = RedactedAccessLog()


async def send_answer(send: Send, answer: Answer) -> None:
    status, headers, body = answer
    await send({"type": "http.response.start", "status": status, "headers": list(headers)})
    await send({"type": "http.response.body", "body": body})


def vary_by_origin(send: Send) -> Send:
    """`Vary: Origin`, as the CORS layer adds to every answer it could have shaped (caches must
    not serve one origin's answer to another), here without running that layer."""

    async def varying_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), VARY_ORIGIN]}
        await send(message)

    return varying_send


VARY_ORIGIN = (b"vary", b"Origin")


def proxy_for(runtime: Runtime) -> "Proxy | None":
    """The recording proxy (http.proxy.Proxy) when --proxy-to is set, else None."""
    if not runtime.settings.proxy_to:
        return None
    # lazy: the proxy's modules (7 ms) only for the servers that proxy, not every cold start
    from mock_pbx.http.proxy.proxying import proxy_of

    return proxy_of(runtime)
