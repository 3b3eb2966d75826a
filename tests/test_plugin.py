"""The pytest plugin, used the way a downstream project uses it: a test file run by pytest."""

import json
from importlib.metadata import entry_points

import httpx

from mock_pbx.pytest_plugin import MockPbx

DOWNSTREAM = '''
import pytest
import requests  # the code under test may use any HTTP client


def send_code(api_url, to):
    """A stand-in for an app's code: texts a verification code."""
    body = {"type": "smsmessage", "to": to, "from": "07557000000", "body": "Your code is 4821"}
    return requests.post(f"{api_url}/customers/me/sms", json=body, auth=("demo", "demo"), timeout=3)


def test_sends_a_code_that_gets_delivered(mock_pbx):
    assert send_code(mock_pbx.url, "07700900123").status_code == 201
    assert mock_pbx.otp("07700900123") == "4821"
    mock_pbx.advance(3)
    assert mock_pbx.client.get("/customers/me/sms").json()["items"][0]["deliveryStatus"] == 1
    assert [r["method"] for r in mock_pbx.requests(path="/api/v1/customers/me/sms")] == ["POST", "GET"]


def test_each_test_starts_from_the_seeded_state(mock_pbx):
    assert mock_pbx.client.get("/customers/me/sms").json()["totalItems"] == 188
    assert mock_pbx.client.get("/customers/me/creditstatus").json()["balance"] == 191.571


def test_faults_make_the_api_fail(mock_pbx):
    mock_pbx.fault("/api/v1/customers/*/sms", status=503, method="POST", times=1)
    assert send_code(mock_pbx.url, "07700900123").status_code == 503
    assert send_code(mock_pbx.url, "07700900123").status_code == 201


def test_inbound_traffic_and_scenarios(mock_pbx):
    mock_pbx.inbound_sms("01212854747", "07700900123", "STOP")
    assert mock_pbx.sent_sms(contains="STOP") == []  # the outbox holds what was sent
    mock_pbx.scenario("small-phonebook")
    assert mock_pbx.client.get("/customers/me/phonebook").json()["totalItems"] == 2


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_in_process_variant(mock_pbx_asgi):
    response = await mock_pbx_asgi.client.get("/customers/me/creditstatus")
    assert response.json()["balance"] == 191.571
    mock_pbx_asgi.fault("customers/me/creditstatus", status=500, times=1)
    assert (await mock_pbx_asgi.client.get("/customers/me/creditstatus")).status_code == 500
'''


def test_the_plugin_is_registered_for_pytest():
    assert "mock_pbx.pytest_plugin" in {e.value for e in entry_points(group="pytest11")}


def test_a_downstream_test_file_passes_with_the_plugins_fixtures(pytester):
    pytester.makepyfile(test_downstream=DOWNSTREAM)
    result = pytester.runpytest_subprocess("-W", "error", "-p", "no:xdist")
    result.assert_outcomes(passed=5)


def forwarding_to(client, sent):
    """A transport that records what the plugin sends, and hands it to the app under test."""

    def forward(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        answer = client.request(
            request.method, str(request.url), content=request.content, headers=request.headers
        )
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    return httpx.MockTransport(forward)


def test_the_plugin_takes_python_keywords_and_sends_camel_case(client):
    sent = []
    pbx = MockPbx("http://testserver", transport=forwarding_to(client, sent))
    rule = pbx.fault("customers/me", status=None, delay_ms=200, times=1)
    call = pbx.inbound_call("07557000000", "07700900123", caller_id_name="Support")
    assert sent == [
        {"path": "customers/me", "status": None, "delayMs": 200, "times": 1},
        {"to": "07557000000", "from": "07700900123", "callerIdName": "Support"},
    ]
    assert (rule["delayMs"], call["callerName"], call["endpointId"]) == (200, "Support", 1234)
    pbx.close()
