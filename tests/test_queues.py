"""A queue's sub-resources over HTTP: the callers waiting (queueentries) follow the live calls and
the clock, the members (queuememberships) are the queue's `members`, the status (queuestatus)
counts both; only queues have them, other customers never see them, and an extension user sees
only the queues its phone answers."""

import pytest
from sqlmodel import col, select

from mock_pbx.models.endpoint import Endpoint

ADMIN = "http://testserver/_admin"
ENDPOINTS = "/customers/25/endpoints"
NUMBER_47 = "/customers/25/phonenumbers/47"  # 01212854747, routed to reception (94)
IDS = {"X-Relationship-Key": "id"}


@pytest.fixture
def queue(client):
    """Customer 25's first queue, with number 47 routed to it."""
    found = client.get(ENDPOINTS, params={"type": "queue"}).json()["items"][0]
    number = client.get(NUMBER_47).json()
    routed = client.put(NUMBER_47, json={**number, "destination": found["uri"]})
    assert routed.status_code == 200, routed.text
    return found


def ring(client, caller, outcome="no-answer", name=None):
    """An inbound call to number 47: a caller joins the queue (it rings until it gives up)."""
    body = {"to": "01212854747", "from": caller, "outcome": outcome}
    answer = client.post(f"{ADMIN}/calls/inbound", json={**body, "callerIdName": name or ""})
    assert answer.status_code == 201, answer.text
    return answer.json()


def advance(client, seconds):
    client.post(f"{ADMIN}/clock", json={"advance": seconds})


def part(client, queue, name, **kwargs):
    return client.get(f"{queue['links'][name]}", **kwargs)


def test_a_queue_links_its_entries_memberships_and_status(client, queue):
    own = f"http://testserver/api/v1{ENDPOINTS}/{queue['id']}"
    assert queue["links"] == {
        "entries": f"{own}/queueentries",
        "memberships": f"{own}/queuememberships",
        "status": f"{own}/queuestatus",
    }


def test_nobody_waits_in_a_quiet_queue(client, queue):
    listed = part(client, queue, "entries")
    assert listed.status_code == 200
    assert (listed.json()["totalItems"], listed.json()["items"]) == (0, [])
    status = part(client, queue, "status").json()
    assert (status["type"], status["callsWaiting"], status["longestWait"]) == ("queuestatus", 0, 0)


def test_callers_wait_in_order_and_their_waiting_time_follows_the_clock(client, queue):
    first = ring(client, "07700900123", name="Ann Caller")
    advance(client, 3)
    ring(client, "07700900124")
    advance(client, 2)
    items = part(client, queue, "entries").json()["items"]
    assert [(e["callerIdNumber"], e["position"], e["waitTime"]) for e in items] == [
        ("07700900123", 1, 5),
        ("07700900124", 2, 2),
    ]
    entry = items[0]
    assert (entry["type"], entry["id"], entry["callerIdName"], entry["did"]) == (
        "queueentry",
        str(first["id"]),
        "Ann Caller",
        "01212854747",
    )
    assert entry["parent"] == queue["uri"] and entry["uri"] == f"{queue['uri']}/queueentries/1"
    assert entry["created"] == "2026-01-15T10:30:00.000+0000"
    advance(client, 10)
    again = client.get(entry["uri"])
    assert (again.json()["waitTime"], again.headers["cache-control"]) == (15, "no-store")


def test_a_caller_leaves_the_queue_when_the_call_ends_and_counts_as_abandoned(client, queue):
    ring(client, "07700900123")
    advance(client, 1)
    entry = part(client, queue, "entries").json()["items"][0]
    advance(client, 60)  # it rings out unanswered (30 s)
    assert part(client, queue, "entries").json()["items"] == []
    assert client.get(entry["uri"]).status_code == 404
    status = part(client, queue, "status").json()
    assert (status["callsWaiting"], status["abandonedToday"], status["answeredToday"]) == (0, 1, 0)


