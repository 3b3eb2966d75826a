"""Sending SMS: validation, segments, cost and credit, and the delivery lifecycle on the clock."""

import json

import pytest

from mock_pbx.domain.segments import count_segments
from mock_pbx.http.handlers import SPEC_EXAMPLES

SEND = {
    "type": "smsmessage",
    "to": "07902000000",
    "from": "07557000000",
    "body": "Hey, this API is awesome!",
}
SPEC_POST = next(
    e
    for e in json.loads(SPEC_EXAMPLES.read_text())
    if e["request"].endswith("/customers/me/sms") and e["request"].startswith("POST")
)


def send(client, **change):
    return client.post("/customers/me/sms", json={**SEND, **change})


def advance(client, seconds):
    return client.post("http://testserver/_admin/clock", json={"advance": seconds}).json()


def credit(client):
    return client.get("/customers/me/creditstatus").json()["balance"]


def test_the_spec_send_example_is_reproduced_key_for_key(client):
    """201 + Location; every key of the example but its uri (253368 is the seeded message)."""
    response = client.post("/customers/me/sms", json=SPEC_POST["requestBody"])
    assert response.status_code == SPEC_POST["status"] == 201
    body = response.json()
    expected = {k: v for k, v in SPEC_POST["response"].items() if k != "uri"}
    assert {k: body[k] for k in expected} == expected
    assert response.headers["location"] == body["uri"]
    assert body["uri"] == f"http://testserver/api/v1/customers/25/sms/{body['id']}"
    assert int(body["id"]) > 253368


def test_a_sent_message_is_accepted_after_one_second_and_delivered_after_three(client):
    uri = send(client).json()["uri"]
    states = []
    for step in (0.9, 0.1, 1.9, 0.1):
        advance(client, step)
        message = client.get(uri).json()
        states.append((message["sendStatus"], message["deliveryStatus"]))
    assert states == [("sent", 0), ("sent", 8), ("sent", 8), ("sent", 1)]


@pytest.mark.parametrize(
    ("to", "at_one_second", "final"),
    [
        ("07700900002", ("sent", 8), ("sent", 2)),
        ("07700900003", ("pending", 0), ("pending", 0)),
        ("07700900004", ("sent", 8), ("sent", 4)),
        ("07700900008", ("sent", 8), ("sent", 8)),
        ("07700900016", ("failed", 16), ("failed", 16)),
        ("447700900016", ("failed", 16), ("failed", 16)),
        ("+447700900123", ("sent", 8), ("sent", 1)),
    ],
)
def test_magic_numbers_choose_the_outcome(client, to, at_one_second, final):
    uri = send(client, to=to).json()["uri"]
    advance(client, 1)
    message = client.get(uri).json()
    assert (message["sendStatus"], message["deliveryStatus"]) == at_one_second
    advance(client, 3600)
    message = client.get(uri).json()
    assert (message["sendStatus"], message["deliveryStatus"]) == final


def test_status_is_the_same_read_one_by_one_or_in_the_list(client, clock):
    uri = send(client).json()["uri"]
    clock.advance(1.5)  # moved directly: the next request catches up on its own
    listed = client.get("/customers/me/sms", params={"pageSize": 1}).json()["items"][0]
    assert listed == client.get(uri).json()
    assert listed["deliveryStatus"] == 8


def test_timings_are_configurable(client, app):
    app.state.runtime.settings.sms_accept_seconds = 10
    app.state.runtime.settings.sms_deliver_seconds = 20
    try:
        uri = send(client).json()["uri"]
        advance(client, 9)
        assert client.get(uri).json()["deliveryStatus"] == 0
        advance(client, 11)
        assert client.get(uri).json()["deliveryStatus"] == 1
    finally:
        app.state.runtime.settings.sms_accept_seconds = 1
        app.state.runtime.settings.sms_deliver_seconds = 3


def test_new_messages_top_the_list(client):
    sent = send(client).json()
    assert (
        client.get("/customers/me/sms", params={"pageSize": 1}).json()["items"][0]["id"]
        == sent["id"]
    )


