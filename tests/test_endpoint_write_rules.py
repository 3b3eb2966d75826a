"""An endpoint's relationships over HTTP: each names the account's own record of the right
kind (by id or URI), an IVR menu's keys and actions are checked, and a delete is refused while
anything still sends calls to the endpoint, saying what, and nothing changes on the way."""

import pytest

from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.forwarding import ForwardingRule

ADMIN = "http://testserver/_admin"
API = "http://testserver/api/v1"
ENDPOINTS = "/customers/25/endpoints"
OTHER = ("other", "other")
NOT_CALLABLE = "must be one of the account's phone or virtual endpoints"


def body(kind="phone", short="130", **fields):
    return {"type": kind, "name": f"New {kind}", "shortNumber": short, **fields}


def create(client, kind="phone", short="130", **fields):
    return client.post(ENDPOINTS, json=body(kind, short, **fields))


def errors(answer):
    assert answer.status_code == 400, answer.text
    return {error["field"]: error["message"] for error in answer.json()["validationErrors"]}


def first(client, collection, customer=25, **params):
    auth = ("demo", "demo") if customer == 25 else OTHER
    path = f"/customers/{customer}/{collection}"
    return client.get(path, params=params, auth=auth).json()["items"][0]["id"]


def own_sounds(client, customer=25):
    auth = ("demo", "demo") if customer == 25 else OTHER
    items = client.get(f"/customers/{customer}/sounds", auth=auth).json()["items"]
    return [item["id"] for item in items]


def test_default_caller_id_is_one_of_the_accounts_own(client):
    mine = first(client, "outgoingcallerids")
    uri = f"{API}/customers/25/outgoingcallerids/{mine}"
    assert create(client, defaultCallerId=uri).json()["defaultCallerId"] == uri
    assert create(client, "trunk", "131", defaultCallerId=int(mine)).status_code == 201
    theirs = first(client, "outgoingcallerids", customer=26)
    for wrong in (theirs, "abc", f"{API}/customers/25/sounds/{own_sounds(client)[0]}", True):
        assert list(errors(create(client, "phone", "132", defaultCallerId=wrong))) == [
            "defaultCallerId"
        ]


def test_members_are_the_accounts_phones_and_virtuals_each_once(client):
    virtual = first(client, "endpoints", type="virtual")
    made = create(client, "group", members=["94", f"{API}{ENDPOINTS}/{virtual}", 1234])
    assert made.status_code == 201, made.text
    assert made.json()["members"] == [f"{API}{ENDPOINTS}/{m}" for m in ("94", virtual, "1234")]
    theirs = first(client, "endpoints", customer=26, type="phone")
    refused = create(client, "queue", "131", members=["94", "94", theirs, "101", "junk"])
    assert errors(refused) == {
        "members[1]": "is already a member",
        "members[2]": NOT_CALLABLE,
        "members[3]": NOT_CALLABLE,
        "members[4]": NOT_CALLABLE,
    }


def test_failover_and_queue_destinations_are_other_endpoints_of_the_account(client):
    mailbox = first(client, "endpoints", type="mailbox")
    group = create(client, "group", failoverDestination=mailbox).json()
    assert group["failoverDestination"] == f"{API}{ENDPOINTS}/{mailbox}"
    itself = client.put(group["uri"], json=body("group", failoverDestination=group["id"]))
    assert errors(itself) == {"failoverDestination": "cannot be the endpoint itself"}
    theirs = first(client, "endpoints", customer=26)
    queue = create(client, "queue", "131", timeoutDestination="101", keypressDestination=theirs)
    assert errors(queue) == {"keypressDestination": "must be one of the account's endpoints"}


