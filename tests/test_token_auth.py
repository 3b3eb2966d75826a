"""Token auth (api-facts §1.2), over HTTP: POST /authenticate/ gives an access token that stands
for its login everywhere (routes, lean path, kept answers, rate limit, journal) until it expires
on the emulator's clock or a reset; GET /tokengenerator gives single-use `?tokenid=`s for one
read-only GET; every refusal is a JSON 401, with no challenge when the client asks for none."""

import json
import logging
import re
from datetime import timedelta

import httpx
import pytest

from mock_pbx.http.journaling import RedactedAccessLog
from mock_pbx.runtime import tokens as tokens_module
from mock_pbx.runtime.tokens import ACCESS_SECONDS, DOWNLOAD_SECONDS, Tokens
from mock_pbx.wire.models import format_datetime

from . import test_inbox_e2e
from .conftest import START

ADMIN = "http://testserver/_admin"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ENTRY = {"type": "phonebookentry", "name": "Token", "phoneNumber": "07700900321"}


def access_token(anonymous, login=("demo", "demo")) -> str:
    answer = anonymous.post("/authenticate/", auth=login, headers={"X-WWW-Authenticate": "false"})
    assert answer.status_code == 200
    token: str = answer.json()["accessToken"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def download_token(anonymous, login=("demo", "demo")) -> str:
    answer = anonymous.get("/tokengenerator", auth=login)
    assert answer.status_code == 200
    token: str = answer.json()["id"]
    return token


def recording_wav(client) -> str:
    recording = client.get("/customers/me/recordings").json()["items"][0]
    return f"/customers/25/recordings/{recording['id']}.wav"


def advance(client, seconds: float) -> None:
    assert client.post(f"{ADMIN}/clock", json={"advance": seconds}).status_code == 200


def assert_json_401(answer) -> None:
    assert answer.status_code == 401
    body = answer.json()
    assert body["message"] and body["errors"]


# Access tokens


@pytest.mark.parametrize("path", ["/authenticate/", "/authenticate"])
def test_authenticate_answers_an_access_token_with_and_without_the_slash(anonymous, path):
    answer = anonymous.post(path, auth=("demo", "demo"), headers={"X-WWW-Authenticate": "false"})
    assert answer.status_code == 200
    assert list(answer.json()) == ["accessToken"]
    assert len(answer.json()["accessToken"]) >= 32


def test_a_bearer_token_reads_and_writes_as_its_login_on_both_fronts(app, client, anonymous):
    token = access_token(anonymous)
    fast = app.state.fast_path
    basic = client.get("/customers/me/phonebook").json()
    before = fast.answered
    assert anonymous.get("/customers/me/phonebook", headers=bearer(token)).json() == basic
    created = anonymous.post("/customers/me/phonebook", json=ENTRY, headers=bearer(token))
    assert created.status_code == 201
    assert fast.answered == before + 2  # the lean path took both
    credit = anonymous.get("/customers/me/creditstatus", headers=bearer(token))  # a route
    assert credit.json() == client.get("/customers/me/creditstatus").json()
    assert anonymous.get("/customers", headers=bearer(token)).json()["totalItems"] == 1


def test_a_bearer_token_can_ask_for_more_tokens(anonymous):
    token = access_token(anonymous)
    assert anonymous.post("/authenticate/", headers=bearer(token)).status_code == 200
    assert anonymous.get("/tokengenerator", headers=bearer(token)).status_code == 200


def test_a_token_has_its_logins_rights_and_no_more(anonymous):
    other = access_token(anonymous, ("other", "other"))
    assert anonymous.get("/customers/26/sms", headers=bearer(other)).status_code == 200
    for path in ("/customers/25/sms", "/customers/25/sms/1", "/customers/25/creditstatus"):
        assert_json_401(anonymous.get(path, headers=bearer(other)))
    extension = access_token(anonymous, ("extension", "extension"))
    assert_json_401(anonymous.get("/stream", headers=bearer(extension)))


def test_kept_answers_are_not_shared_between_the_tokens_of_two_logins(anonymous):
    demo, other = access_token(anonymous), access_token(anonymous, ("other", "other"))
    mine = anonymous.get("/customers/me/phonebook", headers=bearer(demo))
    again = anonymous.get("/customers/me/phonebook", headers=bearer(demo))
    assert again.content == mine.content and again.headers["etag"] == mine.headers["etag"]
    theirs = anonymous.get("/customers/me/phonebook", headers=bearer(other))
    assert theirs.status_code == 200 and theirs.content != mine.content
    assert "/customers/26/" in theirs.text and "/customers/25/" not in theirs.text
    assert_json_401(anonymous.get("/customers/25/phonebook", headers=bearer(other)))


def test_an_access_token_expires_on_the_emulators_clock(client, anonymous):
    token = access_token(anonymous)
    path = "/customers/me/phonebook"
    assert anonymous.get(path, headers=bearer(token)).status_code == 200  # now kept
    advance(client, ACCESS_SECONDS - 1)
    assert anonymous.get(path, headers=bearer(token)).status_code == 200
    advance(client, 1)
    assert_json_401(anonymous.get(path, headers=bearer(token)))  # the kept answer too
    assert_json_401(anonymous.get("/customers/me/creditstatus", headers=bearer(token)))
    assert client.get(path).status_code == 200  # Basic is unaffected


def test_a_reset_invalidates_every_token(client, anonymous):
    token, download = access_token(anonymous), download_token(anonymous)
    assert anonymous.get("/customers/me/sms", headers=bearer(token)).status_code == 200
    assert client.post(f"{ADMIN}/reset").status_code == 200
    assert_json_401(anonymous.get("/customers/me/sms", headers=bearer(token)))
    assert_json_401(anonymous.get("/customers/me/sms", params={"tokenid": download}))


@pytest.mark.parametrize(
    "authorization",
    [
        b"Bearer nonsense",
        b"Bearer ",
        b"Bearer \xc3\xa9\xff",
        b"bearer x y z",
        b"Basic !!!",
        b"Token x",
    ],
)
def test_unknown_or_malformed_credentials_are_a_json_401(anonymous, authorization):
    headers = {"Authorization": authorization}
    for path in ("/customers/me/sms", "/customers/me/creditstatus", "/tokengenerator"):
        assert_json_401(anonymous.get(path, headers=headers))
    assert_json_401(anonymous.post("/authenticate/", headers=headers))


def test_x_www_authenticate_false_suppresses_the_challenge_on_every_401(anonymous):
    quiet = {"X-WWW-Authenticate": "false"}
    refusals = [
        lambda headers: anonymous.post("/authenticate/", auth=("demo", "nope"), headers=headers),
        lambda headers: anonymous.post("/authenticate/", headers=headers),
        lambda headers: anonymous.get("/customers/me/sms", headers=headers),
        lambda headers: anonymous.get("/customers/me", headers={**headers, **bearer("x")}),
        lambda headers: anonymous.get(
            "/customers/me/sms", params={"tokenid": "x"}, headers=headers
        ),
    ]
    for refuse in refusals:
        assert refuse({}).headers["www-authenticate"] == 'Basic realm="mock-pbx"'
        answer = refuse(quiet)
        assert_json_401(answer)
        assert "www-authenticate" not in answer.headers


# Download tokens


def test_tokengenerator_answers_an_authtoken_valid_an_hour(anonymous):
    answer = anonymous.get("/tokengenerator", auth=("demo", "demo"))
    body = answer.json()
    assert list(body) == ["type", "id", "created", "expires"]
    assert body["type"] == "authtoken" and UUID.match(body["id"])
    assert body["created"] == format_datetime(START) == "2026-01-15T10:30:00.000+0000"
    assert body["expires"] == format_datetime(START + timedelta(seconds=DOWNLOAD_SECONDS))
    assert body["expires"] == "2026-01-15T11:30:00.000+0000"
    assert_json_401(anonymous.get("/tokengenerator"))


def test_a_tokenid_downloads_a_recording_once(client, anonymous):
    wav, token = recording_wav(client), download_token(anonymous)
    first = anonymous.get(wav, params={"tokenid": token})
    assert first.status_code == 200 and first.headers["content-type"] == "audio/wav"
    assert first.content[:4] == b"RIFF"
    assert_json_401(anonymous.get(wav, params={"tokenid": token}))


def test_a_tokenid_reads_a_list_once_and_a_head_spends_it_too(app, client, anonymous):
    token, basic = download_token(anonymous), client.get("/customers/me/phonebook").json()
    before = app.state.fast_path.answered
    listed = anonymous.get("/customers/me/phonebook", params={"tokenid": token})
    assert listed.json()["items"] == basic["items"]
    assert app.state.fast_path.answered == before + 1
    assert_json_401(anonymous.get("/customers/me/phonebook", params={"tokenid": token}))
    head = download_token(anonymous)
    assert anonymous.head("/customers/me", params={"tokenid": head}).status_code == 200
    assert anonymous.head("/customers/me", params={"tokenid": head}).status_code == 401


def test_a_tokenid_has_its_logins_rights(anonymous):
    token = download_token(anonymous, ("other", "other"))
    assert_json_401(anonymous.get("/customers/25/recordings", params={"tokenid": token}))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_tokenid_is_no_credential_on_a_write_and_is_not_spent(client, anonymous, method):
    token = download_token(anonymous)
    path = "/customers/me/phonebook" if method == "POST" else "/customers/me/phonebook/1"
    refused = anonymous.request(method, path, params={"tokenid": token}, json=ENTRY)
    assert_json_401(refused)
    assert "GET and HEAD" in refused.json()["message"]
    item = "/customers/me/phonebook/1"
    overloaded = anonymous.post(item, params={"tokenid": token, "_method": "DELETE"})
    assert_json_401(overloaded)
    assert anonymous.get("/customers/me", params={"tokenid": token}).status_code == 200


def test_a_tokenid_expires_after_an_hour_unused(client, anonymous):
    token, later = download_token(anonymous), download_token(anonymous)
    advance(client, DOWNLOAD_SECONDS - 1)
    assert anonymous.get("/customers/me", params={"tokenid": later}).status_code == 200
    advance(client, 1)
    assert_json_401(anonymous.get("/customers/me", params={"tokenid": token}))


def test_an_unknown_tokenid_is_a_json_401_and_credentials_win_over_one(client, anonymous):
    for value in ("nope", "", "%00", "x" * 5000):
        assert_json_401(anonymous.get(f"/customers/me/sms?tokenid={value}"))
    assert client.get("/customers/me/sms", params={"tokenid": "nope"}).status_code == 200


# The journal, the logs and the rate limit


def test_the_journal_redacts_tokens_and_names_their_login(client, anonymous):
    token, download = access_token(anonymous, ("other", "other")), download_token(anonymous)
    client.delete(f"{ADMIN}/requests")
    anonymous.get("/customers/me/sms", headers=bearer(token))
    anonymous.get("/customers/me/sms", params={"pageSize": 2, "tokenid": download})
    with_bearer, with_tokenid = client.get(f"{ADMIN}/requests").json()["items"][-2:]
    assert with_bearer["headers"]["authorization"] == "[redacted]"
    assert with_bearer["username"] == "other"
    assert with_tokenid["query"] == "pageSize=2&tokenid=[redacted]"
    assert with_tokenid["username"] == "demo"
    text = json.dumps(client.get(f"{ADMIN}/requests").json())
    assert token not in text and download not in text


def test_the_access_log_hides_a_tokenid():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d', None, None
    )
    record.args = ("127.0.0.1:5", "GET", "/api/v1/x.wav?a=1&tokenid=secret&b=2", "1.1", 200)
    assert RedactedAccessLog().filter(record)
    assert "secret" not in record.getMessage()
    assert "tokenid=[redacted]&b=2" in record.getMessage()


