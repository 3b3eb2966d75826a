"""Writing endpoints over HTTP: POST creates every type with its documented defaults, PUT
replaces (its type never changes), short numbers are checked, the Node client's body shape is
taken, the account's limits hold, only admins and resellers write, and no error changes
anything. References, IVR menus and deletes: test_endpoint_write_rules.py."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings

from .conftest import START

ENDPOINTS = "/customers/25/endpoints"
OTHER = ("other", "other")  # the admin of customer 26
EXTENSION = ("extension", "extension")
RESELLER = ("reseller", "reseller")
VOICEMAIL = {
    "autoAnswer": False,
    "pin": "0000",
    "playEnvelope": True,
    "playCallerId": True,
    "allowReview": True,
}
# A minimal body of each type, and the defaults the answer must show.
MINIMAL = {
    "phone": ({}, {"timeout": 30, "callWaiting": True, "callRecording": "OFF"}),
    "virtual": (
        {"destination": "07700900123"},
        {"timeout": 30, "screeningEnabled": False, "destination": "07700900123"},
    ),
    "group": ({}, {"memberTimeout": 30, "cascadeDelay": 0, "ringFor": 60, "members": []}),
    "queue": (
        {},
        {
            "maxWait": 600,
            "strategy": "RINGALL",
            "memberTimeout": 15,
            "memberRetryInterval": 5,
            "wrapUpTime": 0,
            "announcePosition": False,
            "announcePositionInterval": 60,
            "periodicAnnounceInterval": 60,
            "periodicAnnounceSounds": [],
            "playRinging": False,
            "ringInUse": False,
            "abandonedThreshold": 10,
            "serviceLevelTarget": 80,
            "serviceLevelThreshold": 20,
            "members": [],
        },
    ),
    "ivr": ({}, {"timeout": 5, "items": []}),
    "mailbox": (
        {"email": "box@example.com"},
        {"allowReview": True, "pin": "0000", "playCallerId": True, "playEnvelope": True},
    ),
    "trunk": ({}, {"channels": 2, "timeout": 30}),
}


def body(kind="phone", short="130", **fields):
    return {"type": kind, "name": f"New {kind}", "shortNumber": short, **fields}


def create(client, kind="phone", short="130", auth=("demo", "demo"), **fields):
    return client.post(ENDPOINTS, json=body(kind, short, **fields), auth=auth)


def total(client, auth=("demo", "demo"), customer=25):
    answer = client.get(f"/customers/{customer}/endpoints", auth=auth)
    return answer.json()["totalItems"]


def fields_at_fault(answer):
    assert answer.status_code == 400, answer.text
    return [error["field"] for error in answer.json()["validationErrors"]]


@pytest.mark.parametrize("kind", list(MINIMAL))
def test_a_minimal_create_of_each_type_gets_its_documented_defaults(client, kind):
    extra, defaults = MINIMAL[kind]
    answer = create(client, kind, **extra)
    assert answer.status_code == 201, answer.text
    made = answer.json()
    assert answer.headers["location"] == made["uri"]
    assert made["uri"] == f"http://testserver/api/v1{ENDPOINTS}/{made['id']}"
    assert (made["type"], made["name"], made["shortNumber"], made["readOnly"]) == (
        kind,
        f"New {kind}",
        "130",
        False,
    )
    assert made["created"] == "2026-01-15T10:30:00.000+0000"
    assert {key: made[key] for key in defaults} == defaults
    if kind == "phone":
        assert made["voicemailSettings"] == VOICEMAIL
    assert client.get(made["uri"]).json() == made


def test_the_node_clients_body_is_taken_with_its_echoes_ignored(client):
    """@sipcentric/pbx-client POSTs to .../endpoints/?type=phone with the whole object and
    `X-Relationship-Key: id`, and answers come back with bare ids."""
    sent = {
        **body(timeout=20, defaultCallerId="114"),
        "id": "5",
        "uri": "http://elsewhere/api/v1/customers/25/endpoints/5",
        "parent": "http://elsewhere/api/v1/customers/25",
        "created": "2001-01-01T00:00:00.000+0000",
        "links": {"sip": "x"},
        "readOnly": True,
    }
    answer = client.post(
        f"{ENDPOINTS}/?type=phone", json=sent, headers={"X-Relationship-Key": "id"}
    )
    assert answer.status_code == 201, answer.text
    made = answer.json()
    assert made["id"] != "5" and made["readOnly"] is False and made["timeout"] == 20
    assert made["created"] == "2026-01-15T10:30:00.000+0000"
    assert made["defaultCallerId"] == "114"
    assert made["links"]["sip"].endswith(f"/endpoints/{made['id']}/sip")
    saved = client.put(
        f"{made['uri']}/?type=phone",
        json={**made, "name": "Renamed"},
        headers={"X-Relationship-Key": "id"},
    )
    assert saved.status_code == 200, saved.text
    assert saved.json() == {**made, "name": "Renamed"}


def test_a_put_replaces_the_whole_endpoint_and_left_out_fields_return_to_defaults(client):
    made = create(client, timeout=45, callRecording="ALWAYS", email="a@example.com").json()
    replaced = client.put(made["uri"], json=body(short="131", callWaiting=False))
    assert replaced.status_code == 200, replaced.text
    shown = replaced.json()
    assert (shown["shortNumber"], shown["timeout"], shown["callRecording"]) == ("131", 30, "OFF")
    assert shown["callWaiting"] is False and "email" not in shown
    assert (shown["id"], shown["created"]) == (made["id"], made["created"])
    assert client.get(made["uri"]).json() == shown


@pytest.mark.parametrize("relationship_key", [None, "id"])
def test_every_seeded_endpoint_takes_a_put_of_what_get_shows(client, relationship_key):
    """What GET shows is a valid body: a client saves it back unchanged (fields it left out,
    such as a seeded IVR's items, then show their defaults)."""
    headers = {"X-Relationship-Key": relationship_key} if relationship_key else {}
    listed = client.get(ENDPOINTS, params={"pageSize": 100}, headers=headers).json()["items"]
    for shown in listed:
        answer = client.put(shown["uri"], json=shown, headers=headers)
        assert answer.status_code == 200, (shown, answer.text)
        assert answer.json().items() >= shown.items()


def test_the_type_cannot_change(client):
    answer = client.put(f"{ENDPOINTS}/94", json=body("virtual", "100", destination="07700900123"))
    assert fields_at_fault(answer) == ["type"]
    assert answer.json()["validationErrors"][0]["message"] == "cannot change: it is a phone"
    assert client.get(f"{ENDPOINTS}/94").json()["type"] == "phone"


def test_fields_of_another_type_are_refused_by_name(client):
    answer = create(client, "phone", members=["94"], channels=2, maxWait=None)
    assert sorted(fields_at_fault(answer)) == ["channels", "members"]
    assert "is not a field of a phone endpoint" in answer.text


def test_the_types_required_fields(client):
    assert fields_at_fault(create(client, "mailbox")) == ["email"]
    assert fields_at_fault(create(client, "virtual")) == ["destination"]
    assert fields_at_fault(create(client, "virtual", destination="103")) == ["destination"]
    assert fields_at_fault(client.post(ENDPOINTS, json={"type": "phone"})) == [
        "name",
        "shortNumber",
    ]


def test_a_short_number_sent_as_a_number_is_kept_as_its_string(client):
    answer = create(client, short=130)
    assert answer.status_code == 201
    assert answer.json()["shortNumber"] == "130"


@pytest.mark.parametrize("short", ["12", "12345", "1a2", "", "-12", 7, "١٢٣"])
def test_a_short_number_is_three_or_four_digits(client, short):
    assert fields_at_fault(create(client, short=short)) == ["shortNumber"]


@pytest.mark.parametrize("short", ["101", "999", "112", "1471", "1571"])
def test_reserved_short_numbers_are_refused(client, short):
    answer = create(client, short=short)
    assert fields_at_fault(answer) == ["shortNumber"]
    assert "is reserved" in answer.text


def test_a_short_number_is_unique_in_the_account_only(client):
    answer = create(client, short="102")
    assert fields_at_fault(answer) == ["shortNumber"]
    assert answer.json()["validationErrors"][0]["message"] == (
        "shortNumber 102 is already used by Fred Bloggs"
    )
    assert create(client, short="102", auth=OTHER).status_code == 401
    theirs = client.post("/customers/26/endpoints", json=body(short="102"), auth=OTHER)
    assert theirs.status_code == 201
    made = create(client).json()
    assert client.put(made["uri"], json=body(short="130")).status_code == 200  # its own


def test_every_field_at_fault_comes_in_one_answer(client):
    answer = create(client, short="102", members=["94"], defaultCallerId="115")
    assert sorted(fields_at_fault(answer)) == ["defaultCallerId", "members", "shortNumber"]


@pytest.mark.parametrize(
    "change",
    [
        {"timeout": True},
        {"timeout": "30"},
        {"timeout": 601},
        {"timeout": 10**30},
        {"callRecording": "SOMETIMES"},
        {"email": "not an address"},
        {"voicemailSettings": {"pin": "12"}},
        {"voicemailSettings": {"colour": "red"}},
        {"voicemailSettings": []},
        {"hotdeskPin": "12a4"},
        {"name": "x" * 101},
        {"name": "   "},
        {"name": 5},
        {"type": "fax"},
    ],
)
def test_bad_fields_are_a_400_and_create_nothing(client, change):
    before = total(client)
    answer = client.post(ENDPOINTS, json={**body(), **change})
    assert answer.status_code == 400, answer.text
    assert answer.json()["validationErrors"]
    assert total(client) == before


@pytest.mark.parametrize(
    "sent", [[], "phone", 5, None, {"type": {"nested": ["junk"]}}, [body()], {"": ""}]
)
def test_bodies_that_are_not_an_endpoint_are_a_400(client, sent):
    assert client.post(ENDPOINTS, json=sent).status_code == 400
    assert client.put(f"{ENDPOINTS}/94", json=sent).status_code == 400


def test_a_failed_put_changes_nothing(client):
    before = client.get(f"{ENDPOINTS}/94").json()
    answer = client.put(f"{ENDPOINTS}/94", json=body(short="102", timeout=10))
    assert answer.status_code == 400
    assert client.get(f"{ENDPOINTS}/94").json() == before


def test_the_hotdesk_pin_is_write_only_and_kept_by_a_put_without_it(client, app):
    made = create(client, hotdeskPin="4321").json()
    assert "hotdeskPin" not in made and "4321" not in str(made)
    assert client.put(made["uri"], json=body()).status_code == 200
    with app.state.runtime.db.new_session() as session:  # white box: the column is never shown
        assert session.get(Endpoint, int(made["id"])).hotdesk_pin == "4321"


def test_creates_stop_at_the_accounts_limit_for_the_type(client):
    limit = client.get("/customers/25/limits").json()["trunk"]
    for index in range(limit):
        assert create(client, "trunk", short=str(900 + index)).status_code == 201
    answer = create(client, "trunk", short="990")
    assert fields_at_fault(answer) == ["type"]
    assert answer.json()["validationErrors"][0]["message"] == (
        f"the account's limit of {limit} trunk endpoints is reached"
    )
    assert create(client, "virtual", short="990", destination="07700900123").status_code == 201


def test_extension_users_may_not_write(client):
    before = total(client)
    assert create(client, auth=EXTENSION).status_code == 401
    assert client.put(f"{ENDPOINTS}/94", json=body(short="100"), auth=EXTENSION).status_code == 401
    assert client.delete(f"{ENDPOINTS}/94", auth=EXTENSION).status_code == 401
    assert total(client) == before


def test_a_reseller_writes_for_its_customers(client):
    made = create(client, auth=RESELLER)
    assert made.status_code == 201
    assert client.put(made.json()["uri"], json=body(), auth=RESELLER).status_code == 200
    assert client.delete(made.json()["uri"], auth=RESELLER).status_code == 204


def test_another_accounts_admin_cannot_touch_these_endpoints(client):
    made = create(client).json()
    assert create(client, auth=OTHER).status_code == 401
    assert client.put(made["uri"], json=body(), auth=OTHER).status_code == 401
    assert client.delete(made["uri"], auth=OTHER).status_code == 401
    theirs = f"/customers/26/endpoints/{made['id']}"
    assert client.put(theirs, json=body(), auth=OTHER).status_code == 404
    assert client.delete(theirs, auth=OTHER).status_code == 404
    assert client.get(made["uri"]).json() == made


def test_a_put_or_delete_of_an_unknown_id_is_a_404(client):
    for item in ("999999", "x", "99999999999999999999999"):
        assert client.put(f"{ENDPOINTS}/{item}", json=body()).status_code == 404
        assert client.delete(f"{ENDPOINTS}/{item}").status_code == 404


@pytest.fixture
def kept(seeded: FastAPI) -> Iterator[TestClient]:
    """An app with kept answers and the lean path on, as a user runs it (tests/test_kept_answers)."""
    app = create_app(Settings(), clock=ManualClock(START), template=seeded.state.runtime.db)
    with TestClient(app, base_url="http://testserver/api/v1") as test_client:
        test_client.auth = ("demo", "demo")
        yield test_client


def test_lists_and_items_show_each_write_at_once(kept):
    listed = kept.get(f"{ENDPOINTS}?pageSize=100").json()
    made = create(kept).json()
    assert kept.get(f"{ENDPOINTS}?pageSize=100").json()["totalItems"] == listed["totalItems"] + 1
    assert kept.get(made["uri"]).json()["name"] == "New phone"
    assert kept.put(made["uri"], json=body(name="Renamed")).status_code == 200
    assert kept.get(made["uri"]).json()["name"] == "Renamed"
    phones = kept.get(ENDPOINTS, params={"type": "phone", "pageSize": 100}).json()["items"]
    assert "Renamed" in {phone["name"] for phone in phones}
    assert kept.delete(made["uri"]).status_code == 204
    assert kept.get(made["uri"]).status_code == 404
    assert kept.get(f"{ENDPOINTS}?pageSize=100").json() == listed
