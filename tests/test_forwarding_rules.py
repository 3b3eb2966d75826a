"""/endpoints/{id}/forwardingrules (spec api-facts 2.7): CRUD with validation, who may, and what
an enabled FORWARD rule does to a call from outside: it goes on to the destination, recorded as a
second leg with the same linkedId, whose outcome is the call's (one callended)."""

from datetime import UTC, datetime

import pytest

from mock_pbx.domain.endpoints.forwarding import covers, days_of

ADMIN = "http://testserver/_admin"
API = "http://testserver/api/v1"
RULES = "/customers/25/endpoints/94/forwardingrules"
EXTENSION = ("extension", "extension")
FORWARD = {
    "type": "forwardingrule",
    "enabled": True,
    "action": "FORWARD",
    "callOutcome": "NOANSWER",
    "destination": "07700900456",
}
NUMBER_47 = "01212854747"  # routed to phone 94 (short number 100)


def advance(client, seconds):
    client.post(f"{ADMIN}/clock", json={"advance": seconds})


def interval(client, name, customer="me", **kwargs):
    found = client.get(
        f"/customers/{customer}/timeintervals", params={"pageSize": 100}, **kwargs
    ).json()
    return next(item for item in found["items"] if item["name"] == name)


def add(client, **fields):
    response = client.post(RULES, json={**FORWARD, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def ring_47(client, **extra):
    call = {"to": NUMBER_47, "from": "07700900123", "outcome": "no-answer", **extra}
    response = client.post(f"{ADMIN}/calls/inbound", json=call)
    assert response.status_code == 201
    return response.json()


def records(client):
    return client.get("/customers/me/calls", params={"includeLocal": "true"}).json()["items"]


def test_a_phone_starts_with_no_rules(client):
    body = client.get(RULES).json()
    assert (body["totalItems"], body["page"], body["items"]) == (0, 1, [])
    assert "nextPage" not in body


def test_create_answers_201_with_location_and_every_field(client):
    response = client.post(RULES, json=FORWARD)
    assert response.status_code == 201
    rule = response.json()
    assert response.headers["location"] == rule["uri"]
    assert rule["uri"] == f"{API}{RULES}/{rule['id']}"
    assert rule["parent"] == f"{API}/customers/25/endpoints/94"
    assert rule == {
        "type": "forwardingrule",
        "id": rule["id"],
        "uri": rule["uri"],
        "parent": rule["parent"],
        "created": "2026-01-15T10:30:00.000+0000",
        "enabled": True,
        "action": "FORWARD",
        "callOutcome": "NOANSWER",
        "externalOnly": False,
        "applyGroup": False,
        "preserveId": True,
        "screeningEnabled": False,
        "key": "1",
        "destination": "07700900456",
    }
    assert client.get(rule["uri"]).json() == rule
    listed = client.get(RULES).json()
    assert (listed["totalItems"], listed["items"]) == (1, [rule])


def test_the_phones_link_leads_to_its_rules(client):
    phone = client.get("/customers/me/endpoints/94").json()
    rule = add(client)
    assert client.get(phone["links"]["forwardingRules"]).json()["items"] == [rule]


def test_time_interval_is_a_uri_or_a_bare_id_under_the_header(client):
    office = interval(client, "Office hours")
    rule = add(client, timeInterval=office["id"])
    assert rule["timeInterval"] == office["uri"]
    ids = client.get(rule["uri"], headers={"X-Relationship-Key": "id"}).json()
    assert ids["timeInterval"] == office["id"]
    assert add(client, timeInterval=office["uri"])["timeInterval"] == office["uri"]


def test_put_replaces_the_rule(client):
    rule = add(client, timeInterval=interval(client, "Office hours")["id"], preserveId=False)
    body = {"type": "forwardingrule", "action": "VOICEMAIL", "callOutcome": "BUSY"}
    response = client.put(rule["uri"], json={**body, "destination": "07700900999"})
    assert response.status_code == 200
    replaced = response.json()
    assert (replaced["id"], replaced["created"]) == (rule["id"], rule["created"])
    assert (replaced["action"], replaced["callOutcome"], replaced["preserveId"]) == (
        "VOICEMAIL",
        "BUSY",
        True,
    )
    assert "timeInterval" not in replaced and "destination" not in replaced
    assert client.get(rule["uri"]).json() == replaced


def test_putting_the_rule_back_as_it_was_read_changes_nothing(client):
    """The Node client saves the whole object it holds, read-only fields and bare ids too."""
    rule = add(client, timeInterval=interval(client, "Office hours")["id"])
    ids = client.get(rule["uri"], headers={"X-Relationship-Key": "id"}).json()
    response = client.put(rule["uri"] + "/", json=ids, headers={"X-Relationship-Key": "id"})
    assert (response.status_code, response.json()) == (200, ids)
    assert client.get(rule["uri"]).json() == rule


def test_delete_is_204_then_404(client):
    rule = add(client)
    assert client.delete(rule["uri"]).status_code == 204
    assert client.get(rule["uri"]).status_code == 404
    assert client.delete(rule["uri"]).status_code == 404
    assert client.get(RULES).json()["totalItems"] == 0


def test_lists_page(client):
    made = [add(client, destination=f"0770090010{n}")["id"] for n in range(3)]
    first = client.get(RULES, params={"pageSize": 2}).json()
    assert [r["id"] for r in first["items"]] == made[:2] and first["totalItems"] == 3
    second = client.get(first["nextPage"]).json()
    assert [r["id"] for r in second["items"]] == made[2:]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"action": "REDIRECT"}, "action"),
        ({"callOutcome": "ALWAYS"}, "callOutcome"),
        ({"destination": None}, "destination"),
        ({"destination": "not a number"}, "destination"),
        ({"destination": "100"}, "destination"),  # the phone's own short number
        ({"enabled": "yes"}, "enabled"),
        ({"key": "12"}, "key"),
        ({"timeInterval": "999999"}, "timeInterval"),
        ({"timeInterval": f"{API}/customers/25/sounds/1"}, "timeInterval"),
        ({"type": "phonestatus"}, "type"),
    ],
)
def test_invalid_fields_are_400s_naming_them_and_nothing_is_stored(client, fields, field):
    response = client.post(RULES, json={**FORWARD, **fields})
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["validationErrors"]]
    assert client.get(RULES).json()["totalItems"] == 0


