"""`make bench`: start the servers the way users start them, load them from outside with wrk (and
an open-loop client for a fixed rate), and write bench/results/latest.json and latest.md."""

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from mock_pbx.testing import free_port

HERE = Path(__file__).parent
PYTHON = sys.executable
AUTH = ("demo", "demo")
BASIC = "Basic ZGVtbzpkZW1v"
WRK = ["-t2", "-c16", "-d8s", "--latency"]
DEEP_PAGING_SCALE = 340


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


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
    command: list[str], path: str, auth: tuple[str, str] | None, env: dict[str, str] | None = None
) -> float:
    port = free_port()
    started = time.perf_counter()
    process = start(command(port) if callable(command) else command, env)
    try:
        first_200(f"http://127.0.0.1:{port}{path}", auth)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=20)


def wrk(url: str, body: str | None = None) -> dict[str, float]:
    args = ["wrk", *WRK, "-H", f"Authorization: {BASIC}", url]
    if body is not None:
        args[1:1] = ["-s", str(HERE / "post.lua")]
    out = subprocess.run(
        args, capture_output=True, text=True, env={**os.environ, "BODY": body or ""}, check=True
    ).stdout
    result = {"rps": float(out.split("Requests/sec:")[1].split()[0])}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            result[f"p{parts[0][:-1]}_ms"] = to_ms(parts[1])
    errors = [line for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    result["errors"] = errors
    return result


def to_ms(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return round(float(text[: -len(unit)]) * factor, 3)
    raise ValueError(text)


async def fixed_rate(url: str, rate: float = 200, seconds: float = 8) -> dict[str, float]:
    """An open-loop load: one request every 1/rate s, whatever the answers; latency percentiles."""
    latencies: list[float] = []
    async with httpx.AsyncClient(
        auth=AUTH, timeout=10, limits=httpx.Limits(max_connections=64)
    ) as client:

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


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return round(kb / 1024, 1)


def seeding(scale: float, folder: str) -> dict[str, float]:
    db = Path(folder) / f"scale-{scale:g}.db"
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "-m", "mock_pbx", "seed", "--db", str(db), "--scale", str(scale)],
        check=True,
        capture_output=True,
        env={**os.environ, "MOCK_PBX_SEED_CACHE": "off"},  # seeding itself, not a kept copy
    )
    return {
        "scale": scale,
        "seconds": round(time.perf_counter() - started, 2),
        "megabytes": round(db.stat().st_size / 1e6, 2),
        "db": str(db),
    }


def throughput(base: str, base_line: str) -> dict[str, dict[str, float]]:
    api = f"{base}/api/v1/customers/me"
    sms = json.dumps(
        {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "bench"}
    )
    entry = json.dumps({"type": "phonebookentry", "name": "Bench", "phoneNumber": "07700900001"})
    return {
        "baseline hello": wrk(f"{base_line}/"),
        "list calls": wrk(f"{api}/calls"),
        "list calls, filtered": wrk(
            f"{api}/calls?direction=in&startedAfter=2025-01-01T00:00:00Z&pageSize=50"
        ),
        "get one sms": wrk(f"{api}/sms/253368"),
        "create phonebook entry": wrk(f"{api}/phonebook", entry),
        "send sms": wrk(f"{api}/sms", sms),
    }


