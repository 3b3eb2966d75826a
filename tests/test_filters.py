"""The documented list filters of calls, recordings, sounds and endpoints."""

import pytest

from .support import every


@pytest.mark.parametrize(
    "spelling",
    [
        "2014-05-15T08:20:51Z",
        "2014-05-15T08:20:51.000Z",
        "2014-05-15T08:20:51+00:00",
        "2014-05-15T08:20:51.000+0000",
        "2014-05-15T09:20:51+01:00",
        "2014-05-15T08:20:51",
    ],
)
def test_date_filters_accept_every_iso_8601_spelling_and_are_inclusive(client, spelling):
    """startedAfter and startedBefore at the example call's exact start both include it."""
    ids = [
        c["id"]
        for c in every(client, "/customers/me/calls", startedAfter=spelling, startedBefore=spelling)
    ]
    assert ids == ["7592317"]


def test_created_filters_bound_the_list(client):
    items = every(client, "/customers/me/calls", createdAfter="2025-01-01T00:00:00Z")
    assert items
    assert all(i["created"] >= "2025-01-01" for i in items)
    older = every(client, "/customers/me/calls", createdBefore="2015-01-01T00:00:00Z")
    assert {i["id"] for i in older} == {"7592317", "7592316"}


@pytest.mark.parametrize(
    "field", ["createdAfter", "createdBefore", "startedAfter", "startedBefore"]
)
@pytest.mark.parametrize("path", ["/customers/me/calls", "/customers/me/recordings"])
def test_bad_dates_are_a_400_naming_the_filter(client, path, field):
    response = client.get(path, params={field: "yesterday"})
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == field


def test_from_and_to_match_exactly(client):
    items = every(client, "/customers/me/calls", to="07902000000", **{"from": "07557000000"})
    assert [i["id"] for i in items] == ["7592317"]
    assert every(client, "/customers/me/calls", to="0790200000") == []


@pytest.mark.parametrize("value", ["in", "IN", "In", "out", "OUT"])
def test_direction_filter_takes_any_letter_case(client, value):
    items = every(client, "/customers/me/calls", direction=value)
    assert items
    assert {i["direction"] for i in items} == {value.upper()}


def test_local_calls_appear_only_with_include_local_and_only_outbound(client):
    without = every(client, "/customers/me/calls")
    with_local = every(client, "/customers/me/calls", includeLocal="true")
    local = [c for c in with_local if c["callType"] == "local"]
    assert local
    assert {c["direction"] for c in local} == {"OUT"}
    assert len(with_local) == len(without) + len(local)
    assert all(c["callType"] != "local" for c in without)


def test_include_local_must_be_true_or_false(client):
    response = client.get("/customers/me/calls", params={"includeLocal": "maybe"})
    assert response.json()["validationErrors"][0]["field"] == "includeLocal"


def test_page_links_keep_every_filter(client):
    body = client.get("/customers/me/calls", params={"direction": "in", "pageSize": 2}).json()
    assert body["nextPage"].endswith("/customers/25/calls?direction=in&pageSize=2&page=2")
    nxt = client.get(body["nextPage"]).json()
    assert {i["direction"] for i in nxt["items"]} == {"IN"}
    assert nxt["totalItems"] == body["totalItems"]


def test_endpoint_id_filter_keeps_that_endpoints_calls(client):
    items = every(client, "/customers/me/calls", endpointId=94)
    assert "7592317" in {i["id"] for i in items}
    assert every(client, "/customers/me/calls", endpointId=999999) == []


def test_recordings_filter_by_call_id_and_linked_id(client):
    by_call = every(client, "/customers/me/recordings", callId="ast01-1400082083.1542464")
    by_link = every(client, "/customers/me/recordings", linkedId="ast01-1400082083.1542464")
    assert [r["id"] for r in by_call] == [r["id"] for r in by_link] == ["1358371"]


def test_a_calls_recordings_link_finds_its_recordings(client):
    """Every answered call on a recording endpoint links to a recording with its ids."""
    recording = every(client, "/customers/me/recordings")[1]
    call = every(
        client,
        "/customers/me/calls",
        includeLocal="true",
        startedAfter=recording["started"],
        startedBefore=recording["started"],
    )
    linked = [c for c in call if c["callId"] == recording["callId"]]
    assert linked
    found = client.get(linked[0]["links"]["recordings"]).json()["items"]
    assert recording["id"] in [r["id"] for r in found]


def test_recording_direction_and_date_filters(client):
    items = every(
        client, "/customers/me/recordings", direction="out", startedAfter="2020-01-01T00:00:00Z"
    )
    assert items
    assert all(r["direction"] == "OUT" and r["started"] >= "2020" for r in items)


@pytest.mark.parametrize("kind", ["prompt", "music", "PROMPT", "Music"])
def test_sounds_filter_by_type(client, kind):
    items = every(client, "/customers/me/sounds", type=kind)
    assert items
    assert {s["type"] for s in items} == {kind.lower()}


@pytest.mark.parametrize("kind", ["phone", "Phone", "GROUP", "ivr", "virtual", "queue", "mailbox"])
def test_endpoints_filter_by_type_in_any_letter_case(client, kind):
    items = every(client, "/customers/me/endpoints", type=kind)
    assert items
    assert {e["type"] for e in items} == {kind.lower()}


@pytest.mark.parametrize(
    ("path", "value"), [("/customers/me/sounds", "jingle"), ("/customers/me/endpoints", "fax")]
)
def test_unknown_type_values_are_a_400(client, path, value):
    response = client.get(path, params={"type": value})
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == "type"


def test_newest_first_for_history_and_by_id_otherwise(client):
    """sms, calls and recordings list the most recent record first; others ascend."""
    for name in ("sms", "calls", "recordings"):
        ids = [int(i["id"]) for i in every(client, f"/customers/me/{name}")]
        assert ids == sorted(ids, reverse=True)
    for name in ("sounds", "phonenumbers", "timeintervals", "callbundles", "phonebook"):
        ids = [int(i["id"]) for i in every(client, f"/customers/me/{name}")]
        assert ids == sorted(ids)
    shorts = [e["shortNumber"] for e in every(client, "/customers/me/endpoints")]
    assert shorts == sorted(shorts)
