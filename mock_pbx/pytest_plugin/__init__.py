"""pytest plugin (entry point pytest11): mock-pbx for downstream test suites.

pytest imports this module in every session of an environment that has mock-pbx installed, so
it imports nothing but pytest and the standard library: the handles, httpx and the app are
imported when a fixture is first used, and a suite that uses none of them does not pay for them.

Fixtures:
- mock_pbx_settings (session): the Settings the server runs with; override it in a conftest.
- mock_pbx_server (session): a live server on a free port, in a thread; or, with --mock-pbx-url /
  MOCK_PBX_URL, an already running one (a container in CI).
- mock_pbx: a per-test handle on the live server (handle.PbxHandle's methods, and `.client`).
- mock_pbx_app (session), mock_pbx_asgi: the same handle, in process (no sockets).
Both handles reset the state before each test and apply @pytest.mark.mock_pbx (marker.py).
"""

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi import FastAPI

    from mock_pbx.pytest_plugin.inprocess import InProcessPbx
    from mock_pbx.pytest_plugin.live import MockPbx
    from mock_pbx.settings import Settings

MARKER = (
    "mock_pbx(scenario=NAME|DICT|[...], clock=ISO_TIME, faults=[{fault() arguments}], "
    "rate_limit=N|{limit, window_seconds}): per-test state for the mock_pbx fixtures, "
    "undone after the test"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--mock-pbx-url",
        default=os.environ.get("MOCK_PBX_URL"),
        help="use a running mock-pbx (e.g. http://localhost:8000) instead of starting one",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)  # so --strict-markers accepts it


def __getattr__(name: str) -> object:
    """The 0.1 names (`from mock_pbx.pytest_plugin import MockPbx`), imported when asked for."""
    if name in ("MockPbx", "RemoteServer"):
        from mock_pbx.pytest_plugin import live  # lazy: httpx, only for who uses a handle

        return getattr(live, name)
    if name == "InProcessPbx":
        from mock_pbx.pytest_plugin import inprocess  # lazy: the app's modules, as live

        return inprocess.InProcessPbx
    if name == "camel_case":
        from mock_pbx.pytest_plugin import handle  # lazy: as live

        return handle.camel_case
    raise AttributeError(name)


@pytest.fixture(scope="session")
def mock_pbx_settings() -> "Settings":
    """A manual clock, so tests move time themselves; override this fixture to change anything."""
    from mock_pbx.settings import Settings  # lazy: pydantic-settings, only when a fixture is used

    return Settings(clock="manual", database_url="sqlite://")


def credentials(settings: "Settings") -> tuple[tuple[str, str], str | None]:
    token = settings.admin_token or os.environ.get("MOCK_PBX_ADMIN_TOKEN")
    return (settings.username, settings.password), token


@pytest.fixture(scope="session")
def mock_pbx_server(request: pytest.FixtureRequest, mock_pbx_settings: "Settings") -> Iterator[Any]:
    url = request.config.getoption("--mock-pbx-url")
    if url:
        from mock_pbx.pytest_plugin.live import RemoteServer  # lazy: as MockPbx

        yield RemoteServer(url)
        return
    from mock_pbx.app import create_app  # lazy: only sessions that use the server import it
    from mock_pbx.testing import LiveServer  # lazy: as create_app

    with LiveServer(create_app(mock_pbx_settings)) as server:
        yield server


@pytest.fixture
def mock_pbx(
    request: pytest.FixtureRequest, mock_pbx_server: Any, mock_pbx_settings: "Settings"
) -> Iterator["MockPbx"]:
    from mock_pbx.pytest_plugin.live import MockPbx  # lazy: as mock_pbx_server
    from mock_pbx.pytest_plugin.marker import prepared  # lazy: as MockPbx

    login, token = credentials(mock_pbx_settings)
    yield from prepared(MockPbx(mock_pbx_server.url, login, token), request.node)


@pytest.fixture(scope="session")
def mock_pbx_app(mock_pbx_settings: "Settings") -> "FastAPI":
    from mock_pbx.app import create_app  # lazy: see mock_pbx_server

    return create_app(mock_pbx_settings)


@pytest.fixture
def mock_pbx_asgi(
    request: pytest.FixtureRequest, mock_pbx_app: "FastAPI", mock_pbx_settings: "Settings"
) -> Iterator["InProcessPbx"]:
    from mock_pbx.pytest_plugin.inprocess import InProcessPbx  # lazy: see mock_pbx_server
    from mock_pbx.pytest_plugin.marker import prepared  # lazy: as InProcessPbx

    login, token = credentials(mock_pbx_settings)
    yield from prepared(InProcessPbx(mock_pbx_app, login, token), request.node)
