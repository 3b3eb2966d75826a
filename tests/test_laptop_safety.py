"""A web page the developer visits cannot drive the emulator on their laptop: the Host check (DNS
rebinding), the control API's origins (CORS and simple cross-origin requests), and forwarded
headers that only a trusted proxy may set. Host checks run against a live server: an in-process
client has no socket, and is not checked."""

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from mock_pbx import create_app
from mock_pbx.http.hosts import host_name, is_loopback
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer

from .conftest import START

EVIL = "http://evil.example"
ADMIN = "http://testserver/_admin"


def app_with(seeded: FastAPI, **settings: object) -> FastAPI:
    return create_app(
        Settings(**settings), clock=ManualClock(START), template=seeded.state.runtime.db
    )


@pytest.fixture(scope="module")
def laptop(seeded: FastAPI) -> Iterator[LiveServer]:
    """Listening on 127.0.0.1, the default."""
    with LiveServer(app_with(seeded)) as server:
        yield server


def get(server: LiveServer, path: str, host: str, **headers: str) -> httpx.Response:
    return httpx.get(
        server.url + path, headers={"Host": host, **headers}, auth=("demo", "demo"), timeout=10
    )


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8000", "127.0.0.1:8000", "127.9.9.9", "[::1]:8000", "LOCALHOST."],
)
def test_a_loopback_host_is_served_on_loopback(laptop, host):
    assert get(laptop, "/api/v1/customers/me", host).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/customers/me", "/_admin/sms", "/", "/docs"])
def test_a_rebound_host_is_refused_before_anything_runs(laptop, path):
    response = get(laptop, path, "attacker.example:8000")
    assert response.status_code == 421
    assert "MOCK_PBX_ALLOWED_HOSTS" in response.json()["message"]
    assert response.json()["errors"]


def test_a_refused_host_changes_nothing(laptop):
    before = httpx.get(laptop.url + "/_admin/requests/count").json()["count"]
    response = httpx.post(laptop.url + "/_admin/reset", headers={"Host": "attacker.example"})
    assert response.status_code == 421
    assert httpx.get(laptop.url + "/_admin/requests/count").json()["count"] == before


def test_allowed_hosts_extend_the_loopback_names(seeded):
    with LiveServer(app_with(seeded, allowed_hosts="mock-pbx, pbx.test")) as server:
        assert get(server, "/api/v1/customers/me", "mock-pbx:8000").status_code == 200
        assert get(server, "/api/v1/customers/me", "pbx.test").status_code == 200
        assert get(server, "/api/v1/customers/me", "attacker.example").status_code == 421


def test_listening_on_every_address_serves_any_host(seeded):
    app = app_with(seeded, host="0.0.0.0")
    with LiveServer(app, host="0.0.0.0") as server:
        url = f"http://127.0.0.1:{server.port}/api/v1/customers/me"
        response = httpx.get(url, headers={"Host": "mock-pbx:8000"}, auth=("demo", "demo"))
    assert response.status_code == 200


def test_an_in_process_client_is_not_host_checked(client):
    # TestClient sends Host: testserver, and has no socket a page could reach.
    assert client.get("/customers/me").status_code == 200


def test_host_names_are_read_without_their_port():
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.COM.:80") == "example.com"
    assert host_name("::1") == "::1"
    assert is_loopback("127.1.2.3") and is_loopback("::1") and not is_loopback("10.0.0.1")


def test_the_control_api_sends_no_cors_headers_by_default(client):
    preflight = client.options(
        f"{ADMIN}/reset", headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/_admin/reset"), ("GET", "/_admin/sms"), ("POST", "/_admin/clock")],
)
def test_a_cross_origin_page_cannot_act_on_the_control_api(client, method, path):
    # A form's POST needs no preflight: it must be refused before it acts.
    client.post(
        "/customers/me/sms",
        json={
            "type": "smsmessage",
            "to": "07700900123",
            "from": "07557000000",
            "body": "code 1234",
        },
    )
    response = client.request(
        method, "http://testserver" + path, headers={"Origin": EVIL}, json={"advance": 60}
    )
    assert response.status_code == 403
    assert "MOCK_PBX_ADMIN_ORIGINS" in response.json()["message"]
    assert client.get("/customers/me/sms?pageSize=1").json()["items"][0]["body"] == "code 1234"


def test_a_cross_site_request_without_an_origin_is_refused(client):
    # An <img src=".../_admin/sms"> sends no Origin, but says cross-site.
    response = client.get(f"{ADMIN}/sms", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_the_inbox_own_origin_may_use_the_control_api(client):
    same = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert client.post(f"{ADMIN}/clock", headers=same, json={"advance": 1}).status_code == 200
    assert client.get(f"{ADMIN}/sms", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200


def test_clients_that_are_not_browsers_are_not_concerned(client):
    assert client.post(f"{ADMIN}/clock", json={"advance": 1}).status_code == 200


def test_admin_origins_open_the_control_api_to_a_dashboard(seeded):
    app = app_with(seeded, admin_origins="http://dashboard.test")
    with TestClient(app) as client:
        preflight = client.options(
            f"{ADMIN}/reset",
            headers={"Origin": "http://dashboard.test", "Access-Control-Request-Method": "POST"},
        )
        allowed = client.post(f"{ADMIN}/reset", headers={"Origin": "http://dashboard.test"})
        refused = client.post(f"{ADMIN}/reset", headers={"Origin": EVIL})
    assert preflight.headers["access-control-allow-origin"] == "http://dashboard.test"
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://dashboard.test"
    assert refused.status_code == 403


def test_the_emulated_api_stays_open_to_front_end_demos(client):
    response = client.get("/customers/me", headers={"Origin": "http://localhost:3000"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "pbx.example.com"}


def test_forwarded_headers_from_an_untrusted_client_are_ignored(client):
    assert (
        client.get("/customers/me", headers=FORWARDED)
        .json()["uri"]
        .startswith("http://testserver/")
    )


def test_forwarded_headers_from_a_trusted_proxy_shape_the_links(seeded):
    with TestClient(app_with(seeded, trusted_proxies="*")) as client:
        body = client.get("/api/v1/customers/me", headers=FORWARDED, auth=("demo", "demo")).json()
    assert body["uri"] == "https://pbx.example.com/api/v1/customers/25"


@pytest.mark.parametrize(
    ("header", "value"),
    [("X-Forwarded-Proto", "javascript"), ("X-Forwarded-Host", "evil.example/x?y=")],
)
def test_a_forwarded_header_never_makes_a_strange_link(seeded, header, value):
    with TestClient(app_with(seeded, trusted_proxies="*")) as client:
        uri = client.get("/api/v1/customers/me", headers={header: value}, auth=("demo", "demo"))
    assert uri.json()["uri"] == "http://testserver/api/v1/customers/25"


def test_trusted_proxies_are_matched_by_address(seeded):
    with LiveServer(app_with(seeded, trusted_proxies="10.0.0.0/8")) as server:
        response = httpx.get(
            server.url + "/api/v1/customers/me", headers=FORWARDED, auth=("demo", "demo")
        )
    assert response.json()["uri"].startswith(server.url)  # 127.0.0.1 is not in 10.0.0.0/8


def test_a_trusted_proxy_that_is_not_an_address_fails_at_start_up():
    with pytest.raises(ValidationError, match="nonsense"):
        Settings(trusted_proxies="10.0.0.0/8, nonsense")
