"""Originating calls: validation, then ringing, the outcome, and the records the call leaves."""

import io
import wave

import pytest

CALL = {
    "type": "call",
    "endpoint": "http://testserver/api/v1/customers/25/endpoints/1234",
    "to": "07902000000",
}


def advance(client, seconds):
    client.post("http://testserver/_admin/clock", json={"advance": seconds})


def calls_now(client, **params):
    return client.get("/customers/me/calls", params={"pageSize": 5, **params}).json()["items"]


def live(client):
    return client.get("http://testserver/_admin/calls").json()["items"][0]


def test_the_spec_example_is_a_200_with_an_empty_body(client):
    response = client.post("/customers/me/calls", json=CALL)
    assert (response.status_code, response.content) == (200, b"")


def test_a_call_rings_is_answered_and_leaves_its_records_when_it_ends(client):
    before = calls_now(client)[0]["id"]
    client.post("/customers/me/calls", json=CALL)
    assert live(client)["state"] == "ringing"
    advance(client, 5)
    assert live(client)["state"] == "answered"
    assert calls_now(client)[0]["id"] == before  # no record until the call ends
    advance(client, 60)
    assert (live(client)["state"], live(client)["outcome"]) == ("ended", "answered")
    record = calls_now(client)[0]
    assert (record["direction"], record["callType"], record["to"]) == (
        "OUT",
        "external",
        "07902000000",
    )
    assert (record["outcome"], record["duration"], record["from"]) == (
        "answered",
        60,
        "Fred Bloggs <102>",
    )
    assert record["callStarted"] == "2026-01-15T10:30:00.000+0000"


def test_the_call_out_is_linked_to_the_leg_that_rang_the_endpoint(client):
    """The PBX rings the endpoint first (a local inbound leg, which lists never show, as with
    every local call), then dials out: the outbound record's linkedId is that first leg's callId."""
    client.post("/customers/me/calls", json=CALL)
    advance(client, 3600)
    record = calls_now(client)[0]
    host, sequence = record["callId"].rsplit(".", 1)
    assert record["linkedId"] == f"{host}.{int(sequence) - 1}"
    assert live(client)["linkedId"] == record["linkedId"]
    recording = client.get(record["links"]["recordings"]).json()["items"][0]
    assert (recording["callId"], recording["linkedId"]) == (record["callId"], record["linkedId"])


@pytest.mark.parametrize(
    ("to", "outcome", "ends_after"),
    [
        ("07700900002", "no-answer", 30),
        ("07700900003", "busy", 1),
        ("07700900004", "failed", 1),
    ],
)
def test_magic_numbers_choose_the_outcome(client, to, outcome, ends_after):
    client.post("/customers/me/calls", json={**CALL, "to": to})
    advance(client, ends_after - 0.5)
    assert live(client)["state"] == "ringing"
    advance(client, 0.5)
    record = calls_now(client)[0]
    assert (record["to"], record["outcome"], record["duration"], record["cost"]) == (
        to,
        outcome,
        0,
        0.0,
    )


@pytest.mark.parametrize(("seconds", "cost"), [(1, 0.02), (60, 0.02), (61, 0.04), (125, 0.06)])
def test_cost_is_per_started_minute_and_charged_to_credit(client, seconds, cost):
    before = client.get("/customers/me/creditstatus").json()["balance"]
    client.post("/customers/me/calls", json={**CALL, "to": f"0770090{1000 + seconds}"})
    advance(client, 5 + seconds)
    record = calls_now(client)[0]
    assert (record["duration"], record["cost"]) == (seconds, cost)
    assert client.get("/customers/me/creditstatus").json()["balance"] == round(before - cost, 3)


