"""Traffic from outside through the control API: inbound SMS and calls, top-ups, number updates,
and the SMS webhook delivered to a real local receiver."""

import pytest

from .support import Receiver, wait_until

ADMIN = "http://testserver/_admin"
NUMBER_47 = "/customers/me/phonenumbers/47"


def advance(client, seconds):
    client.post(f"{ADMIN}/clock", json={"advance": seconds})


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def text_in(client, body, to="01212854747"):
    """An inbound SMS through the control API; returns the stored message."""
    message = {"to": to, "from": "07700900123", "body": body}
    return client.post(f"{ADMIN}/sms/inbound", json=message).json()


def attempts_of(client, sms):
    return client.get(f"{ADMIN}/webhooks", params={"sms": sms["id"]}).json()["items"]


def hook(client, url, number=NUMBER_47):
    current = client.get(number).json()
    response = client.put(number, json={**current, "smsNotificationUrl": url})
    assert response.status_code == 200
    return response.json()


def test_an_inbound_sms_appears_in_the_list_as_direction_in(client):
    response = client.post(
        f"{ADMIN}/sms/inbound",
        json={"to": "01212854747", "from": "07700900123", "body": "Your code is 4821"},
    )
    assert response.status_code == 201
    listed = client.get("/customers/me/sms", params={"pageSize": 1}).json()["items"][0]
    assert listed == response.json()
    assert (listed["direction"], listed["from"], listed["to"], listed["cost"]) == (
        "in",
        "07700900123",
        "01212854747",
        0.0,
    )
    assert "sendStatus" not in listed and "deliveryStatus" not in listed


@pytest.mark.parametrize("to", ["07000000000", "nonsense"])
def test_an_inbound_sms_to_no_customers_number_is_a_400(client, to):
    response = client.post(
        f"{ADMIN}/sms/inbound", json={"to": to, "from": "07700900123", "body": "x"}
    )
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == "to"


def test_an_inbound_call_rings_the_numbers_destination_and_leaves_a_record(client):
    response = client.post(
        f"{ADMIN}/calls/inbound", json={"to": "07557000000", "from": "07700900123"}
    )
    assert response.status_code == 201
    assert (response.json()["state"], response.json()["endpointId"]) == ("ringing", 1234)
    advance(client, 5 + 60)
    record = client.get("/customers/me/calls", params={"pageSize": 1}).json()["items"][0]
    assert (record["direction"], record["callType"], record["from"], record["to"]) == (
        "IN",
        "external",
        "07700900123",
        "07557000000",
    )
    assert (record["outcome"], record["duration"], record["cost"]) == ("answered", 60, 0.0)
    recordings = client.get(record["links"]["recordings"]).json()["items"]
    assert [r["direction"] for r in recordings] == ["IN"]  # endpoint 1234 records every call


@pytest.mark.parametrize("outcome", ["no-answer", "busy", "failed"])
def test_an_inbound_calls_outcome_can_be_chosen(client, outcome):
    client.post(
        f"{ADMIN}/calls/inbound",
        json={"to": "01212854747", "from": "07700900123", "outcome": outcome},
    )
    advance(client, 3600)
    assert (
        client.get("/customers/me/calls", params={"pageSize": 1}).json()["items"][0]["outcome"]
        == outcome
    )


def test_top_up_adds_credit(client):
    before = client.get("/customers/me/creditstatus").json()["balance"]
    response = client.post(f"{ADMIN}/customers/25/topup", json={"amount": 10})
    assert response.json()["balance"] == round(before + 10, 3)
    assert client.get("/customers/me/creditstatus").json()["balance"] == round(before + 10, 3)


@pytest.mark.parametrize("amount", [0, -5, "ten", None])
def test_top_up_takes_a_positive_amount(client, amount):
    assert client.post(f"{ADMIN}/customers/25/topup", json={"amount": amount}).status_code == 400


def test_putting_a_number_sets_its_webhook_and_keeps_read_only_fields(client):
    body = hook(client, "http://127.0.0.1:9/hook")
    assert body["smsNotificationUrl"] == "http://127.0.0.1:9/hook"
    assert (body["number"], body["smsEnabled"]) == ("01212854747", True)
    assert client.get(NUMBER_47).json() == body


