"""The server's connections: a client that trickles its headers (slowloris), or opens a connection
and sends nothing, is cut off after MOCK_PBX_HEADER_TIMEOUT_SECONDS; ordinary clients, keep-alive
included, are not. Over real sockets, against a live server."""

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from mock_pbx import create_app
from mock_pbx.http.connections import HeaderDeadlineH11, HeaderDeadlineHttpTools
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer

from .conftest import START

DEADLINE = 1.0


@pytest.fixture(scope="module", params=[HeaderDeadlineHttpTools, HeaderDeadlineH11])
def server(seeded: FastAPI, request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """On uvicorn's fast parser (httptools, the default) and its pure-Python one (h11)."""
    settings = Settings(header_timeout_seconds=DEADLINE)
    app = create_app(settings, clock=ManualClock(START), template=seeded.state.runtime.db)
    with LiveServer(app, http=request.param) as live:
        yield live


def connect(server: LiveServer) -> socket.socket:
    sock = socket.create_connection((server.host, server.port), timeout=10)
    sock.settimeout(10)
    return sock


def closed_after(sock: socket.socket, trickle: bytes) -> float:
    """Seconds until the server closes the connection, sending one byte of `trickle` every 0.2 s."""
    started = time.monotonic()
    for byte in trickle:
        try:
            sock.sendall(bytes([byte]))
        except OSError:  # the server closed it already
            return time.monotonic() - started
        sock.settimeout(0.2)
        try:
            if sock.recv(1024) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
    sock.settimeout(10)
    sock.recv(1024)  # b"" once the server closes
    return time.monotonic() - started


def test_a_client_that_trickles_its_headers_is_cut_off(server):
    with connect(server) as sock:
        took = closed_after(
            sock, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 60
        )
    assert DEADLINE * 0.8 < took < DEADLINE + 2


def test_a_connection_that_sends_nothing_is_closed(server):
    with connect(server) as sock:
        started = time.monotonic()
        assert sock.recv(1024) == b""
    assert time.monotonic() - started < DEADLINE + 2


def test_a_kept_alive_connection_gets_a_new_deadline_for_each_request(server):
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/healthz").status_code == 200
        time.sleep(DEADLINE * 1.5)  # idle (real time): within uvicorn's keep-alive, past a deadline
        assert client.get("/healthz").status_code == 200


def test_a_request_whose_headers_arrive_in_time_is_served_even_if_slow_to_answer(server):
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 200")
