"""One journal entry by its id (the web inbox's detail view), and the fault rule that fired for a
request, kept on its entry even after the rule is gone."""

import pytest

from mock_pbx.runtime.faults import Rule

ADMIN = "http://testserver/_admin"


def journal(client):
    return client.get(f"{ADMIN}/requests").json()["items"]


def test_an_entry_names_the_fault_rule_that_answered_it(client):
    rule = {"path": "/api/v1/customers/*/sms", "method": "POST", "status": 503, "times": 1}
    rule_id = client.post(f"{ADMIN}/faults", json=rule).json()["id"]
    sms = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": "Hi"}
    assert client.post("/customers/me/sms", json=sms).status_code == 503
    assert client.post("/customers/me/sms", json=sms).status_code == 201  # retired: gone
    faulted, passed = journal(client)
    assert faulted["status"] == 503
    assert faulted["fault"] == {
        "id": rule_id,
        "summary": "POST /api/v1/customers/*/sms: 503, 1 of 1",
    }
    assert passed["fault"] is None


def test_a_delay_rule_that_fired_is_named_too(client):
    rule = {"path": "customers/me", "delayMs": 5, "probability": 1}
    rule_id = client.post(f"{ADMIN}/faults", json=rule).json()["id"]
    assert client.get("/customers/me").status_code == 200
    assert client.get("/customers/me").status_code == 200
    first, second = journal(client)
    assert first["fault"] == {
        "id": rule_id,
        "summary": "any method customers/me: a delay of 5 ms, 1 so far",
    }
    assert second["fault"]["summary"].endswith("2 so far")


def test_a_rule_that_did_not_match_leaves_the_entry_without_a_fault(client):
    client.post(f"{ADMIN}/faults", json={"path": "customers/me/calls", "status": 500})
    assert client.get("/customers/me").status_code == 200
    (entry,) = journal(client)
    assert entry["fault"] is None


def test_one_entry_is_served_by_its_id_as_the_list_shows_it(client):
    client.get("/customers/me", params={"x": "1"})
    client.post("/customers/me/sms", json={"type": "smsmessage", "body": "?"})
    listed = journal(client)
    for entry in listed:
        one = client.get(f"{ADMIN}/requests/{entry['id']}")
        assert one.status_code == 200
        assert one.json() == entry
    assert [e["method"] for e in listed] == ["GET", "POST"]


def test_an_entry_the_journal_no_longer_holds_is_a_404(client):
    client.get("/customers/me")
    (entry,) = journal(client)
    assert client.delete(f"{ADMIN}/requests").status_code == 204
    response = client.get(f"{ADMIN}/requests/{entry['id']}")
    assert response.status_code == 404
    assert response.json()["message"].startswith("No such journal entry")
    assert response.json()["errors"]


@pytest.mark.parametrize("entry_id", ["abc", "1.5", "99999999999999999999999"])
def test_an_id_that_is_not_one_is_a_json_error(client, entry_id):
    response = client.get(f"{ADMIN}/requests/{entry_id}")
    assert response.status_code in (400, 404)
    assert {"message", "errors"} <= set(response.json())


def test_the_count_route_is_not_taken_for_an_id(client):
    client.get("/customers/me")
    assert client.get(f"{ADMIN}/requests/count").json() == {"count": 1}


@pytest.mark.parametrize(
    ("spec", "summary"),
    [
        ({"status": 500}, "any method *: 500, 0 so far"),
        ({"method": "GET", "path": "sms*", "status": 429, "times": 3}, "GET sms*: 429, 0 of 3"),
        ({"status": 502, "delay_ms": 250.0}, "any method *: 502 after 250 ms, 0 so far"),
        (
            {"delay_ms": 1.5, "probability": 0.25},
            "any method *: a delay of 1.5 ms, 0 so far, with probability 0.25",
        ),
    ],
)
def test_a_rule_sums_itself_up_in_one_line(spec, summary):
    assert Rule(id=1, **spec).summary() == summary
