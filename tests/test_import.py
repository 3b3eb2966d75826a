"""`mock-pbx import` against a second mock-pbx (A, live on a port): what it writes, served by B
(`--fixtures`), answers as A does; a reseller's three customers; the one-line failures with no
set written; a resumed import; the rate limit waited out (the wait injected: no test sleeps)."""

import io
import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.cli import main, parse_args
from mock_pbx.cli.checks import check_settings
from mock_pbx.cli.importer import ImportProgress, import_account
from mock_pbx.importing.client import retry_seconds
from mock_pbx.importing.command import Summary
from mock_pbx.importing.records import COLLECTIONS
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.serve import banner
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer

from .conftest import START

PASSWORD = "import-Test-pa55word"  # demo's password on A: no file of a set may hold it
LOCAL = {"calls", "recordings"}  # listed with includeLocal=true


@pytest.fixture(scope="module")
def server(seeded: FastAPI) -> Iterator[LiveServer]:
    settings = Settings(password=PASSWORD)
    app = create_app(settings, clock=ManualClock(START), template=seeded.state.runtime.db)
    with LiveServer(app) as live:
        yield live


@pytest.fixture
def a(server: LiveServer) -> LiveServer:
    httpx.post(f"{server.url}/_admin/reset").raise_for_status()
    return server


def run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, password: str = PASSWORD, **kw: Any
) -> tuple[int, str, Summary | None]:
    """The command in process: (status, stderr, summary)."""
    monkeypatch.setenv("MOCK_PBX_IMPORT_PASSWORD", password)
    stderr = io.StringIO()
    waits = kw.pop("sleep", lambda seconds: None)
    try:
        summary = import_account(parse_args(["import", *argv]), sleep=waits, stderr=stderr, **kw)
    except SystemExit as exit:
        return int(exit.code or 0), stderr.getvalue(), None
    return 0, stderr.getvalue(), summary


def every_item(client: httpx.Client | TestClient, customer: int, name: str) -> list[dict[str, Any]]:
    query = "&includeLocal=true" if name in LOCAL else ""
    link: str | None = f"/api/v1/customers/{customer}/{name}?pageSize=200{query}"
    items: list[dict[str, Any]] = []
    while link:
        page = client.get(link).json()
        items += page["items"]
        link = page.get("nextPage")
    return items


def a_client(a: LiveServer, user: str = "demo", password: str = PASSWORD) -> httpx.Client:
    return httpx.Client(base_url=a.url, auth=(user, password))


def served_alike(a: LiveServer, out: Path, user: str, password: str, customers: list[int]) -> None:
    """Every list and item of B (serving the set) as A's, key for key, A's address made B's."""
    b_app = create_app(Settings(fixtures=str(out)), clock=ManualClock(START))
    with a_client(a, user, password) as ours, TestClient(b_app, base_url="http://b") as theirs:
        theirs.auth = (user, "demo")  # a set's logins have the password demo
        for customer in customers:
            for name in COLLECTIONS:
                want = json.loads(
                    json.dumps(every_item(ours, customer, name)).replace(a.url, "http://b")
                )
                got = every_item(theirs, customer, name)
                assert got == want, f"customer {customer} {name}"
                for item in want:  # each item as its own answer too
                    a_item = ours.get(item["uri"].replace("http://b", a.url)).json()
                    expected = json.loads(json.dumps(a_item).replace(a.url, "http://b"))
                    assert theirs.get(item["uri"]).json() == expected, item["uri"]
            # The recordings of local calls' inbound legs, which only their linkedId finds
            calls = every_item(ours, customer, "calls")
            for linked in {c["linkedId"] for c in calls if c["callType"] == "local"}:
                path = f"/api/v1/customers/{customer}/recordings?linkedId={linked}&pageSize=200"
                want = json.loads(ours.get(path).text.replace(a.url, "http://b"))
                assert theirs.get(path).json() == want, path


