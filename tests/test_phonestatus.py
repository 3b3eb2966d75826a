"""/endpoints/{id}/phonestatus (spec api-facts 2.7): a phone's do-not-disturb, GET and PUT, who
may, and what it does to calls: offered calls end busy at once, the phone may still call out."""

import pytest

ADMIN = "http://testserver/_admin"
API = "http://testserver/api/v1"
STATUS = "/customers/25/endpoints/{}/phonestatus"
EXTENSION = ("extension", "extension")


def advance(client, seconds):
    client.post(f"{ADMIN}/clock", json={"advance": seconds})


def dnd(client, endpoint, on, **kwargs):
    body = {"type": "phonestatus", "dndActive": on}
    return client.put(STATUS.format(endpoint), json=body, **kwargs)


def last_call(client):
    return client.get("/customers/me/calls", params={"pageSize": 1}).json()["items"][0]


def live(client):
    return client.get(f"{ADMIN}/calls").json()["items"][0]


def of_type(client, kind):
    items = client.get("/customers/me/endpoints", params={"type": kind}).json()["items"]
    return items[0]["id"]


def test_the_status_is_the_specs_shape_key_for_key(client):
    response = client.get(STATUS.format(94))
    assert response.status_code == 200
    assert response.json() == {
        "type": "phonestatus",
        "id": "94",
        "uri": f"{API}/customers/25/endpoints/94/phonestatus",
        "parent": f"{API}/customers/25/endpoints/94",
        "dndActive": False,
    }
    assert list(response.json()) == ["type", "id", "uri", "parent", "dndActive"]


def test_the_phones_status_link_leads_to_it(client):
    phone = client.get("/customers/me/endpoints/94").json()
    assert client.get(phone["links"]["status"]).json()["dndActive"] is False


def test_put_turns_dnd_on_and_answers_the_status(client):
    response = dnd(client, 94, True)
    assert response.status_code == 200
    assert response.json()["dndActive"] is True
    assert response.json()["uri"].endswith("/endpoints/94/phonestatus")
    assert client.get(STATUS.format(94)).json()["dndActive"] is True
    assert dnd(client, 94, False).json()["dndActive"] is False


def test_the_body_may_leave_out_type_and_carry_the_read_only_fields(client):
    current = client.get(STATUS.format(94)).json()
    assert client.put(STATUS.format(94), json={**current, "dndActive": True}).status_code == 200
    assert client.put(STATUS.format(94), json={"dndActive": False}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"type": "phonestatus", "dndActive": "true"},
        {"type": "phonestatus", "dndActive": 1},
        {"type": "phonestatus"},
        {"type": "phone", "dndActive": True},
        [],
        "on",
        None,
    ],
)
def test_a_bad_body_is_a_400_and_changes_nothing(client, body):
    response = client.put(STATUS.format(94), json=body)
    assert response.status_code == 400
    assert "validationErrors" in response.json()
    assert client.get(STATUS.format(94)).json()["dndActive"] is False


@pytest.mark.parametrize("kind", ["group", "virtual", "queue", "ivr", "mailbox"])
def test_other_endpoint_types_have_no_status(client, kind):
    response = client.get(STATUS.format(of_type(client, kind)))
    assert response.status_code == 404
    assert "Only phones and trunks" in response.json()["message"]


def test_another_customers_phone_and_a_missing_one_are_404(client):
    assert client.get(STATUS.format(94), auth=("other", "other")).status_code in (401, 404)
    assert client.get("/customers/26/endpoints/94/phonestatus").status_code in (401, 403, 404)
    assert client.get(STATUS.format(999999)).status_code == 404
    assert client.get(STATUS.format("junk")).status_code == 404


def test_an_extension_user_manages_its_own_phone_only(client):
    mine = client.get("/customers/25/linkedusers/me", auth=EXTENSION).json()["defaultExtension"]
    assert client.get(STATUS.format(mine), auth=EXTENSION).status_code == 200
    assert dnd(client, mine, True, auth=EXTENSION).json()["dndActive"] is True
    phones = client.get("/customers/me/endpoints", params={"type": "phone"}).json()["items"]
    other = next(p["id"] for p in phones if p["id"] != mine)
    assert client.get(STATUS.format(other), auth=EXTENSION).status_code == 401
    assert dnd(client, other, True, auth=EXTENSION).status_code == 401
    assert client.get(STATUS.format(other)).json()["dndActive"] is False


def test_a_reset_turns_dnd_back_off(client):
    dnd(client, 94, True)
    client.post(f"{ADMIN}/reset")
    assert client.get(STATUS.format(94)).json()["dndActive"] is False


def test_an_inbound_call_to_a_phone_in_dnd_ends_busy_without_ringing_it(client):
    dnd(client, 94, True)
    call = client.post(f"{ADMIN}/calls/inbound", json={"to": "01212854747", "from": "07700900123"})
    assert (call.status_code, call.json()["plannedOutcome"]) == (201, "busy")
    advance(client, 1)
    assert (live(client)["state"], live(client)["outcome"]) == ("ended", "busy")
    record = last_call(client)
    assert (record["direction"], record["outcome"], record["duration"]) == ("IN", "busy", 0)
    assert record["to"] == "01212854747"


def test_with_dnd_off_again_the_phone_rings(client):
    dnd(client, 94, True)
    dnd(client, 94, False)
    client.post(f"{ADMIN}/calls/inbound", json={"to": "01212854747", "from": "07700900123"})
    assert live(client)["plannedOutcome"] == "answered"
    advance(client, 3600)
    assert last_call(client)["outcome"] == "answered"


def test_dnd_wins_over_an_injected_outcome(client):
    dnd(client, 94, True)
    call = {"to": "01212854747", "from": "07700900123", "outcome": "answered", "duration": 30}
    assert client.post(f"{ADMIN}/calls/inbound", json=call).json()["plannedOutcome"] == "busy"


def test_click_to_dial_to_a_phone_in_dnd_ends_busy(client):
    dnd(client, 94, True)
    body = {"type": "call", "endpoint": f"{API}/customers/25/endpoints/1234", "to": "100"}
    assert client.post("/customers/me/calls", json=body).status_code == 200
    assert live(client)["plannedOutcome"] == "busy"
    advance(client, 3600)
    records = client.get("/customers/me/calls", params={"includeLocal": "true"}).json()["items"]
    out = next(r for r in records if r["direction"] == "OUT")
    assert (out["to"], out["outcome"], out["callType"]) == ("100", "busy", "local")


def test_a_phone_in_dnd_may_still_call_out(client):
    dnd(client, 1234, True)
    body = {"type": "call", "endpoint": f"{API}/customers/25/endpoints/1234", "to": "07902000000"}
    assert client.post("/customers/me/calls", json=body).status_code == 200
    advance(client, 3600)
    assert (last_call(client)["to"], last_call(client)["outcome"]) == ("07902000000", "answered")
