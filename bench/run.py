"""`make bench`: start the servers the way users start them, load them from outside, and write
bench/results/latest.json and latest.md. Every rate is also a ratio to a bare FastAPI app on the
same uvicorn settings (bench/baseline.py) measured in the same run; the targets are issue 14's."""

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from measures import (
    AUTH,
    HERE,
    PYTHON,
    WRK,
    baseline,
    cold_start,
    first_200,
    fixed_rate,
    mock_pbx,
    rss_mb,
    sequential,
    start,
    stop,
    wrk,
)

from mock_pbx.testing import free_port

CALLS = "/api/v1/customers/me/calls"
DEEP_PAGING_SCALE = 340
SMS = {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "bench"}
ENTRY = {"type": "phonebookentry", "name": "Bench", "phoneNumber": "07700900001"}
# name: (what is loaded, target as a ratio to hello's req/s)
RATE_TARGETS = {
    "list of 20 calls": 0.6,
    "list of 20 calls, a different page each request (nothing kept)": 0.3,
    "list of 50 calls, filtered": None,
    "one call": 0.8,
    "POST /phonebook": 0.35,
    "POST /sms": 0.3,
}


def throughput(api: str, pid: int, results: dict[str, Any]) -> dict[str, Any]:
    """The reads, then (the memory read as peers.sh reads it: after a list and an item) writes."""
    rates = {
        "list of 20 calls": wrk(f"{api}/calls"),
        "list of 20 calls, a different page each request (nothing kept)": wrk(
            f"{api}/calls", "pages.lua"
        ),
        "list of 50 calls, filtered": wrk(
            f"{api}/calls?direction=in&startedAfter=2025-01-01T00:00:00Z&pageSize=50"
        ),
        "one call": wrk(f"{api}/calls/7592317"),
    }
    results["rss_mb_after_reads"] = rss_mb(pid)
    rates["POST /phonebook"] = wrk(f"{api}/phonebook", "post.lua", json.dumps(ENTRY))
    rates["POST /sms"] = wrk(f"{api}/sms", "post.lua", json.dumps(SMS))
    return rates


def cold_starts() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as cache:
        # The first start finds the seed cache empty and fills it; the other five copy it in,
        # as every start after the first does on a developer's machine or in one CI job.
        env = {"MOCK_PBX_SEED_CACHE": cache}
        starts = [cold_start(mock_pbx, CALLS, AUTH, env) for _ in range(6)]
    hello = [cold_start(baseline, "/", None) for _ in range(5)]
    return {
        "mock-pbx": round(statistics.median(starts[1:]), 3),
        "mock-pbx, every start": [round(s, 3) for s in starts[1:]],
        "mock-pbx first start (empty seed cache)": round(starts[0], 3),
        "baseline": round(statistics.median(hello), 3),
    }


def loaded(results: dict[str, Any]) -> None:
    """Everything measured on one running server (manual clock: a steady load) and the baseline."""
    port, base_port = free_port(), free_port()
    server, base_server = start(mock_pbx(port, "--clock", "manual")), start(baseline(base_port))
    base, base_line = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{base_port}"
    try:
        first_200(f"{base}/healthz", None)
        first_200(f"{base_line}/", None)
        resets = [httpx.post(f"{base}/_admin/reset").json()["tookMs"] for _ in range(20)]
        results["reset_ms"] = {"first": resets[0], "median": statistics.median(resets)}
        results["reset_ms"]["max"] = max(resets)
        results["hello"] = wrk(f"{base_line}{CALLS}")
        results["throughput"] = throughput(f"{base}/api/v1/customers/me", server.pid, results)
        results["sequential_median_ms"] = {
            "mock-pbx": sequential(f"{base}{CALLS}", AUTH),
            "baseline": sequential(f"{base_line}{CALLS}", None),
        }
        results["fixed_rate_200rps_list_calls"] = asyncio.run(fixed_rate(f"{base}{CALLS}"))
        results["rss_mb_after_runs"] = rss_mb(server.pid)
    finally:
        stop(server)
        stop(base_server)
    results["POST /sms, real clock (deliveries run meanwhile)"] = real_clock_sms()


def real_clock_sms() -> dict[str, Any]:
    """As `make run` serves: each SMS is accepted a second later and delivered after three."""
    port = free_port()
    server = start(mock_pbx(port))
    try:
        first_200(f"http://127.0.0.1:{port}/healthz", None)
        return wrk(f"http://127.0.0.1:{port}/api/v1/customers/me/sms", "post.lua", json.dumps(SMS))
    finally:
        stop(server)


def main() -> None:
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    results: dict[str, Any] = {"machine": f"{os.cpu_count()} cores", "wrk": " ".join(WRK)}
    results["cold_start_s"] = cold_starts()
    loaded(results)
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


