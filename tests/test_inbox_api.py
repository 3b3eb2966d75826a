"""What the web inbox needs from the server, without a browser: its page and files, the handset's
answer to a live call, SMS with segments and codes, and its requests kept out of the control
plane (journal, faults, rate limit) and free of a Basic challenge."""

import re

import pytest

from .test_call_origination import CALL, advance, calls_now, live

ADMIN = "http://testserver/_admin"
INBOX = {"X-Mock-Pbx-Client": "inbox"}


@pytest.mark.parametrize("path", ["http://testserver/", "http://testserver/_ui"])
def test_the_page_is_served_at_the_root_and_at_ui(client, path):
    response = client.get(path, auth=None)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script src="/_ui/app.js">' in response.text


def test_the_page_loads_nothing_from_outside_the_server(client):
    page = client.get("http://testserver/", auth=None).text
    references = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert references, "the page references its script and stylesheet"
    assert all(ref.startswith(("/", "data:")) for ref in references)
    for name in ("app.js", "app.css"):
        body = client.get(f"http://testserver/_ui/{name}").text
        assert not re.search(r"""(?:url\(|import |fetch\(|src=)["']?https?:""", body)


@pytest.mark.parametrize(
    ("name", "media_type"),
    [("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8")],
)
def test_the_page_s_files_are_served_with_their_types(client, name, media_type):
    response = client.get(f"http://testserver/_ui/{name}")
    assert (response.status_code, response.headers["content-type"]) == (200, media_type)


@pytest.mark.parametrize("name", ["__init__.py", "index.htm", "%2e%2e%2fsettings.py"])
def test_only_the_page_s_own_files_are_served(client, name):
    response = client.get(f"http://testserver/_ui/{name}")
    assert response.status_code == 404
    assert set(response.json()) >= {"message", "errors"}


def decide(client, call_id, action):
    return client.post(f"{ADMIN}/calls/{call_id}/{action}")


def test_answering_a_ringing_call_starts_its_talk_time_now(client):
    client.post("/customers/me/calls", json=CALL)
    call = live(client)
    advance(client, 2)  # it would be answered after 5 s on its own
    answered = decide(client, call["id"], "answer")
    assert answered.status_code == 200
    assert (answered.json()["state"], answered.json()["answeredAt"]) == (
        "answered",
        "2026-01-15T10:30:02.000+0000",
    )
    advance(client, 59)
    assert live(client)["state"] == "answered"  # 60 s of talk from the answer, not from 5 s
    advance(client, 1)
    assert (live(client)["state"], calls_now(client)[0]["duration"]) == ("ended", 60)


def test_a_call_planned_to_fail_can_still_be_answered(client):
    client.post("/customers/me/calls", json={**CALL, "to": "07700900003"})  # busy, by its number
    call = live(client)
    decide(client, call["id"], "answer")
    advance(client, 60)
    record = calls_now(client)[0]
    assert (record["outcome"], record["duration"]) == ("answered", 60)


@pytest.mark.parametrize(("action", "outcome"), [("reject", "no-answer"), ("busy", "busy")])
def test_reject_and_busy_end_a_ringing_call_at_once(client, action, outcome):
    client.post("/customers/me/calls", json=CALL)
    call = live(client)
    ended = decide(client, call["id"], action).json()
    assert (ended["state"], ended["outcome"], ended["duration"]) == ("ended", outcome, 0)
    record = calls_now(client)[0]
    assert (record["to"], record["outcome"], record["duration"]) == ("07902000000", outcome, 0)
    advance(client, 120)  # the plan it had is gone: nothing happens to it later
    assert live(client)["outcome"] == outcome


def test_hanging_up_ends_an_answered_call_with_its_talk_time(client):
    client.post("/customers/me/calls", json=CALL)
    call = live(client)
    advance(client, 5)
    advance(client, 42)
    ended = decide(client, call["id"], "hangup").json()
    assert (ended["outcome"], ended["duration"]) == ("answered", 42)


@pytest.mark.parametrize(
    ("moment", "action"),
    [(0, "hangup"), (5, "answer"), (5, "busy"), (120, "answer"), (120, "hangup")],
)
def test_an_action_the_call_s_state_does_not_allow_is_a_409_and_changes_nothing(
    client, moment, action
):
    client.post("/customers/me/calls", json=CALL)
    call = live(client)
    advance(client, moment)
    before = live(client)
    response = decide(client, call["id"], action)
    assert response.status_code == 409
    assert set(response.json()) >= {"message", "errors"}
    assert live(client) == before


def test_an_unknown_call_is_a_404_and_an_unknown_action_a_400(client):
    assert decide(client, 999999, "answer").status_code == 404
    client.post("/customers/me/calls", json=CALL)
    response = decide(client, live(client)["id"], "transfer")
    assert response.status_code == 400
    assert "validationErrors" in response.json()


def test_the_outbox_gives_segments_and_the_code_of_each_message(client):
    # € is in GSM-7's extension table, two septets each: 19 + 160 septets, two segments.
    body = "Your code is 902113 " + "€" * 80
    client.post(
        "/customers/me/sms",
        json={"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": body},
    )
    newest = client.get(f"{ADMIN}/sms").json()["items"][0]
    assert (newest["otp"], newest["segments"]) == ("902113", 2)


def test_the_inbox_s_requests_are_not_journalled_faulted_or_rate_limited(client):
    client.post(f"{ADMIN}/faults", json={"path": "/api/v1/customers/me/sms", "status": 503})
    assert client.get("/customers/me/sms", headers=INBOX).status_code == 200
    assert client.get("/customers/me/sms").status_code == 503
    journal = client.get(f"{ADMIN}/requests").json()["items"]
    assert [(e["path"], e["status"]) for e in journal] == [("/api/v1/customers/me/sms", 503)]
    assert "x-ratelimit-remaining" not in client.get("/customers/me", headers=INBOX).headers


def test_a_failed_login_from_the_inbox_gets_no_basic_challenge(client):
    # A challenge would make the browser open its own login dialog over the page.
    from_inbox = client.get("/customers/me", auth=("demo", "wrong"), headers=INBOX)
    from_a_client = client.get("/customers/me", auth=("demo", "wrong"))
    assert from_inbox.status_code == from_a_client.status_code == 401
    assert "www-authenticate" not in from_inbox.headers
    assert from_a_client.headers["www-authenticate"] == 'Basic realm="mock-pbx"'
