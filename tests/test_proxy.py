"""The recording proxy (--proxy-to, --proxy-writes, --record) against a second mock-pbx: upstream A
is a live server on a free local port, the proxy P an app in process; nothing leaves the
machine. P's answers are A's but for the base URL; writes are refused unless P forwards them;
what P records, a third app serves offline with the same answers."""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.http.proxy.rewriting import Rebase
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.serve import banner
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer, free_port

from .conftest import START

LOGIN = ("demo", "demo")
OWN = "http://testserver/api/v1"
SEND = {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "Proxied"}
ENTRY_BODY = {"type": "phonebookentry", "name": "Entry", "phoneNumber": "07700900321"}
READS = [
    "/customers/me",
    "/customers/25",
    "/customers/25/sms?pageSize=3",
    "/customers/me/endpoints",
    "/customers/25/phonenumbers",
    "/customers/25/phonebook.json",
    "/customers/25/calls?pageSize=2&page=2",
    "/customers/25/creditstatus",
    "/customers/25/sms/999999999",  # A's 404
]


@pytest.fixture
def upstream(seeded: FastAPI) -> Iterator[LiveServer]:
    app = create_app(Settings(), clock=ManualClock(START), template=seeded.state.runtime.db)
    with LiveServer(app) as server:
        yield server


def proxy(seeded: FastAPI, upstream_api: str, **settings: object) -> TestClient:
    app = create_app(
        Settings(proxy_to=upstream_api, **settings),  # type: ignore[arg-type]
        clock=ManualClock(START),
        template=seeded.state.runtime.db,
    )
    client = TestClient(app, base_url=OWN)
    client.auth = LOGIN
    return client


@pytest.fixture
def client(seeded: FastAPI, upstream: LiveServer) -> TestClient:
    return proxy(seeded, upstream.url + "/api/v1")


@pytest.fixture
def direct(upstream: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=upstream.url + "/api/v1", auth=LOGIN) as client:
        yield client


def as_proxy_says(upstream: LiveServer, text: str) -> str:
    return text.replace(upstream.url + "/api/v1", OWN)


def journal(upstream: LiveServer) -> list[dict[str, object]]:
    items: list[dict[str, object]] = httpx.get(upstream.url + "/_admin/requests").json()["items"]
    return items


@pytest.mark.parametrize("path", READS)
def test_a_read_through_the_proxy_is_the_upstreams_answer_with_the_proxys_base(
    client, direct, upstream, path
):
    mine, theirs = client.get(path), direct.get(path)
    assert mine.status_code == theirs.status_code
    assert mine.headers["content-type"] == theirs.headers["content-type"]
    assert mine.text == as_proxy_says(upstream, theirs.text)
    assert upstream.url not in mine.text
    assert mine.headers["x-ratelimit-limit"] == theirs.headers["x-ratelimit-limit"]


def test_next_page_keeps_going_through_the_proxy(client, direct, upstream):
    first = client.get("/customers/25/sms?pageSize=5").json()
    assert first["nextPage"].startswith(OWN + "/customers/25/sms?")
    second = client.get(first["nextPage"])
    expected = direct.get("/customers/25/sms?pageSize=5&page=2").text
    assert second.text == as_proxy_says(upstream, expected)


def test_head_and_a_conditional_get_are_the_upstreams(client):
    full = client.get("/customers/25/phonebook")
    head = client.head("/customers/25/phonebook")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == full.headers["etag"]
    again = client.get("/customers/25/phonebook", headers={"If-None-Match": full.headers["etag"]})
    assert again.status_code == 304


def test_a_wrong_password_is_the_upstreams_401(client, direct, upstream):
    mine = client.get("/customers/me", auth=("demo", "wrong"))
    theirs = direct.get("/customers/me", auth=("demo", "wrong"))
    assert (mine.status_code, mine.json()) == (401, theirs.json())
    assert mine.headers["www-authenticate"] == theirs.headers["www-authenticate"]
    assert journal(upstream)[-2]["username"] == "demo"  # the caller's own login reached A


def test_relationship_keys_as_ids_pass_through(client, direct, upstream):
    ids = {"X-Relationship-Key": "id"}
    mine = client.get("/customers/25/phonenumbers", headers=ids)
    theirs = direct.get("/customers/25/phonenumbers", headers=ids)
    assert mine.text == as_proxy_says(upstream, theirs.text)
    assert any(str(n.get("destination")).isdigit() for n in mine.json()["items"])


def test_audio_is_passed_through_as_it_comes(client, direct):
    mine, theirs = (
        client.get("/customers/me/sounds/1035.wav"),
        direct.get("/customers/me/sounds/1035.wav"),
    )
    assert mine.status_code == 200 and mine.headers["content-type"] == "audio/wav"
    assert mine.content == theirs.content


