"""Shared by the tests: the collections of a customer and a helper that walks every page."""

from typing import Any

# URL segment -> the id of customer 25's record the spec shows (None: the spec shows none).
COLLECTIONS: dict[str, str | None] = {
    "phonebook": None,
    "sms": "253368",
    "calls": "7592317",
    "sounds": "1035",
    "recordings": "1358371",
    "timeintervals": "31",
    "endpoints": "101",
    "phonenumbers": "47",
    "outgoingcallerids": "114",
    "callbundles": "1040",
    "linkedusers": None,
}
NAMES = sorted(COLLECTIONS)
# The account's sub-resources that are not collections of records (issue 17 part 5), under
# /customers/{c}/: the isolation tests walk them too.
ACCOUNT_PATHS = [
    "permissions",
    "limits",
    "preferences",
    "pricing",
    "callcharging",
    "bargegroups",
    "bargegroups/1",
    "callbundles/available",
    "callbundles/available/1",
    "billing",
    "billing/estimate",
    "billing/invoices",
    "billing/paymentmethods",
    "billing/paymentmethods/1",
]


def every(client: Any, path: str, **params: Any) -> list[dict[str, Any]]:
    """All items of a list, following nextPage to the end."""
    body = client.get(path, params={"pageSize": 200, **params}).json()
    items = body["items"]
    while "nextPage" in body:
        body = client.get(body["nextPage"]).json()
        items += body["items"]
    return items


def wait_until(predicate: Any, timeout: float = 10.0) -> Any:
    """Poll for something another thread or process does (an HTTP delivery, a server start):
    I/O, never the emulator's clock, which tests move themselves."""
    import time

    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {predicate}")
        time.sleep(0.01)
    return result


class Receiver:
    """A real local HTTP server that records the form POSTs it gets and answers with the given
    status codes in turn (the last one repeats)."""

    def __init__(self, statuses: tuple[int, ...] = (200,)) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs

        receiver = self
        self.statuses, self.posts = list(statuses), []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
                receiver.posts.append(
                    {
                        "path": self.path,
                        "type": self.headers.get("content-type"),
                        "form": {k: v[0] for k, v in form.items()},
                    }
                )
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


SMS_BODY = {"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "load"}


def parallel_writes(base_url: str, clients: int = 20, each: int = 10) -> dict[str, Any]:
    """`clients` threads, each with its own connection, sending `each` SMS and creating `each`
    phone-book entries; returns what the server acknowledged."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def one_client(index: int) -> list[tuple[str, int, str | None]]:
        done = []
        with httpx.Client(
            base_url=f"{base_url}/api/v1/customers/me", auth=("demo", "demo"), timeout=30
        ) as c:
            for n in range(each):
                sms = c.post("/sms", json=SMS_BODY)
                entry = c.post(
                    "/phonebook",
                    json={
                        "type": "phonebookentry",
                        "name": f"C{index}-{n}",
                        "phoneNumber": "07700900001",
                    },
                )
                done += [
                    ("sms", sms.status_code, sms.json().get("id")),
                    ("phonebook", entry.status_code, entry.json().get("id")),
                ]
        return done

    with ThreadPoolExecutor(clients) as pool:
        results = [r for batch in pool.map(one_client, range(clients)) for r in batch]
    return {
        kind: [(status, item) for k, status, item in results if k == kind]
        for kind in ("sms", "phonebook")
    }


def totals(base_url: str) -> dict[str, Any]:
    import httpx

    with httpx.Client(base_url=f"{base_url}/api/v1/customers/me", auth=("demo", "demo")) as c:
        return {
            "sms": c.get("/sms").json()["totalItems"],
            "phonebook": c.get("/phonebook").json()["totalItems"],
            "balance": c.get("/creditstatus").json()["balance"],
        }


def assert_all_acknowledged(
    before: dict[str, Any], results: dict[str, Any], after: dict[str, Any]
) -> None:
    for kind in ("sms", "phonebook"):
        statuses = {status for status, _ in results[kind]}
        ids = [item for _, item in results[kind]]
        assert statuses == {201}, (kind, statuses)
        assert len(set(ids)) == len(ids)  # unique
        assert after[kind] == before[kind] + len(ids)  # nothing lost
    assert after["balance"] == round(
        before["balance"] - 0.1 * len(results["sms"]), 3
    )  # credit adds up


def memory_kb(pid: int, field: str = "VmRSS") -> int:
    """A process's resident memory now (VmRSS) or at its peak so far (VmHWM), in kB."""
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(f"{field}:"))


class ServerProcess:
    """mock-pbx as users start it, in a process of its own (so its memory can be read apart from
    the test's), on a free port; a context manager."""

    def __init__(self, *args: str, **env: str) -> None:
        import os
        import subprocess
        import sys

        from mock_pbx.testing import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "mock_pbx", "--port", str(self.port), *args]
        environment = {**os.environ, "MOCK_PBX_LOG_LEVEL": "warning", **env}
        self.process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def __enter__(self) -> "ServerProcess":
        import httpx

        def answers() -> bool:
            try:
                return httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(answers, timeout=60)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)

    def memory_kb(self, field: str = "VmRSS") -> int:
        return memory_kb(self.process.pid, field)
