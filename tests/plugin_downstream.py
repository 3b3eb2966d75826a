"""A downstream project's test file, run by tests/test_plugin_parity.py through pytester: every
test runs against both fixtures, the live server and the app in process, with the same calls.
(Not collected here: its name does not start with test_.)"""

from datetime import UTC, datetime, timedelta
from unittest.mock import ANY

import httpx
import pytest

START = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)  # the clock's start (mock_pbx_settings below)
CODE_SMS = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": "Code 4821"}


@pytest.fixture(scope="session")
def mock_pbx_settings():
    from mock_pbx.settings import Settings

    return Settings(clock="manual", clock_start=START, database_url="sqlite://")


@pytest.fixture(params=["mock_pbx", "mock_pbx_asgi"])
def pbx(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def api(pbx) -> httpx.Client:
    """A synchronous client on the API, whichever the fixture: the code under test's."""
    return getattr(pbx, "sync_client", pbx.client)


def test_an_sms_sent_is_in_the_outbox_the_journal_and_verified(pbx, api):
    assert api.post("/customers/me/sms", json=CODE_SMS).status_code == 201
    assert pbx.otp("07700900123") == "4821"
    assert pbx.sent_sms(to="07700900123", latest=True)[0]["body"] == "Code 4821"
    [entry] = pbx.verify("POST", "/customers/*/sms", count=1, body={"to": "07700900123"})
    assert entry["body"] == CODE_SMS  # parsed from JSON
    assert entry["bodyText"].startswith("{") and entry["status"] == 201
    pbx.verify("post", "/api/v1/customers/me/sms", at_least=1, status=201)
    pbx.verify("GET", "/customers/*/sms", count=0)
    assert [e["method"] for e in pbx.requests(path="/customers/me/sms")] == ["POST"]
    assert pbx.requests(method="GET") == []


def test_verify_fails_listing_what_was_received(pbx, api):
    api.post("/customers/me/sms", json=CODE_SMS)
    api.get("/customers/me/sms", params={"pageSize": 2})
    with pytest.raises(AssertionError) as failed:
        pbx.verify("POST", "/customers/*/sms", count=1, body={"to": "07700900999"})
    assert str(failed.value).splitlines() == [
        'expected exactly 1 request POST /customers/*/sms with a body containing {"to": '
        '"07700900999"}; found 0.',
        "The API received 2 (oldest first; * matches):",
        f"    POST /api/v1/customers/me/sms -> 201 {api_text(CODE_SMS)}",
        "    GET /api/v1/customers/me/sms?pageSize=2 -> 200",
    ]
    with pytest.raises(AssertionError, match=r"exactly 2 requests POST \*; found 1"):
        pbx.verify("POST", count=2)
    with pytest.raises(TypeError):
        pbx.verify("POST", count=1, at_least=1)


def api_text(body):
    return httpx.Request("POST", "http://x", json=body).content.decode()


def test_the_clock_moves_by_seconds_durations_and_timedeltas(pbx):
    assert pbx.now() == START
    assert pbx.advance(3)["now"].startswith("2026-01-15T10:30:03")
    pbx.advance("PT5M")
    pbx.advance(seconds=2)  # the in-process fixture's 0.1 form
    pbx.advance(timedelta(hours=1))
    assert pbx.now() == START + timedelta(hours=1, minutes=5, seconds=5)
    pbx.set_clock("2026-03-01T08:00:00Z")
    assert pbx.now() == datetime(2026, 3, 1, 8, tzinfo=UTC)
    pbx.set_clock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert pbx.now() == datetime(2026, 3, 2, 8, tzinfo=UTC)
    with pytest.raises(TypeError):
        pbx.advance()


def test_an_sms_is_delivered_when_the_clock_moves(pbx, api):
    api.post("/customers/me/sms", json=CODE_SMS)
    assert pbx.advance(3)["stepsRun"] >= 1
    assert api.get("/customers/me/sms").json()["items"][0]["deliveryStatus"] == 1


def test_inbound_traffic(pbx, api):
    sms = pbx.inbound_sms("01212854747", "07700900123", "STOP 8342")
    assert (sms["direction"], sms["body"]) == ("in", "STOP 8342")
    # The outbox holds what was sent, not what came in (the seeded outbox may say STOP).
    assert pbx.sent_sms(contains="STOP 8342") == []
    call = pbx.inbound_call("07557000000", "07700900123", caller_id_name="Support")
    assert (call["callerName"], call["endpointId"]) == ("Support", 1234)


def test_scenarios_by_name_and_by_body(pbx, api):
    pbx.scenario("small-phonebook")
    assert api.get("/customers/me/phonebook").json()["totalItems"] == 2
    pbx.scenario({"customers": [{"id": 25, "credit": 1.5}]})
    assert api.get("/customers/me/creditstatus").json()["balance"] == 1.5


def test_faults_and_rate_limits(pbx, api):
    pbx.fault("/customers/*/sms", status=503, method="POST", times=1)
    assert api.post("/customers/me/sms", json=CODE_SMS).status_code == 503
    assert api.post("/customers/me/sms", json=CODE_SMS).status_code == 201
    assert pbx.rate_limit(1)["limit"] == 1
    assert api.get("/customers/me").status_code == 200
    assert api.get("/customers/me").status_code == 429
    pbx.verify("GET", "/customers/me", count=1, status=429)


def test_each_test_starts_from_the_seeded_state(pbx, api):
    assert api.get("/customers/me/creditstatus").json()["balance"] == 191.571
    assert pbx.requests() == [ANY]  # the call just above
    assert pbx.now() == START


@pytest.mark.mock_pbx(
    scenario="low-credit",
    clock="2026-02-01T09:00:00Z",
    faults=[{"path": "/customers/me/phonebook", "status": 503}],
    rate_limit=3,
)
def test_the_marker_sets_up_the_test(pbx, api):
    assert api.get("/customers/me/creditstatus").json()["balance"] == 0.05
    assert pbx.now() == datetime(2026, 2, 1, 9, tzinfo=UTC)
    assert api.get("/customers/me/phonebook").status_code == 503
    assert [api.get("/customers/me").status_code for _ in range(2)] == [200, 429]  # 3 a window


def control_of(request, fixture):
    """The control API of the server or app the fixture used, without a fixture's reset."""
    if fixture == "mock_pbx":
        url = request.getfixturevalue("mock_pbx_server").url
        return httpx.Client(base_url=f"{url}/_admin")
    from mock_pbx.pytest_plugin.inprocess import BlockingAsgiTransport

    app = request.getfixturevalue("mock_pbx_app")
    return httpx.Client(transport=BlockingAsgiTransport(app), base_url="http://mock-pbx/_admin")


@pytest.mark.parametrize("fixture", ["mock_pbx", "mock_pbx_asgi"])
def test_the_marker_is_undone_after_the_test(request, fixture):
    """Runs after the marked test: what the marker set is gone, though nothing reset since."""
    with control_of(request, fixture) as control:
        assert control.get("/clock").json()["now"].startswith("2026-01-15T10:30")
        assert control.get("/faults").json()["items"] == []
        assert control.get("/ratelimit").json()["limit"] is None


@pytest.mark.mock_pbx(clock="2026-05-01T00:00:00Z", scenario="small-phonebook")
class TestMarkersCombine:
    def test_the_class_marker_applies(self, pbx, api):
        assert pbx.now() == datetime(2026, 5, 1, tzinfo=UTC)
        assert api.get("/customers/me/phonebook").json()["totalItems"] == 2

    @pytest.mark.mock_pbx(clock="2026-06-01T00:00:00Z", scenario=["small-phonebook", "low-credit"])
    def test_the_closest_marker_wins(self, pbx, api):
        assert pbx.now() == datetime(2026, 6, 1, tzinfo=UTC)
        assert api.get("/customers/me/creditstatus").json()["balance"] == 0.05


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_the_in_process_fixture_in_an_async_test(mock_pbx_asgi):
    response = await mock_pbx_asgi.client.post("/customers/me/sms", json=CODE_SMS)
    assert response.status_code == 201
    assert mock_pbx_asgi.otp("07700900123") == "4821"  # a sync call, inside the running loop
    mock_pbx_asgi.verify("POST", "/customers/me/sms", count=1)
