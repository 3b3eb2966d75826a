"""The request journal, the outbox with its long poll, faults, latency, rate limits and ETags."""

import threading
import time

import pytest

ADMIN = "http://testserver/_admin"
SEND = {
    "type": "smsmessage",
    "to": "07700900123",
    "from": "07557000000",
    "body": "Your code is 482915",
}


def journal(client, **params):
    return client.get(f"{ADMIN}/requests", params=params).json()["items"]


def test_every_api_request_is_journalled_with_its_answer(client):
    client.post("/customers/me/sms", params={"x": "1"}, json=SEND)
    (entry,) = journal(client)
    assert (entry["method"], entry["path"], entry["query"], entry["status"]) == (
        "POST",
        "/api/v1/customers/me/sms",
        "x=1",
        201,
    )
    assert '"482915"' not in entry["body"] and "Your code is 482915" in entry["body"]
    assert entry["headers"]["authorization"] == "[redacted]"
    assert entry["username"] == "demo"
    assert entry["time"] == "2026-01-15T10:30:00.000+0000"


def test_requests_that_fail_auth_are_journalled_too(client, anonymous):
    anonymous.get("/customers/me")
    client.get("/customers/me", auth=("demo", "wrong"))
    assert [e["status"] for e in journal(client)] == [401, 401]
    assert all(e["headers"]["authorization"] == "[redacted]" for e in journal(client)[1:])


def test_the_password_is_nowhere_in_the_journal(client):
    client.get("/customers/me", auth=("demo", "hunter2-secret"))
    assert "hunter2" not in client.get(f"{ADMIN}/requests").text


def test_journal_filters_count_and_clear(client):
    client.get("/customers/me/sms")
    client.get("/customers/me/calls")
    client.post(f"{ADMIN}/clock", json={"advance": 60})
    client.post("/customers/me/sms", json=SEND)
    assert [e["path"] for e in journal(client, method="get")] == [
        "/api/v1/customers/me/sms",
        "/api/v1/customers/me/calls",
    ]
    assert len(journal(client, path="/api/v1/customers/me/sms")) == 2
    assert [e["method"] for e in journal(client, since="2026-01-15T10:30:30Z")] == ["POST"]
    assert client.get(f"{ADMIN}/requests/count", params={"method": "POST"}).json() == {"count": 1}
    assert client.delete(f"{ADMIN}/requests").status_code == 204
    assert journal(client) == []


def test_control_requests_are_not_journalled(client):
    client.get(f"{ADMIN}/clock")
    assert journal(client) == []