def test_sounds_are_the_accounts_own(client):
    mine, theirs = own_sounds(client), own_sounds(client, customer=26)
    made = create(client, "queue", entrySound=mine[0], periodicAnnounceSounds=mine[1:3])
    assert made.json()["entrySound"].endswith(f"/sounds/{mine[0]}")
    assert [s.rsplit("/", 1)[1] for s in made.json()["periodicAnnounceSounds"]] == mine[1:3]
    refused = create(client, "queue", "131", periodicAnnounceSounds=[mine[0], theirs[0]])
    assert list(errors(refused)) == ["periodicAnnounceSounds[1]"]
    assert list(errors(create(client, "ivr", "131", entrySound=theirs[0]))) == ["entrySound"]


def test_an_ivr_menu_with_every_action(client):
    sound = own_sounds(client)[0]
    items = [
        {"key": "1", "action": {"type": "transfer", "destination": "94", "playSound": sound}},
        {"key": "2", "action": {"type": "goto", "destination": 101}},
        {"key": "*", "action": {"type": "playsound", "sound": sound}},
        {"key": "#", "action": {"type": "dialext"}},
        {"key": "0", "action": {"type": "transfer", "destination": "1234", "display": "Sales"}},
    ]
    answer = client.post(
        ENDPOINTS,
        json=body("ivr", items=items, timeoutAction={"type": "goto", "destination": "101"}),
        headers={"X-Relationship-Key": "id"},
    )
    assert answer.status_code == 201, answer.text
    ivr = answer.json()
    assert [item["key"] for item in ivr["items"]] == ["1", "2", "*", "#", "0"]
    assert ivr["items"][1]["action"] == {"type": "goto", "destination": "101"}
    assert ivr["items"][0]["action"] == {
        "type": "transfer",
        "destination": "94",
        "playSound": sound,
    }
    assert ivr["timeoutAction"] == {"type": "goto", "destination": "101"}
    assert "invalidAction" not in ivr  # left out: hang up
    again = {"key": "9", "action": {"type": "goto", "destination": ivr["id"]}}  # restart the menu
    saved = client.put(ivr["uri"], json={**ivr, "items": [*ivr["items"], again]})
    assert saved.status_code == 200, saved.text


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"key": "A", "action": {"type": "dialext"}}, "items[0].key", "must be one of 0-9, * or #"),
        (
            {"key": "1", "action": {"type": "transfer", "destination": "101"}},
            "items[0].action.destination",
            NOT_CALLABLE,
        ),
        (
            {"key": "1", "action": {"type": "goto", "destination": "94"}},
            "items[0].action.destination",
            "must be one of the account's IVRs",
        ),
        (
            {"key": "1", "action": {"type": "transfer"}},
            "items[0].action.destination",
            "is required for a transfer action",
        ),
        (
            {"key": "1", "action": {"type": "playsound"}},
            "items[0].action.sound",
            "is required for a playsound action",
        ),
        (
            {"key": "1", "action": {"type": "dialext", "destination": "94"}},
            "items[0].action.destination",
            "is not used by a dialext action",
        ),
    ],
)
def test_ivr_items_are_checked_by_path(client, item, field, message):
    assert errors(create(client, "ivr", items=[item])) == {field: message}


def test_ivr_keys_are_unique_and_actions_known(client):
    dialext = {"type": "dialext"}
    twice = create(client, "ivr", items=[{"key": "1", "action": dialext}] * 2)
    assert errors(twice) == {"items[1].key": "key 1 already has an item"}
    unknown = create(client, "ivr", items=[{"key": "1", "action": {"type": "hangup"}}])
    assert unknown.status_code == 400
    bad = create(client, "ivr", invalidAction={"type": "goto", "destination": "1234"})
    assert errors(bad) == {"invalidAction.destination": "must be one of the account's IVRs"}


