"""Reading a live API v1 for `mock-pbx import`: Basic auth, every page of a list (`nextPage`
until the end), the rate limit honoured (`X-RateLimit-Remaining` 0: wait `X-RateLimit-Reset`;
a 429: wait `Retry-After` and ask again) and a few retries on a dropped connection. Waiting goes
through an injected `sleep`, so tests never wait."""

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from mock_pbx.runtime.clock import SystemClock

API_PATH = "/api/v1"
PAGE_SIZE = 200  # the largest page the API serves: the fewest requests
RETRIES = 3  # connection failures in a row before giving up (waits 1, 2, 4 s)
LIMITED_RETRIES = 10  # 429s in a row before giving up
TIMEOUT = 30.0

Sleep = Callable[[float], None]
REAL_TIME = SystemClock().now  # the importer runs outside any emulator: real time is its time


class ApiError(Exception):
    """One line that says what went wrong; `status` is the HTTP status (0: no answer)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class Unreachable(ApiError):
    """No answer at all: refused, reset, timed out."""


def api_base(url: str) -> str:
    """`http(s)://host[:port]` or that with `/api/v1`, a trailing slash or not: the API's base
    (`.../api/v1`). A ValueError for anything else (another scheme, credentials in the URL)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// URL")
    if parts.username or parts.password:
        raise ValueError("the URL may not hold credentials (--user and the password variable)")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r} has a query or fragment")
    path = parts.path.rstrip("/")
    if not path.endswith(API_PATH):
        path += API_PATH
    return f"{parts.scheme}://{parts.netloc}{path}"


def retry_seconds(
    response: httpx.Response,
    header: str,
    default: float = 1.0,
    now: Callable[[], datetime] = REAL_TIME,
) -> float:
    """Seconds to wait, from a header giving seconds or (Retry-After may) an HTTP date."""
    value = response.headers.get(header)
    if value is None:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        return default
    return max(0.0, (when - now()).total_seconds())


class ApiClient:
    """GETs under one API base with one login; `requests` counts the requests sent."""

    def __init__(
        self,
        base: str,
        user: str,
        password: str,
        sleep: Sleep = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base, self.sleep = base, sleep
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
        self.http = httpx.Client(auth=(user, password), timeout=TIMEOUT, transport=transport)
        self.http.headers["Accept"] = "application/json"
        self.wait_first = 0.0  # seconds the last answer's rate-limit headers asked to wait
        self.requests = 0
        self.waits: list[float] = []

    def close(self) -> None:
        self.http.close()

    def url(self, path: str) -> str:
        """A path under the base, or an absolute link the API gave (its path and query asked of
        the same origin: the login is never sent to another host)."""
        if "://" not in path:
            return self.base + path
        parts = urlsplit(path)
        return self.origin + parts.path + (f"?{parts.query}" if parts.query else "")

    def get(self, path: str) -> Any:
        """The JSON of a 200 answer; ApiError for any other."""
        response = self.answer(self.url(path))
        if response.status_code != 200:
            raise ApiError(
                f"GET {response.url} answered {describe(response)}", response.status_code
            )
        return parse_json(response)

    def pages(self, path: str) -> Iterator[list[dict[str, Any]]]:
        """Each page's items of a list, first to last."""
        separator = "&" if "?" in path else "?"
        link: str | None = f"{path}{separator}pageSize={PAGE_SIZE}"
        seen: set[str] = set()
        while link and link not in seen:
            seen.add(link)
            page = self.get(link)
            if not isinstance(page, dict) or not isinstance(page.get("items"), list):
                raise ApiError(f"GET {self.url(link)} is not a list of the PBX API (no items)")
            yield page["items"]
            link = page.get("nextPage") if page["items"] else None

    def answer(self, url: str) -> httpx.Response:
        """One GET, after waiting what the rate limit asks; retried on a 429 or a dropped
        connection."""
        failures = limited = 0
        while True:
            self.pause(self.wait_first)
            try:
                self.requests += 1
                response = self.http.get(url)
            except httpx.TransportError as error:
                failures += 1
                if failures > RETRIES:
                    raise Unreachable(f"no answer from {url}: {reason(error)}") from None
                self.pause(2.0 ** (failures - 1))
                continue
            self.note_limit(response)
            if response.status_code != 429:
                return response
            limited += 1
            if limited > LIMITED_RETRIES:
                raise ApiError(f"GET {url} is still rate limited (429) after {limited} waits", 429)
            self.wait_first = 0.0  # Retry-After says how long, not the window's reset too
            self.pause(retry_seconds(response, "Retry-After"))

    def note_limit(self, response: httpx.Response) -> None:
        remaining = response.headers.get("X-RateLimit-Remaining")
        exhausted = remaining is not None and remaining.strip() == "0"
        self.wait_first = retry_seconds(response, "X-RateLimit-Reset") if exhausted else 0.0

    def pause(self, seconds: float) -> None:
        if seconds > 0:
            self.waits.append(seconds)
            self.sleep(seconds)


def parse_json(response: httpx.Response) -> Any:
    kind = response.headers.get("Content-Type", "")
    try:
        if "json" not in kind:
            raise ValueError(kind)
        return response.json()
    except (ValueError, json.JSONDecodeError):
        raise ApiError(f"GET {response.url} did not answer JSON ({kind or 'no type'})") from None


def describe(response: httpx.Response) -> str:
    """`404 Not found`: the status and the API's own message, if it gave one."""
    try:
        message = response.json().get("message", "")
    except (ValueError, AttributeError):
        message = ""
    return f"{response.status_code} {message}".strip()


def reason(error: httpx.TransportError) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
