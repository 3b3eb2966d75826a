"""The event stream against a real server: raw chunk framing, heartbeats, each event, isolation."""

import base64
import json
import socket

import httpx
import pytest

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer

from .conftest import START
from .support import wait_until

HEARTBEAT = 0.3


class RawStream:
    """Reads /api/v1/stream off a socket, keeping the HTTP chunk boundaries a client sees."""

    def __init__(self, server: LiveServer, login=("demo", "demo"), query=""):
        token = base64.b64encode(":".join(login).encode()).decode()
        self.sock = socket.create_connection((server.host, server.port), timeout=5)
        self.sock.sendall(
            f"GET /api/v1/stream{query} HTTP/1.1\r\nHost: {server.host}\r\n"
            f"Authorization: Basic {token}\r\n\r\n".encode()
        )
        self.file = self.sock.makefile("rb")
        self.status = int(self.file.readline().split()[1])
        self.headers = {}
        while line := self.file.readline().decode().strip():
            key, value = line.split(":", 1)
            self.headers[key.lower()] = value.strip()

    def chunk(self) -> bytes:
        size = int(self.file.readline().strip(), 16)
        data = self.file.read(size)
        assert self.file.readline() == b"\r\n"
        return data

    def event(self, skip_heartbeats=True) -> dict:
        while True:
            data = self.chunk()
            assert data.endswith(b"\n") and data.count(b"\n") == 1, data  # one event per chunk
            event = json.loads(data)
            if not (skip_heartbeats and event["event"] == "heartbeat"):
                return event

    def close(self):
        self.file.close()
        self.sock.close()


@pytest.fixture(scope="module")
def server(seeded):
    app = create_app(
        Settings(heartbeat_seconds=HEARTBEAT),
        clock=ManualClock(START),
        template=seeded.state.runtime.db,
    )
    with LiveServer(app) as live:
        yield live


@pytest.fixture
def api(server):
    with httpx.Client(base_url=server.url, auth=("demo", "demo")) as client:
        yield client


@pytest.fixture
def stream(server):
    raw = RawStream(server)
    assert json.loads(raw.chunk())["event"] == "heartbeat"  # listening from here on
    yield raw
    raw.close()


def test_the_stream_is_one_long_chunked_json_response(server):
    raw = RawStream(server)
    assert raw.status == 200
    assert raw.headers["transfer-encoding"] == "chunked"
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.chunk() == b'{"event":"heartbeat","location":null,"values":{}}\n'
    raw.close()


def test_heartbeats_keep_coming_with_nothing_else_happening(stream):
    for _ in range(2):
        assert stream.event(skip_heartbeats=False)["event"] == "heartbeat"


def test_an_inbound_sms_is_announced_with_event_first_and_values_last(stream, api):
    api.post(
        "/_admin/sms/inbound", json={"to": "01212854747", "from": "07700900123", "body": "Hi there"}
    )
    event = stream.event()
    assert list(event) == ["event", "location", "values"]
    assert event == {
        "event": "smsreceived",
        "location": None,
        "values": {"to": "01212854747", "from": "07700900123", "excerpt": "Hi there"},
    }


def test_a_delivered_sms_is_announced_when_it_reaches_the_handset(stream, api):
    sent = api.post(
        "/api/v1/customers/me/sms",
        json={"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "ping"},
    ).json()
    api.post("/_admin/clock", json={"advance": 3})
    assert stream.event() == {
        "event": "smsdelivered",
        "location": None,
        "values": {"id": sent["id"], "to": "07902000000", "from": "07557000000"},
    }


def test_an_inbound_call_is_announced_then_its_end(stream, api):
    api.post(
        "/_admin/calls/inbound",
        json={"to": "01212854747", "from": "07700900123", "callerIdName": "Support"},
    )
    assert stream.event() == {
        "event": "incomingcall",
        "location": None,
        "values": {
            "callerIdNumber": "07700900123",
            "callerIdName": "Support",
            "endpoint": "/customers/25/endpoints/94",
            "did": "01212854747",
        },
    }
    api.post("/_admin/clock", json={"advance": 65})
    ended = stream.event()
    assert ended["event"] == "callended"
    assert (ended["values"]["outcome"], ended["values"]["duration"]) == ("answered", 60)


def test_another_customers_events_never_reach_this_listener(server, api, stream):
    reseller = RawStream(server, login=("reseller", "reseller"))
    reseller.chunk()
    other_number = api.get(
        "/api/v1/customers/26/phonenumbers", auth=("reseller", "reseller"), params={"pageSize": 200}
    ).json()["items"]
    theirs = next(n["number"] for n in other_number if n["smsEnabled"])
    api.post("/_admin/sms/inbound", json={"to": theirs, "from": "07700900123", "body": "for 26"})
    api.post(
        "/_admin/sms/inbound", json={"to": "01212854747", "from": "07700900123", "body": "for 25"}
    )
    assert stream.event()["values"]["excerpt"] == "for 25"
    assert [reseller.event()["values"]["excerpt"] for _ in range(2)] == ["for 26", "for 25"]
    reseller.close()


def test_several_listeners_each_get_every_event(server, api, stream):
    second = RawStream(server, query="?X-Atmosphere-tracking-id=0&X-Atmosphere-Transport=streaming")
    assert second.status == 200  # unknown query parameters are ignored
    second.chunk()
    api.post(
        "/_admin/sms/inbound", json={"to": "01212854747", "from": "07700900123", "body": "both"}
    )
    assert stream.event()["values"]["excerpt"] == second.event()["values"]["excerpt"] == "both"
    second.close()


def test_a_listener_that_disconnects_is_forgotten(server):
    hub = server.app.state.runtime.events
    before = set(hub.listeners)
    raw = RawStream(server)
    raw.chunk()
    (mine,) = set(hub.listeners) - before
    raw.close()
    wait_until(lambda: mine not in hub.listeners)


@pytest.mark.parametrize(
    ("login", "status"), [(("extension", "extension"), 401), (("demo", "x"), 401)]
)
def test_only_account_admins_may_listen(server, login, status):
    raw = RawStream(server, login=login)
    assert raw.status == status
    raw.close()


def test_with_the_real_clock_steps_run_without_any_request(seeded):
    """The ticker delivers an SMS on time and its event goes out with nobody asking."""
    settings = Settings(
        heartbeat_seconds=HEARTBEAT, sms_accept_seconds=0.05, sms_deliver_seconds=0.1
    )
    with LiveServer(create_app(settings, template=seeded.state.runtime.db)) as live:
        raw = RawStream(live)
        raw.chunk()
        httpx.post(
            f"{live.url}/api/v1/customers/me/sms",
            auth=("demo", "demo"),
            json={"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "x"},
        )
        assert raw.event()["event"] == "smsdelivered"  # within a heartbeat or two of real time
        raw.close()
