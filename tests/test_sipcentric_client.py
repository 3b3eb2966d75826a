"""The published `sipcentric` client from PyPI, driven against a live server: every call it offers.

The client is written for Python 2 in one place: its stream compares the bytes that
`iter_content()` yields with the str '{', so on Python 3 it never sees an event. The test patches
that one spot in the client (decoding the stream to text); the server is not changed for it."""

import multiprocessing

import pytest
import requests
from sipcentric import Sipcentric
from sipcentric import stream as client_stream

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer

from .conftest import START

pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


@pytest.fixture(scope="module")
def server(seeded):
    app = create_app(
        Settings(heartbeat_seconds=0.5), clock=ManualClock(START), template=seeded.state.runtime.db
    )
    with LiveServer(app) as live:
        yield live


@pytest.fixture
def api(server):
    return Sipcentric("demo", "demo", base=f"{server.url}/api/v1")


@pytest.mark.parametrize(
    "resource",
    [
        "callBundles",
        "recordings",
        "phoneBook",
        "timeIntervals",
        "endpoints",
        "phoneNumbers",
        "sms",
        "calls",
        "sounds",
        "outgoingCallerIds",
    ],
)
def test_every_list_the_client_offers(api, resource):
    body = getattr(api, resource).get()
    assert body["page"] == 1
    assert body["items"]


def test_account_and_credit_status(api):
    assert api.account.get()["company"] == "Bloggs co"
    assert api.creditStatus.get()["creditRemaining"] == 191.571


def test_sms_post_sends_a_message(api, server):
    sent = api.sms.post(to="07902000000", _from="07557000000", body="Hello from the client")
    assert (sent["direction"], sent["deliveryStatus"], sent["cost"]) == ("out", 0, 0.1)
    assert api.sms.get()["items"][0]["id"] == sent["id"]


def test_wrong_credentials_raise_the_clients_authentication_error(server):
    with pytest.raises(Exception, match="authenticate"):
        Sipcentric("demo", "wrong", base=f"{server.url}/api/v1").account.get()


def test_validation_errors_reach_the_client_as_json(api):
    with pytest.raises(Exception) as raised:
        api.sms.post(to="123", _from="07557000000", body="x")
    status, body = raised.value.args
    assert status == "HTTP Error 400"
    assert body["validationErrors"][0]["field"] == "to"


class TextResponse:
    """The patch: the stream's bytes as one-character strings, as Python 2 gave them."""

    def __init__(self, response):
        self.response = response

    def iter_content(self):
        for byte in self.response.iter_content():
            yield byte.decode("latin-1")


def test_the_stream_calls_registered_callbacks(api, server, monkeypatch):
    real_get = requests.get
    monkeypatch.setattr(
        client_stream.requests, "get", lambda *a, **k: TextResponse(real_get(*a, **k))
    )
    received = multiprocessing.Queue()
    stream = api.Stream
    stream.register("incomingcall", lambda values: received.put(("incomingcall", values)))
    stream.register("smsreceived", lambda values: received.put(("smsreceived", values)))
    stream.register("events", lambda event: received.put((event["event"], event["values"])))
    hub = server.app.state.runtime.events
    before = len(hub.listeners)
    stream.connect()
    try:
        from .support import wait_until

        wait_until(lambda: len(hub.listeners) > before)
        admin = requests.Session()
        admin.post(
            f"{server.url}/_admin/sms/inbound",
            json={"to": "01212854747", "from": "07700900123", "body": "Hi client"},
        )
        admin.post(
            f"{server.url}/_admin/calls/inbound",
            json={"to": "01212854747", "from": "07700900123", "callerIdName": "Caller"},
        )
        admin.post(f"{server.url}/_admin/clock", json={"advance": 70})
        got = [received.get(timeout=10)]
        while got[-1][0] != "callended":
            got.append(received.get(timeout=10))
    finally:
        stream.disconnect()
        received.close()
    names = [name for name, _ in got]
    assert names[:2] == ["smsreceived", "incomingcall"]  # through their own callbacks
    assert got[0][1] == {"to": "01212854747", "from": "07700900123", "excerpt": "Hi client"}
    assert got[1][1]["endpoint"] == "/customers/25/endpoints/94"
    assert names[-1] == "callended"  # through the catch-all events callback