def test_a_huge_body_is_a_413_and_journalled(client):
    response = client.post(
        "/customers/me/phonebook",
        content=b"x" * (2 * 1024 * 1024),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["message"]
    assert journal(client)[-1]["status"] == 413


def test_the_outbox_finds_sent_sms_and_their_codes(client):
    client.post("/customers/me/sms", json=SEND)
    client.post("/customers/me/sms", json={**SEND, "to": "07700900456", "body": "no code here"})
    found = client.get(f"{ADMIN}/sms", params={"to": "07700900123"}).json()["items"]
    assert [(m["to"], m["otp"]) for m in found] == [("07700900123", "482915")]
    assert (
        client.get(f"{ADMIN}/sms", params={"contains": "no code"}).json()["items"][0]["otp"] is None
    )
    assert len(client.get(f"{ADMIN}/sms", params={"latest": True}).json()["items"]) == 1


@pytest.mark.parametrize(
    ("body", "otp"),
    [
        ("Code: 1234", "1234"),
        ("12345678 is yours", "12345678"),
        ("123 then 4567", "4567"),
        ("call 0121 285 4400", "0121"),
        ("123456789", None),
        ("Ref 9999-1111", "9999"),
        ("none", None),
    ],
)
def test_otp_is_the_first_standalone_run_of_four_to_eight_digits(client, body, otp):
    client.post("/customers/me/sms", json={**SEND, "body": body})
    assert client.get(f"{ADMIN}/sms", params={"latest": True}).json()["items"][0]["otp"] == otp


def test_wait_returns_as_soon_as_the_message_arrives(client):
    def send_later():
        time.sleep(0.3)
        client.post("/customers/me/sms", json={**SEND, "to": "07700900777"})

    sender = threading.Thread(target=send_later)
    started = time.monotonic()
    sender.start()
    found = client.get(f"{ADMIN}/sms", params={"to": "07700900777", "wait": 10}).json()
    sender.join()
    assert found["items"][0]["to"] == "07700900777"
    assert time.monotonic() - started < 5  # promptly, not at the end of the wait


def test_wait_times_out_cleanly_with_no_match(client):
    found = client.get(f"{ADMIN}/sms", params={"to": "07700900888", "wait": 0.2})
    assert found.status_code == 200
    assert found.json() == {"items": [], "timedOut": True}


def test_a_fault_fires_exactly_n_times_with_the_usual_error_body(client):
    rule = {"path": "/api/v1/customers/*/sms", "method": "POST", "status": 503, "times": 2}
    assert client.post(f"{ADMIN}/faults", json=rule).json()["fired"] == 0
    responses = [client.post("/customers/me/sms", json=SEND) for _ in range(4)]
    assert [r.status_code for r in responses] == [503, 503, 201, 201]
    assert responses[0].json() == {
        "message": "Service unavailable",
        "errors": [{"message": "Service unavailable"}],
    }
    assert client.get(f"{ADMIN}/faults").json()["items"] == []  # retired after its second time
    assert client.get("/customers/me/sms", params={"pageSize": 3}).json()["totalItems"] == 190


def test_faults_match_method_and_path_only(client):
    client.post(
        f"{ADMIN}/faults", json={"path": "/api/v1/customers/*/sms", "method": "POST", "status": 500}
    )
    assert client.get("/customers/me/sms").status_code == 200
    assert (
        client.post(
            "/customers/me/phonebook",
            json={"type": "phonebookentry", "name": "A", "phoneNumber": "07700900001"},
        ).status_code
        == 201
    )
    assert client.post("/customers/me/sms", json=SEND).status_code == 500
    assert client.get(f"{ADMIN}/clock").status_code == 200  # the control API is never faulted


def test_a_fault_can_carry_its_own_body_and_be_removed(client):
    rule = client.post(
        f"{ADMIN}/faults",
        json={
            "path": "customers/me",
            "status": 429,
            "body": {"message": "slow down", "errors": []},
        },
    ).json()
    assert client.get("/customers/me").json() == {"message": "slow down", "errors": []}
    assert client.delete(f"{ADMIN}/faults/{rule['id']}").status_code == 204
    assert client.get("/customers/me").status_code == 200
    assert client.delete(f"{ADMIN}/faults/{rule['id']}").status_code == 404


def test_probability_with_a_seed_is_repeatable(client):
    def pattern():
        client.delete(f"{ADMIN}/faults")
        client.post(
            f"{ADMIN}/faults",
            json={"path": "customers/me", "status": 500, "probability": 0.5, "seed": 7},
        )
        return [client.get("/customers/me").status_code for _ in range(20)]

    first = pattern()
    assert first == pattern()
    assert 3 < first.count(500) < 17


@pytest.mark.parametrize(
    "rule",
    [
        {"path": "*"},
        {"status": 99},
        {"status": 500, "probability": 2},
        {"status": 500, "times": 0},
        {"status": 500, "method": "G E T"},
    ],
)
def test_bad_fault_rules_are_a_400(client, rule):
    assert client.post(f"{ADMIN}/faults", json=rule).status_code == 400
    assert client.get(f"{ADMIN}/faults").json()["items"] == []


def test_a_delay_fault_slows_the_answer(client):
    client.post(f"{ADMIN}/faults", json={"path": "customers/me", "delayMs": 150, "times": 1})
    started = time.monotonic()
    assert client.get("/customers/me").status_code == 200
    assert time.monotonic() - started >= 0.15


def test_latency_global_and_per_route(client):
    setting = {
        "all": {"minMs": 0, "maxMs": 1},
        "routes": [{"path": "/api/v1/customers/*/calls", "minMs": 120}],
    }
    shown = client.put(f"{ADMIN}/latency", json=setting).json()
    assert shown["routes"][0] == {
        "minMs": 120,
        "maxMs": 120,
        "path": "/api/v1/customers/*/calls",
        "method": "*",
    }
    started = time.monotonic()
    client.get("/customers/me/calls")
    assert time.monotonic() - started >= 0.12
    assert client.delete(f"{ADMIN}/latency").status_code == 204
    assert client.get(f"{ADMIN}/latency").json() == {"all": None, "routes": []}


def test_every_api_answer_carries_rate_limit_headers(client, anonymous):
    first = client.get("/customers/me")
    second = client.get("/customers/me/sms")
    assert first.headers["x-ratelimit-limit"] == "1200"
    assert (
        int(first.headers["x-ratelimit-remaining"])
        == int(second.headers["x-ratelimit-remaining"]) + 1
    )
    assert first.headers["x-ratelimit-reset"] == "3600"
    assert "x-ratelimit-limit" in anonymous.get("/customers/me").headers


def test_the_limit_is_enforced_when_set_and_clears_with_the_clock(client):
    assert client.put(f"{ADMIN}/ratelimit", json={"limit": 3}).json()["enforced"] is True
    statuses = [client.get("/customers/me").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/customers/me")
    assert (refused.headers["x-ratelimit-remaining"], refused.json()["message"]) == (
        "0",
        "Too many requests",
    )
    assert (
        client.get("/customers/me", auth=("extension", "extension")).status_code == 200
    )  # per user
    client.post(f"{ADMIN}/clock", json={"advance": 1800})
    assert client.get("/customers/me").headers["x-ratelimit-reset"] == "1800"
    client.post(f"{ADMIN}/clock", json={"advance": 1800})
    assert client.get("/customers/me").status_code == 200
    client.put(f"{ADMIN}/ratelimit", json={"limit": None})
    assert all(client.get("/customers/me").status_code == 200 for _ in range(5))


def test_get_answers_carry_an_etag_and_a_matching_if_none_match_is_a_304(client):
    first = client.get("/customers/me/sms/253368")
    etag = first.headers["etag"]
    again = client.get("/customers/me/sms/253368", headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    assert (
        client.get("/customers/me/sms/253368", headers={"If-None-Match": '"other"'}).status_code
        == 200
    )
    client.post(f"{ADMIN}/clock", json={"advance": 1})
    listed = client.get("/customers/me/sms", headers={"If-None-Match": etag})
    assert listed.status_code == 200 and listed.headers["etag"] != etag


def test_a_changed_resource_gets_a_new_etag(client):
    etag = client.get("/customers/me/phonenumbers/47").headers["etag"]
    client.put("/customers/me/phonenumbers/47", json={"type": "did", "identifier": "new"})
    changed = client.get("/customers/me/phonenumbers/47", headers={"If-None-Match": etag})
    assert changed.status_code == 200
