"""API representations -> fixture records: one item as /api/v1 shows it (relationship fields as
absolute URIs or, under X-Relationship-Key: id, bare ids) becomes the record a fixture set holds,
in the spelling seeding/fixtures.column_values loads (camelCase of the table's columns, `id` as a
number, `customerId`, relationships as the `...Id`/`...Ref(s)` columns, dates as the API writes
them). The inverse of each Resource's presenter: its columns are copied by name, and the fields
that are not columns (its `extra_fields`) are turned back by a small table per collection; a key
the table does not know (a newer real API's) is dropped."""

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

from mock_pbx.models.base import table_of
from mock_pbx.models.customer import Customer
from mock_pbx.models.forwarding import ForwardingRule
from mock_pbx.resources import RESOURCES
from mock_pbx.resources.endpoints import ACTION_REFERENCES, REFERENCES
from mock_pbx.seeding.fixtures import (
    CUSTOMERS_FILE,
    MANIFEST_FILE,
    USERS_FILE,
    fixture_key,
)
from mock_pbx.seeding.seeder import seeding_order
from mock_pbx.wire.uris import reference_id

# The customer collections a fixture set holds, each after those its records name.
COLLECTIONS: tuple[str, ...] = tuple(r.name for r in seeding_order(RESOURCES))
# Their tables; and the forwarding rules of the phones and trunks (/endpoints/{id}/forwardingrules,
# read for each endpoint whose `links` has forwardingRules), kept in forwardingrules.json.
FORWARDING = "forwardingrules"
TABLES: dict[str, type[SQLModel]] = {r.name: r.table for r in RESOURCES} | {
    FORWARDING: ForwardingRule
}
Record = dict[str, Any]
Extras = Callable[[Mapping[str, Any], Record], None]  # (representation, record so far)


def record_of(collection: str, representation: Mapping[str, Any], customer_id: int) -> Record:
    """One item of `collection` as the API shows it -> its fixture record (see the module)."""
    table = TABLES.get(collection)
    if table is None:
        raise ValueError(f"{collection!r} is not a collection a fixture set holds")
    record: Record = {"id": int(representation["id"]), "customerId": customer_id}
    for column in (column.name for column in table_of(table).columns):
        if column in ("id", "customer_id"):
            continue
        key = fixture_key(column)
        # `type` is a column of endpoints and sounds only (their kind); elsewhere it is the
        # resource's own name, which the presenter writes again.
        if key in representation and representation[key] is not None:
            record[key] = representation[key]
    extras = EXTRAS.get(collection)
    if extras is not None:
        extras(representation, record)
    return record


def reference(value: Any, collection: str) -> int | None:
    return reference_id(value, collection)


def phonenumber_extras(rep: Mapping[str, Any], record: Record) -> None:
    destination = reference(rep.get("destination"), "endpoints")
    if destination is not None:
        record["destinationId"] = destination


def recording_extras(rep: Mapping[str, Any], record: Record) -> None:
    endpoint = reference(rep.get("endpoint"), "endpoints")
    if endpoint is not None:
        record["endpointId"] = endpoint


def stored_action(action: Any) -> dict[str, Any] | None:
    """An IVR action as the table keeps it: its endpoint and sound as ids."""
    if not isinstance(action, Mapping) or not isinstance(action.get("type"), str):
        return None
    stored: dict[str, Any] = {"type": action["type"]}
    for key in ("destination", "sound", "playSound", "display"):
        value = action.get(key)
        if value is None:
            continue
        collection = ACTION_REFERENCES.get(key)
        stored[key] = value if collection is None else reference(value, collection)
    return {key: value for key, value in stored.items() if value is not None}


def endpoint_extras(rep: Mapping[str, Any], record: Record) -> None:
    """The inverse of resources/endpoints.endpoint_extras (its `links` are derived: dropped)."""
    for column, field, collection in REFERENCES:
        ref = reference(rep.get(field), collection)
        if ref is not None:
            record[fixture_key(column)] = ref
    for column, field, collection in (
        ("member_refs", "members", "endpoints"),
        ("announce_sound_refs", "periodicAnnounceSounds", "sounds"),
    ):
        values = rep.get(field)
        if isinstance(values, list):
            refs = [reference(value, collection) for value in values]
            record[fixture_key(column)] = [ref for ref in refs if ref is not None]
    if isinstance(rep.get("voicemailSettings"), Mapping):
        record["voicemail"] = dict(rep["voicemailSettings"])
    items = rep.get("items")
    if isinstance(items, list):
        menu = []
        for item in items:
            action = stored_action(item.get("action")) if isinstance(item, Mapping) else None
            if action is not None and isinstance(item.get("key"), str):
                menu.append({"key": item["key"], "action": action})
        record["ivrItems"] = menu
    for column, field in (
        ("ivr_timeout_action", "timeoutAction"),
        ("ivr_invalid_action", "invalidAction"),
    ):
        action = stored_action(rep.get(field))
        if action is not None:
            record[fixture_key(column)] = action