def test_a_bad_put_changes_nothing(client):
    rule = add(client)
    assert client.put(rule["uri"], json={**FORWARD, "destination": "x"}).status_code == 400
    assert client.get(rule["uri"]).json() == rule


@pytest.mark.parametrize("body", [None, [], "x", 7, {}, {"action": []}, {"key": {"a": 1}}])
def test_junk_bodies_are_400s(client, body):
    assert client.post(RULES, json=body).status_code == 400


def test_follow_me_and_voicemail_need_no_destination(client):
    for action in ("FOLLOWME", "VOICEMAIL"):
        rule = add(client, action=action, destination=None)
        assert rule["action"] == action and "destination" not in rule


def test_another_customers_interval_is_refused(client):
    theirs = interval(client, "Office hours", customer="26", auth=("other", "other"))
    response = client.post(RULES, json={**FORWARD, "timeInterval": theirs["id"]})
    assert response.status_code == 400


def test_another_customer_sees_none_of_the_rules(client):
    rule = add(client)
    other = ("other", "other")
    assert client.get(rule["uri"], auth=other).status_code in (401, 403, 404)
    moved = rule["uri"].replace("/customers/25/", "/customers/26/")
    assert client.get(moved, auth=other).status_code == 404
    assert client.get(moved.rsplit("/", 1)[0], auth=other).status_code == 404


def test_rules_of_another_endpoint_are_not_found_under_this_one(client):
    rule = add(client)
    moved = rule["uri"].replace("/endpoints/94/", "/endpoints/1234/")
    assert client.get(moved).status_code == 404
    assert client.delete(moved).status_code == 404