def test_basic_bearer_and_tokenid_count_in_one_window_per_login(client, anonymous):
    token, download = access_token(anonymous), download_token(anonymous)
    remaining = [
        int(answer.headers["x-ratelimit-remaining"])
        for answer in (
            client.get("/customers/me"),
            anonymous.get("/customers/me", headers=bearer(token)),
            anonymous.get("/customers/me", params={"tokenid": download}),
        )
    ]
    assert remaining == [remaining[0], remaining[0] - 1, remaining[0] - 2]
    other = access_token(anonymous, ("other", "other"))
    theirs = anonymous.get("/customers/me", headers=bearer(other))
    assert int(theirs.headers["x-ratelimit-remaining"]) > remaining[-1]


# The store's bounds


def test_live_tokens_are_bounded_and_expired_ones_dropped(monkeypatch):
    monkeypatch.setattr(tokens_module, "MAX_LIVE", 3)
    store = Tokens()
    issued = [store.issue_access("demo", START) for _ in range(4)]
    assert len(store.access.live) == 3
    assert store.bearer(f"Bearer {issued[0]}".encode(), START) is None  # the oldest went first
    assert store.bearer(f"Bearer {issued[3]}".encode(), START) == "demo"
    later = START + timedelta(seconds=ACCESS_SECONDS)
    store.issue_access("demo", later)
    assert len(store.access.live) == 1  # the three expired ones were dropped
    download, _ = store.issue_download("demo", START, inbox=False)
    assert store.spend(download, START) is not None and store.spend(download, START) is None