def seeding(scale: float, folder: str) -> dict[str, Any]:
    db = Path(folder) / f"scale-{scale:g}.db"
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "-m", "mock_pbx", "seed", "--db", str(db), "--scale", str(scale)],
        check=True,
        capture_output=True,
        env={**os.environ, "MOCK_PBX_SEED_CACHE": "off"},  # seeding itself, not a kept copy
    )
    seconds = time.perf_counter() - started
    return {
        "scale": scale,
        "seconds": round(seconds, 2),
        "megabytes": round(db.stat().st_size / 1e6, 2),
        "db": str(db),
    }


def deep_paging(db: str) -> dict[str, Any]:
    port = free_port()
    server = start(mock_pbx(port, "--db", db))
    try:
        first_200(f"http://127.0.0.1:{port}/healthz", None)
        calls = f"http://127.0.0.1:{port}{CALLS}"
        total = httpx.get(calls, auth=AUTH).json()["totalItems"]
        last = min(2500, total // 20)
        return {
            "totalItems": total,
            "page_1": wrk(f"{calls}?pageSize=20&page=1"),
            f"page_{last}": wrk(f"{calls}?pageSize=20&page={last}"),
        }
    finally:
        stop(server)


def written(r: dict[str, Any]) -> int:
    """Rows the POST runs added: their rate over the warm-up and the measured run (10 s)."""
    rates = [r["throughput"][name]["rps"] for name in ("POST /phonebook", "POST /sms")]
    return round(sum(rates) * 10, -3)


def markdown(r: dict[str, Any]) -> str:
    hello = r["hello"]["rps"]
    cold = r["cold_start_s"]
    rows = ["| measure | mock-pbx | baseline, ratio, target |", "|---|---|---|"]
    rows.append(
        f"| cold start (process start to first 200), median of 5 | {cold['mock-pbx']} s | "
        f"{cold['baseline']} s: {cold['mock-pbx'] / cold['baseline']:.2f}x; target <= 1.5x |"
    )
    rows.append(
        f"| cold start, the first (seeding: the seed cache is empty) | "
        f"{cold['mock-pbx first start (empty seed cache)']} s | |"
    )
    reset = r["reset_ms"]
    rows.append(
        f"| reset: first / median / max of 20 | {reset['first']:.2f} / {reset['median']:.2f} / "
        f"{reset['max']:.2f} ms | target < 10 ms, the first too |"
    )
    rows.append(f"| hello (the baseline), {WRK_TEXT} | {hello:.0f} req/s | |")
    for name, m in r["throughput"].items():
        target = RATE_TARGETS[name]
        goal = f"; target >= {target}x" if target is not None else ""
        rows.append(
            f"| {name}: req/s (p50 / p99 ms) | {m['rps']:.0f} ({m['p50_ms']} / {m['p99_ms']}) | "
            f"{m['rps'] / hello:.2f}x{goal} |"
        )
    real = r["POST /sms, real clock (deliveries run meanwhile)"]
    rows.append(
        f"| POST /sms on the real clock (deliveries run meanwhile) | {real['rps']:.0f} req/s | "
        f"{real['rps'] / hello:.2f}x |"
    )
    seq = r["sequential_median_ms"]
    rows.append(
        f"| one keep-alive client, sequential list GETs: median | {seq['mock-pbx']} ms | "
        f"{seq['baseline']} ms: {seq['mock-pbx'] / seq['baseline']:.2f}x; target <= 2x |"
    )
    fr = r["fixed_rate_200rps_list_calls"]
    rows.append(
        f"| list calls at a steady 200 req/s: p50 / p99 | {fr['p50_ms']} / {fr['p99_ms']} ms "
        f"({fr['failed']} of {fr['requests']} failed) | target p99 < 20 ms |"
    )
    rows.append(
        f"| resident memory after the reads / after everything (the writes added about "
        f"{int(written(r)):,} rows) | {r['rss_mb_after_reads']} / {r['rss_mb_after_runs']} MB | "
        "target < 120 MB |"
    )
    dp = r["deep_paging"]
    pages = [k for k in dp if k.startswith("page_")]
    rows.append(
        f"| deep paging over {dp['totalItems']} calls: {pages[0]} vs {pages[1]} req/s | "
        f"{dp[pages[0]]['rps']:.0f} vs {dp[pages[1]]['rps']:.0f} | target within 1.5x |"
    )
    for s in r["seeding"]:
        goal = "target < 15 s" if s["scale"] == 100 else ""
        rows.append(
            f"| seeding at scale {s['scale']:g} | {s['seconds']} s, {s['megabytes']} MB | {goal} |"
        )
    return "\n".join(rows) + "\n"


WRK_TEXT = f"wrk {' '.join(WRK)}, 2 s warm-up, 8 s measured"

if __name__ == "__main__":
    main()
