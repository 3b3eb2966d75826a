"""Fixtures: the spec's example records (and the users), as readable JSON in the API's spelling,
loaded with their exact ids."""

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, SQLModel

from mock_pbx.models.base import table_of
from mock_pbx.wire.errors import ValidationFailed
from mock_pbx.wire.models import FIELD_NAMES, wire_name
from mock_pbx.wire.query import parse_instant

FIXTURES_DIR = Path(__file__).parent.parent / "fixtures"
CUSTOMERS_FIXTURE = FIXTURES_DIR / "customers.json"
DATE_COLUMNS = {"created", "call_started", "started", "valid_from", "valid_to", "accepted_invite"}
CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def column_values(record: dict[str, Any]) -> dict[str, Any]:
    """A fixture record in the API's spelling -> table column values ('_notes' are dropped)."""
    values = {}
    for key, value in record.items():
        if key.startswith("_"):
            continue
        column = FIELD_NAMES.get(key) or CAMEL_HUMP.sub("_", key).lower()
        values[column] = parse_instant(key, value) if column in DATE_COLUMNS else value
    return values


def load_fixtures(
    session: Session, files: Sequence[tuple[str, type[SQLModel], Path | None]]
) -> dict[str, list[Any]]:
    """Insert the records of each (name, table, file), in that order, with their exact ids; a
    resource without a file (or whose file does not exist) has none."""
    loaded: dict[str, list[Any]] = {}
    for name, table, path in files:
        records = json.loads(path.read_text()) if path is not None and path.exists() else []
        loaded[name] = [table(**column_values(record)) for record in records]
        session.add_all(loaded[name])
        session.flush()
    return loaded


# A fixture set (settings.fixtures: what `mock-pbx import` and --record write): the same files in
# another directory, plus the logins without passwords, an endpoint's forwarding rules and the
# manifest. Its records are checked as they are read: a set is written by a program or by hand.
CUSTOMERS_FILE = "customers.json"
USERS_FILE = "users.json"
FORWARDING_FILE = "forwardingrules.json"  # records of /endpoints/{id}/forwardingrules
MANIFEST_FILE = "mock-pbx.json"  # source, when, customers, options; fillHistory


class FixtureSetError(ValueError):
    """A fixture set that cannot be served, in one line naming the file (and record) at fault."""


def fixture_key(column: str) -> str:
    """A column's key in a fixture record (column_values' inverse): caller_id_ref -> callerIdRef,
    sender -> from."""
    return wire_name(column)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureSetError(f"{path}: not readable JSON ({error})") from None


def read_records(path: Path) -> list[dict[str, Any]]:
    """A set's file of records (a list of objects); a file that is not there holds none."""
    if not path.exists():
        return []
    records = read_json(path)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FixtureSetError(f"{path}: not a list of records (JSON objects)")
    return records


def checked_rows(path: Path, table: type[SQLModel], customers: set[int] | None) -> list[Any]:
    """The table rows of a set's file, each checked: its keys are the table's columns, its values
    their types, its id a number not seen before, its customer one of the set's (`customers`)."""
    columns = {column.name for column in table_of(table).columns}
    rows, seen = [], set()
    for index, record in enumerate(read_records(path)):
        where = f"{path}: record {index + 1}"
        try:
            values = column_values(record)
        except ValidationFailed as error:
            raise FixtureSetError(f"{where}: {error.field_errors[0][1]}") from None
        unknown = sorted(set(values) - columns)
        if unknown:
            raise FixtureSetError(f"{where}: {fixture_key(unknown[0])!r} is not one of its fields")
        try:
            row = table.model_validate(values)
        except ValidationError as error:
            first = error.errors()[0]
            field = fixture_key(str(first["loc"][0])) if first["loc"] else "record"
            raise FixtureSetError(f"{where}: {field}: {first['msg']}") from None
        if not isinstance(record.get("id"), int) or row.id in seen:  # type: ignore[attr-defined]
            raise FixtureSetError(f"{where}: needs an id of its own (a whole number)")
        seen.add(row.id)  # type: ignore[attr-defined]
        customer = getattr(row, "customer_id", None)
        if customers is not None and customer not in customers:
            raise FixtureSetError(f"{where}: customerId {customer} is not in {CUSTOMERS_FILE}")
        rows.append(row)
    return rows
