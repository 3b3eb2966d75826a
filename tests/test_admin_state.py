"""Reset, reseed, scenarios, snapshots, health and the admin token."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import SQLModel, text

from mock_pbx import create_app
from mock_pbx.settings import Settings

ADMIN = "http://testserver/_admin"
ENTRY = {"type": "phonebookentry", "name": "Temp", "phoneNumber": "07700900999"}


def table_dump(app):
    """Every row of every table: what a reset must restore exactly."""
    with app.state.runtime.db.session() as session:
        return {
            t.name: session.execute(text(f'SELECT * FROM "{t.name}" ORDER BY 1')).all()
            for t in SQLModel.metadata.sorted_tables
        }


def disturb(client, customer="me"):
    """Touch every kind of state: a write, an SMS with its lifecycle, a call, a number, credit."""
    client.post(f"/customers/{customer}/phonebook", json=ENTRY)
    client.delete(
        f"/customers/{customer}/phonebook/"
        + client.get(f"/customers/{customer}/phonebook").json()["items"][0]["id"]
    )
    client.post(
        f"{ADMIN}/sms/inbound", json={"to": "01212854747", "from": "07700900123", "body": "hi"}
    )
    client.post(
        "/customers/me/sms",
        json={"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "x"},
    )
    client.post(
        "/customers/me/calls", json={"type": "call", "endpoint": "1234", "to": "07902000000"}
    )
    client.put("/customers/me/phonenumbers/47", json={"type": "did", "identifier": "changed"})
    client.post(f"{ADMIN}/clock", json={"advance": 2})


def test_reset_restores_every_table_and_the_clock(client, app):
    before = table_dump(app)
    disturb(client)
    assert table_dump(app) != before
    response = client.post(f"{ADMIN}/reset")
    assert response.status_code == 200
    assert table_dump(app) == before
    assert client.get(f"{ADMIN}/clock").json()["now"] == "2026-01-15T10:30:00.000+0000"


def test_reset_reports_how_long_it_took(client):
    """The time is measured by `make bench`; the answer reports each reset's own duration."""
    body = client.post(f"{ADMIN}/reset").json()
    assert body["reset"] == "all" and body["tookMs"] >= 0


def test_reset_clears_the_journal_and_faults(client):
    client.get("/customers/me")
    client.post(f"{ADMIN}/faults", json={"path": "/api/v1/customers/*/sms", "status": 503})
    client.post(f"{ADMIN}/reset")
    assert client.get(f"{ADMIN}/requests/count").json() == {"count": 0}
    assert client.get(f"{ADMIN}/faults").json()["items"] == []


def test_resetting_one_customer_leaves_the_others_alone(client, app):
    client.auth = ("reseller", "reseller")
    pristine_26 = client.get("/customers/26/phonebook").json()
    disturb(client, customer="25")
    client.post("/customers/26/phonebook", json=ENTRY)
    changed_25 = client.get("/customers/25/phonebook").json()
    client.post(f"{ADMIN}/reset", params={"customer": 26})
    assert client.get("/customers/26/phonebook").json() == pristine_26
    assert client.get("/customers/25/phonebook").json() == changed_25


def test_resetting_one_customer_restores_its_every_row(client, app):
    before = table_dump(app)
    disturb(client)
    client.post(f"{ADMIN}/reset", params={"customer": 25})
    after = table_dump(app)
    for name in (
        "phonebookentry",
        "smsmessage",
        "call",
        "phonenumber",
        "customer",
        "step",
        "livecall",
    ):
        assert after[name] == before[name], name


def test_new_ids_after_a_customer_reset_never_clash(client):
    created = client.post("/customers/me/phonebook", json=ENTRY).json()
    client.post(f"{ADMIN}/reset", params={"customer": 25})
    again = client.post("/customers/me/phonebook", json=ENTRY).json()
    assert int(again["id"]) > int(created["id"])


def test_resetting_an_unknown_customer_is_a_404(client):
    assert client.post(f"{ADMIN}/reset", params={"customer": 999}).status_code == 404