def test_a_number_routed_to_an_endpoint_stops_its_delete_until_unrouted(client):
    refused = client.delete(f"{ENDPOINTS}/94")
    assert "phone number 01212854747 (47) routes to it" in errors(refused)["id"]
    assert "Reception (94) is in use" in refused.json()["message"]
    assert client.get(f"{ENDPOINTS}/94").status_code == 200
    phone = create(client).json()
    number = client.put(
        "/customers/25/phonenumbers/47", json={"type": "did", "destination": phone["id"]}
    )
    assert number.status_code == 200
    assert "(47) routes to it" in errors(client.delete(phone["uri"]))["id"]
    client.put("/customers/25/phonenumbers/47", json={"type": "did", "destination": "94"})
    assert client.delete(phone["uri"]).status_code == 204
    assert client.get(phone["uri"]).status_code == 404


def test_an_ivr_group_or_queue_that_sends_calls_to_it_stops_its_delete(client):
    phone = create(client).json()
    menu = [{"key": "1", "action": {"type": "transfer", "destination": phone["id"]}}]
    ivr = create(client, "ivr", "131", items=menu, invalidAction=menu[0]["action"]).json()
    group = create(client, "group", "132", members=[phone["id"]]).json()
    queue = create(client, "queue", "133", timeoutDestination=phone["id"]).json()
    refused = errors(client.delete(phone["uri"]))["id"]
    assert refused == (
        f"IVR New ivr ({ivr['id']}) key 1 transfers to it; "
        f"IVR New ivr ({ivr['id']}) invalid action transfers to it; "
        f"group New group ({group['id']}) has it as a member; "
        f"queue New queue ({queue['id']}) sends callers who wait too long to it"
    )
    for user in (ivr, group, queue):
        assert client.delete(user["uri"]).status_code == 204
    assert client.delete(phone["uri"]).status_code == 204


def test_a_users_default_extension_stops_its_delete(client):
    assert (
        "linked user extension (2) has it as default extension"
        in errors(client.delete(f"{ENDPOINTS}/94"))["id"]
    )


def test_a_call_in_progress_stops_a_delete_and_the_history_stays(client):
    """Calls and recordings outlive their endpoint: they keep its id (its URI then answers 404)."""
    phone = create(client, callRecording="ALWAYS").json()
    number = "/customers/25/phonenumbers/47"
    client.put(number, json={"type": "did", "destination": phone["id"]})
    call = client.post(f"{ADMIN}/calls/inbound", json={"to": "01212854747", "from": "07700900123"})
    assert call.json()["endpointId"] == int(phone["id"])
    client.put(number, json={"type": "did", "destination": "94"})
    assert errors(client.delete(phone["uri"])) == {"id": "a call is in progress on it"}
    client.post(f"{ADMIN}/clock", json={"advance": 3600})
    assert client.delete(phone["uri"]).status_code == 204
    history = client.get("/customers/25/calls", params={"endpointId": phone["id"]}).json()
    assert history["totalItems"] >= 1
    recordings = client.get("/customers/25/recordings", params={"pageSize": 100}).json()
    assert phone["uri"] in {recording["endpoint"] for recording in recordings["items"]}


def test_forwarding_rules_go_with_their_endpoint(client, app):
    phone = create(client).json()
    with app.state.runtime.db.new_session() as session:
        session.add(
            ForwardingRule(
                customer_id=25,
                created=app.state.runtime.clock.now(),
                endpoint_id=int(phone["id"]),
                enabled=True,
                action="VOICEMAIL",
                call_outcome="NOANSWER",
                external_only=False,
                apply_group=False,
                preserve_id=False,
                screening_enabled=False,
                key="1",
            )
        )
        session.commit()
    assert client.delete(phone["uri"]).status_code == 204
    with app.state.runtime.db.new_session() as session:
        assert session.get(Endpoint, int(phone["id"])) is None
        assert not list(session.exec(ForwardingRule.__table__.select()))


def test_a_refused_delete_changes_nothing(client):
    before = client.get(f"{ENDPOINTS}?pageSize=100").json()
    assert client.delete(f"{ENDPOINTS}/101").status_code == 400
    assert client.get(f"{ENDPOINTS}?pageSize=100").json() == before
