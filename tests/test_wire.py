"""Cross-cutting wire rules: absolute links, proxies, dates, aliases and the error body."""

import re

import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.settings import Settings

from .support import NAMES

DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")


def test_links_follow_the_host_and_port_the_client_used(client):
    body = client.get("http://127.0.0.1:8123/api/v1/customers/me/sms?pageSize=1").json()
    assert body["items"][0]["uri"].startswith("http://127.0.0.1:8123/api/v1/customers/25/sms/")
    assert body["nextPage"].startswith("http://127.0.0.1:8123/api/v1/customers/25/sms?")


def test_links_honour_a_trusted_proxys_forwarded_proto_and_host(seeded, clock):
    settings = Settings(trusted_proxies="*")
    app = create_app(settings, clock=clock, template=seeded.state.runtime.db)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "pbx.example.com, proxy.local"}
    with TestClient(app) as client:
        body = client.get("/api/v1/customers/me", headers=headers, auth=("demo", "demo")).json()
    assert body["uri"] == "https://pbx.example.com/api/v1/customers/25"


def test_public_url_setting_overrides_the_request(seeded, clock):
    app = create_app(
        Settings(public_url="https://pbx.sipcentric.com/"),
        clock=clock,
        template=seeded.state.runtime.db,
    )
    with TestClient(app) as client:
        body = client.get("/api/v1/customers/me/sms/253368", auth=("demo", "demo")).json()
    assert body["uri"] == "https://pbx.sipcentric.com/api/v1/customers/25/sms/253368"


def test_every_date_is_written_in_the_spec_format(client):
    dated = {"created", "callStarted", "started", "validFrom", "validTo"}
    for name in ("sms", "calls", "recordings", "callbundles", "endpoints", "sounds"):
        for item in client.get(f"/customers/me/{name}").json()["items"]:
            for key in dated & set(item):
                assert DATE.match(item[key]), (name, key, item[key])


def test_unset_optional_fields_are_left_out_not_null(client):
    for name in ("sms", "endpoints", "phonenumbers", "phonebook", "sounds"):
        for item in client.get(f"/customers/me/{name}", params={"pageSize": 200}).json()["items"]:
            assert None not in item.values(), (name, item)
    inbound = [
        m
        for m in client.get("/customers/me/sms", params={"pageSize": 50}).json()["items"]
        if m["direction"] == "in"
    ]
    assert inbound
    assert all("sendStatus" not in m and "deliveryStatus" not in m for m in inbound)


def test_global_aliases_serve_the_users_own_customer(client):
    bundles = client.get("/callbundles/1040").json()
    assert bundles == client.get("/customers/me/callbundles/1040").json()
    assert client.get("/endpoint/101").json() == client.get("/customers/25/endpoints/101").json()
    assert (
        client.get("/outgoingcallerid/114")
        .json()["uri"]
        .endswith("/customers/25/outgoingcallerids/114")
    )
    listed = client.get("/callbundles", params={"pageSize": 1}).json()
    assert listed["nextPage"].endswith("/customers/25/callbundles?pageSize=1&page=2")


def test_singular_spellings_work_under_a_customer_too(client):
    assert client.get("/customers/me/endpoint/101").status_code == 200
    assert client.get("/customers/me/outgoingcallerid/114/").status_code == 200


def test_json_suffix_is_the_same_resource(client):
    assert (
        client.get("/customers/me/sms/253368.json").json()
        == client.get("/customers/me/sms/253368").json()
    )


def test_unknown_paths_are_a_json_404(client):
    for path in ("/nothing", "/customers/me/faxes", "http://testserver/api/v2/customers"):
        response = client.get(path)
        assert response.status_code == 404
        assert set(response.json()) == {"message", "errors"}


def test_validation_errors_are_400_never_422_with_both_lists(client):
    body = client.get("/customers/me/sms", params={"page": "x"}).json()
    assert body["message"] == "Validation failed"
    assert body["validationErrors"] == [
        {"field": "page", "message": body["validationErrors"][0]["message"]}
    ]
    assert body["errors"] == body["validationErrors"]


def test_openapi_describes_every_collection(client):
    paths = client.get("http://testserver/openapi.json").json()["paths"]
    for name in NAMES:
        assert f"/api/v1/customers/{{customerId}}/{name}" in paths
        assert f"/api/v1/customers/{{customerId}}/{name}/{{itemId}}" in paths
    assert "/api/v1/customers/{customerId}/creditstatus" in paths
    assert client.get("http://testserver/docs").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Basic !!!", "Basic //46eA==", "Basic bm9jb2xvbg==", "Bearer x", "Basic", "Digest a=b"],
)
def test_malformed_authorization_is_a_401_challenge(anonymous, header):
    response = anonymous.get("/customers/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert response.json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/customers/me/calls?endpointId=99999999999999999999999",
        "/customers/me/calls?from=%00%27;drop table call;--",
        "/customers/me/recordings?callId=%FF%FE",
        "/customers/me/calls?createdAfter=9999-12-31T23:59:59%2B2359",
        "/customers/me/sms/%00",
        "/customers/%D9%A2%D9%A5/sms",
        "/customers/me/sms/%D9%A3",
        "/customers/me/sms?page=1e3",
    ],
)
def test_hostile_query_and_path_values_get_a_json_4xx_or_an_empty_list(client, path):
    response = client.get(path)
    assert response.status_code in (200, 400, 404)
    body = response.json()
    assert body.get("items", []) == [] or "message" not in body