def test_customer_25_served_from_the_set_answers_as_the_account(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "set"
    status, stderr, summary = run(
        ["--from", a.url, "--user", "demo", "--out", str(out)], monkeypatch
    )
    assert status == 0, stderr
    assert summary is not None and summary.customers == [25]
    assert f"mock-pbx serve --fixtures {out}" in stderr
    manifest = json.loads((out / "mock-pbx.json").read_text())
    assert manifest["source"] == f"{a.url}/api/v1" and manifest["anonymised"] is False
    assert json.loads((out / "users.json").read_text()) == [
        {"username": "demo", "accessLevel": "ADMIN", "customers": [25]}
    ]
    assert not (tmp_path / "set.partial").exists()
    served_alike(a, out, "demo", PASSWORD, [25])


def test_a_reseller_imports_three_customers(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "set"
    argv = [
        "--from",
        f"{a.url}/api/v1/",
        "--user",
        "reseller",
        "--customer",
        "25",
        "26",
        "--customer",
        "27",
        "--out",
        str(out),
    ]
    status, stderr, summary = run(argv, monkeypatch, password="reseller")
    assert status == 0, stderr
    assert summary is not None and summary.customers == [25, 26, 27]
    users = json.loads((out / "users.json").read_text())
    assert users == [{"username": "reseller", "accessLevel": "RESELLER", "customers": [25, 26, 27]}]
    served_alike(a, out, "reseller", "reseller", [25, 26, 27])


def test_no_password_is_written(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "set"
    assert run(["--from", a.url, "--user", "demo", "--out", str(out)], monkeypatch)[0] == 0
    for file in out.iterdir():
        text = file.read_text()
        assert PASSWORD not in text, file.name
        assert '"password"' not in text.lower() and '"token"' not in text.lower(), file.name


def anonymised_set(a: LiveServer, out: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    status, stderr, _ = run(
        ["--from", a.url, "--user", "demo", "--out", str(out), "--anonymise"], monkeypatch
    )
    assert status == 0, stderr
    return {file.stem: json.loads(file.read_text()) for file in out.glob("*.json")}


def test_anonymise_replaces_people_and_keeps_the_shape(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with a_client(a) as ours:
        sms = every_item(ours, 25, "sms")
        sender = next(m["from"] for m in sms if m["direction"] == "in")
        # The same number in the phone book and as an SMS sender
        entry = {
            "type": "phonebookentry",
            "name": "Dawn Example",
            "phoneNumber": sender,
            "speedDial": 99,
        }
        made = ours.post("/api/v1/customers/25/phonebook", json=entry)
        assert made.status_code == 201, made.text
        book = every_item(ours, 25, "phonebook")
        plain = {name: every_item(ours, 25, name) for name in COLLECTIONS}
    fake = anonymised_set(a, tmp_path / "one", monkeypatch)
    for name in COLLECTIONS:  # ids and counts unchanged
        listed = sorted(int(i["id"]) for i in plain[name])
        written = sorted(r["id"] for r in fake[name])
        if name == "recordings":  # and those of local calls' inbound legs, which no list shows
            assert set(listed) < set(written)
        else:
            assert written == listed, name
    entry = next(
        r
        for r in fake["phonebook"]
        if r["name"] != "Dawn Example" and r["id"] == int(book[-1]["id"])
    )
    assert entry["phoneNumber"] != sender and entry["phoneNumber"].startswith("07700900")
    fakes_of_sender = {
        r["from"]
        for r in fake["sms"]
        if str(r["id"]) in {m["id"] for m in sms if m["from"] == sender}
    }
    assert fakes_of_sender == {entry["phoneNumber"]}
    real_names = {i["name"] for i in book} | {i["email"] for i in book if "email" in i}
    assert not real_names & (
        {r["name"] for r in fake["phonebook"]} | {r.get("email") for r in fake["phonebook"]}
    )
    bodies = {str(m["id"]): m["body"] for m in sms}
    assert all(r["body"] != bodies[str(r["id"])] for r in fake["sms"] if bodies[str(r["id"])])
    routing = {
        str(n["id"]): (n["number"], n.get("destination", "").rsplit("/", 1)[-1])
        for n in plain["phonenumbers"]
    }
    assert {
        str(r["id"]): (r["number"], str(r.get("destinationId", ""))) for r in fake["phonenumbers"]
    } == routing
    assert fake["customers"][0]["company"] != "Bloggs co" and fake["customers"][0]["id"] == 25
    # Two runs give the same fakes; the manifest and the scenario hold the moment of each run.
    again = anonymised_set(a, tmp_path / "two", monkeypatch)
    moments = ("mock-pbx", "scenario")
    assert {k: v for k, v in again.items() if k not in moments} == {
        k: v for k, v in fake.items() if k not in moments
    }


@pytest.mark.parametrize("password", ["wrong"])
def test_a_wrong_login_is_one_line_and_writes_nothing(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    out = tmp_path / "set"
    status, stderr, _ = run(
        ["--from", a.url, "--user", "demo", "--out", str(out)], monkeypatch, password=password
    )
    assert status == 1
    assert stderr.count("\n") == 1 and "refused" in stderr and "401" in stderr
    assert list(tmp_path.iterdir()) == []


def test_a_customer_the_login_cannot_see_is_one_line(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, stderr, _ = run(
        ["--from", a.url, "--user", "demo", "--customer", "26", "--out", str(tmp_path / "s")],
        monkeypatch,
    )
    assert status == 1 and stderr.count("\n") == 1 and "cannot see customer 26" in stderr
    assert list(tmp_path.iterdir()) == []


class Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>Welcome</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web_page() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_what_is_not_an_api_is_one_line(
    a: LiveServer, web_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for url in (web_page, f"{a.url}/healthz"):
        status, stderr, _ = run(
            ["--from", url, "--user", "demo", "--out", str(tmp_path / "s")], monkeypatch
        )
        assert status == 1 and stderr.count("\n") == 1 and "not a PBX API" in stderr, stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_options_are_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MOCK_PBX_IMPORT_PASSWORD", "x")
    for argv in (
        ["--from", "ftp://x", "--user", "u", "--out", "d"],
        ["--from", "http://x", "--user", "u", "--out", "d", "--customer", "bob"],
        ["--from", "http://x", "--out", "d"],
    ):
        with pytest.raises(SystemExit) as exit:
            main(["import", *argv])
        assert exit.value.code == 2
        assert capsys.readouterr().err.count("\n") == 1


def journal_paths(a: LiveServer) -> list[str]:
    entries = httpx.get(f"{a.url}/_admin/requests?limit=1000").json()["items"]
    return [e["path"] for e in entries]


def test_a_failure_mid_way_keeps_what_was_read_and_a_rerun_goes_on(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "set"
    argv = ["--from", a.url, "--user", "demo", "--out", str(out)]
    rule = {"path": "/api/v1/customers/*/calls", "method": "GET", "status": 503}
    httpx.post(f"{a.url}/_admin/faults", json=rule).raise_for_status()
    status, stderr, _ = run(argv, monkeypatch)
    assert status == 1 and stderr.count("\n") == 1 and "503" in stderr and "set.partial" in stderr
    assert not out.exists() and (tmp_path / "set.partial" / "25" / "sms.json").exists()
    httpx.delete(f"{a.url}/_admin/faults").raise_for_status()
    httpx.delete(f"{a.url}/_admin/requests").raise_for_status()
    status, stderr, summary = run(argv, monkeypatch)
    assert status == 0, stderr
    paths = journal_paths(a)
    assert not [p for p in paths if p.endswith(("/phonebook", "/sms", "/endpoints"))], paths
    assert any(p.endswith("/calls") for p in paths)
    assert summary is not None and "25/sms" in summary.resumed
    assert not (tmp_path / "set.partial").exists()


class Dropping(httpx.BaseTransport):
    """A connection that fails for good after `after` requests."""

    def __init__(self, after: int) -> None:
        self.inner, self.left = httpx.HTTPTransport(), after

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.left -= 1
        if self.left < 0:
            raise httpx.ConnectError("connection refused", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_a_network_failure_mid_way_is_one_line_and_resumable(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, waits = tmp_path / "set", []
    argv = ["--from", a.url, "--user", "demo", "--out", str(out)]
    status, stderr, _ = run(argv, monkeypatch, sleep=waits.append, transport=Dropping(8))
    assert status == 1 and stderr.count("\n") == 1 and "no answer" in stderr and "kept in" in stderr
    assert waits == [1.0, 2.0, 4.0] and not out.exists()
    status, stderr, summary = run(argv, monkeypatch)
    assert status == 0, stderr
    assert summary is not None and summary.resumed


def test_an_existing_set_is_refused_unless_force(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "set"
    out.mkdir()
    argv = ["--from", a.url, "--user", "demo", "--out", str(out)]
    status, stderr, _ = run(argv, monkeypatch)
    assert status == 1 and "--force" in stderr and list(out.iterdir()) == []
    assert run([*argv, "--force"], monkeypatch)[0] == 0 and (out / "customers.json").exists()


def test_the_rate_limit_is_waited_out(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpx.put(
        f"{a.url}/_admin/ratelimit", json={"limit": 10, "windowSeconds": 60}
    ).raise_for_status()
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # A's clock moves instead of the test waiting
        waits.append(seconds)
        httpx.post(f"{a.url}/_admin/clock", json={"advance": seconds}).raise_for_status()

    try:
        status, stderr, _ = run(
            ["--from", a.url, "--user", "demo", "--out", str(tmp_path / "s")],
            monkeypatch,
            sleep=sleep,
        )
    finally:
        httpx.put(f"{a.url}/_admin/ratelimit", json={"limit": None}).raise_for_status()
    assert status == 0, stderr
    assert waits and all(0 < w <= 60 for w in waits)  # X-RateLimit-Reset or Retry-After


def test_the_scenario_beside_the_set_puts_the_clock_at_the_import(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "set"
    moment = datetime(2026, 1, 20, 8, 15, tzinfo=UTC)
    argv = ["--from", a.url, "--user", "demo", "--out", str(out)]
    status, stderr, _ = run(argv, monkeypatch, now=lambda: moment)
    assert status == 0, stderr
    scenario = json.loads((out / "scenario.json").read_text())
    assert (scenario["customer"], scenario["clock"]) == (25, "2026-01-20T08:15:00+00:00")
    b_app = create_app(Settings(fixtures=str(out), clock="manual"), clock=ManualClock(START))
    with TestClient(b_app, base_url="http://b") as b:
        assert b.post("/_admin/scenarios", json=scenario).status_code == 200
        assert b.get("/_admin/clock").json()["now"] == "2026-01-20T08:15:00.000+0000"


def test_an_anonymised_set_is_served_with_one_fake_per_number(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Served by B, the anonymised set still hangs together: a contact's number and the SMS it
    sent carry the same fake, every list is served, no real contact name or body is left."""
    with a_client(a) as ours:
        sms = every_item(ours, 25, "sms")
        sender = next(m["from"] for m in sms if m["direction"] == "in")
        entry = {"type": "phonebookentry", "name": "Dawn Example", "phoneNumber": sender}
        made = ours.post("/api/v1/customers/25/phonebook", json=entry).json()
        real = {name: every_item(ours, 25, name) for name in ("phonebook", "sms")}
    out = tmp_path / "set"
    anonymised_set(a, out, monkeypatch)
    b_app = create_app(Settings(fixtures=str(out)), clock=ManualClock(START))
    with TestClient(b_app, base_url="http://b") as b:
        b.auth = ("demo", "demo")
        served = {name: every_item(b, 25, name) for name in COLLECTIONS}
        with a_client(a) as ours:
            counts = {name: len(every_item(ours, 25, name)) for name in COLLECTIONS}
        assert {name: len(items) for name, items in served.items()} == counts
        fake = next(e for e in served["phonebook"] if e["id"] == made["id"])["phoneNumber"]
        assert fake != sender
        sent = {m["id"] for m in real["sms"] if m["from"] == sender}
        assert {m["from"] for m in served["sms"] if m["id"] in sent} == {fake}
        names = {e["name"] for e in real["phonebook"]}
        assert not names & {e["name"] for e in served["phonebook"]}
        bodies = {m["body"] for m in real["sms"] if len(m["body"]) > 20}
        assert not bodies & {m["body"] for m in served["sms"]}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_each_collection_and_its_pages(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOCK_PBX_IMPORT_PASSWORD", PASSWORD)
    terminal = Terminal()
    args = parse_args(["import", "--from", a.url, "--user", "demo", "--out", str(tmp_path / "s")])
    import_account(args, sleep=lambda seconds: None, stderr=terminal)
    shown = terminal.getvalue()
    assert re.search(r"\r\x1b\[K  customer 25 sms: page 1, \d+\r", shown)  # redrawn in place
    for name in COLLECTIONS:
        assert f"customer 25 {name}: " in shown and " items\n" in shown, name


@pytest.mark.parametrize("user", ["demo", "reseller"])
def test_the_command_serves_the_set_it_wrote_and_names_its_login(
    a: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str
) -> None:
    """`mock-pbx serve --fixtures DIR` starts on a set imported as demo (its login is no clash
    with the default one: a set's logins replace them) and its banner names the set's login."""
    out = tmp_path / "set"
    password = PASSWORD if user == "demo" else user  # A's other logins keep their passwords
    argv = ["--from", a.url, "--user", user, "--out", str(out)]
    status, stderr, _ = run(argv, monkeypatch, password)
    assert status == 0, stderr
    settings = Settings(fixtures=str(out))
    check_settings(settings)  # what `serve` checks before it starts: no one-line refusal
    assert f"login     {user} / demo (HTTP Basic; the fixture set's logins)" in banner(
        settings, 8000, None
    )


def test_a_terminal_is_told_why_the_import_waits():
    slept: list[float] = []
    terminal, quiet = Terminal(), io.StringIO()
    ImportProgress(terminal).waiting(slept.append)(42.0)
    ImportProgress(quiet).waiting(slept.append)(3.0)
    assert slept == [42.0, 3.0]
    assert "waiting 42 s before asking again" in terminal.getvalue()
    assert quiet.getvalue() == ""  # off a terminal: only the summary


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30", 30.0),
        ("Tue, 20 Jan 2026 08:16:30 GMT", 90.0),  # an HTTP date, 90 s after `now`
        ("Tue, 20 Jan 2026 08:00:00 GMT", 0.0),  # already past
        ("soon", 1.0),  # unreadable: a second, then ask again
    ],
)
def test_retry_after_is_seconds_or_an_http_date(value: str, seconds: float) -> None:
    response = httpx.Response(429, headers={"Retry-After": value})
    moment = datetime(2026, 1, 20, 8, 15, tzinfo=UTC)
    assert retry_seconds(response, "Retry-After", now=lambda: moment) == seconds
