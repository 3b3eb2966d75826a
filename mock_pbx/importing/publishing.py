"""The end of `mock-pbx import`: the pieces read (API representations, in DIR.partial/) turned
into fixture records (records.py), the set written beside DIR and renamed to it."""

import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mock_pbx.importing.anonymise import scrub
from mock_pbx.importing.records import (
    COLLECTIONS,
    FORWARDING,
    customer_record,
    record_of,
    write_fixture_set,
    write_json,
)

Item = dict[str, Any]
Pieces = Callable[[int, str], list[Item]]  # (customer, piece name) -> its items
SCENARIO_FILE = "scenario.json"


def partial_of(out: Path) -> Path:
    return out.with_name(out.name + ".partial")


def with_hidden(name: str, items: list[Item], hidden: Mapping[str, Item]) -> list[Item]:
    """Calls with their endpoint, endpoints with their do-not-disturb (records.py keeps them)."""
    if name not in ("calls", "endpoints"):
        return items
    return [{**item, **hidden.get(str(item["id"]), {})} for item in items]


def hidden_of(pieces: Pieces, customer: int, name: str) -> dict[str, Item]:
    source = {"calls": "callendpoints", "endpoints": "phonestatus"}.get(name)
    if source is None:
        return {}
    return {
        str(entry["id"]): {k: v for k, v in entry.items() if k != "id"}
        for entry in pieces(customer, source)
    }


def records_of(pieces: Pieces, customers: list[int]) -> dict[str, list[Item]]:
    records: dict[str, list[Item]] = {name: [] for name in (*COLLECTIONS, FORWARDING)}
    for customer in customers:
        for name in (*COLLECTIONS, FORWARDING):
            items = with_hidden(name, pieces(customer, name), hidden_of(pieces, customer, name))
            records[name] += [scrub(record_of(name, item, customer)) for item in items]
    return records


def accounts_of(
    pieces: Pieces, customers: list[int], anonymise: Callable[[Item], Item]
) -> list[Item]:
    accounts = []
    for customer in customers:
        account = pieces(customer, "customer")[0]
        accounts.append(customer_record(anonymise(account["customer"]), account["creditstatus"]))
    return accounts


def scenario_of(accounts: list[Item], manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario beside the set: the emulator's clock at the moment of the import, so that
    what is relative to now (today's queue figures, the inbox's dates, an estimate's month)
    reads as it did then. POST it to /_admin/scenarios on a server serving the set."""
    return {
        "description": f"The account as imported from {manifest['source']} at "
        f"{manifest['imported']}: the clock at that moment",
        "customer": accounts[0]["id"],
        "clock": manifest["imported"],
    }


def publish(
    out: Path,
    accounts: list[Item],
    records: dict[str, list[Item]],
    users: list[Item],
    manifest: dict[str, Any],
) -> None:
    """Written beside DIR, then renamed to it (an old DIR, under --force, removed after)."""
    writing, old = out.with_name(out.name + ".writing"), out.with_name(out.name + ".old")
    for leftover in (writing, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    write_fixture_set(writing, accounts, records, users, manifest)
    write_json(writing / SCENARIO_FILE, scenario_of(accounts, manifest))
    if out.exists():
        os.replace(out, old)
    os.replace(writing, out)
    if old.exists():
        shutil.rmtree(old)