def test_the_status_counts_waiting_callers_busy_members_and_answered_calls(client, queue):
    ring(client, "07700900123", outcome="answered")  # answered after 5 s, talks 60 s
    advance(client, 2)
    ring(client, "07700900124")
    advance(client, 4)
    status = part(client, queue, "status").json()
    members = len(queue["members"])
    assert (status["callsWaiting"], status["longestWait"]) == (1, 4)
    assert (status["membersTotal"], status["membersOnCall"]) == (members, 1)
    assert status["membersAvailable"] == members - 1
    taken = [m for m in part(client, queue, "memberships").json()["items"] if m["onCall"]]
    assert len(taken) == 1 and taken[0]["available"] is False
    advance(client, 120)
    status = part(client, queue, "status").json()
    assert (status["answeredToday"], status["abandonedToday"], status["membersOnCall"]) == (1, 1, 0)


def test_the_memberships_are_the_queues_members_in_order(client, queue):
    listed = part(client, queue, "memberships").json()
    assert listed["totalItems"] == len(queue["members"]) >= 2
    assert [m["endpoint"] for m in listed["items"]] == queue["members"]
    for membership in listed["items"]:
        phone = client.get(membership["endpoint"]).json()
        assert phone["type"] == "phone"
        assert (membership["name"], membership["shortNumber"]) == (
            phone["name"],
            phone["shortNumber"],
        )
        assert (membership["type"], membership["paused"], membership["available"]) == (
            "queuemembership",
            False,
            True,
        )
        assert membership["parent"] == queue["uri"]
        assert client.get(membership["uri"]).json() == membership


def test_a_members_do_not_disturb_makes_it_unavailable(client, queue, app):
    member = int(queue["members"][0].rsplit("/", 1)[1])
    with app.state.runtime.db.new_session() as session:
        session.get(Endpoint, member).dnd_active = True
        session.commit()
    status = part(client, queue, "status").json()
    assert status["membersAvailable"] == status["membersTotal"] - 1
    first = part(client, queue, "memberships").json()["items"][0]
    assert (first["available"], first["onCall"]) == (False, False)


def test_memberships_name_their_endpoint_by_id_with_the_relationship_key_header(client, queue):
    items = part(client, queue, "memberships", headers=IDS).json()["items"]
    assert [m["endpoint"] for m in items] == [m.rsplit("/", 1)[1] for m in queue["members"]]
    assert all(m["uri"].startswith("http://testserver/") for m in items)


@pytest.mark.parametrize("name", ["queueentries", "queuememberships", "queuestatus"])
def test_only_queues_have_them(client, name):
    answer = client.get(f"{ENDPOINTS}/94/{name}")
    assert answer.status_code == 404
    assert "Only queues" in answer.json()["message"]
    assert client.get(f"{ENDPOINTS}/999999/{name}").status_code == 404


@pytest.mark.parametrize("name", ["entries", "memberships", "status"])
def test_another_customer_never_sees_a_queue(client, queue, name):
    path = queue["links"][name].replace("/customers/25/", "/customers/me/")
    assert client.get(path, auth=("other", "other")).status_code == 404  # not among 26's
    assert client.get(queue["links"][name], auth=("other", "other")).status_code == 401


def test_an_extension_user_sees_only_the_queues_its_phone_answers(client, queue, app):
    extension = ("extension", "extension")
    me = client.get("/customers/25/linkedusers/me", auth=extension).json()
    phone, queue_id = int(me["defaultExtension"]), int(queue["id"])
    with app.state.runtime.db.new_session() as session:
        listed = session.exec(
            select(Endpoint).where(col(Endpoint.type) == "queue", col(Endpoint.customer_id) == 25)
        ).all()
        for row in listed:  # its phone answers the first queue only
            others = [m for m in row.member_refs or [] if m != phone]
            row.member_refs = [phone, *others] if row.id == queue_id else others
            session.add(row)
        session.commit()
        other_id = next(row.id for row in listed if row.id != queue_id)
    for name in ("entries", "memberships", "status"):
        assert part(client, queue, name, auth=extension).status_code == 200
        other = queue["links"][name].replace(f"/endpoints/{queue_id}/", f"/endpoints/{other_id}/")
        assert client.get(other, auth=extension).status_code == 401
