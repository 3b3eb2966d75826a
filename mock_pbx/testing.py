"""Helpers for tests against a real HTTP server: mock-pbx served by uvicorn in a thread, a free
port, and how to start the machine's headless Chromium (the web inbox's tests and screenshots)."""

import shutil
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI

from mock_pbx.http.connections import connection_options

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's; none can be downloaded here
# Without the network flags, Chromium's background connections are refused on a closed network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def uvicorn_config(app: FastAPI, **options: Any) -> uvicorn.Config:
    quiet = {"log_level": "warning", "timeout_graceful_shutdown": 1, "lifespan": "on"}
    return uvicorn.Config(app, **{**quiet, **options})


class LiveServer:
    """Serves an app on a free local port until stopped; a context manager."""

    def __init__(
        self, app: FastAPI, host: str = "127.0.0.1", port: int | None = None, **overrides: Any
    ) -> None:
        """`overrides` replace uvicorn.Config's arguments (e.g. http=, the protocol class)."""
        self.app, self.host, self.port = app, host, port or free_port(host)
        options = {**connection_options(app.state.settings), **overrides}
        config = uvicorn_config(app, host=self.host, port=self.port, **options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="mock-pbx-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:  # start-up, not the emulator's clock
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"mock-pbx did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.app.state.runtime.events.close_all()
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
