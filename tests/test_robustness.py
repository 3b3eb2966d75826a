"""Concurrency against a live server, crash safety under kill -9, isolation between customers, and
credentials kept out of logs."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading

import httpx

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer, free_port

from .conftest import START
from .support import (
    ACCOUNT_PATHS,
    COLLECTIONS,
    SMS_BODY,
    assert_all_acknowledged,
    parallel_writes,
    totals,
    wait_until,
)


def test_200_parallel_sms_and_phonebook_writes_from_20_clients(seeded):
    app = create_app(Settings(), clock=ManualClock(START), template=seeded.state.runtime.db)
    with LiveServer(app) as server:
        before = totals(server.url)
        results = parallel_writes(server.url, clients=20, each=10)
        assert_all_acknowledged(before, results, totals(server.url))
        assert len(results["sms"]) == len(results["phonebook"]) == 200


def session_routes():
    """Every route whose dependencies take a database session (api.dependencies.get_session)."""
    from fastapi.routing import APIRoute

    from mock_pbx.admin import health, router
    from mock_pbx.api import api_routers
    from mock_pbx.api.dependencies import get_session
    from mock_pbx.resources import RESOURCES

    def takes_session(dependant):
        return dependant.call is get_session or any(map(takes_session, dependant.dependencies))

    routes = [route for r in (*api_routers(RESOURCES), router, health) for route in r.routes]
    return [r for r in routes if isinstance(r, APIRoute) and takes_session(r.dependant)]


def test_every_route_holding_a_session_runs_on_the_event_loop():
    # The session is taken on the loop (Database.turn): a sync endpoint would use it from a worker
    # thread while the loop waits for the lock, and the next request would deadlock the loop.
    import inspect

    routes = session_routes()
    assert len(routes) > 30
    sync = [r.path for r in routes if not inspect.iscoroutinefunction(r.endpoint)]
    assert sync == []


def test_clock_moves_in_worker_threads_interleave_with_requests_on_the_loop(seeded):
    app = create_app(Settings(), clock=ManualClock(START), template=seeded.state.runtime.db)
    with LiveServer(app) as server:
        sent = []

        def send_sms(index):
            with httpx.Client(base_url=server.url, auth=("demo", "demo"), timeout=20) as c:
                for _ in range(5):
                    sent.append(c.post("/api/v1/customers/me/sms", json=SMS_BODY).status_code)
                    c.get("/api/v1/customers/me/calls")

        def advance_clock():
            with httpx.Client(base_url=server.url, timeout=20) as c:
                for _ in range(10):
                    assert c.post("/_admin/clock", json={"advance": 5}).status_code == 200

        threads = [threading.Thread(target=send_sms, args=(i,)) for i in range(8)]
        threads.append(threading.Thread(target=advance_clock))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)
        assert sent == [201] * 40
        assert (
            httpx.get(f"{server.url}/_admin/clock").json()["now"] == "2026-01-15T10:30:50.000+0000"
        )


class Server:
    """`python -m mock_pbx --db FILE` as a real process, to be killed."""

    def __init__(self, db, log):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [sys.executable, "-m", "mock_pbx", "--port", str(self.port), "--db", str(db)]
        self.log = log

    def start(self):
        self.process = subprocess.Popen(
            self.args,
            env={**os.environ, "MOCK_PBX_SCALE": "0.2"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self.ready, timeout=60)
        return self

    def ready(self):
        try:
            return httpx.get(f"{self.url}/healthz").status_code == 200
        except httpx.TransportError:
            return False


def test_every_acknowledged_write_survives_kill_9(tmp_path):
    db = tmp_path / "crash.db"
    with (tmp_path / "server.log").open("wb") as log:
        server = Server(db, log).start()
        acknowledged, stop = [], threading.Event()

        def burst():
            with httpx.Client(
                base_url=f"{server.url}/api/v1/customers/me", auth=("demo", "demo")
            ) as c:
                while not stop.is_set():
                    try:
                        r = c.post(
                            "/phonebook",
                            json={
                                "type": "phonebookentry",
                                "name": "K",
                                "phoneNumber": "07700900001",
                            },
                        )
                    except httpx.TransportError:
                        return
                    if r.status_code == 201:
                        acknowledged.append(r.json()["uri"].rsplit("/", 1)[1])

        writers = [threading.Thread(target=burst) for _ in range(4)]
        for writer in writers:
            writer.start()
        wait_until(lambda: len(acknowledged) >= 100, timeout=60)
        os.kill(server.process.pid, signal.SIGKILL)  # in the middle of the burst
        server.process.wait(timeout=10)
        stop.set()
        for writer in writers:
            writer.join(timeout=10)
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        again = Server(db, log)
        again.port, again.url = server.port, server.url
        again.args = server.args
        again.start()
        try:
            with httpx.Client(
                base_url=f"{again.url}/api/v1/customers/me", auth=("demo", "demo")
            ) as c:
                stored = {
                    e["id"] for e in c.get("/phonebook", params={"pageSize": 200}).json()["items"]
                }
                page = 2
                while len(stored) < len(acknowledged) + 30 and (
                    items := c.get("/phonebook", params={"pageSize": 200, "page": page}).json()[
                        "items"
                    ]
                ):
                    stored |= {e["id"] for e in items}
                    page += 1
            assert set(acknowledged) <= stored
        finally:
            again.process.terminate()
            again.process.wait(timeout=10)


# Every GET route of the emulated API, with customer 25's ids: as another customer's admin.
IDS = {**COLLECTIONS, "endpoint": "101", "outgoingcallerid": "114"}  # the singular aliases too
SECRETS_OF_25 = ["Bloggs", "07557000000", "01212854747", "Hey, this API is awesome", "Main IVR"]


def isolation_paths(client):
    paths = ["/customers/25", "/customers/25/creditstatus"]
    paths += [f"/customers/25/{path}" for path in ACCOUNT_PATHS]
    for name, item in IDS.items():
        item = item or client.get("/customers/me/phonebook").json()["items"][0]["id"]
        paths += [f"/customers/25/{name}", f"/customers/25/{name}/{item}"]
        if name in ("callbundles", "endpoint", "outgoingcallerid"):
            paths.append(f"/{name}/{item}")  # the global aliases serve the login's own customer
    paths += [
        f"/customers/25/recordings/{IDS['recordings']}.wav",
        f"/customers/25/sounds/{IDS['sounds']}.wav",
    ]
    return paths + endpoint_parts(client)


def endpoint_parts(client):
    """The sub-resources of customer 25's endpoints: phone 94's SIP identity, status and a
    forwarding rule made for the test, and a queue's entries, members and status."""
    rule = {"type": "forwardingrule", "action": "FORWARD", "callOutcome": "BUSY"}
    made = client.post(
        "/customers/25/endpoints/94/forwardingrules", json=rule | {"destination": "07700900456"}
    )
    queue = client.get("/customers/25/endpoints", params={"type": "queue"}).json()["items"][0]
    member = queue["members"][0].rsplit("/", 1)[1]
    phone, queue = "/customers/25/endpoints/94", f"/customers/25/endpoints/{queue['id']}"
    parts = [
        f"{phone}/sip",
        f"{phone}/sip/registrations",
        f"{phone}/phonestatus",
        f"{phone}/forwardingrules",
        f"{phone}/forwardingrules/{made.json()['id']}",
        f"{queue}/queueentries",
        f"{queue}/queuememberships",
        f"{queue}/queuememberships/{member}",
        f"{queue}/queuestatus",
    ]
    assert all(client.get(part).status_code == 200 for part in parts)  # each is there to see
    return parts