def test_a_recording_endpoint_leaves_a_recording_of_the_call_as_wav(client):
    client.post("/customers/me/calls", json={**CALL, "to": "07700901007"})  # 7 s of talk
    advance(client, 60)
    record = calls_now(client)[0]
    recordings = client.get(record["links"]["recordings"]).json()["items"]
    assert [r["callId"] for r in recordings] == [record["callId"]]
    recording = recordings[0]
    assert (recording["direction"], recording["partyId"]) == ("OUT", "102")
    assert recording["endpoint"].endswith("/customers/25/endpoints/1234")
    for audio in (
        client.get(recording["uri"], headers={"Accept": "audio/wav"}),
        client.get(recording["uri"] + ".wav"),
    ):
        assert audio.headers["content-type"] == "audio/wav"
        assert len(audio.content) == recording["size"]
        with wave.open(io.BytesIO(audio.content)) as wav:
            assert wav.getframerate() * 7 == wav.getnframes()


def test_an_endpoint_that_does_not_record_leaves_no_recording(client):
    client.post("/customers/me/calls", json={**CALL, "endpoint": "94"})  # Reception: recording off
    advance(client, 3600)
    record = calls_now(client)[0]
    assert client.get(record["links"]["recordings"]).json()["items"] == []


def test_unanswered_calls_leave_no_recording(client):
    client.post("/customers/me/calls", json={**CALL, "to": "07700900002"})
    advance(client, 3600)
    assert client.get(calls_now(client)[0]["links"]["recordings"]).json()["items"] == []


def test_calling_a_short_number_is_a_free_local_call(client):
    """Dialling extension 100 is a local call: listed only with includeLocal=true, and free."""
    before = client.get("/customers/me/creditstatus").json()["balance"]
    client.post("/customers/me/calls", json={**CALL, "to": "100"})
    advance(client, 3600)
    assert all(c["to"] != "100" for c in calls_now(client))
    local = calls_now(client, includeLocal="true")[0]
    assert (local["callType"], local["direction"], local["to"], local["cost"]) == (
        "local",
        "OUT",
        "100",
        0.0,
    )
    assert client.get("/customers/me/creditstatus").json()["balance"] == before


def test_caller_id_is_presented_when_approved_for_calls(client):
    response = client.post(
        "/customers/me/calls",
        json={**CALL, "callerId": "http://testserver/api/v1/customers/25/outgoingcallerids/114"},
    )
    assert response.status_code == 400  # 114 is approved for SMS only
    assert response.json()["validationErrors"][0]["field"] == "callerId"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": None}, "endpoint"),
        ({"endpoint": "http://x/api/v1/customers/25/endpoints/999999"}, "endpoint"),
        ({"endpoint": "101"}, "endpoint"),  # an IVR cannot place calls
        ({"to": None}, "to"),
        ({"to": "call me"}, "to"),
        ({"to": 7902000000}, "to"),
        ({"type": "sms"}, "type"),
        ({"callerId": "nonsense"}, "callerId"),
    ],
)
def test_bad_originations_are_a_400_and_place_no_call(client, change, field):
    before = client.get("http://testserver/_admin/calls").json()["items"]
    body = {k: v for k, v in {**CALL, **change}.items() if v is not None}
    response = client.post("/customers/me/calls", json=body)
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["validationErrors"]}
    assert client.get("http://testserver/_admin/calls").json()["items"] == before


def test_another_customers_endpoint_cannot_originate(client):
    theirs = client.get(
        "/customers/26/endpoints", params={"type": "phone"}, auth=("reseller", "reseller")
    )
    response = client.post(
        "/customers/me/calls", json={**CALL, "endpoint": theirs.json()["items"][0]["uri"]}
    )
    assert response.json()["validationErrors"][0]["field"] == "endpoint"


def test_a_withheld_number_is_dialled_without_its_prefix(client):
    client.post("/customers/me/calls", json={**CALL, "to": "*6707700900003"})
    advance(client, 10)
    assert calls_now(client)[0]["outcome"] == "busy"


def test_sounds_are_served_as_wav_of_their_size(client):
    sound = client.get("/customers/me/sounds/1035").json()
    audio = client.get("/customers/me/sounds/1035.wav")
    assert audio.headers["content-type"] == "audio/wav"
    assert len(audio.content) == sound["size"] == 129612
    with wave.open(io.BytesIO(audio.content)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 1, 8000)
