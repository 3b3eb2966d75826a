"""The server's HTTP connections, as uvicorn makes them for mock-pbx (serve.py, and the test
helpers' LiveServer): which proxies are trusted, and a deadline on each request's headers, on
uvicorn's fast parser (httptools, with `uvicorn[standard]`) or its pure-Python one (h11)."""

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from mock_pbx.settings import Settings

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # uvicorn without its [standard] extra: h11 only
    HttpToolsProtocol = None  # type: ignore[assignment,misc]  # the optional parser is absent

HEADER_TIMEOUT_VARIABLE = "MOCK_PBX_HEADER_TIMEOUT_SECONDS"


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn trusts X-Forwarded-Proto/-For from 127.0.0.1 by default: on a laptop, that is every
    client. mock-pbx trusts only MOCK_PBX_TRUSTED_PROXIES (none by default)."""
    proxies = settings.trusted_proxies
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None}


def connection_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run / uvicorn.Config."""
    HeaderDeadline.header_timeout = settings.header_timeout_seconds
    protocol = HeaderDeadlineHttpTools if HttpToolsProtocol is not None else HeaderDeadlineH11
    return {**proxy_options(settings), "http": protocol}


class HeaderDeadline:
    """A deadline on each request's headers, from the connection's opening or the request's
    first byte: a client that trickles them (slowloris) or never sends any is cut off, instead of
    holding a connection for ever. (uvicorn's own timeout covers only the idle time between two
    requests.) Mixed into uvicorn's protocols, which provide the loop and the transport."""

    # Worker processes import this class afresh: they read the setting from the environment,
    # where serve.environment_for put it (the parent process validated it).
    header_timeout = float(os.environ.get(HEADER_TIMEOUT_VARIABLE) or 10.0)
    header_deadline: asyncio.TimerHandle | None = None
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def start_header_deadline(self) -> None:
        if self.header_deadline is None:
            self.header_deadline = self.loop.call_later(self.header_timeout, self.headers_too_slow)

    def cancel_header_deadline(self) -> None:
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def headers_too_slow(self) -> None:
        self.header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


class HeaderDeadlineH11(HeaderDeadline, H11Protocol):
    # uvicorn's own signature narrows asyncio.Protocol's BaseTransport (and ignores it the same way).
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.start_header_deadline()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self.start_header_deadline()  # the first byte of a request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self.cancel_header_deadline()  # its headers are in

    def connection_lost(self, exc: Exception | None) -> None:
        self.cancel_header_deadline()
        super().connection_lost(exc)


if HttpToolsProtocol is not None:

    class HeaderDeadlineHttpTools(HeaderDeadline, HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as above
            super().connection_made(transport)
            self.start_header_deadline()

        def on_message_begin(self) -> None:
            self.start_header_deadline()  # a request's first byte (none runs while one is pending)
            super().on_message_begin()

        def on_headers_complete(self) -> None:
            self.cancel_header_deadline()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self.cancel_header_deadline()
            super().connection_lost(exc)
