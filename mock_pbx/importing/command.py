"""`mock-pbx import`'s work: read the chosen customers of a login through the API (client.py),
keep each collection read as a piece of `DIR.partial/` (written atomically, so a re-run after a
failure reads only what is missing), then write the fixture set (records.py) beside DIR and
rename it to DIR: a failed import never leaves a half-written set at DIR."""

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from mock_pbx.importing.anonymise import Anonymiser, scrub
from mock_pbx.importing.client import ApiClient, ApiError, Unreachable
from mock_pbx.importing.extras import (
    INCLUDE_LOCAL,
    call_endpoints,
    forwarding_rules,
    local_recordings,
    phone_statuses,
)
from mock_pbx.importing.publishing import accounts_of, partial_of, publish, records_of
from mock_pbx.importing.records import COLLECTIONS, FORWARDING, write_json
from mock_pbx.runtime.clock import SystemClock
from mock_pbx.version import __version__

Item = dict[str, Any]
STATE, NUMBERS = "import.json", "numbers.json"  # in DIR.partial: the options, the fakes so far
ORDER = ("phonenumbers", *(name for name in COLLECTIONS if name != "phonenumbers"))
LEVELS = {"CUSTOMER": "ADMIN", "ADMIN": "ADMIN", "EXTENSION": "EXTENSION", "RESELLER": "RESELLER"}


class ImportFailed(Exception):
    """One line for the user."""


class Progress(Protocol):
    def page(self, customer: int, collection: str, pages: int, items: int) -> None: ...

    def collection(self, customer: int, collection: str, items: int, kept: bool) -> None: ...


class Silent:
    def page(self, customer: int, collection: str, pages: int, items: int) -> None: ...

    def collection(self, customer: int, collection: str, items: int, kept: bool) -> None: ...


@dataclass(frozen=True)
class ImportOptions:
    source: str  # the API base, .../api/v1 (client.api_base)
    user: str
    customers: tuple[str, ...] = ("me",)  # "me", "all" or ids
    out: Path = Path("fixtures")
    anonymise: bool = False
    history: bool = False
    force: bool = False


@dataclass
class Summary:
    out: Path
    customers: list[int]
    counts: dict[str, int]
    seconds: float
    requests: int
    resumed: list[str] = field(default_factory=list)  # "25/phonebook": pieces kept from before


def run_import(
    options: ImportOptions,
    client: ApiClient,
    progress: Progress | None = None,
    now: Callable[[], datetime] | None = None,
) -> Summary:
    """The fixture set of `options.customers` at `options.out` (see the module)."""
    started = time.monotonic()
    out = options.out
    if out.exists() and not options.force:
        raise ImportFailed(f"{out} already exists: --force replaces it, or choose another --out")
    job = Job(options, client, progress or Silent())
    customers = job.choose_customers()
    job.open_partial(customers)
    try:
        job.read_all(customers)
    except ApiError as error:
        raise ImportFailed(job.interrupted(error)) from None
    summary = Summary(out, customers, job.counts, 0.0, client.requests, job.resumed)
    job.write_set(customers, (now or SystemClock().now)().isoformat(timespec="seconds"))
    summary.seconds = time.monotonic() - started
    return summary