def forwarding_extras(rep: Mapping[str, Any], record: Record) -> None:
    """A rule's endpoint is its `parent` (always a URI); its time interval a relationship."""
    endpoint = reference(rep.get("parent"), "endpoints")
    if endpoint is not None:
        record["endpointId"] = endpoint
    interval = reference(rep.get("timeInterval"), "timeintervals")
    if interval is not None:
        record["timeIntervalRef"] = interval


# The fields that are not columns, turned back into columns; calls' `links` and every `uri`,
# `parent` and resource `type` are derived again by the presenter, so they are dropped.
EXTRAS: dict[str, Extras] = {
    "phonenumbers": phonenumber_extras,
    "recordings": recording_extras,
    "endpoints": endpoint_extras,
    FORWARDING: forwarding_extras,
}


def complete_records(records: Mapping[str, list[Record]]) -> None:
    """What one record cannot know alone, filled in from the others, in place: a recording's
    `callType` (hidden; it decides whether includeLocal shows it) is that of its call, found by
    callId, else by linkedId, among the imported calls (else left out: external). Call it once
    all of a set's calls and recordings are converted."""
    by_call: dict[str, str] = {}
    by_link: dict[str, str] = {}
    for call in records.get("calls", []):
        if isinstance(call.get("callType"), str):
            by_call.setdefault(str(call.get("callId")), call["callType"])
            by_link.setdefault(str(call.get("linkedId")), call["callType"])
    for recording in records.get("recordings", []):
        if "callType" in recording:
            continue
        kind = by_call.get(str(recording.get("callId"))) or by_link.get(
            str(recording.get("linkedId"))
        )
        if kind is not None:
            recording["callType"] = kind


def customer_record(
    representation: Mapping[str, Any], creditstatus: Mapping[str, Any] | None = None
) -> Record:
    """A customer as GET /customers/{c} shows it (and, if given, its /creditstatus) -> its record
    in customers.json. Without the credit status the account is postpaid with no credit."""
    record: Record = {"id": int(representation["id"])}
    for column in table_of(Customer).columns:
        key = fixture_key(column.name)
        if column.name != "id" and representation.get(key) is not None:
            record[key] = representation[key]
    if creditstatus is not None:
        if creditstatus.get("accountType") is not None:
            record["accountType"] = creditstatus["accountType"]
        remaining = creditstatus.get("creditRemaining", creditstatus.get("balance"))
        if isinstance(remaining, int | float) and not isinstance(remaining, bool):
            record["credit"] = remaining
    return record


def user_record(user: Mapping[str, Any]) -> Record:
    """A login for users.json, without its password (passwords are never written): a set's
    login without one logs in with the password "demo"."""
    return {key: value for key, value in user.items() if key != "password"}


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_json(path: Path, data: Any) -> None:
    """All or nothing: written beside the file, then renamed over it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(dumps(data), encoding="utf-8")
    os.replace(temporary, path)


def write_collection(directory: Path, name: str, records: list[Record]) -> None:
    """`<name>.json` in the set (atomically), its records in id order."""
    if name not in TABLES:
        raise ValueError(f"{name!r} is not a collection a fixture set holds")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"  # forwardingrules.json too (seeding.fixtures.FORWARDING_FILE)
    write_json(path, sorted(records, key=lambda record: int(record["id"])))


def write_fixture_set(
    directory: Path,
    customers: list[Record],
    records: Mapping[str, list[Record]],
    users: list[Record],
    manifest: Mapping[str, Any],
) -> None:
    """A whole fixture set: customers.json, users.json (no passwords), one file per collection
    (those not in `records` empty) and the manifest mock-pbx.json (source, when, customers,
    options; `fillHistory`: true asks the seeder for older generated history)."""
    directory.mkdir(parents=True, exist_ok=True)
    complete_records(records)
    write_json(directory / CUSTOMERS_FILE, sorted(customers, key=lambda c: int(c["id"])))
    write_json(directory / USERS_FILE, [user_record(user) for user in users])
    for name in COLLECTIONS:
        write_collection(directory, name, list(records.get(name, [])))
    if FORWARDING in records:
        write_collection(directory, FORWARDING, list(records[FORWARDING]))
    write_json(directory / MANIFEST_FILE, dict(manifest))
