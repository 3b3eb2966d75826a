"""A soak: moderate, mixed load on a real server for MOCK_PBX_SOAK_SECONDS (600 by default), and
its memory stays flat once the bounded queues are full. Marked slow: `make soak` and .ci/run."""

import os
import random
import subprocess
import sys
import threading
import time

import httpx
import pytest

from mock_pbx.testing import free_port

from .support import wait_until

SECONDS = float(os.environ.get("MOCK_PBX_SOAK_SECONDS", "600"))
SEND = {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "soak"}


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def one_round(client: httpx.Client, rnd: random.Random) -> None:
    """What a busy integration suite does: reads, writes that are undone, some SMS, a stream."""
    client.get("/api/v1/customers/me/sms", params={"page": rnd.randint(1, 5)})
    client.get("/api/v1/customers/me/calls", params={"direction": "in"})
    client.get("/api/v1/customers/me/sms/253368", headers={"If-None-Match": '"x"'})
    entry = client.post(
        "/api/v1/customers/me/phonebook",
        json={"type": "phonebookentry", "name": "Soak", "phoneNumber": "07700900001"},
    ).json()
    client.delete(entry["uri"])
    if rnd.random() < 0.2:
        client.post("/api/v1/customers/me/sms", json=SEND)
        client.post(
            "/_admin/sms/inbound", json={"to": "01212854747", "from": "07700900123", "body": "hi"}
        )
    if rnd.random() < 0.05:
        with client.stream("GET", "/api/v1/stream") as stream:
            next(stream.iter_raw())  # the heartbeat, then hang up


@pytest.mark.slow
def test_memory_stays_flat_under_a_long_moderate_load(tmp_path):
    port = free_port()
    env = {**os.environ, "MOCK_PBX_JOURNAL_SIZE": "2000", "MOCK_PBX_LOG_LEVEL": "warning"}
    args = [
        sys.executable,
        "-m",
        "mock_pbx",
        "--port",
        str(port),
        "--db",
        str(tmp_path / "soak.db"),
    ]
    with subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as server:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: probe(base), timeout=60)
        samples, stop, errors = [], threading.Event(), []

        def load(seed: int) -> None:
            rnd = random.Random(seed)
            with httpx.Client(base_url=base, auth=("demo", "demo"), timeout=30) as client:
                while not stop.is_set():
                    try:
                        one_round(client, rnd)
                    except Exception as exc:
                        errors.append(repr(exc))
                    time.sleep(0.02)  # moderate: a few hundred requests a second at most

        threads = [threading.Thread(target=load, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        while (elapsed := time.monotonic() - started) < SECONDS:
            time.sleep(min(5, SECONDS / 20))
            samples.append((elapsed, rss_kb(server.pid)))
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        server.terminate()
    warm = [kb for t, kb in samples if t >= SECONDS * 0.3]  # the journal is full by then
    assert errors == []
    growth = (warm[-1] - warm[0]) / 1024
    print(f"soak: {len(samples)} samples, RSS {warm[0] / 1024:.1f} -> {warm[-1] / 1024:.1f} MB")
    assert growth < 16, f"memory grew {growth:.1f} MB after warm-up: {samples}"


def probe(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz").status_code == 200
    except httpx.TransportError:
        return False
