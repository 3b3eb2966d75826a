"""Several server processes, one state: `mock-pbx --workers 2` on one SQLite file, for real."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from mock_pbx.testing import free_port

from .support import assert_all_acknowledged, parallel_writes, totals, wait_until

SEND = {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "hello"}


def fresh_get(url, **kwargs):
    """A new connection each time, so the kernel hands requests to either worker."""
    with httpx.Client(auth=("demo", "demo")) as client:
        return client.get(url, **kwargs)


@pytest.fixture(scope="module")
def workers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers")
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "mock_pbx",
        "--workers",
        "2",
        "--port",
        str(port),
        "--db",
        str(folder / "shared.db"),
        "--clock",
        "manual",
        "--log-level",
        "warning",
    ]
    env = {**os.environ, "MOCK_PBX_SCALE": "0.2"}
    with (
        (folder / "server.log").open("wb") as log,
        subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT) as server,
    ):
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: probe(f"{base}/healthz"), timeout=60)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)


def probe(url):
    try:
        return fresh_get(url).status_code == 200
    except httpx.TransportError:
        return False


def test_both_workers_answer(workers):
    pids = set()
    wait_until(
        lambda: pids.add(fresh_get(f"{workers}/healthz").json()["pid"]) or len(pids) == 2,
        timeout=30,
    )
    assert len(pids) == 2


def test_a_message_reads_the_same_through_either_worker_as_the_clock_moves(workers):
    with httpx.Client(auth=("demo", "demo")) as client:
        sms = client.post(f"{workers}/api/v1/customers/me/sms", json=SEND).json()
    seen = {
        (r.json()["deliveryStatus"], r.headers["etag"])
        for r in (fresh_get(sms["uri"]) for _ in range(20))
    }
    assert {status for status, _ in seen} == {0} and len(seen) == 1
    httpx.post(f"{workers}/_admin/clock", json={"advance": 3})
    assert {fresh_get(sms["uri"]).json()["deliveryStatus"] for _ in range(20)} == {1}
    clocks = {fresh_get(f"{workers}/_admin/clock").json()["now"] for _ in range(10)}
    assert len(clocks) == 1


def test_ids_never_collide_under_parallel_writes(workers):
    def create(i):
        with httpx.Client(auth=("demo", "demo")) as client:
            entry = {"type": "phonebookentry", "name": f"P{i}", "phoneNumber": "07700900001"}
            response = client.post(f"{workers}/api/v1/customers/me/phonebook", json=entry)
            return response.status_code, response.json().get("id")

    before = fresh_get(f"{workers}/api/v1/customers/me/phonebook").json()["totalItems"]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(create, range(40)))
    assert {status for status, _ in results} == {201}
    assert len({entry_id for _, entry_id in results}) == 40
    assert fresh_get(f"{workers}/api/v1/customers/me/phonebook").json()["totalItems"] == before + 40


def test_200_parallel_writes_from_20_clients_across_both_workers(workers):
    before = totals(workers)
    results = parallel_writes(workers, clients=20, each=10)
    assert_all_acknowledged(before, results, totals(workers))


def test_workers_need_a_shared_database():
    result = subprocess.run(
        [sys.executable, "-m", "mock_pbx", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "--workers needs a shared database" in result.stderr
