"""What every request is held to: the body limit on every route (the control API's and the web
inbox's requests too), JSON strings that are text (a lone UTF-16 surrogate is a 400 and stores
nothing), a journal entry of bounded size, failed logins journalled whoever sends them, rate-limit
windows for verified logins only, and account settings for admins only."""

import json

import pytest

from mock_pbx.http.journaling import BODY_KEPT, HEADERS_KEPT, QUERY_KEPT

ADMIN = "http://testserver/_admin"
INBOX = {"X-Mock-Pbx-Client": "inbox"}
TWO_MB = "x" * (2 * 1024 * 1024)
LONE = "\ud800"  # json.dumps writes it as the escape \ud800


def journal(client, **params):
    return client.get(f"{ADMIN}/requests", params=params).json()["items"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/customers/me/phonebook", {}),
        ("/customers/me/phonebook", INBOX),
        (f"{ADMIN}/scenarios", {}),
        (f"{ADMIN}/sms/inbound", INBOX),
    ],
    ids=["api", "api from the inbox", "control", "control from the inbox"],
)
def test_a_body_over_a_mebibyte_is_a_413_on_every_route(client, path, headers):
    before = client.get("/customers/me/phonebook").json()["totalItems"]
    body = {"type": "phonebookentry", "name": TWO_MB, "phoneNumber": "0121", "records": {}}
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 413
    assert response.json()["errors"]
    assert client.get("/customers/me/phonebook").json()["totalItems"] == before


SMS = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": "hello"}
ENTRY = {"type": "phonebookentry", "name": "Ann", "phoneNumber": "07700900001"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/customers/me/sms", {**SMS, "body": f"code {LONE}"}),
        ("POST", "/customers/me/sms", {**SMS, "from": LONE}),
        ("POST", "/customers/me/phonebook", {**ENTRY, "name": LONE}),
        ("POST", "/customers/me/phonebook", {**ENTRY, "email": f"{LONE}@x.test"}),
        ("PUT", "/customers/me/phonebook/1", {**ENTRY, "name": LONE}),
        ("PUT", "/customers/me/phonenumbers/47", {"type": "did", "identifier": LONE}),
        ("POST", f"{ADMIN}/sms/inbound", {"to": "01212854747", "from": "0770", "body": LONE}),
        ("POST", f"{ADMIN}/calls/inbound", {"to": "01212854747", "from": LONE}),
        ("POST", f"{ADMIN}/scenarios", {"records": {"phonebook": [{"name": LONE}]}}),
        ("POST", "/customers/me/sms", {**SMS, LONE: "a key"}),
    ],
)
def test_a_lone_surrogate_in_a_json_string_is_a_400_that_stores_nothing(client, method, path, body):
    before = {
        name: client.get(f"/customers/me/{name}").json()["totalItems"]
        for name in ("sms", "phonebook")
    }
    # As a client's JSON library writes it: the escape \ud800 (httpx would refuse to encode it).
    content, json_type = json.dumps(body), {"Content-Type": "application/json"}
    response = client.request(method, path, content=content, headers=json_type)
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == "body"
    assert "surrogate" in response.json()["message"] + response.text
    after = {name: client.get(f"/customers/me/{name}").json()["totalItems"] for name in before}
    assert after == before


def test_a_surrogate_pair_is_one_character_and_welcome(client):
    response = client.post("/customers/me/sms", json={**SMS, "body": "smile \U0001f600"})
    assert response.status_code == 201
    assert response.json()["body"] == "smile \U0001f600"


def test_an_escaped_backslash_u_is_just_text(client):
    response = client.post("/customers/me/sms", json={**SMS, "body": "a \\ud800 b"})
    assert response.status_code == 201


def test_a_journal_entry_keeps_a_bounded_query_header_and_body(client):
    headers = {f"x-long-{n}": "v" * 900 for n in range(20)}
    client.post(
        "/customers/me/phonebook",
        params={"q": "q" * 20_000},
        headers=headers,
        json={**ENTRY, "name": "n" * 50_000},
    )
    entry = journal(client, method="POST")[-1]
    assert len(entry["query"]) == QUERY_KEPT
    assert len(entry["body"]) == BODY_KEPT
    kept = sum(len(k) + len(v) for k, v in entry["headers"].items() if k != "...")
    assert kept <= HEADERS_KEPT
    assert entry["headers"]["..."].endswith("more headers not kept")


def test_the_inbox_requests_stay_out_of_the_journal(client):
    client.get("/customers/me/sms", headers=INBOX)
    assert journal(client, path="/api/v1/customers/me/sms") == []


def test_a_failed_login_from_the_inbox_is_journalled(anonymous):
    anonymous.get("/customers/me", auth=("demo", "wrong"), headers=INBOX)
    entries = journal(anonymous)
    assert [(e["username"], e["status"]) for e in entries] == [("demo", 401)]


def test_made_up_usernames_share_one_rate_limit_window(client, app):
    for n in range(50):
        client.get("/customers/me", auth=(f"nobody-{n}", "x"))
    client.get("/customers/me")
    assert len(app.state.runtime.ratelimit.windows) == 2  # the anonymous one, and demo's


def test_wrong_passwords_do_not_use_up_a_real_logins_requests(client):
    client.put(f"{ADMIN}/ratelimit", json={"limit": 3})
    try:
        for _ in range(5):
            assert client.get("/customers/me", auth=("other", "wrong")).status_code in (401, 429)
        answer = client.get("/customers/me", auth=("other", "other"))
        assert answer.status_code == 200
        assert answer.headers["X-RateLimit-Remaining"] == "2"
    finally:
        client.put(f"{ADMIN}/ratelimit", json={"limit": None})


NUMBER = {"type": "did", "identifier": "Hacked", "smsNotificationUrl": "http://evil.test/hook"}


def test_an_extension_user_may_not_change_a_numbers_webhook(client):
    before = client.get("/customers/me/phonenumbers/47").json()
    response = client.put(
        "/customers/me/phonenumbers/47", json=NUMBER, auth=("extension", "extension")
    )
    assert response.status_code == 401
    assert "admin" in response.json()["message"]
    assert client.get("/customers/me/phonenumbers/47").json() == before


def test_a_company_admin_may(client):
    response = client.put("/customers/me/phonenumbers/47", json=NUMBER)
    assert response.status_code == 200
    assert response.json()["smsNotificationUrl"] == "http://evil.test/hook"


def test_an_extension_user_may_still_read_and_send(client):
    extension = ("extension", "extension")
    assert client.get("/customers/me/phonenumbers/47", auth=extension).status_code == 200
    assert client.post("/customers/me/sms", json=SMS, auth=extension).status_code == 201
