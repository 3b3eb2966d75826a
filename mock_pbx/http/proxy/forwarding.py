"""One request sent on to the upstream API and its answer read: the URL below the upstream's base
(the path below /api/v1 and the query, as the front door's quirks left them), the request body
with the proxy's URIs turned back into the upstream's, and a failure to reach it as a 502 (a 504
when it did not answer in time), never a 500. One connection per request: a developer's proxy,
not a load balancer, and nothing is left open when an event loop ends (a test's client)."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import quote

import httpx
from starlette.types import Scope

from mock_pbx.http.proxy.rewriting import Rebase, is_json, request_headers
from mock_pbx.wire.uris import API_PREFIX

CONNECT_SECONDS = 10.0
READ_SECONDS = 60.0  # a list of a few thousand calls on a slow account
STREAM_SUFFIX = "/stream"  # the event stream: an answer that never ends, read without a deadline


class Unreachable(Exception):
    """The upstream gave no answer: the status to answer with and the reason, in words."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class Exchange:
    """An upstream answer being read: its status, headers and body (streamed or whole)."""

    url: str
    response: httpx.Response

    @property
    def json(self) -> bool:
        return is_json(self.response.headers.get("content-type"))

    async def body(self) -> bytes:
        try:
            return await self.response.aread()
        except httpx.HTTPError as error:
            raise unreachable(self.url, error) from error

    @property
    def streamed(self) -> bool:
        """Passed on as it comes: audio, and the event stream (JSON, but it never ends). An
        answer without a body (204, 304) is read whole, so a recording sees a DELETE done."""
        bodiless = self.response.status_code in (204, 304)
        return (not self.json and not bodiless) or is_stream(self.url)

    async def chunks(self, rebase: Rebase | None) -> AsyncIterator[bytes]:
        """The body as it comes, each piece of JSON rebased (the event stream's events, one a
        chunk, as far as the network keeps them whole). It ends early if the upstream goes
        away mid-way (the status line is sent by then: a client sees a short body, as from the
        upstream itself)."""
        try:
            async for chunk in self.response.aiter_bytes():
                yield chunk if rebase is None else rebase.json(chunk)
        except httpx.HTTPError:
            return


def upstream_url(base: str, scope: Scope) -> str:
    raw: bytes = scope.get("raw_path") or quote(scope["path"]).encode()
    below = raw.decode("latin-1")[len(API_PREFIX) :]
    query: bytes = scope.get("query_string", b"")
    return base + below + ("?" + query.decode("latin-1") if query else "")


def upstream_request(
    client: httpx.AsyncClient, url: str, scope: Scope, body: bytes, to_upstream: Rebase
) -> httpx.Request:
    headers = request_headers(scope["headers"])
    content_type = next((value for key, value in headers if key == "content-type"), None)
    if body and is_json(content_type):
        body = to_upstream.json(body)
    timeout = httpx.Timeout(
        READ_SECONDS, connect=CONNECT_SECONDS, read=None if is_stream(url) else READ_SECONDS
    )
    method = scope["method"]
    return client.build_request(method, url, headers=headers, content=body, timeout=timeout)


def is_stream(url: str) -> bool:
    return url.split("?")[0].endswith(STREAM_SUFFIX)


async def send_upstream(client: httpx.AsyncClient, request: httpx.Request) -> Exchange:
    url = str(request.url)
    try:
        return Exchange(url, await client.send(request, stream=True))
    except httpx.HTTPError as error:
        raise unreachable(url, error) from error


def unreachable(url: str, error: httpx.HTTPError) -> Unreachable:
    if isinstance(error, httpx.TimeoutException):
        return Unreachable(504, f"The upstream API at {url} did not answer in time ({kind(error)})")
    detail = str(error) or kind(error)
    return Unreachable(502, f"The upstream API at {url} could not be reached: {detail}")


def kind(error: Exception) -> str:
    return type(error).__name__
