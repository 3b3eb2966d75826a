"""The pytest plugin, used the way a downstream project uses it: a test file run by pytest."""

import json
import subprocess
import sys
from importlib.metadata import entry_points
from unittest.mock import ANY

import httpx
import pytest

from mock_pbx.pytest_plugin import MockPbx
from mock_pbx.pytest_plugin.journal import Wanted, contains, parsed_entry, verified

HEAVY = ["fastapi", "starlette", "sqlalchemy", "sqlmodel", "httpx", "pydantic", "mock_pbx.app"]

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
    mock_pbx.inbound_sms("01212854747", "07700900123", "STOP 8342")
    # The outbox holds what was sent, not what came in (the seeded outbox may say STOP).
    assert mock_pbx.sent_sms(contains="STOP 8342") == []
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


def test_loading_the_entry_point_imports_nothing_heavy():
    code = (
        "import sys; from importlib.metadata import entry_points;"
        "entry_points(group='pytest11')['mock_pbx'].load();"
        f"print([name for name in {HEAVY!r} if name in sys.modules])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_a_suite_that_uses_no_fixture_does_not_import_the_app(pytester):
    pytester.makepyfile(
        f"""
        import sys

        def test_nothing_heavy_was_imported():
            assert [name for name in {HEAVY!r} if name in sys.modules] == []
        """
    )
    pytester.runpytest_subprocess("-p", "no:xdist").assert_outcomes(passed=1)


def test_the_marker_is_registered_and_misuse_is_explained(pytester):
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.mock_pbx("low-credit")
        def test_positional(mock_pbx_asgi):
            pass

        @pytest.mark.mock_pbx(scenery="low-credit")
        def test_misspelt(mock_pbx_asgi):
            pass
        """
    )
    result = pytester.runpytest_subprocess("--strict-markers", "-p", "no:xdist")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*@pytest.mark.mock_pbx takes keywords only*"])
    result.stdout.fnmatch_lines(["*unknown scenery; it takes scenario, clock, faults, rate_limit*"])
    markers = pytester.runpytest_subprocess("--markers", "-p", "no:xdist")
    markers.stdout.fnmatch_lines(["@pytest.mark.mock_pbx(scenario=*undone after the test"])


def test_a_body_matches_when_it_contains_the_expected_parts():
    sms = {"to": "07700900123", "meta": {"tags": ["a", "b"], "n": 1}}
    assert contains(sms, {"to": "07700900123"})
    assert contains(sms, {"meta": {"tags": ["a", ANY]}})
    assert not contains(sms, {"meta": {"tags": ["a"]}})  # a list matches item by item, whole
    assert not contains(sms, {"to": "07700900999"})
    assert not contains(sms, {"from": None})  # a key missing is not a key set to null
    assert not contains("text", {"to": "07700900123"})


def test_journal_bodies_are_parsed_when_they_are_json():
    entry = {"method": "POST", "body": '{"to": "1"}'}
    assert parsed_entry(entry) == {"method": "POST", "body": {"to": "1"}, "bodyText": '{"to": "1"}'}
    assert parsed_entry({"body": "to=1&from=2"})["body"] == "to=1&from=2"
    assert parsed_entry({"body": None}) == {"body": None, "bodyText": None}


def test_a_failure_lists_the_newest_thirty_requests():
    journal = [
        {"method": "GET", "path": f"/api/v1/customers/{n}", "query": "", "status": 200}
        for n in range(35)
    ]
    entries = [parsed_entry(entry) for entry in journal]
    with pytest.raises(AssertionError) as failed:
        verified(entries, Wanted("GET", "/customers/3*", None, None), 2, None)
    lines = str(failed.value).splitlines()
    assert lines[:3] == [
        "expected exactly 2 requests GET /customers/3*; found 6.",
        "The API received 35 (oldest first; * matches):",
        "  ... 5 older not shown",
    ]
    assert lines[3:5] == [
        "    GET /api/v1/customers/5 -> 200",
        "    GET /api/v1/customers/6 -> 200",
    ]
    assert lines[-1] == "  * GET /api/v1/customers/34 -> 200"
    assert len(lines) == 33
