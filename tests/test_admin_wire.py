"""The control API's wire: camelCase in every answer and request, the snake_case request fields of
0.1.x still accepted (with a Deprecation header), and validation errors naming the camelCase field."""

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic.alias_generators import to_camel

from mock_pbx.models.call import LiveCall
from mock_pbx.models.sms import WebhookAttempt

from .support import Receiver, wait_until
from .test_call_origination import CALL, advance
from .test_inbound import hook, text_in

ADMIN = "http://testserver/_admin"
CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
# Under these keys the answer holds someone else's data, whose keys are not the control API's own
# names and keep the spelling they came with; every other key, at every depth, is checked.
NOT_OURS = {
    "headers",  # a journal entry's copy of the request headers, as the client sent them
    "body",  # a fault rule's body: the user's JSON, answered verbatim (SMS bodies are text)
}

Ask = Callable[[httpx.Client], httpx.Response]
# "METHOD /path" under /_admin -> its JSON body: the answers that need nothing arranged first
PLAIN: dict[str, dict[str, Any] | None] = {
    "GET /health": None,
    "GET /clock": None,
    "POST /clock": {"advance": "PT1S"},
    "POST /reset": None,
    "POST /reset?customer=25": None,
    "POST /seed": {},  # the same seed and scale: the same data for the tests after
    "GET /scenarios": None,
    "POST /scenarios/small-phonebook": None,
    "GET /requests/count": None,
    "GET /sms?to=0&wait=0.05": None,  # timed out
    "POST /sms/inbound": {"to": "01212854747", "from": "07700900123", "body": "Hi"},
    "POST /calls/inbound": {"to": "07557000000", "from": "07700900123"},
    "POST /customers/25/topup": {"amount": 5},
    "PUT /customers/25/credit": {"balance": 0.05, "accountType": "prepaid"},
    "GET /ratelimit": None,
    "PUT /ratelimit": {"limit": 100, "windowSeconds": 60},
}
# The same for error answers: one error body for everything, checked like the rest
ERRORS: dict[str, dict[str, Any] | None] = {
    "POST /faults": {},  # 400 with validationErrors
    "POST /clock": {},  # 400 raised by the route itself
    "DELETE /faults/999": None,  # 404
    "POST /calls/999/answer": None,
}


def ask(request_line: str, body: dict[str, Any] | None, client: httpx.Client) -> httpx.Response:
    method, path = request_line.split(" ", 1)
    return client.request(method, f"{ADMIN}{path}", json=body)


ANSWERS: dict[str, Ask] = {line: partial(ask, line, body) for line, body in PLAIN.items()}


def answer(route: str) -> Callable[[Ask], Ask]:
    """Register a way to get an answer of `route` that needs something arranged first."""

    def register(arranged: Ask) -> Ask:
        ANSWERS[route] = arranged
        return arranged

    return register


@pytest.fixture(autouse=True)
def rate_limit_left_as_found(client: httpx.Client) -> Iterator[None]:
    """A reset keeps the limit itself: give the tests after on this worker the one they expect."""
    before = client.get(f"{ADMIN}/ratelimit").json()
    yield
    setting = {"limit": before["limit"], "windowSeconds": before["windowSeconds"]}
    client.put(f"{ADMIN}/ratelimit", json=setting)