# The web inbox plays recordings by download token

server, browser, api = test_inbox_e2e.server, test_inbox_e2e.browser, test_inbox_e2e.api


def test_the_inbox_plays_a_recording_from_a_tokenid_url(browser, server, api):
    log = api.get("/api/v1/customers/me/calls", params={"pageSize": 25, "includeLocal": "true"})
    recorded = next(
        c for c in log.json()["items"] if api.get(c["links"]["recordings"]).json()["totalItems"]
    )
    api.delete("/_admin/requests")
    page = test_inbox_e2e.signed_in(browser, server)
    loads: list[tuple[str, int]] = []
    page.on("response", lambda r: loads.append((r.url, r.status)) if ".wav" in r.url else None)
    page.click("button[data-view=calls]")
    page.locator(f"#call-log tr[data-call-id='{recorded['id']}'] button[data-recordings]").click()
    duration = page.wait_for_function(
        "() => { const a = document.querySelector('#call-log audio');"
        " return a && a.readyState >= 1 && a.duration > 0 ? a.duration : null; }"
    ).json_value()
    assert duration > 0
    src = page.locator("#call-log audio").first.get_attribute("src") or ""
    assert re.search(r"/recordings/\d+\.wav\?tokenid=[0-9a-f-]{36}$", src)
    page.evaluate("document.querySelector('#call-log audio').play().catch(() => {})")
    page.wait_for_timeout(300)  # any further request the player makes has been answered
    assert loads and all(status == 200 for _, status in loads), loads
    assert {url.split("?tokenid=")[1] for url, _ in loads} == {src.split("?tokenid=")[1]}
    assert api.get("/_admin/requests").json()["items"] == []  # the inbox's own request
    copied = httpx.get(server.url + src)  # spent: the URL is no use to anyone who copies it
    assert copied.status_code == 401
    page.close()


def test_the_event_stream_opens_for_an_admins_access_token(server, api):
    token = api.post("/api/v1/authenticate/").json()["accessToken"]
    url = f"{server.url}/api/v1/stream"
    with httpx.stream("GET", url, headers=bearer(token), timeout=10) as stream:
        assert stream.status_code == 200
        first = json.loads(next(stream.iter_bytes()))
    assert first["event"] == "heartbeat"
