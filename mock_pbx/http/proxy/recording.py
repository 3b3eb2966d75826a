"""--record DIR: what went through the proxy, kept as a fixture set that `serve --fixtures DIR`
serves offline. Every 2xx GET of a customer, a customer's credit status, a collection's list or
one of its items is turned into records (importing.records, from the body as the client got it)
and merged by id into what the set holds; the files it touched are written again after each
exchange, each atomically. A collection's records are written once their customer is in the set
(its GET /customers/{c} went through), so the set on disk can always be served. Logins go into
users.json by name only (never a password; a set's logins log in with "demo", the first is the
default login, MOCK_PBX_USERNAME's; with Bearer tokens only, no users.json: the set's default
login). Writes forwarded with --proxy-writes go into the set as their answers say (a record
created or replaced, one deleted), and into a log, writes.json, that nothing replays."""

import re
from pathlib import Path
from typing import Any

import orjson
from starlette.types import Scope

from mock_pbx.domain.logins import basic_credentials
from mock_pbx.importing.records import (
    COLLECTIONS,
    FORWARDING,
    TABLES,
    Record,
    complete_records,
    customer_record,
    record_of,
    write_collection,
    write_json,
)
from mock_pbx.runtime.clock import Clock
from mock_pbx.seeding.fixtures import (
    CUSTOMERS_FILE,
    MANIFEST_FILE,
    USERS_FILE,
    read_records,
)
from mock_pbx.wire.models import format_datetime
from mock_pbx.wire.uris import API_PREFIX, is_id

WRITES_FILE = "writes.json"
FILES = {name: f"{name}.json" for name in TABLES}  # the collections and forwardingrules.json
SECRET_KEYS = re.compile(r"password|secret|token|pin", re.IGNORECASE)
CUSTOMER_IN_URI = re.compile(r"/customers/(\d+)(?:/|$)")


