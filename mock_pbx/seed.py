"""Initial state: the spec's example records from fixtures/, then deterministic Faker data around them."""

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel

from mock_pbx.clock import as_utc
from mock_pbx.db import realign_sequences
from mock_pbx.filters import parse_instant
from mock_pbx.resources.callbundles import CallBundle
from mock_pbx.resources.calls import Call
from mock_pbx.resources.customers import Customer
from mock_pbx.resources.endpoints import Endpoint
from mock_pbx.resources.outgoingcallerids import OutgoingCallerId
from mock_pbx.resources.phonebook import PhoneBookEntry
from mock_pbx.resources.phonenumbers import PhoneNumber
from mock_pbx.resources.recordings import Recording
from mock_pbx.resources.sms import SmsMessage
from mock_pbx.resources.sounds import Sound
from mock_pbx.resources.timeintervals import TimeInterval

FIXTURES_DIR = Path(__file__).parent / "fixtures"

# Fixture file -> table, in foreign-key order.
FIXTURE_TABLES: dict[str, type[SQLModel]] = {
    "customers": Customer,
    "endpoints": Endpoint,
    "phonenumbers": PhoneNumber,
    "outgoingcallerids": OutgoingCallerId,
    "timeintervals": TimeInterval,
    "sounds": Sound,
    "callbundles": CallBundle,
    "phonebook": PhoneBookEntry,
    "sms": SmsMessage,
    "calls": Call,
    "recordings": Recording,
}
DATE_COLUMNS = {"created", "call_started", "started", "valid_from", "valid_to"}
RENAMED = {"from": "sender"}
CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def column_values(record: dict[str, Any]) -> dict[str, Any]:
    """A fixture record in the API's spelling -> table column values ('_notes' are dropped)."""
    values = {}
    for key, value in record.items():
        if key.startswith("_"):
            continue
        column = RENAMED.get(key) or CAMEL_HUMP.sub("_", key).lower()
        values[column] = parse_instant(key, value) if column in DATE_COLUMNS else value
    return values


def load_fixtures(session: Session, fixtures_dir: Path) -> dict[str, list[Any]]:
    """Insert every fixture record with its exact id."""
    loaded: dict[str, list[Any]] = {}
    for name, table in FIXTURE_TABLES.items():
        records = json.loads((fixtures_dir / f"{name}.json").read_text())
        loaded[name] = [table(**column_values(record)) for record in records]
        session.add_all(loaded[name])
        session.flush()
    return loaded


def seed_database(
    session: Session,
    seed: int,
    scale: float,
    now: datetime,
    customer_ids: list[int],
    fixtures_dir: Path = FIXTURES_DIR,
) -> None:
    """Fixtures first, then generated records for every customer up to the target volumes."""
    from mock_pbx import fakes  # Faker is imported only to seed (most starts copy a kept seed)

    fixtures = load_fixtures(session, fixtures_dir)
    realign_sequences(session)
    # Anchored to midnight, so two servers seeded the same day serve the same bytes.
    anchor = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    known = {c.id for c in fixtures["customers"]}
    for customer_id in customer_ids:
        if customer_id not in known:
            session.add(fakes.new_customer(seed, customer_id, anchor))
    session.flush()
    history: dict[str, list[dict[str, Any]]] = {"sms": [], "calls": [], "recordings": []}
    for customer_id in customer_ids:
        world = fakes.CustomerWorld(session, seed, scale, anchor, customer_id)
        for name, rows in world.populate().items():
            history[name].extend(rows)
    for name, rows in history.items():
        insert_below(session, FIXTURE_TABLES[name], rows, [r.id for r in fixtures[name]])
    session.commit()


def insert_below(
    session: Session, table: type[SQLModel], rows: list[dict[str, Any]], fixture_ids: list[int]
) -> None:
    """Generated sms, calls and recordings take ids just below the spec's examples, oldest lowest:
    these lists are newest first, so the spec's example record stays on top of page 1, and
    records created later (ids above) come before it."""
    if not rows:
        return
    top = min(fixture_ids) if fixture_ids else len(rows) + 1
    rows.sort(key=lambda r: r["created"])
    for offset, row in enumerate(rows):
        row["id"] = top - len(rows) + offset
    session.execute(insert(table), rows)