def test_cost_is_segments_times_the_price_and_comes_off_credit(client):
    before = credit(client)
    body = send(client, body="x" * 161).json()
    assert (body["creditsUsed"], body["cost"]) == (2, 0.2)
    assert credit(client) == round(before - 0.2, 3)


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),
        ("€" * 81, 2),
        ("[]" * 40, 1),
        ("é" * 160, 1),  # é is in the GSM alphabet
        ("ś" * 70, 1),
        ("ś" * 71, 2),
        ("ś" * 134, 2),
        ("ś" * 135, 3),
        ("😀" * 35, 1),
        ("😀" * 36, 2),  # each emoji is two UCS-2 units
        ("a" * 159 + "ś", 3),  # one non-GSM character turns the whole text into UCS-2
    ],
)
def test_segment_counting(text, segments):
    assert count_segments(text) == segments


def test_ucs2_text_is_charged_by_ucs2_segments(client):
    body = send(client, body="Привет " * 20).json()
    assert (body["creditsUsed"], body["cost"]) == (3, 0.3)


def test_more_than_ten_segments_is_a_400(client):
    assert send(client, body="a" * (153 * 10)).status_code == 201
    response = send(client, body="a" * (153 * 10 + 1))
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == "body"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "sms"}, "type"),
        ({"to": "12345"}, "to"),
        ({"to": "+15551234567"}, "to"),
        ({"to": "07902 000000"}, "to"),
        ({"from": "07000000000"}, "from"),
        ({"from": "01212854400x"}, "from"),
        ({"body": ""}, "body"),
        ({"body": "  "}, "body"),
        ({"to": 7902000000}, "to"),
        ({"body": None}, "body"),
        ({"from": None}, "from"),
    ],
)
def test_invalid_messages_are_a_400_naming_the_field_and_nothing_is_sent(client, change, field):
    before_count = client.get("/customers/me/sms").json()["totalItems"]
    before_credit = credit(client)
    body = {k: v for k, v in {**SEND, **change}.items() if v is not None}
    response = client.post("/customers/me/sms", json=body)
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["validationErrors"]}
    assert client.get("/customers/me/sms").json()["totalItems"] == before_count
    assert credit(client) == before_credit


@pytest.mark.parametrize("sender", ["07557000000", "01212854747", "Sipcentric"])
def test_from_may_be_an_sms_number_or_an_approved_name(client, sender):
    assert send(client, **{"from": sender}).status_code == 201


def test_a_number_without_sms_cannot_send(client):
    numbers = client.get("/customers/me/phonenumbers", params={"pageSize": 200}).json()["items"]
    no_sms = next(n["number"] for n in numbers if not n["smsEnabled"])
    assert send(client, **{"from": no_sms}).status_code == 400


def test_another_customers_number_cannot_be_used(client):
    theirs = client.get("/customers/26/phonenumbers", auth=("reseller", "reseller")).json()
    number = next(n["number"] for n in theirs["items"] if n["smsEnabled"])
    response = send(client, **{"from": number})
    assert response.json()["validationErrors"][0]["field"] == "from"


def prepaid_client(client):
    client.auth = ("other", "other")  # customer 26 is prepaid
    return client


def test_prepaid_without_enough_credit_gets_a_400_and_is_not_charged(client):
    prepaid_client(client)
    theirs = client.get("/customers/me/phonenumbers", params={"pageSize": 200}).json()["items"]
    sender = next(n["number"] for n in theirs if n["smsEnabled"])
    client.put("http://testserver/_admin/customers/26/credit", json={"balance": 0.2})
    assert credit(client) == 0.2
    ok = client.post("/customers/me/sms", json={**SEND, "from": sender, "body": "a" * 161})
    assert ok.status_code == 201
    response = client.post("/customers/me/sms", json={**SEND, "from": sender})
    assert response.status_code == 400
    assert response.json()["message"] == "Insufficient credit"
    assert credit(client) == 0.0


def test_postpaid_accounts_may_go_below_zero(client):
    client.post("http://testserver/_admin/customers/25/topup", json={"amount": 1})
    before = credit(client)
    for _ in range(3):
        assert send(client, body="x" * 700).status_code == 201
    assert credit(client) == round(before - 1.5, 3)
