"""The in-process handle: the app called directly, no sockets. The control methods are the live
handle's, sent through a synchronous httpx transport on the app, so they work in sync and async
tests alike; the API is reached with `client` (httpx.AsyncClient) or `sync_client` (httpx.Client).
"""

import anyio.from_thread
import httpx
from fastapi import FastAPI

from mock_pbx.pytest_plugin.handle import PbxHandle

ORIGIN = "http://mock-pbx"  # a host the app accepts (allowed_hosts lets mock-pbx in)


class BlockingAsgiTransport(httpx.BaseTransport):
    """httpx's ASGITransport, for a synchronous client: each request runs on an event loop of its
    own, in a thread, so it can be sent from inside an async test's running loop too."""

    def __init__(self, app: FastAPI) -> None:
        self.asgi = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with anyio.from_thread.start_blocking_portal() as portal:
            return portal.call(self.answer, request)

    async def answer(self, request: httpx.Request) -> httpx.Response:
        response = await self.asgi.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)


class InProcessPbx(PbxHandle):
    """One test's view of the app in this process: `url`, `client`, `sync_client`, `transport`
    (for an httpx.AsyncClient of your own), `app`, `runtime` and PbxHandle's control methods."""

    def __init__(
        self, app: FastAPI, login: tuple[str, str], admin_token: str | None = None
    ) -> None:
        self.app, self.runtime = app, app.state.runtime
        self.transport = httpx.ASGITransport(app=app)
        self.url = f"{ORIGIN}/api/v1"
        self.client = httpx.AsyncClient(transport=self.transport, base_url=self.url, auth=login)
        blocking = BlockingAsgiTransport(app)
        self.sync_client = httpx.Client(transport=blocking, base_url=self.url, auth=login)
        headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else None
        self.admin = httpx.Client(transport=blocking, base_url=f"{ORIGIN}/_admin", headers=headers)

    def close(self) -> None:
        # The AsyncClient on an ASGITransport holds no connection; closing it needs an event
        # loop, which a sync test does not have.
        self.sync_client.close()
        super().close()