class Job:
    def __init__(self, options: ImportOptions, client: ApiClient, progress: Progress) -> None:
        self.options, self.client, self.progress = options, client, progress
        self.partial = partial_of(options.out)
        self.counts: dict[str, int] = {}
        self.resumed: list[str] = []
        self.anonymiser: Anonymiser | None = None

    # -- who and what ---------------------------------------------------------------------
    def choose_customers(self) -> list[int]:
        """The ids asked for, each checked to be one the login sees."""
        listed = self.first_contact()
        chosen: list[int] = []
        for wanted in self.options.customers:
            ids = sorted(listed) if wanted == "all" else [self.customer_id(wanted, listed)]
            chosen += [i for i in ids if i not in chosen]
        return chosen

    def first_contact(self) -> set[int]:
        """GET /customers: the login and the URL checked at once."""
        where = f"{self.client.base}/customers"
        try:
            return {int(item["id"]) for page in self.client.pages("/customers") for item in page}
        except Unreachable as error:
            raise ImportFailed(f"cannot reach {self.options.source}: {error}") from None
        except ApiError as error:
            if error.status == 401:
                raise ImportFailed(
                    f"the login {self.options.user!r} was refused by {self.options.source} "
                    "(401): check --user and the password"
                ) from None
            raise ImportFailed(f"{self.options.source} is not a PBX API v1: {error}") from None
        except (KeyError, TypeError, ValueError):
            raise ImportFailed(f"{where} is not a list of customers: not a PBX API v1") from None

    def customer_id(self, wanted: str, listed: set[int]) -> int:
        try:
            found = int(self.client.get(f"/customers/{wanted}")["id"])
        except ApiError as error:
            if error.status in (401, 403, 404):
                raise ImportFailed(
                    f"the login {self.options.user!r} cannot see customer {wanted} "
                    f"({error.status}); it sees {', '.join(map(str, sorted(listed))) or 'none'}"
                ) from None
            raise ImportFailed(str(error)) from None
        return found

    # -- the partial directory --------------------------------------------------------------
    def open_partial(self, customers: list[int]) -> None:
        """DIR.partial/ for this import; one left by an import with other options is replaced."""
        state = {
            "source": self.options.source,
            "user": self.options.user,
            "customers": customers,
            "anonymise": self.options.anonymise,
        }
        state_file = self.partial / STATE
        if self.partial.exists():
            try:
                same = json.loads(state_file.read_text()) == state
            except (OSError, ValueError):
                same = False
            if not same:
                shutil.rmtree(self.partial)
        self.partial.mkdir(parents=True, exist_ok=True)
        write_json(state_file, state)

    def piece(self, customer: int, name: str) -> Path:
        return self.partial / str(customer) / f"{name}.json"

    def stored(self, customer: int, name: str) -> list[Item]:
        items: list[Item] = json.loads(self.piece(customer, name).read_text())
        return items

    def kept(self, customer: int, name: str) -> list[Item] | None:
        try:
            items: list[Item] = json.loads(self.piece(customer, name).read_text())
        except (OSError, ValueError):
            return None
        self.resumed.append(f"{customer}/{name}")
        return items

    def interrupted(self, error: ApiError) -> str:
        done = len(list(self.partial.glob("*/*.json")))
        return (
            f"{error}; the {done} collections read so far are kept in {self.partial}: "
            "the same command again goes on from there"
        )

    # -- reading ----------------------------------------------------------------------------
    def read_all(self, customers: list[int]) -> None:
        for customer in customers:
            self.read_customer(customer)
        for customer in customers:  # the account's own numbers first: anonymising keeps them
            self.read(customer, "phonenumbers")
        if self.options.anonymise:
            own = {
                str(item.get("number", ""))
                for customer in customers
                for item in self.stored(customer, "phonenumbers")
            }
            numbers_file = self.partial / NUMBERS
            table = json.loads(numbers_file.read_text()) if numbers_file.exists() else {}
            self.anonymiser = Anonymiser(own, table)
        for customer in customers:
            for name in ORDER[1:]:
                self.read(customer, name)
            self.read_extras(customer)
        self.read_login(customers)

    def read_extras(self, customer: int) -> None:
        """Per endpoint: do not disturb, forwarding rules, and which calls are whose."""
        endpoints = self.stored(customer, "endpoints")
        readers: dict[str, Callable[[], list[Item]]] = {
            "phonestatus": lambda: phone_statuses(self.client, endpoints),
            FORWARDING: lambda: forwarding_rules(self.client, endpoints),
            "callendpoints": lambda: call_endpoints(self.client, customer, endpoints),
        }
        for name, read in readers.items():
            if self.kept(customer, name) is None:
                items = [scrub(item) for item in read()]
                if name == FORWARDING and self.anonymiser is not None:
                    items = [self.anonymiser.representation(name, item) for item in items]
                    write_json(self.partial / NUMBERS, self.anonymiser.numbers)
                self.store(customer, name, items)
                self.progress.collection(customer, name, len(items), False)

    def read_customer(self, customer: int) -> None:
        if self.piece(customer, "customer").exists():
            return
        account = self.client.get(f"/customers/{customer}")
        credit = self.optional(f"/customers/{customer}/creditstatus")  # else postpaid
        self.store(customer, "customer", [{"customer": scrub(account), "creditstatus": credit}])

    def read(self, customer: int, name: str) -> None:
        items = self.kept(customer, name)
        kept = items is not None
        if items is None:
            items = []
            query = f"?{INCLUDE_LOCAL}" if name in ("calls", "recordings") else ""
            for pages, page in enumerate(
                self.client.pages(f"/customers/{customer}/{name}{query}"), 1
            ):
                items += [scrub(item) for item in page]
                self.progress.page(customer, name, pages, len(items))
            if name == "recordings":  # read after calls (COLLECTIONS' order)
                calls = self.stored(customer, "calls")
                found = local_recordings(self.client, customer, calls, items)
                items += [scrub(item) for item in found]
            if name != "phonenumbers" and self.anonymiser is not None:
                items = [self.anonymiser.representation(name, item) for item in items]
                write_json(self.partial / NUMBERS, self.anonymiser.numbers)
            self.store(customer, name, items)
        self.counts[name] = self.counts.get(name, 0) + len(items)
        self.progress.collection(customer, name, len(items), kept)

    def store(self, customer: int, name: str, items: list[Item]) -> None:
        self.piece(customer, name).parent.mkdir(parents=True, exist_ok=True)
        write_json(self.piece(customer, name), items)

    def optional(self, path: str) -> Item | None:
        """What a login may not be allowed to see: None for an error answer (not for none)."""
        try:
            found = self.client.get(path)
        except Unreachable:
            raise
        except ApiError:
            return None
        return found if isinstance(found, dict) else None

    def read_login(self, customers: list[int]) -> None:
        """The login's access level (its linked user on the first customer, else ADMIN)."""
        if self.piece(0, "login").exists():
            return
        me = self.optional(f"/customers/{customers[0]}/linkedusers/me") or {}
        level = LEVELS.get(str(me.get("accessLevel")), "ADMIN")
        self.store(0, "login", [{"accessLevel": level}])

    # -- writing ----------------------------------------------------------------------------
    def write_set(self, customers: list[int], when: str) -> None:
        def anonymised(account: Item) -> Item:
            if self.anonymiser is None:
                return account
            return self.anonymiser.representation("customers", account)

        records = records_of(self.stored, customers)
        accounts = accounts_of(self.stored, customers, anonymised)
        level = self.stored(0, "login")[0]["accessLevel"]
        user = {"username": self.options.user, "accessLevel": level, "customers": customers}
        manifest = {
            "source": self.options.source,
            "imported": when,
            "by": f"mock-pbx {__version__} import",
            "customers": customers,
            "anonymised": self.options.anonymise,
            "fillHistory": self.options.history,
            "counts": {name: len(items) for name, items in records.items()},
        }
        publish(self.options.out, accounts, records, [user], manifest)
        shutil.rmtree(self.partial)