def test_putting_a_number_without_destination_unlinks_it_and_an_id_links_it(client):
    current = client.get(NUMBER_47).json()
    unlinked = client.put(NUMBER_47, json={k: v for k, v in current.items() if k != "destination"})
    assert "destination" not in unlinked.json()
    linked = client.put(NUMBER_47, json={"type": "did", "destination": "1234"})
    assert linked.json()["destination"].endswith("/customers/25/endpoints/1234")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "phone"}, "type"),
        ({"smsNotificationUrl": "ftp://x"}, "smsNotificationUrl"),
        ({"destination": "/customers/26/endpoints/999999"}, "destination"),
        ({"identifier": 5}, "identifier"),
    ],
)
def test_bad_number_updates_are_a_400_and_change_nothing(client, change, field):
    before = client.get(NUMBER_47).json()
    response = client.put(NUMBER_47, json={**before, **change})
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == field
    assert client.get(NUMBER_47).json() == before


def test_an_inbound_sms_is_posted_form_encoded_to_the_webhook(client, receiver):
    hook(client, receiver.url)
    sms = client.post(
        f"{ADMIN}/sms/inbound",
        json={"to": "01212854747", "from": "07700900123", "body": "Hello there"},
    ).json()
    wait_until(lambda: receiver.posts)
    assert receiver.posts[0]["type"] == "application/x-www-form-urlencoded"
    assert receiver.posts[0]["form"] == {
        "to": "01212854747",
        "from": "07700900123",
        "body": "Hello there",
        "udh": "",
    }
    attempts = wait_until(
        lambda: client.get(f"{ADMIN}/webhooks", params={"sms": sms["id"]}).json()["items"]
    )
    assert [(a["attempt"], a["statusCode"], a["ok"], a["nextRetry"]) for a in attempts] == [
        (1, 200, True, None)
    ]


def test_a_failing_webhook_is_retried_with_back_off_on_the_clock(client):
    receiver = Receiver(statuses=(500, 503, 200))
    try:
        hook(client, receiver.url)
        sms = text_in(client, "retry me")

        def attempts():
            return attempts_of(client, sms)

        first = wait_until(attempts)[0]
        assert (first["statusCode"], first["ok"]) == (500, False)
        assert first["nextRetry"] == "2026-01-15T10:30:05.000+0000"  # 5 s back-off
        advance(client, 4.9)
        assert len(attempts()) == 1  # not due yet: retries wait for the clock
        advance(client, 0.1)
        wait_until(lambda: len(attempts()) == 2)
        assert attempts()[1]["nextRetry"] == "2026-01-15T10:30:15.000+0000"  # doubled to 10 s
        advance(client, 10)
        wait_until(lambda: len(attempts()) == 3)
        assert [(a["attempt"], a["statusCode"], a["ok"]) for a in attempts()] == [
            (1, 500, False),
            (2, 503, False),
            (3, 200, True),
        ]
        assert len(receiver.posts) == 3
    finally:
        receiver.close()


def test_an_unreachable_webhook_gives_up_after_the_last_attempt(client, receiver):
    receiver.close()  # nothing listens there any more
    hook(client, receiver.url)
    sms = text_in(client, "nobody home")

    def attempts():
        return attempts_of(client, sms)

    for count in (1, 2, 3, 4):
        wait_until(lambda count=count: len(attempts()) == count)
        advance(client, 3600)
    final = attempts()
    assert [a["attempt"] for a in final] == [1, 2, 3, 4]
    assert all(a["error"] and a["statusCode"] is None for a in final)
    assert final[-1]["nextRetry"] is None


def test_numbers_without_a_webhook_are_not_posted(client):
    sms = client.post(
        f"{ADMIN}/sms/inbound", json={"to": "01212854747", "from": "07700900123", "body": "quiet"}
    ).json()
    assert client.get(f"{ADMIN}/webhooks", params={"sms": sms["id"]}).json()["items"] == []