def test_the_proxys_own_and_hop_by_hop_headers_stay_behind(client, upstream):
    client.get(
        "/customers/me",
        headers={"X-Admin-Token": "local", "Cookie": "a=b", "X-Forwarded-Host": "evil.example"},
    )
    sent = journal(upstream)[-1]["headers"]
    assert isinstance(sent, dict)
    assert sent["authorization"] == "[redacted]" and sent["host"] == upstream.url[7:]
    assert not {"x-admin-token", "cookie", "x-forwarded-host"} & set(sent)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/customers/me/sms", SEND),
        ("POST", "/customers/me/calls", {"type": "call", "to": "07902000000"}),
        ("PUT", "/customers/25/phonebook/1", {"name": "x"}),
        ("DELETE", "/customers/25/phonebook/1", None),
        ("POST", "/customers/25/phonebook/1?_method=DELETE", None),
    ],
)
def test_writes_are_refused_and_nothing_reaches_the_upstream(client, upstream, method, path, body):
    answer = client.request(method, path, json=body)
    assert answer.status_code == 403
    assert "--proxy-writes" in answer.json()["message"]
    assert "real money" in answer.json()["errors"][0]["message"]
    assert journal(upstream) == []


def test_authenticate_is_a_login_not_a_write(client):
    token = client.post("/authenticate", headers={"X-WWW-Authenticate": "false"})
    assert token.status_code == 200, token.text
    bearer = {"Authorization": f"Bearer {token.json()['accessToken']}"}
    assert client.get("/customers/me", auth=None, headers=bearer).status_code == 200


def test_with_proxy_writes_an_sms_is_sent_by_the_upstream(seeded, upstream):
    client = proxy(seeded, upstream.url + "/api/v1", proxy_writes=True)
    sent = client.post("/customers/me/sms", json=SEND)
    assert sent.status_code == 201, sent.text
    assert sent.headers["location"].startswith(OWN + "/customers/25/sms/")
    assert [(e["method"], e["status"]) for e in journal(upstream)] == [("POST", 201)]
    outbox = httpx.get(upstream.url + "/_admin/sms").json()
    assert any(sms["body"] == "Proxied" for sms in outbox["items"])
    assert client.get(sent.headers["location"]).json()["body"] == "Proxied"


def test_a_uri_the_client_sends_back_reaches_the_upstream_as_its_own(seeded, upstream, direct):
    client = proxy(seeded, upstream.url + "/api/v1", proxy_writes=True)
    number = client.get("/customers/25/phonenumbers").json()["items"][0]
    assert number["destination"].startswith(OWN)
    answer = client.put(number["uri"], json=number)
    assert answer.status_code == 200, answer.text
    body = journal(upstream)[-1]["body"]
    assert isinstance(body, str) and OWN not in body and upstream.url in body


def test_an_upstream_that_is_down_is_a_502(seeded):
    nowhere = f"http://127.0.0.1:{free_port()}/api/v1"
    answer = proxy(seeded, nowhere).get("/customers/me")
    assert answer.status_code == 502
    assert answer.json()["message"].startswith(f"The upstream API at {nowhere}/customers/me ")
    assert answer.json()["errors"]


def test_the_journal_marks_each_exchange_as_proxied(client, upstream):
    client.get("/customers/me")
    client.post("/customers/me/sms", json=SEND)
    reads, write = client.get("http://testserver/_admin/requests").json()["items"]
    url = upstream.url + "/api/v1/customers/me"
    assert reads["proxied"] == {"url": url, "forwarded": True, "status": 200}
    assert write["proxied"] == {"url": url + "/sms", "forwarded": False, "status": None}
    assert write["status"] == 403


def test_control_api_health_and_the_inbox_are_the_emulators_own(client, upstream):
    assert client.get("http://testserver/healthz").status_code == 200
    assert client.get("http://testserver/_admin/clock").status_code == 200
    inbox = client.get("/customers/me/sms", headers={"X-Mock-Pbx-Client": "inbox"})
    assert inbox.status_code == 200
    assert journal(upstream) == []


def test_the_banner_says_a_proxy_is_active_and_what_it_does_with_writes():
    refusing = banner(Settings(proxy_to="https://pbx.example.com/api/v1"), 8000, None)
    assert "PROXY" in refusing and "https://pbx.example.com/api/v1" in refusing
    assert "REFUSED" in refusing and "record" not in refusing
    forwarding = banner(
        Settings(proxy_to="https://pbx.example.com/api/v1", proxy_writes=True, record="rec"),
        8000,
        None,
    )
    assert "FORWARDED: real SMS and calls cost real money" in forwarding
    assert "into rec" in forwarding
    assert "PROXY" not in banner(Settings(), 8000, None)