def test_reseed_changes_the_generated_data_and_what_reset_returns_to(client, app):
    try:
        before = client.get("/customers/me/calls", params={"pageSize": 5}).json()["items"]
        response = client.post(f"{ADMIN}/seed", json={"seed": 42, "scale": 0.5})
        assert response.json() == {"seed": 42, "scale": 0.5}
        after = client.get("/customers/me/calls", params={"pageSize": 5}).json()
        assert after["items"] != before and after["totalItems"] < 200
        assert client.get("/customers/me/sms/253368").status_code == 200  # fixtures stay
        client.post("/customers/me/phonebook", json=ENTRY)
        client.post(f"{ADMIN}/reset")
        assert client.get("/customers/me/calls", params={"pageSize": 5}).json() == after
    finally:
        client.post(f"{ADMIN}/seed", json={"seed": 1, "scale": 1})


def test_named_scenarios_set_exact_records(client):
    assert {"low-credit", "small-phonebook", "otp-inbox"} <= set(
        client.get(f"{ADMIN}/scenarios").json()["items"]
    )
    response = client.post(f"{ADMIN}/scenarios/small-phonebook")
    assert response.json()["applied"] == {"phonebook": 2}
    book = client.get("/customers/me/phonebook").json()
    assert [(e["id"], e["name"]) for e in book["items"]] == [
        ("5001", "Alice Support"),
        ("5002", "Bob Sales"),
    ]


