"""Fixtures: the spec's example records (and the users), as readable JSON in the API's spelling,
loaded with their exact ids."""

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel

from mock_pbx.wire.models import FIELD_NAMES
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