RECORDED = [
    "/customers/me",
    "/customers/25/creditstatus",
    "/customers/25/sms?pageSize=200",
    "/customers/25/endpoints?pageSize=200",
    "/customers/25/phonenumbers?pageSize=200",
    "/customers/25/phonebook?pageSize=200",
    "/customers/25/sounds?pageSize=200",
    "/customers/25/calls?pageSize=200",
    "/customers/25/recordings?pageSize=200",
    "/customers/25/timeintervals",
    "/customers/25/outgoingcallerids",
    "/customers/25/callbundles",
    "/customers/25/sms/253931",
]


def pages(client: TestClient, path: str) -> list[object]:
    """A list's every page (nextPage followed) or an item, as answered."""
    answers, url = [], path
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.text)
        answers.append(answer.json())
        url = answer.json().get("nextPage")
    return answers


def record(seeded: FastAPI, upstream: LiveServer, directory: Path) -> TestClient:
    client = proxy(seeded, upstream.url + "/api/v1", record=str(directory))
    for path in RECORDED:
        pages(client, path)
    return client


def test_what_went_through_is_written_as_a_fixture_set(seeded, upstream, tmp_path):
    record(seeded, upstream, tmp_path)
    names = {path.name for path in tmp_path.iterdir()}
    assert {"customers.json", "users.json", "mock-pbx.json", "sms.json", "endpoints.json"} <= names
    customers = json.loads((tmp_path / "customers.json").read_text())
    assert [c["id"] for c in customers] == [25] and "credit" in customers[0]
    users = json.loads((tmp_path / "users.json").read_text())
    assert users == [
        {"username": "demo", "accessLevel": "ADMIN", "customers": [25], "default": True}
    ]
    assert not list(tmp_path.glob(".*.tmp"))  # each file written beside, then renamed


def test_a_recording_replays_offline_with_the_same_answers(seeded, upstream, tmp_path):
    online = record(seeded, upstream, tmp_path)
    offline = TestClient(
        create_app(Settings(fixtures=str(tmp_path)), clock=ManualClock(START)), base_url=OWN
    )
    offline.auth = LOGIN
    for path in RECORDED:
        assert pages(offline, path) == pages(online, path), path


def test_forwarded_writes_are_logged_as_steps_without_secrets(seeded, upstream, tmp_path):
    client = proxy(seeded, upstream.url + "/api/v1", record=str(tmp_path), proxy_writes=True)
    sent = client.post("/customers/me/sms", json=SEND)
    client.post("/customers/me/phonebook", json={"name": "A", "phoneNumber": "0", "password": "x"})
    steps = json.loads((tmp_path / "writes.json").read_text())
    assert [(s["method"], s["path"]) for s in steps] == [
        ("POST", "/api/v1/customers/me/sms"),
        ("POST", "/api/v1/customers/me/phonebook"),
    ]
    assert steps[0]["status"] == 201 and steps[0]["location"] == sent.headers["location"]
    assert steps[0]["body"] == SEND and steps[1]["body"]["password"] == "[redacted]"


def test_an_endpoints_forwarding_rules_are_recorded_and_replayed(seeded, upstream, tmp_path):
    client = proxy(seeded, upstream.url + "/api/v1", record=str(tmp_path), proxy_writes=True)
    rules = "/customers/25/endpoints/94/forwardingrules"
    rule = {"type": "forwardingrule", "enabled": True, "action": "FORWARD"}
    made = client.post(
        rules, json={**rule, "callOutcome": "NOANSWER", "destination": "07700900456"}
    )
    assert made.status_code == 201, made.text
    for path in ("/customers/me", "/customers/25/endpoints?pageSize=200", rules):
        pages(client, path)
    assert json.loads((tmp_path / "forwardingrules.json").read_text())[0]["endpointId"] == 94
    offline = TestClient(
        create_app(Settings(fixtures=str(tmp_path)), clock=ManualClock(START)), base_url=OWN
    )
    offline.auth = LOGIN
    assert pages(offline, rules) == pages(client, rules)


def test_the_event_stream_is_passed_on_as_it_comes(seeded, upstream):
    app = proxy(seeded, upstream.url + "/api/v1").app
    inbound = {"to": "01212854747", "from": "07700900111", "body": "Through"}
    with (
        LiveServer(app) as server,
        httpx.Client(auth=LOGIN, timeout=10) as client,
        client.stream("GET", server.url + "/api/v1/stream") as events,
    ):
        assert events.status_code == 200
        lines = events.iter_lines()
        assert json.loads(next(lines))["event"] == "heartbeat"
        httpx.post(upstream.url + "/_admin/sms/inbound", json=inbound).raise_for_status()
        event = json.loads(next(lines))
    assert (event["event"], event["values"]["excerpt"]) == ("smsreceived", "Through")