def keys_at_every_depth(value: Any, where: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield where, key
            if key not in NOT_OURS:
                yield from keys_at_every_depth(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from keys_at_every_depth(inner, f"{where}[{index}]")


def not_camel_case(response: httpx.Response) -> list[tuple[str, str]]:
    keys = list(keys_at_every_depth(response.json()))
    assert keys, "an answer with keys to check"
    return [(where, key) for where, key in keys if not CAMEL_CASE.match(key)]


def originate(client: httpx.Client) -> dict[str, Any]:
    client.post("/customers/me/calls", json=CALL)
    live: dict[str, Any] = client.get(f"{ADMIN}/calls").json()["items"][0]
    return live


@answer("POST /faults")
def add_fault(client: httpx.Client) -> httpx.Response:
    rule = {"path": "customers/me/sms", "status": 503, "body": {"error_code": 7}, "delayMs": 1}
    return client.post(f"{ADMIN}/faults", json=rule)


@answer("GET /faults")
def list_faults(client: httpx.Client) -> httpx.Response:
    add_fault(client)
    return client.get(f"{ADMIN}/faults")


@answer("PUT /latency")
def set_latency(client: httpx.Client) -> httpx.Response:
    setting = {"all": {"minMs": 0, "maxMs": 1}, "routes": [{"path": "customers/*", "minMs": 1}]}
    return client.put(f"{ADMIN}/latency", json=setting)


@answer("GET /latency")
def read_latency(client: httpx.Client) -> httpx.Response:
    set_latency(client)
    return client.get(f"{ADMIN}/latency")


@answer("POST /scenarios")
def apply_scenario_body(client: httpx.Client) -> httpx.Response:
    entry = {"id": 5001, "name": "Alice", "phoneNumber": "07700900001"}
    return client.post(f"{ADMIN}/scenarios", json={"records": {"phonebook": [entry]}})


@answer("GET /snapshots")
def list_snapshots(client: httpx.Client) -> httpx.Response:
    client.post(f"{ADMIN}/snapshots/wire")
    listed = client.get(f"{ADMIN}/snapshots")
    client.delete(f"{ADMIN}/snapshots/wire")  # snapshots outlive the per-test reset
    return listed


@answer("POST /snapshots/{name}")
def save_snapshot(client: httpx.Client) -> httpx.Response:
    saved = client.post(f"{ADMIN}/snapshots/wire")
    client.delete(f"{ADMIN}/snapshots/wire")
    return saved


@answer("POST /snapshots/{name}/restore")
def restore_snapshot(client: httpx.Client) -> httpx.Response:
    client.post(f"{ADMIN}/snapshots/wire")
    restored = client.post(f"{ADMIN}/snapshots/wire/restore")
    client.delete(f"{ADMIN}/snapshots/wire")
    return restored


@answer("GET /requests")
def list_requests(client: httpx.Client) -> httpx.Response:
    client.get("/customers/me", headers={"X-Trace_Id": "1"})
    return client.get(f"{ADMIN}/requests")


@answer("GET /requests/{entry_id}")
def one_request(client: httpx.Client) -> httpx.Response:
    client.post(f"{ADMIN}/faults", json={"path": "customers/me", "status": 503, "times": 1})
    entry = list_requests(client).json()["items"][0]  # with the rule that fired: camelCase too
    return client.get(f"{ADMIN}/requests/{entry['id']}")


@answer("GET /sms")
def outbox(client: httpx.Client) -> httpx.Response:
    sms = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": "Code 4821"}
    client.post("/customers/me/sms", json=sms)
    return client.get(f"{ADMIN}/sms", params={"direction": "all"})


@answer("GET /calls")
def list_live_calls(client: httpx.Client) -> httpx.Response:
    originate(client)
    advance(client, 3600)  # answered and ended: every date set
    return client.get(f"{ADMIN}/calls")


@answer("POST /calls/{call_id}/{action}")
def answer_a_call(client: httpx.Client) -> httpx.Response:
    return client.post(f"{ADMIN}/calls/{originate(client)['id']}/answer")


@answer("GET /webhooks")
def list_webhook_attempts(client: httpx.Client) -> httpx.Response:
    receiver = Receiver(statuses=(500, 200))  # a retry due: nextRetry set
    try:
        hook(client, receiver.url)
        sms = text_in(client, "hello")
        attempts = {"sms": sms["id"]}
        wait_until(lambda: client.get(f"{ADMIN}/webhooks", params=attempts).json()["items"])
        return client.get(f"{ADMIN}/webhooks")
    finally:
        receiver.close()


@pytest.mark.parametrize("route", sorted(ANSWERS))
def test_every_key_of_every_control_api_answer_is_camel_case(client, route):
    response = ANSWERS[route](client)
    assert response.status_code < 300
    assert not_camel_case(response) == []
    assert "deprecation" not in response.headers


@pytest.mark.parametrize(("request_line", "body"), ERRORS.items())
def test_error_answers_of_the_control_api_are_camel_case_too(client, request_line, body):
    response = ask(request_line, body, client)
    assert 400 <= response.status_code < 500
    assert not_camel_case(response) == []


def walked(method: str, path: str) -> bool:
    """Whether a case of ANSWERS reaches this route: named by its template or with ids in it."""
    segments = path.removeprefix("/_admin").split("/")
    pattern = "/".join("[^/?]+" if part.startswith("{") else re.escape(part) for part in segments)
    return any(re.fullmatch(rf"{method} {pattern}(\?.*)?", case) for case in ANSWERS)


def test_the_walk_reaches_every_get_post_and_put_of_the_control_api(client):
    paths = client.get("http://testserver/openapi.json").json()["paths"]
    routes = [
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/_admin/")
        for method in operations
        if method in ("get", "post", "put")
    ]
    assert len(routes) > 20
    assert [route for route in routes if not walked(*route)] == []


def test_the_walk_leaves_out_only_what_is_not_the_control_api_s_own(client):
    entry = list_requests(client).json()["items"][0]
    rule = add_fault(client).json()
    assert "x-trace_id" in entry["headers"]  # as sent: not ours to rename
    assert rule["body"] == {"error_code": 7}  # the user's JSON, verbatim


def test_the_live_call_view_has_every_column_in_the_table_s_order(client):
    live = originate(client)
    assert list(live) == [to_camel(name) for name in LiveCall.model_fields]


def test_the_webhook_attempt_view_has_every_column_in_the_table_s_order(client):
    attempts = list_webhook_attempts(client).json()["items"]
    assert list(attempts[0]) == [to_camel(name) for name in WebhookAttempt.model_fields]


def test_dates_keep_the_api_s_format(client):
    live = originate(client)
    answered = client.post(f"{ADMIN}/calls/{live['id']}/answer").json()
    assert (answered["created"], answered["answeredAt"], answered["endedAt"]) == (
        "2026-01-15T10:30:00.000+0000",
        "2026-01-15T10:30:00.000+0000",
        None,
    )


# (method, path, body with the 0.1.x names, the same with the camelCase ones)
RENAMED = [
    ("POST", "/faults", {"status": 503, "delay_ms": 200}, {"status": 503, "delayMs": 200}),
    ("PUT", "/latency", {"all": {"min_ms": 5, "max_ms": 9}}, {"all": {"minMs": 5, "maxMs": 9}}),
    (
        "PUT",
        "/latency",
        {"routes": [{"path": "x", "min_ms": 5}]},
        {"routes": [{"path": "x", "minMs": 5}]},
    ),
    ("PUT", "/ratelimit", {"limit": 9, "window_seconds": 60}, {"limit": 9, "windowSeconds": 60}),
]


def without_id(view: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in view.items() if key != "id"}


@pytest.mark.parametrize(("method", "path", "old", "new"), RENAMED)
def test_the_old_snake_case_fields_still_work_and_are_flagged_deprecated(
    client, method, path, old, new
):
    by_old = client.request(method, f"{ADMIN}{path}", json=old)
    by_new = client.request(method, f"{ADMIN}{path}", json=new)
    assert by_old.status_code == by_new.status_code < 300
    assert without_id(by_old.json()) == without_id(by_new.json())
    assert by_old.headers["deprecation"] == "true"
    assert "deprecation" not in by_new.headers


def test_given_both_spellings_the_camel_case_one_wins(client):
    response = client.post(f"{ADMIN}/faults", json={"status": 503, "delayMs": 5, "delay_ms": 7})
    assert (response.status_code, response.json()["delayMs"]) == (201, 5)
    assert response.headers["deprecation"] == "true"  # it did use an old name


def test_unknown_fields_are_ignored(client):
    rule = {"status": 503, "delayMS": 5, "delay-ms": 6, "colour": "red"}
    response = client.post(f"{ADMIN}/faults", json=rule)
    assert (response.status_code, response.json()["delayMs"]) == (201, 0)
    assert "deprecation" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "body", "field", "message"),
    [
        ("POST", "/faults", {}, "body", "a fault needs a status or a delayMs"),
        ("POST", "/faults", {"delayMs": -1}, "delayMs", "greater than or equal to 0"),
        ("POST", "/faults", {"delay_ms": -1}, "delayMs", "greater than or equal to 0"),
        ("POST", "/faults", {"delay_ms": "soon"}, "delayMs", "valid number"),
        ("PUT", "/latency", {"all": {"maxMs": 5}}, "all.minMs", "Field required"),
        ("PUT", "/ratelimit", {"window_seconds": 0}, "windowSeconds", "greater than 0"),
    ],
)
def test_validation_errors_name_the_camel_case_field(client, method, path, body, field, message):
    response = client.request(method, f"{ADMIN}{path}", json=body)
    assert response.status_code == 400
    (error,) = response.json()["validationErrors"]
    assert error["field"] == field and message in error["message"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/latency", []),
        ("/latency", {"all": [{"min_ms": 1}]}),
        ("/latency", {"routes": [{"min_ms": 1, "minMs": "x"}]}),
        ("/latency", {"routes": {"min_ms": 1}}),
        ("/ratelimit", {"window_seconds": None, "windowSeconds": None}),
        ("/ratelimit", "window_seconds"),
    ],
)
def test_odd_mixtures_of_names_are_a_400(client, path, body):
    assert client.put(f"{ADMIN}{path}", json=body).status_code == 400
