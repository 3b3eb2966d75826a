"""pytest plugin (entry point pytest11): a live mock-pbx for downstream test suites.

Fixtures:
- mock_pbx_settings (session): the Settings the server runs with; override it in a conftest.
- mock_pbx_server (session): a live server on a free port, in a thread; or, with --mock-pbx-url /
  MOCK_PBX_URL, an already running one (a container in CI).
- mock_pbx: a per-test handle (state reset before each test): .url, .client, .reset(), .advance(),
  .sent_sms(), .otp(), .fault(), .inbound_sms(), .inbound_call(), .requests(), .scenario().
- mock_pbx_asgi: the same, in process (no sockets): .client is an httpx.AsyncClient on the app.

Keyword arguments are Python's snake_case (`fault(path, status=503, delay_ms=200)`); the control
API is camelCase, and they go on the wire as such (`delayMs`).
"""

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic.alias_generators import to_camel

from mock_pbx.settings import Settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--mock-pbx-url",
        default=os.environ.get("MOCK_PBX_URL"),
        help="use a running mock-pbx (e.g. http://localhost:8000) instead of starting one",
    )


def camel_case(options: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments as the control API names them: delay_ms -> delayMs (delayMs stays)."""
    return {to_camel(name): value for name, value in options.items()}


class MockPbx:
    """One test's view of a mock-pbx server: its API, authenticated, and its control API."""

    def __init__(
        self,
        base_url: str,
        login: tuple[str, str] = ("demo", "demo"),
        admin_token: str | None = None,
        transport: Any = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.url = f"{self.base_url}/api/v1"
        headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
        self.client = httpx.Client(base_url=self.url, auth=login, transport=transport)
        self.admin = httpx.Client(
            base_url=f"{self.base_url}/_admin", headers=headers, transport=transport, timeout=330
        )

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.admin.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, customer: int | None = None) -> None:
        self.control("POST", "/reset", params={"customer": customer} if customer else None)

    def advance(self, by: float | str) -> dict[str, Any]:
        """Move the clock on (seconds or an ISO duration such as "PT5M"); due steps run."""
        result: dict[str, Any] = self.control("POST", "/clock", json={"advance": by})
        return result

    def set_clock(self, when: str) -> dict[str, Any]:
        result: dict[str, Any] = self.control("POST", "/clock", json={"set": when})
        return result

    def sent_sms(
        self,
        to: str | None = None,
        contains: str | None = None,
        wait: float = 0,
        latest: bool = False,
    ) -> list[dict[str, Any]]:
        """SMS the code under test sent, newest first; `wait` long-polls for the first match."""
        params = {
            k: v
            for k, v in {"to": to, "contains": contains, "wait": wait, "latest": latest}.items()
            if v not in (None, False, 0)
        }
        items: list[dict[str, Any]] = self.control("GET", "/sms", params=params)["items"]
        return items

    def otp(self, to: str, wait: float = 5) -> str | None:
        """The code in the newest SMS to `to` (waiting for it up to `wait` seconds)."""
        found = self.sent_sms(to=to, wait=wait, latest=True)
        return found[0]["otp"] if found else None

    def fault(self, path: str = "*", status: int | None = 500, **rule: Any) -> dict[str, Any]:
        """Make matching requests fail or wait (`times`, `probability`, `delay_ms`, `method`,
        `body`, `seed`); sent as the control API's camelCase (`delayMs`). The rule as shown."""
        result: dict[str, Any] = self.control(
            "POST", "/faults", json={"path": path, "status": status, **camel_case(rule)}
        )
        return result

    def inbound_sms(self, to: str, sender: str, body: str) -> dict[str, Any]:
        result: dict[str, Any] = self.control(
            "POST", "/sms/inbound", json={"to": to, "from": sender, "body": body}
        )
        return result

    def inbound_call(self, to: str, sender: str, **options: Any) -> dict[str, Any]:
        """Someone calls `to` (`caller_id_name`, `outcome`, `duration`, sent as camelCase); the
        live call as GET /_admin/calls shows it (camelCase keys: `endpointId`, `answeredAt`...)."""
        result: dict[str, Any] = self.control(
            "POST", "/calls/inbound", json={"to": to, "from": sender, **camel_case(options)}
        )
        return result

    def requests(self, method: str | None = None, path: str | None = None) -> list[dict[str, Any]]:
        """The journal of API requests the code under test made."""
        params = {k: v for k, v in {"method": method, "path": path}.items() if v}
        items: list[dict[str, Any]] = self.control("GET", "/requests", params=params)["items"]
        return items

    def scenario(self, scenario: str | dict[str, Any]) -> Any:
        """Apply fixtures/scenarios/<name>.json, or a scenario given as a dict."""
        if isinstance(scenario, str):
            return self.control("POST", f"/scenarios/{scenario}")
        return self.control("POST", "/scenarios", json=scenario)

    def close(self) -> None:
        self.client.close()
        self.admin.close()


class RemoteServer:
    """A mock-pbx someone else started (a container, another process)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")


@pytest.fixture(scope="session")
def mock_pbx_settings() -> Settings:
    """A manual clock, so tests move time themselves; override this fixture to change anything."""
    return Settings(clock="manual", database_url="sqlite://")


@pytest.fixture(scope="session")
def mock_pbx_server(request: pytest.FixtureRequest, mock_pbx_settings: Settings) -> Iterator[Any]:
    url = request.config.getoption("--mock-pbx-url")
    if url:
        yield RemoteServer(url)
        return
    # Imported here, not at the top: pytest loads this plugin in every session of a project
    # that installs mock-pbx, and only the sessions that use it should pay for the app.
    from mock_pbx.app import create_app  # lazy: only sessions that use the server import it
    from mock_pbx.testing import LiveServer  # lazy: as create_app

    with LiveServer(create_app(mock_pbx_settings)) as server:
        yield server


@pytest.fixture
def mock_pbx(mock_pbx_server: Any, mock_pbx_settings: Settings) -> Iterator[MockPbx]:
    handle = MockPbx(
        mock_pbx_server.url,
        (mock_pbx_settings.username, mock_pbx_settings.password),
        mock_pbx_settings.admin_token or os.environ.get("MOCK_PBX_ADMIN_TOKEN"),
    )
    handle.reset()
    yield handle
    handle.close()


class InProcessPbx:
    """mock_pbx without sockets: an async client on the app, and direct control calls."""

    def __init__(self, app: FastAPI, login: tuple[str, str]) -> None:
        self.app, self.runtime = app, app.state.runtime
        self.transport = httpx.ASGITransport(app=app)
        self.url = "http://mock-pbx/api/v1"
        self.client = httpx.AsyncClient(transport=self.transport, base_url=self.url, auth=login)
        self.admin = httpx.AsyncClient(transport=self.transport, base_url="http://mock-pbx/_admin")

    def reset(self, customer: int | None = None) -> None:
        from mock_pbx.seeding import operations  # lazy: see mock_pbx_server

        operations.reset(self.runtime, customer)

    def advance(self, seconds: float) -> int:
        return int(self.runtime.advance(seconds))

    async def sent_sms(self, **params: Any) -> list[dict[str, Any]]:
        response = await self.admin.get("/sms", params=params)
        items: list[dict[str, Any]] = response.raise_for_status().json()["items"]
        return items

    def fault(self, path: str = "*", status: int | None = 500, **rule: Any) -> dict[str, Any]:
        """As MockPbx.fault (snake_case keyword arguments); the rule as the control API shows it."""
        view: dict[str, Any] = self.runtime.faults.add(path=path, status=status, **rule).view()
        return view


@pytest.fixture(scope="session")
def mock_pbx_app(mock_pbx_settings: Settings) -> FastAPI:
    from mock_pbx.app import create_app  # lazy: see mock_pbx_server

    return create_app(mock_pbx_settings)


@pytest.fixture
def mock_pbx_asgi(mock_pbx_app: FastAPI, mock_pbx_settings: Settings) -> Iterator[InProcessPbx]:
    handle = InProcessPbx(mock_pbx_app, (mock_pbx_settings.username, mock_pbx_settings.password))
    handle.reset()
    yield handle