def main() -> None:
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    results: dict[str, object] = {"machine": f"{os.cpu_count()} cores", "wrk": " ".join(WRK)}
    with tempfile.TemporaryDirectory() as cache:
        # The first start finds the seed cache empty and fills it; the other four copy it in,
        # as every start after the first does on a developer's machine or in one CI job.
        calls, env = "/api/v1/customers/me/calls", {"MOCK_PBX_SEED_CACHE": cache}
        starts = [cold_start(lambda p: mock_pbx(p), calls, AUTH, env) for _ in range(5)]
    results["cold_start_s"] = {
        "mock-pbx": round(statistics.median(starts), 3),
        "mock-pbx first start (empty seed cache)": round(starts[0], 3),
        "baseline": round(
            statistics.median(cold_start(lambda p: baseline(p), "/", None) for _ in range(5)), 3
        ),
    }
    port, base_port = free_port(), free_port()
    server = start(mock_pbx(port, "--clock", "manual"))
    base_server = start(baseline(base_port))
    base, base_line = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{base_port}"
    try:
        first_200(f"{base}/healthz", None)
        first_200(f"{base_line}/", None)
        resets = [httpx.post(f"{base}/_admin/reset").json()["tookMs"] for _ in range(20)]
        results["reset_ms"] = {"median": statistics.median(resets), "max": max(resets)}
        results["throughput"] = throughput(base, base_line)
        results["fixed_rate_200rps_list_calls"] = asyncio.run(
            fixed_rate(f"{base}/api/v1/customers/me/calls")
        )
        results["rss_mb_after_runs"] = rss_mb(server.pid)
    finally:
        for process in (server, base_server):
            process.terminate()
            process.wait(timeout=20)
    with tempfile.TemporaryDirectory() as folder:
        seeds = [seeding(scale, folder) for scale in (1, 10, 100)]
        results["seeding"] = [{k: v for k, v in s.items() if k != "db"} for s in seeds]
        # Customer 25 has 29,626 calls at scale 100: scale 340 gives the 100,000.
        results["deep_paging"] = deep_paging(seeding(DEEP_PAGING_SCALE, folder)["db"])
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (HERE / "results" / "latest.md").write_text(table)
    print(table)


def deep_paging(db: str) -> dict[str, object]:
    port = free_port()
    server = start(mock_pbx(port, "--db", db))
    try:
        first_200(f"http://127.0.0.1:{port}/healthz", None)
        calls = f"http://127.0.0.1:{port}/api/v1/customers/me/calls"
        total = httpx.get(calls, auth=AUTH).json()["totalItems"]
        last = min(2500, total // 20)
        return {
            "totalItems": total,
            "page_1": wrk(f"{calls}?pageSize=20&page=1"),
            f"page_{last}": wrk(f"{calls}?pageSize=20&page={last}"),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def markdown(r: dict) -> str:
    t = r["throughput"]
    base_rps = t["baseline hello"]["rps"]
    rows = ["| measure | mock-pbx | baseline / target |", "|---|---|---|"]
    rows.append(
        f"| cold start (process start to first 200), median of 5 | {r['cold_start_s']['mock-pbx']} s | "
        f"{r['cold_start_s']['baseline']} s baseline; target < 1.0 s and <= 1.5x |"
    )
    rows.append(
        "| cold start, the first one (seeding: the seed cache is empty) | "
        f"{r['cold_start_s']['mock-pbx first start (empty seed cache)']} s | |"
    )
    rows.append(
        f"| reset, median / max of 20 | {r['reset_ms']['median']:.2f} / {r['reset_ms']['max']:.2f} ms "
        "| target < 50 ms |"
    )
    targets = {"list calls": 35, "get one sms": 50, "send sms": 25}
    for name, m in t.items():
        if name == "baseline hello":
            continue
        share = round(100 * m["rps"] / base_rps, 1)
        target = f"target >= {targets[name]}%" if name in targets else ""
        rows.append(
            f"| {name}: req/s (p50 / p99 ms) | {m['rps']:.0f} ({m['p50_ms']} / {m['p99_ms']}) | "
            f"{share}% of {base_rps:.0f} req/s; {target} |"
        )
    fr = r["fixed_rate_200rps_list_calls"]
    rows.append(
        f"| list calls at a steady 200 req/s: p50 / p99 | {fr['p50_ms']} / {fr['p99_ms']} ms "
        f"({fr['failed']} of {fr['requests']} timed out) | target p99 < 20 ms |"
    )
    dp = r["deep_paging"]
    pages = [k for k in dp if k.startswith("page_")]
    rows.append(
        f"| deep paging over {dp['totalItems']} calls: {pages[0]} vs {pages[1]} req/s | "
        f"{dp[pages[0]]['rps']:.0f} vs {dp[pages[1]]['rps']:.0f} | target within 1.5x |"
    )
    for s in r["seeding"]:
        rows.append(
            f"| seeding at scale {s['scale']:g} | {s['seconds']} s, {s['megabytes']} MB | "
            f"{'target < 15 s' if s['scale'] == 100 else ''} |"
        )
    rows.append(
        f"| resident memory after the runs | {r['rss_mb_after_runs']} MB | target < 150 MB |"
    )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