class Recorder:
    def __init__(self, directory: Path, source: str, clock: Clock) -> None:
        self.directory, self.source, self.clock = directory, source, clock
        self.customers = {int(r["id"]): r for r in read_records(directory / CUSTOMERS_FILE)}
        self.credit: dict[int, Any] = {}
        self.records = {
            name: {int(r["id"]): r for r in read_records(directory / file)}
            for name, file in FILES.items()
        }
        self.logins = {r["username"]: set(r["customers"]) for r in read_users(directory)}
        self.me: dict[str | None, int] = {}  # a login's `me`, once seen
        self.writes: list[Any] = read_records(directory / WRITES_FILE)

    def read(self, scope: Scope, status: int, body: bytes) -> None:
        """A GET's answer, as the client got it."""
        parts = scope["path"][len(API_PREFIX) :].strip("/").split("/")
        if not 200 <= status < 300 or parts[0] != "customers":
            return
        data = orjson.loads(body)
        username = login_name(scope)
        if len(parts) == 1:
            self.add_customers(username, data.get("items", []))
        elif len(parts) == 2:
            if parts[1] == "me":
                self.me[username] = int(data["id"])
            self.add_customers(username, [data])
        else:
            customer = self.customer_of(parts[1], username, data)
            if customer is not None:
                self.add_records(username, customer, parts[2:], data)

    def customer_of(self, segment: str, username: str | None, data: Any) -> int | None:
        if is_id(segment):
            return int(segment)
        uri = data.get("uri") if isinstance(data, dict) else None
        found = CUSTOMER_IN_URI.search(uri) if isinstance(uri, str) else None
        return int(found.group(1)) if found else self.me.get(username)

    def add_customers(self, username: str | None, items: list[Any]) -> None:
        for item in items:
            customer = int(item["id"])
            self.customers[customer] = customer_record(item, self.credit.get(customer))
            self.allow(username, customer)
        self.save(CUSTOMERS_FILE, *COLLECTIONS)  # records waiting for their customer go now

    def add_records(self, username: str | None, customer: int, rest: list[str], data: Any) -> None:
        if len(rest) == 3 and rest[0] == "endpoints" and rest[2] == "phonestatus":
            self.set_dnd(int(rest[1]) if is_id(rest[1]) else None, data)
            return
        if len(rest) in (3, 4) and rest[0] == "endpoints" and rest[2] == FORWARDING:
            rest = rest[2:]  # an endpoint's forwarding rules: their `parent` names it
        name = rest[0]
        if rest == ["creditstatus"]:
            self.credit[customer] = data
            if customer in self.customers:
                self.customers[customer] = {**self.customers[customer], **credit_of(data)}
                self.save(CUSTOMERS_FILE)
            return
        if name not in FILES or len(rest) > 2:
            return
        items = data.get("items", []) if len(rest) == 1 else [data]
        for item in items:
            record = record_of(name, item, customer)
            self.records[name][record["id"]] = record
        self.allow(username, customer)
        self.save(name)

    def allow(self, username: str | None, customer: int) -> None:
        if username is not None:
            self.logins.setdefault(username, set()).add(customer)

    def write(
        self, scope: Scope, status: int, sent: bytes, location: str | None, answer: bytes = b""
    ) -> None:
        """A forwarded write, as a step of writes.json (secrets in its body hidden), and its
        effect on the set: a record created or replaced (the answer is its representation) or
        deleted, so the set offline is as the account after the write, read again or not."""
        self.apply(scope, status, answer)
        query: bytes = scope.get("query_string", b"")
        self.writes.append(
            {
                "time": format_datetime(self.clock.now()),
                "method": scope["method"],
                "path": scope["path"],
                "query": query.decode("latin-1"),
                "body": hidden(parsed(sent)),
                "status": status,
                "location": location,
            }
        )
        self.directory.mkdir(parents=True, exist_ok=True)
        write_json(self.directory / WRITES_FILE, self.writes)

    def apply(self, scope: Scope, status: int, answer: bytes) -> None:
        parts = scope["path"][len(API_PREFIX) :].strip("/").split("/")
        if not 200 <= status < 300 or len(parts) < 3 or parts[0] != "customers":
            return
        username = login_name(scope)
        data = parsed(answer)
        if scope["method"] == "DELETE":
            self.forget(parts)
            return
        rest = written_item(parts[2:], data)
        customer = self.customer_of(parts[1], username, data) if rest else None
        if rest and customer is not None:  # the answer is the item, as its GET shows it
            self.add_records(username, customer, rest, data)
        elif len(parts) == 5 and parts[2] == "endpoints" and parts[4] == "phonestatus":
            self.set_dnd(int(parts[3]) if is_id(parts[3]) else None, data)

    def set_dnd(self, endpoint: int | None, data: Any) -> None:
        """A phone's do not disturb, kept on its endpoint record (as `import` does)."""
        record = self.records["endpoints"].get(endpoint) if endpoint is not None else None
        if (
            record is not None
            and isinstance(data, dict)
            and isinstance(data.get("dndActive"), bool)
        ):
            record["dndActive"] = data["dndActive"]
            self.save("endpoints")

    def forget(self, parts: list[str]) -> None:
        """A record deleted upstream leaves the set (an endpoint takes its rules with it)."""
        rest = parts[2:]
        if len(rest) == 4 and rest[0] == "endpoints" and rest[2] == FORWARDING:
            rest = rest[2:]
        if len(rest) != 2 or rest[0] not in FILES or not is_id(rest[1]):
            return
        name, ident = rest[0], int(rest[1])
        if self.records[name].pop(ident, None) is None:
            return
        if name == "endpoints":
            rules = self.records[FORWARDING]
            for rule in [r for r in rules.values() if r.get("endpointId") == ident]:
                rules.pop(rule["id"])
            self.save(name, FORWARDING)
            return
        self.save(name)

    def save(self, *names: str) -> None:
        """The files named (a collection's name or a file), and the logins and the manifest."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if {"calls", "recordings"} & set(names):  # a recording's callType is its call's
            complete_records({n: list(self.records[n].values()) for n in ("calls", "recordings")})
            names = (*names, "recordings")
        for name in dict.fromkeys(names):
            if name == CUSTOMERS_FILE:
                write_json(self.directory / CUSTOMERS_FILE, sorted_records(self.customers))
            elif self.records[name] or (self.directory / FILES[name]).exists():
                write_collection(self.directory, name, self.servable(name))
        users = self.users()
        if users:  # none (Bearer tokens only): the set's one default login, over its customers
            write_json(self.directory / USERS_FILE, users)
        write_json(self.directory / MANIFEST_FILE, self.manifest())

    def servable(self, name: str) -> list[Record]:
        """A collection's records whose customer (and, for a forwarding rule, endpoint) the set
        holds: what it cannot serve yet waits in memory for them."""
        records = [r for r in self.records[name].values() if r["customerId"] in self.customers]
        if name == FORWARDING:
            return [r for r in records if r.get("endpointId") in self.records["endpoints"]]
        return records

    def users(self) -> list[Record]:
        users: list[Record] = []
        for username, customers in sorted(self.logins.items()):
            known = sorted(customers & set(self.customers))
            level = "RESELLER" if len(known) > 1 else "ADMIN"
            if known:
                users.append({"username": username, "accessLevel": level, "customers": known})
        if users:
            users[0]["default"] = True
        return users

    def manifest(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "when": format_datetime(self.clock.now()),
            "customers": sorted(self.customers),
            "options": {"recordedBy": "mock-pbx serve --proxy-to --record"},
        }


def written_item(rest: list[str], data: Any) -> list[str] | None:
    """Where a write's answer goes in the set, as the path of the item's GET: a collection's
    item (POST to the collection, PUT to the item) or an endpoint's forwarding rule; None for
    anything else (a phone's status, an originated call's empty answer)."""
    if not isinstance(data, dict) or "id" not in data or "uri" not in data:
        return None
    ident = str(data["id"])
    if len(rest) in (3, 4) and rest[0] == "endpoints" and rest[2] == FORWARDING:
        return [*rest[:3], ident]
    if len(rest) in (1, 2) and rest[0] in COLLECTIONS:
        return [rest[0], ident]
    return None


def credit_of(creditstatus: Any) -> Record:
    return {k: v for k, v in customer_record({"id": 0}, creditstatus).items() if k != "id"}


def sorted_records(records: dict[int, Record]) -> list[Record]:
    return [records[key] for key in sorted(records)]


def read_users(directory: Path) -> list[Record]:
    return [user for user in read_records(directory / USERS_FILE) if "username" in user]


def login_name(scope: Scope) -> str | None:
    """The Basic login's name (a Bearer token names none the proxy could know)."""
    for key, value in scope["headers"]:
        if key == b"authorization":
            credentials = basic_credentials(value)
            return credentials[0] if credentials is not None else None
    return None


def parsed(body: bytes) -> Any:
    if not body:
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return body.decode("utf-8", "replace")


def hidden(value: Any) -> Any:
    """A body with the values of password-, PIN-, secret- and token-like keys replaced."""
    if isinstance(value, dict):
        return {
            key: "[redacted]" if SECRET_KEYS.search(key) else hidden(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [hidden(item) for item in value]
    return value