def test_groups_have_no_forwarding_rules(client):
    group = client.get("/customers/me/endpoints", params={"type": "group"}).json()["items"][0]
    assert client.get(f"/customers/25/endpoints/{group['id']}/forwardingrules").status_code == 404


def test_an_extension_user_reads_and_writes_its_own_phones_rules_only(client):
    mine = client.get("/customers/25/linkedusers/me", auth=EXTENSION).json()["defaultExtension"]
    own = f"/customers/25/endpoints/{mine}/forwardingrules"
    made = client.post(own, json=FORWARD, auth=EXTENSION)
    assert made.status_code == 201
    assert client.get(own, auth=EXTENSION).json()["totalItems"] == 1
    assert client.delete(made.json()["uri"], auth=EXTENSION).status_code == 204
    other = "94" if mine != "94" else "1234"
    theirs = f"/customers/25/endpoints/{other}/forwardingrules"
    assert client.get(theirs, auth=EXTENSION).status_code == 401
    assert client.post(theirs, json=FORWARD, auth=EXTENSION).status_code == 401


def test_an_unanswered_call_goes_on_to_the_forward_destination(client):
    add(client)
    live = ring_47(client)
    advance(client, 3600)
    legs = [r for r in records(client) if r["linkedId"] == live["callId"]]
    forwarded, first = legs  # newest first
    assert (first["direction"], first["to"], first["outcome"]) == ("IN", NUMBER_47, "no-answer")
    assert (forwarded["direction"], forwarded["callType"]) == ("OUT", "external")
    assert (forwarded["from"], forwarded["to"]) == ("07700900123", "07700900456")
    assert (forwarded["outcome"], forwarded["duration"]) == ("answered", 60)
    assert forwarded["cost"] > 0
    calls = client.get(f"{ADMIN}/calls").json()["items"]
    assert [c["outcome"] for c in calls[:2]] == ["answered", "no-answer"]
    assert calls[0]["linkedId"] == calls[1]["callId"]


def test_the_forwarded_leg_rings_when_the_first_rings_out(client):
    add(client)
    ring_47(client)
    advance(client, 29)
    assert [c["state"] for c in client.get(f"{ADMIN}/calls").json()["items"]] == ["ringing"]
    advance(client, 1)  # MOCK_PBX_CALL_NO_ANSWER_SECONDS: 30
    calls = client.get(f"{ADMIN}/calls").json()["items"]
    assert [(c["state"], c["remote"]) for c in calls] == [
        ("ringing", "07700900456"),
        ("ended", "07700900123"),
    ]
    assert calls[0]["created"] == "2026-01-15T10:30:30.000+0000"
    advance(client, 3600)
    legs = records(client)[:2]
    assert legs[0]["callStarted"] == "2026-01-15T10:30:30.000+0000"
    assert legs[1]["callStarted"] == "2026-01-15T10:30:00.000+0000"


def test_a_forwarded_call_ends_with_one_callended_carrying_the_final_outcome(
    client, app, monkeypatch
):
    events = app.state.runtime.events
    seen = []
    emit = events.emit
    monkeypatch.setattr(
        events,
        "emit",
        lambda s, c, kind, values: (seen.append((kind, values)), emit(s, c, kind, values)),
    )
    add(client, destination="102")
    live = ring_47(client)
    advance(client, 3600)
    kinds = [kind for kind, _ in seen]
    assert kinds == ["incomingcall", "incomingcall", "callended"]
    assert seen[1][1]["endpoint"] == "/customers/25/endpoints/1234"
    ended = seen[2][1]
    assert (ended["linkedId"], ended["outcome"]) == (live["callId"], "answered")


def test_the_destinations_magic_suffix_picks_the_forwarded_outcome(client):
    add(client, destination="07700900003", preserveId=False)
    live = ring_47(client)
    advance(client, 3600)
    forwarded = records(client)[0]
    assert forwarded["linkedId"] == live["callId"]
    assert (forwarded["outcome"], forwarded["from"]) == ("busy", NUMBER_47)


