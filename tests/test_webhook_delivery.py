"""How SMS webhooks are delivered when receivers misbehave, over real sockets: one deadline per
attempt, attempts in parallel, no redirects, nothing dropped without a record; and the ticker
that runs due steps (the retries among them) surviving a failed tick."""

import logging
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.runtime.runtime import webhook_worker
from mock_pbx.runtime.worker import Ticker, Worker
from mock_pbx.settings import Settings

from .conftest import BASE, START
from .support import Receiver, wait_until
from .test_inbound import advance, attempts_of, hook, text_in

DEADLINE = 0.5  # seconds: MOCK_PBX_WEBHOOK_TIMEOUT_SECONDS of the apps here
NUMBER_48 = "/customers/me/phonenumbers/48"  # 07557000000, another SMS-enabled number of 25
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"


class RawReceiver:
    """A local TCP server that reads each request and then runs `answer` on the connection;
    counts the connections it took."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        receiver = self
        self.connections = 0

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                receiver.connections += 1
                self.request.recv(65536)
                answer(self.request)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads, self.server.block_on_close = True, False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        serve = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        serve.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def silent(connection: socket.socket) -> None:
    """Never answers: waits until the client gives up and closes."""
    while connection.recv(65536):
        pass


def trickle(connection: socket.socket) -> None:
    """A whole 200, a byte every 0.1 s: each read returns well within any per-read timeout."""
    try:
        for byte in ANSWER:
            connection.sendall(bytes([byte]))
            time.sleep(0.1)
    except OSError:
        pass  # the client hung up


@pytest.fixture
def receivers() -> Iterator[Callable[..., RawReceiver]]:
    made: list[RawReceiver] = []

    def make(answer: Callable[[socket.socket], None]) -> RawReceiver:
        made.append(RawReceiver(answer))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def app(seeded: FastAPI) -> FastAPI:
    settings = Settings(database_url="sqlite://", webhook_timeout_seconds=DEADLINE)
    return create_app(settings, clock=ManualClock(START), template=seeded.state.runtime.db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client of an app of its own, with a short webhook deadline."""
    with TestClient(app, base_url=BASE) as test_client:
        test_client.auth = ("demo", "demo")
        yield test_client


def recorded(client, sms):
    return wait_until(lambda: attempts_of(client, sms))


def test_a_trickling_receiver_is_cut_at_the_deadline_and_recorded_as_failed(client, receivers):
    hook(client, receivers(trickle).url)
    started = time.monotonic()
    sms = text_in(client, "slowly")
    [attempt] = recorded(client, sms)
    assert DEADLINE <= time.monotonic() - started < DEADLINE + 1  # not the 3.8 s of the trickle
    assert (attempt["statusCode"], attempt["ok"]) == (None, False)
    assert attempt["error"] == "no complete answer within 0.5 s"
    assert attempt["nextRetry"] == "2026-01-15T10:30:05.000+0000"  # retried as failures are


def test_ten_slow_receivers_do_not_delay_a_webhook_to_a_fast_one(client, receivers):
    fast = Receiver()
    try:
        hook(client, receivers(silent).url)
        hook(client, fast.url, NUMBER_48)
        started = time.monotonic()
        for n in range(10):
            text_in(client, f"slow {n}")
        text_in(client, "fast", to="07557000000")
        wait_until(lambda: fast.posts)
        # 8 attempts in flight: the fast one waits at most for one slow one's deadline, where
        # one attempt at a time would have waited for all ten (5 s).
        assert time.monotonic() - started < DEADLINE + 1
    finally:
        fast.close()


def test_a_redirect_is_the_answer_and_is_not_followed(client, receivers):
    target = Receiver()
    try:
        redirect = f"HTTP/1.1 302 Found\r\nLocation: {target.url}\r\nContent-Length: 0\r\n\r\n"
        hook(client, receivers(lambda c: c.sendall(redirect.encode())).url)
        [attempt] = recorded(client, text_in(client, "over there"))
        assert (attempt["statusCode"], attempt["ok"]) == (302, False)
        assert attempt["error"] == "HTTP 302 (redirects are not followed)"
        assert attempt["nextRetry"] is not None
        assert target.posts == []
    finally:
        target.close()


def test_an_attempt_with_no_answer_is_recorded_at_the_deadline_and_retried(client, receivers):
    receiver = receivers(silent)
    hook(client, receiver.url)
    sms = text_in(client, "anyone?")
    [first] = recorded(client, sms)
    assert (first["statusCode"], first["ok"]) == (None, False)
    assert first["error"] == "no complete answer within 0.5 s"
    advance(client, 5)
    wait_until(lambda: len(attempts_of(client, sms)) == 2)
    assert receiver.connections == 2


def test_attempts_past_the_queue_bound_are_recorded_as_dropped(app, client, receivers):
    runtime = app.state.runtime
    runtime.webhooks = webhook_worker(runtime, bound=2, slots=1)
    receiver = receivers(silent)
    hook(client, receiver.url)
    first = text_in(client, "in flight")
    wait_until(lambda: receiver.connections == 1)
    waiting = [text_in(client, "waits"), text_in(client, "waits too")]
    dropped = text_in(client, "no room")
    [attempt] = recorded(client, dropped)
    assert (attempt["statusCode"], attempt["ok"]) == (None, False)
    assert attempt["error"] == "dropped: 2 attempts already waiting"
    assert attempt["nextRetry"] == "2026-01-15T10:30:05.000+0000"
    for sms in (first, *waiting):  # each made in its turn, at its deadline
        assert recorded(client, sms)[0]["error"] == "no complete answer within 0.5 s"


def test_drops_beyond_what_the_worker_can_hold_are_counted():
    started, release, dropped = threading.Event(), threading.Event(), []

    async def attempt(job: int) -> None:
        started.set()
        release.wait()  # holds the worker's loop: nothing is taken or recorded meanwhile

    worker = Worker(attempt, dropped.extend, "test-worker", bound=2, slots=1, dropped_bound=1)
    worker.submit(1)
    started.wait(5)
    for job in (2, 3, 4, 5):  # 2 and 3 wait, 4 is dropped and recorded, 5 only counted
        worker.submit(job)
    release.set()
    wait_until(lambda: dropped)
    worker.stop()
    assert (dropped, worker.lost) == ([(4, "dropped: 2 attempts already waiting")], 1)


def test_the_ticker_logs_a_failed_tick_and_ticks_on(caplog):
    ticks: list[int] = []

    def tick() -> None:
        ticks.append(len(ticks))
        if len(ticks) == 1:
            raise RuntimeError("the database went away")

    ticker = Ticker(tick, interval=0.01)
    with caplog.at_level(logging.WARNING, logger="mock_pbx.worker"):
        ticker.start()
        wait_until(lambda: len(ticks) >= 3)
        ticker.stop()
    failed, recovered = [r for r in caplog.records if r.name == "mock_pbx.worker"]
    assert failed.getMessage() == "a tick failed; ticking on"
    assert failed.exc_info is not None and "the database went away" in caplog.text
    assert recovered.getMessage() == "ticking again after 1 failed ticks"
