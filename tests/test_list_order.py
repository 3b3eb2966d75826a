"""Lists in time order: ids grow with `created`, as on the real service, so the history lists
(newest first by id) are newest first by date too, for every customer, and what is made later
comes first with the highest id."""

from itertools import pairwise

import pytest

from .support import every

HISTORY = ("sms", "calls", "recordings")
CUSTOMERS = (25, 26, 27)
RESELLER = ("reseller", "reseller")
ADMIN = "http://testserver/_admin"
SMS = {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "See you at 3"}


def newest_first(items):
    """Ids strictly descending and `created` never increasing (the spec's one-offset format
    sorts as text)."""
    ids = [int(item["id"]) for item in items]
    created = [item["created"] for item in items]
    return all(a > b for a, b in pairwise(ids)) and created == sorted(created, reverse=True)


@pytest.mark.parametrize("customer", CUSTOMERS)
@pytest.mark.parametrize("name", HISTORY)
def test_the_first_page_is_newest_first_by_created_and_by_id(client, name, customer):
    for params in ({}, {"includeLocal": "true"}):
        body = client.get(f"/customers/{customer}/{name}", params=params, auth=RESELLER).json()
        assert len(body["items"]) == min(20, body["totalItems"]) >= 10
        assert newest_first(body["items"])
        assert body["items"][0]["created"] > "2025-10"  # the recent past, not the 2014 examples


@pytest.mark.parametrize("name", HISTORY)
def test_every_page_of_the_history_is_in_time_order(client, name):
    items = every(client, f"/customers/me/{name}", includeLocal="true")
    assert newest_first(items)
    assert items[-1]["created"].startswith("2014-03-10")  # the spec's examples come last


def highest_id(client, name):
    lists = [
        client.get(f"/customers/{c}/{name}", params={"pageSize": 1}, auth=RESELLER).json()
        for c in CUSTOMERS
    ]
    return max(int(body["items"][0]["id"]) for body in lists)


def test_a_new_sms_gets_the_highest_id_and_comes_first(client):
    above = highest_id(client, "sms")
    sent = client.post("/customers/me/sms", json=SMS)
    assert sent.status_code == 201
    assert int(sent.json()["id"]) == above + 1
    first = client.get("/customers/me/sms").json()["items"]
    assert first[0]["id"] == sent.json()["id"]
    assert newest_first(first)


def test_a_new_call_and_its_recording_get_the_highest_ids_and_come_first(client):
    calls, recordings = highest_id(client, "calls"), highest_id(client, "recordings")
    made = client.post(
        "/customers/me/calls", json={"type": "call", "endpoint": "1234", "to": "07700901010"}
    )
    assert made.status_code == 200
    client.post(f"{ADMIN}/clock", json={"advance": 60})  # rung, answered and hung up
    call = client.get("/customers/me/calls").json()["items"]
    recording = client.get("/customers/me/recordings").json()["items"]
    assert int(call[0]["id"]) > calls and call[0]["to"] == "07700901010"
    assert int(recording[0]["id"]) > recordings
    assert recording[0]["linkedId"] == call[0]["linkedId"]
    assert newest_first(call) and newest_first(recording)
