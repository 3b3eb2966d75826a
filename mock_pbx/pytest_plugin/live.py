"""The live handle: a mock-pbx server reached over HTTP (one the plugin started in a thread, or
one given by --mock-pbx-url: a container, another process)."""

from typing import Any

import httpx

from mock_pbx.pytest_plugin.handle import PbxHandle

CONTROL_TIMEOUT = 330  # seconds: the outbox's long poll may wait up to 300


class MockPbx(PbxHandle):
    """One test's view of a live server: `url`, `client` (an authenticated httpx.Client on the
    API) and every control method of PbxHandle."""

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
            base_url=f"{self.base_url}/_admin",
            headers=headers,
            transport=transport,
            timeout=CONTROL_TIMEOUT,
        )

    def close(self) -> None:
        self.client.close()
        super().close()


class RemoteServer:
    """A mock-pbx someone else started (a container, another process)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