def test_uris_are_rebased_wherever_they_are_in_json_and_only_at_the_start():
    rebase = Rebase("https://pbx.example.com/api/v1", "http://localhost:8000/api/v1/")
    body = (
        b'{"uri":"https:\\/\\/pbx.example.com\\/api\\/v1\\/customers\\/25",'
        b'"links":{"sms":"https://pbx.example.com/api/v1/customers/25/sms"},'
        b'"items":["https://pbx.example.com/api/v1?x=1","https://pbx.example.com/api/v10",'
        b'"see https://pbx.example.com/api/v1"]}\n'
    )
    assert json.loads(rebase.json(body)) == {
        "uri": "http://localhost:8000/api/v1/customers/25",
        "links": {"sms": "http://localhost:8000/api/v1/customers/25/sms"},
        "items": [
            "http://localhost:8000/api/v1?x=1",
            "https://pbx.example.com/api/v10",
            "see https://pbx.example.com/api/v1",
        ],
    }
    assert rebase.json(body).endswith(b"}\n")
    assert rebase.json(b"not json https://pbx.example.com/api/v1") == (
        b"not json https://pbx.example.com/api/v1"
    )


def test_a_recording_that_cannot_be_written_is_logged_and_the_client_still_answered(
    seeded, upstream, tmp_path, caplog
):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    client = proxy(seeded, upstream.url + "/api/v1", record=str(blocked))
    assert client.get("/customers/me").status_code == 200
    assert "could not record GET /api/v1/customers/me" in caplog.text


def test_a_bearer_only_recording_leaves_the_login_to_the_sets_default(seeded, upstream, tmp_path):
    client = proxy(seeded, upstream.url + "/api/v1", record=str(tmp_path))
    token = client.post("/authenticate").json()["accessToken"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/customers/me", auth=None, headers=bearer).status_code == 200
    assert (tmp_path / "customers.json").exists() and not (tmp_path / "users.json").exists()
    offline = TestClient(
        create_app(Settings(fixtures=str(tmp_path)), clock=ManualClock(START)), base_url=OWN
    )
    assert offline.get("/customers/me", auth=LOGIN).json()["id"] == "25"


def test_forwarded_writes_reach_the_recorded_set_without_another_read(seeded, upstream, tmp_path):
    """A contact created, one changed and one deleted, and a phone put on do not disturb, after
    the lists were read: offline, the set answers as the account does now."""
    client = proxy(seeded, upstream.url + "/api/v1", record=str(tmp_path), proxy_writes=True)
    book = "/customers/25/phonebook?pageSize=200"
    for path in ("/customers/me", book, "/customers/25/endpoints?pageSize=200"):
        pages(client, path)
    first, second = client.get(book).json()["items"][:2]
    made = client.post("/customers/25/phonebook", json={**ENTRY_BODY, "name": "New one"})
    changed = client.put(second["uri"], json={**ENTRY_BODY, "name": "Changed"})
    gone = client.delete(first["uri"])
    dnd = client.put("/customers/25/endpoints/94/phonestatus", json={"dndActive": True})
    assert (made.status_code, changed.status_code, gone.status_code, dnd.status_code) == (
        201,
        200,
        204,
        200,
    )
    offline = TestClient(
        create_app(Settings(fixtures=str(tmp_path)), clock=ManualClock(START)), base_url=OWN
    )
    offline.auth = LOGIN
    there, here = pages(offline, book)[0], pages(client, book)[0]  # read through the proxy only now
    assert [i["id"] for i in there["items"]] == [i["id"] for i in here["items"]]
    assert there == here
    names = {entry["name"] for entry in pages(offline, book)[0]["items"]}
    assert {"New one", "Changed"} <= names and first["name"] not in names
    status = offline.get("/customers/25/endpoints/94/phonestatus").json()
    assert status["dndActive"] is True


def test_a_phones_status_read_through_the_proxy_is_recorded(seeded, upstream, tmp_path):
    httpx.put(
        upstream.url + "/api/v1/customers/25/endpoints/94/phonestatus",
        json={"dndActive": True},
        auth=LOGIN,
    ).raise_for_status()
    client = proxy(seeded, upstream.url + "/api/v1", record=str(tmp_path))
    for path in ("/customers/me", "/customers/25/endpoints?pageSize=200"):
        pages(client, path)
    assert client.get("/customers/25/endpoints/94/phonestatus").json()["dndActive"] is True
    offline = TestClient(
        create_app(Settings(fixtures=str(tmp_path)), clock=ManualClock(START)), base_url=OWN
    )
    offline.auth = LOGIN
    assert offline.get("/customers/25/endpoints/94/phonestatus").json()["dndActive"] is True