def test_no_route_gives_one_customers_data_to_another(client):
    paths = isolation_paths(client)
    assert len(paths) > 25
    for path in paths:
        for method in ("GET", "HEAD", "PUT", "DELETE", "POST"):
            response = client.request(method, path, auth=("other", "other"), json={"type": "x"})
            assert response.status_code in (401, 404, 405), (method, path, response.status_code)
            assert not any(secret in response.text for secret in SECRETS_OF_25), (method, path)
    listed = client.get("/customers", auth=("other", "other")).json()
    assert [c["id"] for c in listed["items"]] == ["26"]


def test_the_journal_and_the_server_log_never_hold_credentials(tmp_path):
    with (tmp_path / "server.log").open("wb") as log:
        server = Server(tmp_path / "x.db", log)
        server.args += ["--log-level", "debug"]
        server.start()
        try:
            for login in (
                ("demo", "demo"),
                ("demo", "Sup3r-Secret-Pw"),
                ("intruder", "Sup3r-Secret-Pw"),
            ):
                httpx.get(f"{server.url}/api/v1/customers/me", auth=login)
            journal = httpx.get(f"{server.url}/_admin/requests").text
        finally:
            server.process.terminate()
            server.process.wait(timeout=10)
    text = (tmp_path / "server.log").read_text() + journal
    for secret in ("Sup3r-Secret-Pw", "ZGVtbzpkZW1v", "ZGVtbzpTdXAzci1TZWNyZXQtUHc"):
        assert secret not in text
