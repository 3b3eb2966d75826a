"""PostgreSQL as the backend: the same data, writes, lifecycles, reset, snapshots and scenarios as
SQLite, and two emulator instances sharing one database. The server comes from MOCK_PBX_TEST_
POSTGRES_URL (.ci/run starts one) or is started here from the Debian package; only when neither
works are these tests skipped, and the reason says why."""

import os
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings

from . import pgserver
from .conftest import START
from .support import NAMES

SEND = {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "hello"}


@pytest.fixture(scope="module")
def server_url():
    url, folder = os.environ.get("MOCK_PBX_TEST_POSTGRES_URL"), None
    if not url:
        try:
            url, folder = pgserver.start()
        except Exception as exc:
            pytest.skip(f"no PostgreSQL server could be started: {exc}")
    yield url
    if folder:
        pgserver.stop(folder)


@pytest.fixture(scope="module")
def database_url(server_url):
    """A database of this module's own, so parallel workers never share one."""
    name = f"mockpbx_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def client_for(app):
    client = TestClient(app, base_url="http://testserver/api/v1")
    client.auth = ("demo", "demo")
    return client


@pytest.fixture(scope="module")
def pg_app(database_url):
    app = create_app(Settings(database_url=database_url), clock=ManualClock(START))
    yield app
    app.state.runtime.db.engine.dispose()


@pytest.fixture
def pg(pg_app):
    client = client_for(pg_app)
    client.post("http://testserver/_admin/reset")
    return client


@pytest.fixture
def sqlite(seeded):
    return client_for(seeded)


def test_postgres_serves_the_same_bytes_as_sqlite(pg, sqlite):
    for name in NAMES:
        for customer in (25, 26):
            path = f"/customers/{customer}/{name}"
            params = {"pageSize": 200}
            auth = ("reseller", "reseller")
            assert (
                pg.get(path, params=params, auth=auth).content
                == sqlite.get(path, params=params, auth=auth).content
            ), path


def newest_sms_id(client):
    """The highest SMS id of every customer's (ids grow with time across customers)."""
    lists = [
        client.get(f"/customers/{c}/sms", params={"pageSize": 1}, auth=("reseller", "reseller"))
        for c in (25, 26, 27)
    ]
    return max(int(body.json()["items"][0]["id"]) for body in lists)


def test_new_rows_get_fresh_ids_above_the_seeded_ones(pg):
    entry = pg.post(
        "/customers/me/phonebook",
        json={"type": "phonebookentry", "name": "A", "phoneNumber": "07700900001"},
    ).json()
    newest = newest_sms_id(pg)
    sms = pg.post("/customers/me/sms", json=SEND).json()
    assert int(entry["id"]) > 90 and int(sms["id"]) == newest + 1
    assert pg.put(entry["uri"], json={**entry, "name": "B"}).json()["name"] == "B"
    assert pg.delete(entry["uri"]).status_code == 204


def test_lifecycles_run_on_the_clock(pg):
    sms = pg.post("/customers/me/sms", json=SEND).json()
    pg.post("/customers/me/calls", json={"type": "call", "endpoint": "1234", "to": "07700901010"})
    pg.post("http://testserver/_admin/clock", json={"advance": 60})
    assert pg.get(sms["uri"]).json()["deliveryStatus"] == 1
    call = pg.get("/customers/me/calls", params={"pageSize": 1}).json()["items"][0]
    assert (call["duration"], call["cost"]) == (10, 0.02)
    assert pg.get(call["links"]["recordings"]).json()["totalItems"] == 1


def test_reset_and_customer_reset_restore_the_seeded_state(pg):
    before = pg.get("/customers/me/sms", params={"pageSize": 200}).content
    pg.post("/customers/me/sms", json=SEND)
    pg.post("http://testserver/_admin/reset", params={"customer": 25})
    assert pg.get("/customers/me/sms", params={"pageSize": 200}).content == before
    pg.post("/customers/me/sms", json=SEND)
    pg.post("http://testserver/_admin/reset")
    assert pg.get("/customers/me/sms", params={"pageSize": 200}).content == before
    newest = newest_sms_id(pg)
    assert int(pg.post("/customers/me/sms", json=SEND).json()["id"]) == newest + 1


def test_snapshots_and_scenarios(pg):
    pg.post("http://testserver/_admin/scenarios/small-phonebook")
    pg.post("http://testserver/_admin/snapshots/two")
    pg.post(
        "/customers/me/phonebook",
        json={"type": "phonebookentry", "name": "C", "phoneNumber": "07700900003"},
    )
    assert pg.get("/customers/me/phonebook").json()["totalItems"] == 3
    pg.post("http://testserver/_admin/snapshots/two/restore")
    assert pg.get("/customers/me/phonebook").json()["totalItems"] == 2


def test_two_instances_on_one_database_share_state_and_clock(pg, pg_app, database_url):
    other_app = create_app(Settings(database_url=database_url))
    other = client_for(other_app)
    sms = pg.post("/customers/me/sms", json=SEND).json()
    assert other.get(sms["uri"]).json() == pg.get(sms["uri"]).json()
    other.post("http://testserver/_admin/clock", json={"advance": 5})
    assert pg.get("http://testserver/_admin/clock").json()["now"] == "2026-01-15T10:30:05.000+0000"
    assert (
        pg.get(sms["uri"]).json()["deliveryStatus"]
        == other.get(sms["uri"]).json()["deliveryStatus"]
        == 1
    )
    ids = [
        c.post(
            "/customers/me/phonebook",
            json={"type": "phonebookentry", "name": f"N{i}", "phoneNumber": "07700900001"},
        ).json()["id"]
        for i, c in enumerate([pg, other] * 5)
    ]
    assert len(set(ids)) == 10
    other_app.state.runtime.db.engine.dispose()
