"""The lean path (api/lean) answers exactly as the documented routes do: the same requests
sent to an app with it and one without, every collection, list and item, every filter, paging at
its edges, .json, a trailing slash, HEAD, 304 and every error, give the same status, headers and
bodies, byte for byte; and it does answer the plain requests itself."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings

from .conftest import START
from .support import COLLECTIONS

API = "http://testserver/api/v1"
ADMIN = "http://testserver/_admin"
DEMO = ("demo", "demo")
FILTERS = {
    "calls": [
        "direction=in",
        "direction=OUT",
        "direction=sideways",
        "includeLocal=true",
        "includeLocal=false",
        "includeLocal=maybe",
        "from=07700900123",
        "to=01212854747",
        "endpointId=1234",
        "endpointId=abc",
        "endpointId=-1",
        "createdAfter=2025-12-01T00:00:00Z",
        "createdBefore=2026-01-01",
        "startedAfter=2025-12-01T00:00:00%2B01:00&startedBefore=2026-01-10T00:00:00Z",
        "startedAfter=yesterday",
        "createdAfter=0001-01-01T00:00:00%2B01:00",
    ],
    "recordings": [
        "callId=ast01-1400142051.1562723",
        "linkedId=ast01-1400142051.1562723",
        "direction=in&includeLocal=true",
        "createdBefore=bad",
    ],
    "sounds": ["type=music", "type=PROMPT", "type=noise"],
    "endpoints": ["type=phone", "type=Queue", "type=fax"],
}
PAGING = [
    "",
    "page=2",
    "page=2&pageSize=5",
    "pageSize=1",
    "pageSize=201",
    "page=0",
    "page=-1",
    "page=abc",
    "page=01",
    "pageSize=0",
    "page=999999999999999999999",
    "page=100000",
    "page=1&page=2",
    "pageSize=3&unknown=1",
    "_method=GET",
]


@pytest.fixture(scope="module")
def apps(seeded: FastAPI) -> Iterator[tuple[TestClient, TestClient, Any]]:
    made = [
        create_app(
            Settings(), clock=ManualClock(START), template=seeded.state.runtime.db, fast_path=fast
        )
        for fast in (True, False)
    ]
    with TestClient(made[0]) as fast, TestClient(made[1]) as slow:
        yield fast, slow, made[0]


def answer(client: TestClient, method: str, url: str, **kwargs: Any) -> tuple[Any, ...]:
    response = client.request(method, url, **kwargs)
    headers = [(k, v) for k, v in response.headers.multi_items() if k != "date"]
    return response.status_code, headers, response.content


def same(apps: Any, method: str, url: str, **kwargs: Any) -> tuple[Any, ...]:
    fast, slow, _ = apps
    got = answer(fast, method, url, **kwargs)
    assert got == answer(slow, method, url, **kwargs), url
    return got


def requests() -> list[str]:
    urls = []
    for name, example in COLLECTIONS.items():
        urls += [f"/customers/me/{name}?{query}" for query in PAGING]
        urls += [f"/customers/me/{name}?{query}" for query in FILTERS.get(name, [])]
        item = example or "1"
        urls += [f"/customers/me/{name}/{item}", f"/customers/25/{name}/{item}"]
        urls += [f"/customers/me/{name}/999999", f"/customers/me/{name}/abc"]
        urls += [
            f"/customers/me/{name}/{item}.json",
            f"/customers/me/{name}/",
            f"/customers/26/{name}",
        ]
    return urls


@pytest.mark.parametrize("path", requests())
def test_a_get_is_answered_the_same_with_and_without_the_fast_path(apps, path):
    same(apps, "GET", API + path, auth=DEMO)
    same(apps, "GET", API + path, auth=DEMO)  # again: a kept answer the second time


@pytest.mark.parametrize(
    ("auth", "path"),
    [
        (None, "/customers/me/calls"),
        (("demo", "wrong"), "/customers/me/calls"),
        (("extension", "extension"), "/customers/me/sms"),
        (("reseller", "reseller"), "/customers/27/calls?pageSize=2"),
        (("reseller", "reseller"), "/customers/28/calls"),
        (("other", "other"), "/customers/25/calls/7592317"),
        (DEMO, "/customers/abc/calls"),
        (DEMO, "/customers/me/nothing"),
        (DEMO, "/callbundles"),
        (DEMO, "/endpoint/101"),
    ],
)
def test_logins_customers_and_aliases_are_answered_the_same(apps, auth, path):
    same(apps, "GET", API + path, auth=auth)


def test_head_and_a_conditional_get_are_answered_the_same(apps):
    same(apps, "HEAD", API + "/customers/me/calls?page=3", auth=DEMO)
    _, headers, _ = same(apps, "GET", API + "/customers/me/sms?page=4", auth=DEMO)
    etag = dict(headers)["etag"]
    status, _, body = same(
        apps, "GET", API + "/customers/me/sms?page=4", auth=DEMO, headers={"If-None-Match": etag}
    )
    assert (status, body) == (304, b"")


def test_wav_a_large_body_and_a_wrong_method_are_answered_the_same(apps):
    wav = {"Accept": "audio/wav"}
    same(apps, "GET", API + "/customers/me/recordings/1358371", auth=DEMO, headers=wav)
    same(apps, "GET", API + "/customers/me/calls", auth=DEMO, content=b"x" * (2 * 1024 * 1024))
    same(apps, "DELETE", API + "/customers/me/calls/7592317", auth=DEMO)


def test_writes_and_the_clock_are_seen_the_same(apps):
    fast, slow, _ = apps
    for client in (fast, slow):
        sms = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": "hi"}
        assert client.post(API + "/customers/me/sms", json=sms, auth=DEMO).status_code == 201
    same(apps, "GET", API + "/customers/me/sms?pageSize=2", auth=DEMO)
    for client in (fast, slow):
        client.post(ADMIN + "/clock", json={"advance": 5})  # delivered: the status moves on
    status, _, body = same(apps, "GET", API + "/customers/me/sms?pageSize=2", auth=DEMO)
    assert status == 200
    assert b'"deliveryStatus":1' in body


def test_a_rate_limit_is_answered_the_same(apps):
    fast, slow, _ = apps
    for client in (fast, slow):
        client.put(ADMIN + "/ratelimit", json={"limit": 1, "windowSeconds": 60})
    try:
        same(apps, "GET", API + "/customers/me/calls?page=7", auth=("reseller", "reseller"))
        status, _, _ = same(
            apps, "GET", API + "/customers/me/calls?page=8", auth=("reseller", "reseller")
        )
        assert status == 429
    finally:
        for client in (fast, slow):
            client.put(ADMIN + "/ratelimit", json={"limit": None})


def test_the_fast_path_answers_the_plain_gets_itself(apps):
    _, _, app = apps
    fast_path = app.state.fast_path
    before = fast_path.answered
    same(apps, "GET", API + "/customers/me/calls?page=11&pageSize=7", auth=DEMO)
    same(apps, "GET", API + "/customers/me/phonebook/2", auth=DEMO)
    assert fast_path.answered == before + 2


def test_a_list_counted_once_is_counted_again_after_a_write(apps):
    """The fast path keeps a list's count while the data is unchanged: a write must be seen.
    (Every request goes to both apps: their rate limits stay in step for the tests after.)"""
    _, _, app = apps
    same(apps, "GET", API + "/customers/me/phonebook?page=1&pageSize=3", auth=DEMO)  # caught up
    before = app.state.fast_path.answered
    *_, total = same(apps, "GET", API + "/customers/me/phonebook?page=2&pageSize=3", auth=DEMO)
    entry = {"type": "phonebookentry", "name": "Counted", "phoneNumber": "07700900555"}
    status, *_ = same(apps, "POST", API + "/customers/me/phonebook", json=entry, auth=DEMO)
    *_, after = same(apps, "GET", API + "/customers/me/phonebook?page=3&pageSize=3", auth=DEMO)
    assert status == 201
    assert json.loads(after)["totalItems"] == json.loads(total)["totalItems"] + 1
    assert app.state.fast_path.answered == before + 3  # the POST too


SMS = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": "hello"}
ENTRY = {"type": "phonebookentry", "name": "Ada", "phoneNumber": "07700900777"}
WRITES = [
    ("sms", SMS),
    ("sms", {**SMS, "to": "07700900002", "body": "x" * 400}),  # rejected later; 3 segments
    ("sms", {**SMS, "type": "sms"}),
    ("sms", {**SMS, "to": "12345", "from": "07999999999", "body": "  "}),
    ("sms", {**SMS, "body": "y" * 1700}),
    ("sms", {**SMS, "to": 7700900123}),
    ("sms", {"to": "07700900123"}),
    ("sms", [SMS]),
    ("sms", {**SMS, "sender": "07557000000"}),
    ("phonebook", ENTRY),
    ("phonebook", {**ENTRY, "speedDial": 42, "email": "ada@example.com"}),
    ("phonebook", {**ENTRY, "speedDial": 42}),  # taken now
    ("phonebook", {**ENTRY, "speedDial": 0}),
    ("phonebook", {**ENTRY, "speedDial": "7"}),
    ("phonebook", {**ENTRY, "phoneNumber": "call me"}),
    ("phonebook", {**ENTRY, "name": " "}),
    ("phonebook", {**ENTRY, "type": "contact", "uri": "ignored"}),
    ("phonebook", {"type": "phonebookentry"}),
]


def test_writes_are_answered_the_same_with_and_without_the_lean_path(apps):
    """Every POST the lean path takes, and every one it leaves to the routes (each error),
    in the same order to both apps: the same status, headers and bodies, ids included."""
    _, _, app = apps
    before = app.state.fast_path.answered
    statuses = [
        same(apps, "POST", f"{API}/customers/me/{collection}", auth=DEMO, json=body)[0]
        for collection, body in WRITES
    ]
    assert statuses.count(201) == 5
    assert app.state.fast_path.answered == before + 5  # it made each one that was created
    for collection in ("sms", "phonebook"):
        same(apps, "GET", f"{API}/customers/me/{collection}?pageSize=5", auth=DEMO)
    same(apps, "GET", f"{API}/customers/me/creditstatus", auth=DEMO)


@pytest.mark.parametrize(
    ("auth", "path", "content", "headers"),
    [
        (DEMO, "/customers/me/sms", b'{"type": "smsmessage"', {"Content-Type": "application/json"}),
        (DEMO, "/customers/me/sms", b"not json", {"Content-Type": "application/json"}),
        (DEMO, "/customers/me/phonebook", b"{}", {"Content-Type": "text/plain"}),
        (DEMO, "/customers/me/phonebook", b'{"type": "phonebookentry"}', {}),
        (None, "/customers/me/phonebook", b"{}", {"Content-Type": "application/json"}),
        (("demo", "no"), "/customers/me/sms", b"{}", {"Content-Type": "application/json"}),
        (DEMO, "/customers/26/sms", b"{}", {"Content-Type": "application/json"}),
        (DEMO, "/customers/me/calls/", b"{}", {"Content-Type": "application/json"}),
        (DEMO, "/customers/me/sounds", b"{}", {"Content-Type": "application/json"}),
        (DEMO, "/customers/me/sms", b"{" * 100_000, {"Content-Type": "application/json"}),
    ],
)
def test_bodies_and_logins_the_routes_refuse_are_answered_the_same(
    apps, auth, path, content, headers
):
    same(apps, "POST", API + path, auth=auth, content=content, headers=headers)


def test_steps_that_fell_due_run_before_the_lean_path_answers(apps):
    """The clock moves on with no request to run what fell due (as the real clock does between
    requests): the lean path runs the due steps first, as the routes do, and shows the result."""
    fast, slow, app = apps
    status, *_ = same(apps, "POST", API + "/customers/me/sms", auth=DEMO, json=SMS)
    assert status == 201
    for client in (fast, slow):
        client.app.state.runtime.clock.advance(10)  # no request: nothing has run yet
    before = app.state.fast_path.answered
    *_, body = same(apps, "GET", API + "/customers/me/sms?pageSize=1", auth=DEMO)
    assert json.loads(body)["items"][0]["deliveryStatus"] == 1
    assert app.state.fast_path.answered == before + 1