def test_the_low_credit_scenario_makes_an_sms_fail_for_credit(client):
    client.post(f"{ADMIN}/scenarios/low-credit")
    assert client.get("/customers/me/creditstatus").json() == {
        "type": "creditstatus",
        "uri": "http://testserver/api/v1/customers/25/creditstatus",
        "accountType": "prepaid",
        "creditRemaining": 0.05,
        "balance": 0.05,
    }
    response = client.post(
        "/customers/me/sms",
        json={"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "x"},
    )
    assert response.json()["message"] == "Insufficient credit"


def test_a_scenario_in_the_body_can_set_the_clock_and_any_collection(client):
    scenario = {
        "clock": "2026-06-01T12:00:00Z",
        "records": {
            "sms": [
                {
                    "id": 253368,
                    "direction": "out",
                    "from": "Sipcentric",
                    "to": "07700900001",
                    "body": "changed",
                    "sendStatus": "sent",
                    "deliveryStatus": 4,
                    "cost": 0.1,
                    "created": "2026-06-01T11:00:00Z",
                }
            ]
        },
    }
    assert client.post(f"{ADMIN}/scenarios", json=scenario).status_code == 200
    assert client.get("/customers/me/sms/253368").json()["deliveryStatus"] == 4
    assert client.get(f"{ADMIN}/clock").json()["now"] == "2026-06-01T12:00:00.000+0000"


def test_a_scenario_can_give_an_endpoint_relationships_by_id(client):
    """As fixtures/ spells them: the `*Ref(s)` columns and the menu's JSON with ids; the API
    shows them as URIs."""
    menu = {
        "id": 7001,
        "type": "ivr",
        "name": "Scenario menu",
        "shortNumber": "650",
        "timeout": 5,
        "entrySoundRef": 1035,
        "ivrItems": [{"key": "1", "action": {"type": "transfer", "destination": 94}}],
        "ivrTimeoutAction": {"type": "goto", "destination": 101},
    }
    group = {
        "id": 7002,
        "type": "group",
        "name": "Pair",
        "shortNumber": "551",
        "memberRefs": [94, 1234],
    }
    scenario = {"records": {"endpoints": [menu, group]}}
    assert client.post(f"{ADMIN}/scenarios", json=scenario).status_code == 200
    shown = client.get("/customers/me/endpoints/7001").json()
    endpoints = "http://testserver/api/v1/customers/25/endpoints"
    assert shown["items"] == [
        {"key": "1", "action": {"type": "transfer", "destination": f"{endpoints}/94"}}
    ]
    assert shown["timeoutAction"] == {"type": "goto", "destination": f"{endpoints}/101"}
    assert shown["entrySound"].endswith("/customers/25/sounds/1035")
    members = client.get("/customers/me/endpoints/7002").json()["members"]
    assert members == [f"{endpoints}/94", f"{endpoints}/1234"]


@pytest.mark.parametrize(
    "scenario",
    [
        {"records": {"faxes": []}},
        {"records": {"phonebook": [{"name": "No number"}]}},
        {"records": {"phonebook": [{"name": "A", "phoneNumber": "1"}, {"nope": 1}]}},
        {"customers": [{"id": 999, "credit": 1}]},
        {"clock": "not a time"},
        [],
    ],
)
def test_a_scenario_with_a_mistake_is_a_400_and_changes_nothing(client, app, scenario):
    before = table_dump(app)
    response = client.post(f"{ADMIN}/scenarios", json=scenario)
    assert response.status_code == 400
    assert response.json()["message"]
    assert table_dump(app) == before


def test_unknown_scenarios_are_a_404(client):
    for name in ("nope", "..%2Fusers", "a b"):
        assert client.post(f"{ADMIN}/scenarios/{name}").status_code == 404


def test_snapshots_save_and_restore_the_whole_state(client, app):
    client.post("/customers/me/phonebook", json=ENTRY)
    assert client.post(f"{ADMIN}/snapshots/arranged").status_code == 201
    arranged = table_dump(app)
    disturb(client)
    client.post(f"{ADMIN}/clock", json={"advance": 600})
    assert client.post(f"{ADMIN}/snapshots/arranged/restore").json()["restored"] is True
    assert table_dump(app) == arranged
    assert client.get(f"{ADMIN}/clock").json()["now"] == "2026-01-15T10:30:00.000+0000"
    assert client.get(f"{ADMIN}/snapshots").json()["items"] == ["arranged"]
    assert client.delete(f"{ADMIN}/snapshots/arranged").status_code == 204
    assert client.post(f"{ADMIN}/snapshots/arranged/restore").status_code == 404


def test_health_answers_200(anonymous):
    for path in ("http://testserver/_admin/health", "http://testserver/healthz"):
        assert anonymous.get(path).json()["status"] == "ok"


def test_the_clock_can_switch_between_real_and_manual(client):
    assert client.post(f"{ADMIN}/clock", json={"mode": "real"}).json()["mode"] == "real"
    real = client.get(f"{ADMIN}/clock").json()["now"]
    assert real.startswith("2026-01-15T10:30")  # the real clock carries on from the manual time
    assert client.post(f"{ADMIN}/clock", json={"mode": "manual"}).json()["mode"] == "manual"


def test_the_control_api_is_in_the_openapi_document_under_its_own_tags(client):
    paths = client.get("http://testserver/openapi.json").json()["paths"]
    admin = {p: v for p, v in paths.items() if p.startswith("/_admin")}
    assert {"/_admin/reset", "/_admin/requests", "/_admin/faults", "/_admin/sms"} <= set(admin)
    tags = [op["tags"] for methods in admin.values() for op in methods.values()]
    assert all(len(tag) == 1 and tag[0].startswith("admin: ") for tag in tags)  # by purpose
    assert not any(p.startswith("/api/v1/_admin") for p in paths)


@pytest.fixture
def guarded():
    app = create_app(Settings(admin_token="s3cret", scale=0.1))
    with TestClient(app) as client:
        yield client


def test_with_a_token_the_control_api_refuses_requests_without_it(guarded):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-Admin-Token": "nope"}):
        response = guarded.post("/_admin/reset", headers=headers)
        assert response.status_code == 401
        assert response.json()["message"]
    assert (
        guarded.post("/_admin/reset", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    )
    assert guarded.get("/_admin/clock", headers={"X-Admin-Token": "s3cret"}).status_code == 200
    assert guarded.get("/_admin/health").status_code == 200  # health stays open for probes
