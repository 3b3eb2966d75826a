"""What a test can do to mock-pbx: one class behind both fixtures, so the live handle (over HTTP)
and the in-process one (no sockets) have the same methods with the same signatures; they differ
only in how they reach the control API (`self.admin`, an httpx.Client either way).

Keyword arguments are Python's snake_case (`fault(path, status=503, delay_ms=200)`); the control
API is camelCase, and they go on the wire as such (`delayMs`). What the methods return is the
control API's answer, camelCase too."""

from datetime import datetime, timedelta
from typing import Any

import httpx
from pydantic.alias_generators import to_camel

from mock_pbx.pytest_plugin.journal import Wanted, api_path, parsed_entry, verified

JournalEntry = dict[str, Any]


def camel_case(options: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments as the control API names them: delay_ms -> delayMs (delayMs stays)."""
    return {to_camel(name): value for name, value in options.items()}


def clock_step(by: float | str | timedelta | None, seconds: float | None) -> float | str:
    """advance()'s argument as POST /_admin/clock takes it: seconds or an ISO duration."""
    if (by is None) == (seconds is None):
        raise TypeError("advance() takes one of `by` (3, 'PT5M', a timedelta) or `seconds`")
    step = seconds if by is None else by
    assert step is not None  # one of the two was given, checked above
    return step.total_seconds() if isinstance(step, timedelta) else step


class PbxHandle:
    """One test's view of a mock-pbx: the control API (`admin`), and the API's address (`url`)."""

    url: str
    admin: httpx.Client
    rate_limit_before: dict[str, Any] | None = None  # kept by rate_limit(), for put_back()

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        """A control-API call (path relative to /_admin); its JSON answer, or None if empty."""
        response = self.admin.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, customer: int | None = None) -> dict[str, Any]:
        """Back to the seeded state (data, clock, journal, faults), or one customer's data."""
        params = {"customer": customer} if customer else None
        result: dict[str, Any] = self.control("POST", "/reset", params=params)
        return result

    def advance(
        self, by: float | str | timedelta | None = None, *, seconds: float | None = None
    ) -> dict[str, Any]:
        """Move the clock on by seconds, an ISO duration ("PT5M") or a timedelta; the steps that
        fall due run. `seconds=` is the in-process fixture's 0.1 form. The clock as it is now."""
        result: dict[str, Any] = self.control(
            "POST", "/clock", json={"advance": clock_step(by, seconds)}
        )
        return result

    def set_clock(self, when: str | datetime) -> dict[str, Any]:
        """Jump to a time (ISO 8601, or an aware datetime); the steps that fall due run."""
        moment = when.isoformat() if isinstance(when, datetime) else when
        result: dict[str, Any] = self.control("POST", "/clock", json={"set": moment})
        return result

    def now(self) -> datetime:
        """The emulator's time."""
        return datetime.fromisoformat(self.control("GET", "/clock")["now"])

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
        code: str | None = found[0]["otp"] if found else None
        return code

    def fault(self, path: str = "*", status: int | None = 500, **rule: Any) -> dict[str, Any]:
        """Make matching requests fail or wait (`times`, `probability`, `delay_ms`, `method`,
        `body`, `seed`); sent as the control API's camelCase (`delayMs`). The rule as shown."""
        result: dict[str, Any] = self.control(
            "POST", "/faults", json={"path": path, "status": status, **camel_case(rule)}
        )
        return result

    def rate_limit(self, limit: int | None, window_seconds: float = 3600) -> dict[str, Any]:
        """Answer 429 after `limit` requests per user per window (None: never); a reset keeps
        the limit, so the fixtures put the server's own back after the test (put_back)."""
        if self.rate_limit_before is None:
            self.rate_limit_before = self.control("GET", "/ratelimit")
        body = {"limit": limit, "windowSeconds": window_seconds}
        result: dict[str, Any] = self.control("PUT", "/ratelimit", json=body)
        return result

    def put_back(self) -> None:
        """Undo what a reset does not: the rate limit, if rate_limit() changed it."""
        before, self.rate_limit_before = self.rate_limit_before, None
        if before is not None:
            setting = {"limit": before["limit"], "windowSeconds": before["windowSeconds"]}
            self.control("PUT", "/ratelimit", json=setting)

    def inbound_sms(self, to: str, sender: str, body: str) -> dict[str, Any]:
        """A handset (`sender`) texts one of the numbers: the message as the API shows it."""
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

    def requests(self, method: str | None = None, path: str | None = None) -> list[JournalEntry]:
        """The API requests the code under test made, oldest first: `path` is a prefix, relative
        to /api/v1 or whole; each `body` parsed as JSON when it is JSON (`bodyText`: as sent)."""
        query = {"method": method, "path": api_path(path) if path else None}
        params = {key: value for key, value in query.items() if value}
        items = self.control("GET", "/requests", params=params)["items"]
        return [parsed_entry(item) for item in items]

    def verify(
        self,
        method: str = "*",
        path: str = "*",
        *,
        count: int | None = None,
        at_least: int | None = None,
        body: Any = None,
        status: int | None = None,
    ) -> list[JournalEntry]:
        """Assert the code under test made such requests: `path` a glob relative to /api/v1 (as
        for faults), `body` a subset of the JSON body, `count` exact or `at_least` (default: at
        least one). The matching requests; an AssertionError listing what was received if not."""
        __tracebackhide__ = True  # pytest shows the test's line, not this one
        wanted = Wanted(method.upper(), path, body, status)
        return verified(self.requests(), wanted, count, at_least)

    def scenario(self, scenario: str | dict[str, Any]) -> Any:
        """Apply fixtures/scenarios/<name>.json, or a scenario given as a dict."""
        if isinstance(scenario, str):
            return self.control("POST", f"/scenarios/{scenario}")
        return self.control("POST", "/scenarios", json=scenario)

    def close(self) -> None:
        self.admin.close()
