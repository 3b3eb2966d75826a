"""Kept answers (http/cache.py): a repeated GET is answered from memory while the data it was
read from is unchanged, and never once it changed: a write through either front, a step of the
clock that fell due, a reset, a snapshot restored, a scenario, a reseed; per login and Host; and
never with a database another process writes too."""

import base64
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings

from .conftest import START

API = "http://testserver/api/v1/customers/me"
ADMIN = "http://testserver/_admin"
DEMO = ("demo", "demo")
ENTRY = {"type": "phonebookentry", "name": "Kept", "phoneNumber": "07700900321"}
SMS = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": "hi"}


@pytest.fixture
def client(seeded: FastAPI) -> Iterator[TestClient]:
    app = create_app(Settings(), clock=ManualClock(START), template=seeded.state.runtime.db)
    with TestClient(app) as test_client:
        yield test_client


def phonebook_total(client: TestClient) -> int:
    total: int = client.get(f"{API}/phonebook", auth=DEMO).json()["totalItems"]
    return total


def test_a_repeated_get_is_kept_until_the_data_changes(client):
    """White box: a row changed behind the app's back (no commit it sees) does not show while the
    answer is kept; once the generation moves on, it does. That is what `kept` means here."""
    db = client.app.state.runtime.db
    client.get(f"{API}/phonebook/2", auth=DEMO)  # the first request learns the pending steps
    first = client.get(f"{API}/phonebook/1", auth=DEMO).json()
    db.plain_connection().execute("UPDATE phonebookentry SET name = 'Changed' WHERE id = 1")
    assert client.get(f"{API}/phonebook/1", auth=DEMO).json() == first
    db.touch()
    assert client.get(f"{API}/phonebook/1", auth=DEMO).json()["name"] == "Changed"


def test_writes_through_either_front_are_seen(client):
    before = phonebook_total(client)
    assert client.post(f"{API}/phonebook", json=ENTRY, auth=DEMO).status_code == 201  # lean
    assert phonebook_total(client) == before + 1
    entry = client.get(f"{API}/phonebook?pageSize=1", auth=DEMO).json()["items"][0]
    kept = client.get(f"{API}/phonebook/{entry['id']}", auth=DEMO).json()
    renamed = {**ENTRY, "name": "Renamed"}
    assert client.put(kept["uri"], json=renamed, auth=DEMO).status_code == 200  # the route
    assert client.get(f"{API}/phonebook/{entry['id']}", auth=DEMO).json()["name"] == "Renamed"


def test_a_step_that_fell_due_is_never_hidden_by_a_kept_page(client):
    assert client.post(f"{API}/sms", json=SMS, auth=DEMO).status_code == 201
    page = client.get(f"{API}/sms?pageSize=1", auth=DEMO).json()
    assert page["items"][0]["deliveryStatus"] == 0
    client.app.state.runtime.clock.advance(10)  # no request runs anything: the next GET must
    page = client.get(f"{API}/sms?pageSize=1", auth=DEMO).json()
    assert page["items"][0]["deliveryStatus"] == 1


def test_reset_snapshots_scenarios_and_reseeding_are_seen(client):
    seeded = phonebook_total(client)
    assert client.post(f"{ADMIN}/snapshots/before").status_code in (200, 201)
    client.post(f"{API}/phonebook", json=ENTRY, auth=DEMO)
    assert phonebook_total(client) == seeded + 1
    client.post(f"{ADMIN}/snapshots/before/restore")
    assert phonebook_total(client) == seeded
    client.post(f"{ADMIN}/scenarios/small-phonebook")
    scenario = phonebook_total(client)
    assert scenario != seeded
    client.post(f"{ADMIN}/reset")
    assert phonebook_total(client) == seeded
    calls = client.get(f"{API}/calls?pageSize=1", auth=DEMO).json()
    client.post(f"{ADMIN}/seed", json={"seed": 99})
    assert client.get(f"{API}/calls?pageSize=1", auth=DEMO).json() != calls


def test_kept_answers_are_per_login_and_host(client):
    mine = client.get(f"{API}/calls?pageSize=2", auth=DEMO).json()
    theirs = client.get(f"{API}/calls?pageSize=2", auth=("other", "other")).json()
    assert mine["items"][0]["parent"] != theirs["items"][0]["parent"]
    other_host = client.get(f"{API}/calls?pageSize=2", auth=DEMO, headers={"Host": "pbx.test"})
    assert other_host.json()["items"][0]["uri"].startswith("http://pbx.test/")
    assert client.get(f"{API}/calls?pageSize=2", auth=DEMO).json() == mine


def test_a_database_two_processes_share_is_never_answered_from_memory(tmp_path, seeded):
    """Two apps on one SQLite file stand for two processes: what one writes, the other reads
    at once, though it read the same list a moment before."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first = create_app(Settings(database_url=url), clock=ManualClock(START))
    second = create_app(Settings(database_url=url), clock=ManualClock(START))
    with TestClient(first) as one, TestClient(second) as other:
        before = phonebook_total(other)
        assert phonebook_total(other) == before
        assert one.post(f"{API}/phonebook", json=ENTRY, auth=DEMO).status_code == 201
        assert phonebook_total(other) == before + 1


def basic(user: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{user}".encode()).decode()


def test_two_authorization_headers_are_read_as_the_routes_read_them(client):
    """The first one counts, as in every route; the answer is kept under it, not the other."""
    both = [("Authorization", basic("other")), ("Authorization", basic("demo"))]
    theirs = client.get(f"{API}/calls?pageSize=1", headers=both).json()
    assert theirs["items"][0]["parent"].endswith("/customers/26")
    mine = client.get(f"{API}/calls?pageSize=1", auth=DEMO).json()
    assert mine["items"][0]["parent"].endswith("/customers/25")