def test_a_forward_to_a_short_number_rings_that_endpoint(client):
    add(client, destination="102")  # Fred Bloggs, endpoint 1234
    live = ring_47(client)
    advance(client, 3600)
    forwarded = records(client)[0]
    assert forwarded["linkedId"] == live["callId"]
    assert (forwarded["direction"], forwarded["to"], forwarded["outcome"]) == (
        "IN",
        NUMBER_47,
        "answered",
    )
    assert forwarded["links"]["recordings"]  # 1234 records every call


@pytest.mark.parametrize(
    ("fields", "forwarded"),
    [
        ({"enabled": False}, False),
        ({"callOutcome": "BUSY"}, False),
        ({"action": "VOICEMAIL", "destination": None}, False),
        ({"timeInterval": "weekends"}, False),  # the call starts on a Thursday morning
        ({"timeInterval": "office"}, True),
    ],
)
def test_only_an_enabled_noanswer_forward_in_its_interval_applies(client, fields, forwarded):
    names = {"weekends": "Weekends", "office": "Office hours"}
    if "timeInterval" in fields:
        fields = {**fields, "timeInterval": interval(client, names[fields["timeInterval"]])["id"]}
    add(client, **fields)
    live = ring_47(client)
    advance(client, 3600)
    legs = [r for r in records(client) if r["linkedId"] == live["callId"]]
    assert len(legs) == (2 if forwarded else 1)


def test_an_answered_call_is_not_forwarded(client):
    add(client)
    live = ring_47(client, outcome="answered")
    advance(client, 3600)
    assert len([r for r in records(client) if r["linkedId"] == live["callId"]]) == 1


def test_busy_forward_takes_calls_refused_by_dnd(client):
    add(client, callOutcome="BUSY")
    client.put("/customers/25/endpoints/94/phonestatus", json={"dndActive": True})
    live = ring_47(client, outcome=None)
    advance(client, 3600)
    legs = [r for r in records(client) if r["linkedId"] == live["callId"]]
    assert [leg["outcome"] for leg in legs] == ["answered", "busy"]


def test_a_rejected_call_is_forwarded_too(client):
    add(client)
    live = ring_47(client, outcome="answered")
    client.post(f"{ADMIN}/calls/{live['id']}/reject")
    advance(client, 3600)
    legs = [r for r in records(client) if r["linkedId"] == live["callId"]]
    assert [leg["outcome"] for leg in legs] == ["answered", "no-answer"]


@pytest.mark.parametrize(
    ("block", "days"),
    [
        ({"includeDays": "MON-FRI"}, {"MON", "TUE", "WED", "THU", "FRI"}),
        ({"includeDays": "FRI-MON"}, {"FRI", "SAT", "SUN", "MON"}),
        ({"includeDays": "SAT"}, {"SAT"}),
        ({"includeDays": "mon,wed"}, {"MON", "WED"}),
        ({"dayOfWeek": "SUN"}, {"SUN"}),
        ({"daysOfWeek": ["TUE", "THU"]}, {"TUE", "THU"}),
        ({"includeDays": "junk"}, set()),
    ],
)
def test_the_days_a_time_block_names(block, days):
    assert days_of(block) == days


def test_a_block_covers_its_minutes_inclusively():
    block = [{"startTime": "09:00", "endTime": "17:29", "includeDays": "MON-FRI"}]
    thursday = datetime(2026, 1, 15, 17, 29, 59, tzinfo=UTC)
    assert covers("WEEKLY", block, thursday)
    assert not covers("WEEKLY", block, thursday.replace(minute=30))
    assert not covers("WEEKLY", block, thursday.replace(day=17))  # a Saturday
    christmas = [{"startTime": "00:00", "endTime": "23:59", "month": "DEC", "dayOfMonth": 25}]
    assert covers("YEARLY", christmas, datetime(2026, 12, 25, 8, tzinfo=UTC))
    assert not covers("YEARLY", christmas, datetime(2026, 12, 26, 8, tzinfo=UTC))
