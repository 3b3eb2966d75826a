"""Seeded data: deterministic, coherent, scalable, persistent when asked."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings

from .conftest import START
from .support import NAMES, every


def fresh(settings: Settings, start: datetime = START) -> TestClient:
    client = TestClient(create_app(settings, clock=ManualClock(start)), base_url="http://t/api/v1")
    client.auth = ("reseller", "reseller")
    return client


def snapshot(client: TestClient) -> dict[str, bytes]:
    return {
        f"{c}/{name}": client.get(f"/customers/{c}/{name}", params={"pageSize": 200}).content
        for c in (25, 26, 27)
        for name in NAMES
    }


def test_the_same_seed_gives_the_same_bytes_on_every_list(client):
    assert snapshot(fresh(Settings(seed=1, scale=0.3))) == snapshot(
        fresh(Settings(seed=1, scale=0.3))
    )


def test_the_same_seed_on_the_same_day_gives_the_same_bytes():
    later = START.replace(hour=23, minute=59)
    assert snapshot(fresh(Settings(seed=1, scale=0.3))) == snapshot(
        fresh(Settings(seed=1, scale=0.3), later)
    )


def test_another_seed_gives_other_data_but_the_same_spec_examples():
    one, two = fresh(Settings(seed=1, scale=0.3)), fresh(Settings(seed=2, scale=0.3))
    assert snapshot(one)["26/calls"] != snapshot(two)["26/calls"]
    assert one.get("/customers/25/sms/253368").json() == two.get("/customers/25/sms/253368").json()


def test_default_volumes_match_the_spec_examples_where_practical(client):
    totals = {name: client.get(f"/customers/me/{name}").json()["totalItems"] for name in NAMES}
    assert {
        k: totals[k]
        for k in (
            "sms",
            "sounds",
            "timeintervals",
            "endpoints",
            "phonenumbers",
            "outgoingcallerids",
            "callbundles",
        )
    } == {
        "sms": 188,
        "sounds": 6,
        "timeintervals": 12,
        "endpoints": 25,
        "phonenumbers": 15,
        "outgoingcallerids": 1,
        "callbundles": 20,
    }
    assert 200 <= totals["calls"] <= 400
    assert totals["recordings"] >= 10


def test_scale_multiplies_the_volumes():
    small = fresh(Settings(scale=1)).get("/customers/26/calls").json()["totalItems"]
    large = fresh(Settings(scale=3)).get("/customers/26/calls").json()["totalItems"]
    assert 2.5 * small <= large <= 3.5 * small


def test_calls_and_recordings_share_call_and_linked_ids(client):
    calls = {c["callId"]: c for c in every(client, "/customers/me/calls", includeLocal="true")}
    for recording in every(client, "/customers/me/recordings", includeLocal="true"):
        call = calls[recording["callId"]]
        assert (call["linkedId"], call["callStarted"], call["direction"]) == (
            recording["linkedId"],
            recording["started"],
            recording["direction"],
        )
        assert recording["size"] == 44 + 8000 * call["duration"] or recording["id"] == "1358371"


def test_local_calls_show_their_outbound_leg_which_starts_the_linked_id(client):
    local = [
        c
        for c in every(client, "/customers/me/calls", includeLocal="true")
        if c["callType"] == "local"
    ]
    assert local
    for call in local:
        assert call["linkedId"] == call["callId"]


def test_numbers_route_to_existing_endpoints_of_the_same_customer(client):
    endpoints = {e["uri"] for e in every(client, "/customers/me/endpoints")}
    for number in every(client, "/customers/me/phonenumbers"):
        assert number["destination"] in endpoints


def test_sms_use_the_customers_own_numbers(client):
    own = {n["number"] for n in every(client, "/customers/me/phonenumbers") if n["smsEnabled"]}
    own |= {c["number"] for c in every(client, "/customers/me/outgoingcallerids") if c["allowSms"]}
    for message in every(client, "/customers/me/sms"):
        ours = message["from"] if message["direction"] == "out" else message["to"]
        assert ours in own


def test_generated_history_lies_in_the_recent_past(client):
    now = START.strftime("%Y-%m-%dT%H:%M:%S")
    for name, key in (("sms", "created"), ("calls", "callStarted"), ("recordings", "started")):
        stamps = [
            i[key]
            for i in every(client, f"/customers/me/{name}")
            if i["id"] not in ("253368", "7592317", "7592316", "1358371")
        ]
        assert stamps
        assert all("2025-10-01" < s < now for s in stamps), name


def test_generated_text_avoids_characters_stream_parsers_choke_on(client):
    for message in every(client, "/customers/me/sms"):
        assert not set(message["body"]) & set("{}|")


def test_a_database_file_persists_and_is_not_reseeded(tmp_path):
    url = f"sqlite:///{tmp_path / 'pbx.db'}"
    first = fresh(Settings(database_url=url))
    entry = {"type": "phonebookentry", "name": "Kept", "phoneNumber": "07902000000"}
    uri = first.post("/customers/25/phonebook", json=entry).json()["uri"]
    second = fresh(Settings(database_url=url, seed=99))
    assert second.get(uri).json()["name"] == "Kept"
    assert snapshot(second)["26/calls"] == snapshot(first)["26/calls"]


@pytest.mark.parametrize(
    "start", [datetime(2030, 6, 1, tzinfo=UTC), datetime(2020, 2, 29, tzinfo=UTC)]
)
def test_history_follows_the_clock_it_was_seeded_at(start):
    newest = fresh(Settings(), start).get("/customers/26/calls", params={"pageSize": 1}).json()
    assert newest["items"][0]["callStarted"] < start.strftime("%Y-%m-%dT%H:%M:%S")
