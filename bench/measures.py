"""How `make bench` measures: servers started as users start them, loaded from outside (wrk,
an open-loop client, one keep-alive client), their memory read from /proc."""

import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from mock_pbx.testing import free_port

HERE = Path(__file__).parent
PYTHON = sys.executable
AUTH = ("demo", "demo")
BASIC = "Basic ZGVtbzpkZW1v"
# As ../shared/bench/peers.sh loads every server: one wrk thread (the other core serves), 16
# connections, a warm-up, then the measured run.
WRK = ["-t1", "-c16", "--latency"]
WARM_UP, MEASURED = "2s", "8s"


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=20)


def mock_pbx(port: int, *extra: str) -> list[str]:
    return [PYTHON, "-m", "mock_pbx", "--port", str(port), "--log-level", "warning", *extra]


def baseline(port: int) -> list[str]:
    return [PYTHON, str(HERE / "baseline.py"), str(port)]


def first_200(url: str, auth: tuple[str, str] | None, timeout: float = 60) -> float:
    """Seconds until the URL first answers 200, polling every 5 ms."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if httpx.get(url, auth=auth, timeout=5).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.005)
    raise RuntimeError(f"{url} never answered")


def cold_start(
    command: Callable[[int], list[str]],
    path: str,
    auth: tuple[str, str] | None,
    env: dict[str, str] | None = None,
) -> float:
    """Process start to the first 200 on `path`."""
    port = free_port()
    started = time.perf_counter()
    process = start(command(port), env)
    try:
        first_200(f"http://127.0.0.1:{port}{path}", auth)
        return time.perf_counter() - started
    finally:
        stop(process)


def wrk(url: str, script: str | None = None, body: str | None = None) -> dict[str, object]:
    """Requests a second (and p50/p99 ms) after a warm-up; `script` one of bench/*.lua."""
    args = ["wrk", *WRK, "-H", f"Authorization: {BASIC}", "-H", "Accept: application/json"]
    if script is not None:
        args += ["-s", str(HERE / script)]
    env = {**os.environ, "BODY": body or ""}
    subprocess.run([*args, "-d", WARM_UP, url], capture_output=True, env=env, check=True)
    out = subprocess.run(
        [*args, "-d", MEASURED, url], capture_output=True, text=True, env=env, check=True
    ).stdout
    result: dict[str, object] = {"rps": float(out.split("Requests/sec:")[1].split()[0])}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            result[f"p{parts[0][:-1]}_ms"] = to_ms(parts[1])
    result["errors"] = [line for line in out.splitlines() if "Non-2xx" in line or "Socket" in line]
    return result


def to_ms(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return round(float(text[: -len(unit)]) * factor, 3)
    raise ValueError(text)


async def fixed_rate(url: str, rate: float = 200, seconds: float = 8) -> dict[str, object]:
    """An open-loop load: one request every 1/rate s, whatever the answers; latency percentiles."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(auth=AUTH, timeout=10, limits=limits) as client:

        async def one() -> None:
            started = time.perf_counter()
            try:
                ok = (await client.get(url)).status_code == 200
            except httpx.HTTPError:
                ok = False
            # A failure or a timeout counts at the time it took: the tail shows it.
            latencies.append((time.perf_counter() - started) * 1000 if ok else float("inf"))

        tasks, started = [], time.perf_counter()
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0, started + n / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
    latencies.sort()
    p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
    return {
        "requests": len(latencies),
        "failed": latencies.count(float("inf")),
        "p50_ms": round(p50, 3) if p50 != float("inf") else "timeout",
        "p99_ms": round(p99, 3) if p99 != float("inf") else "timeout",
    }


def sequential(url: str, auth: tuple[str, str] | None, count: int = 2000) -> float:
    """Median ms of one client's GETs, one after another on one kept-alive connection."""
    with httpx.Client(auth=auth, timeout=10) as client:
        for _ in range(200):
            client.get(url)
        times = []
        for _ in range(count):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 3)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return round(kb / 1024, 1)
