"""Scenarios: JSON files that set exact records (and credit, and the clock) on top of the current
state, for a test to arrange what it needs. Format in the README; examples in fixtures/scenarios/."""

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, SQLModel, col

from mock_pbx.models.base import CustomerOwned
from mock_pbx.models.customer import Customer
from mock_pbx.models.endpoint import Endpoint, StoredAction, StoredItem, VoicemailSettings
from mock_pbx.models.timeinterval import TimeBlock, TimeInterval
from mock_pbx.runtime.clock import OutOfRange, check_in_range
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.seeding.fixtures import FIXTURES_DIR, column_values
from mock_pbx.wire.errors import NotFound, ValidationFailed
from mock_pbx.wire.models import wire_name
from mock_pbx.wire.query import parse_instant
from mock_pbx.wire.uris import MAX_ID

Tables = Mapping[str, type[SQLModel]]  # collection name -> its table (customers included)
Row = tuple[str, int, SQLModel]  # collection name, index in its list, the validated row

SCENARIO_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SCENARIOS_DIR = FIXTURES_DIR / "scenarios"
NOT_APPLIED = "Scenario not applied"
# A record's id: the largest a JSON number carries exactly, and far from SQLite's last
# AUTOINCREMENT id (MAX_ID), past which the API's next insert into that table would fail.
MAX_RECORD_ID = 2**53 - 1
# What an IntegrityError's text says (SQLite's, PostgreSQL's), in words without SQL in them.
CONFLICTS = (
    (("unique", "duplicate"), "a value that must be unique (a speed dial, say) is taken"),
    (("foreign key",), "a related record is missing, or other records still name one removed"),
    (("not null", "not-null"), "a required field is empty"),
)

# A JSON column's table type says only list[dict]: what its items hold is typed by the public model,
# which would fail on presenting a row that does not fit.
JSON_ITEMS: dict[tuple[type[SQLModel], str], TypeAdapter[Any]] = {
    (TimeInterval, "data"): TypeAdapter(list[TimeBlock]),
    (Endpoint, "ivr_items"): TypeAdapter(list[StoredItem] | None),
    (Endpoint, "ivr_timeout_action"): TypeAdapter(StoredAction | None),
    (Endpoint, "ivr_invalid_action"): TypeAdapter(StoredAction | None),
    (Endpoint, "voicemail"): TypeAdapter(VoicemailSettings | None),
}


class ScenarioPart(BaseModel):
    """Every part may be left out; none may be null, which would otherwise mean nothing."""

    model_config = ConfigDict(alias_generator=wire_name, populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("leave it out rather than null")
        return value


class CustomerChange(ScenarioPart):
    id: int = Field(ge=1, le=MAX_ID)
    account_type: Literal["prepaid", "postpaid"] | None = None
    credit: float | None = Field(None, allow_inf_nan=False)


class Scenario(ScenarioPart):
    description: str = ""
    customer: int = Field(25, ge=1, le=MAX_ID, description="owner of records that name none")
    clock: str | None = Field(None, description="an ISO 8601 time in the clock's range")
    customers: list[CustomerChange] = Field(default_factory=list)
    replace: list[str] = Field(default_factory=list, description="collections emptied first")
    records: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)


def scenario_names(folder: Path = SCENARIOS_DIR) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.json"))


def read_scenario(name: str, folder: Path = SCENARIOS_DIR) -> dict[str, Any]:
    path = folder / f"{name}.json"
    if not SCENARIO_NAME.match(name) or not path.is_file():
        raise NotFound(f"No scenario named {name}")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def apply_scenario(
    session: Session, runtime: Runtime, tables: Tables, scenario: Any
) -> dict[str, int]:
    """Everything is checked before anything is written, and written in one transaction: a
    scenario with a mistake changes nothing."""
    parts = parsed(scenario)
    clock = clock_time(parts)
    check_names(parts, tables)
    check_customers(session, parts)
    rows = checked_rows(session, tables, parts, runtime.clock.now())
    try:
        write(session, tables, parts, rows)
        session.commit()
    except ValidationFailed:
        session.rollback()
        raise
    if clock is not None:
        runtime.clock.set(clock)
    runtime.save_clock(session)
    return {name: len(records) for name, records in parts.records.items()}


def parsed(scenario: Any) -> Scenario:
    if not isinstance(scenario, dict):
        raise ValidationFailed([("body", "a scenario is a JSON object")], NOT_APPLIED)
    try:
        return Scenario.model_validate(scenario)
    except ValidationError as exc:
        raise not_applied(exc) from None


def clock_time(parts: Scenario) -> datetime | None:
    if parts.clock is None:
        return None
    try:
        return check_in_range(parse_instant("clock", parts.clock))
    except OutOfRange as exc:
        raise ValidationFailed([("clock", str(exc))], NOT_APPLIED) from None


def check_names(parts: Scenario, tables: Tables) -> None:
    known = f"known: {', '.join(sorted(tables))}"
    errors = [
        (f"records.{name}", f"no such collection; {known}")
        for name in parts.records
        if name not in tables
    ]
    errors += [
        (f"replace[{index}]", f"not one of a customer's collections; {known}")
        for index, name in enumerate(parts.replace)
        if owned_table(tables, name) is None
    ]
    if errors:
        raise ValidationFailed(errors, NOT_APPLIED)


def owned_table(tables: Tables, name: str) -> type[CustomerOwned] | None:
    """The table of a collection `replace` may empty: customers, for one, is not."""
    table = tables.get(name)
    return table if table is not None and issubclass(table, CustomerOwned) else None


def check_customers(session: Session, parts: Scenario) -> None:
    errors = [
        (f"customers[{index}].id", f"no customer {change.id}")
        for index, change in enumerate(parts.customers)
        if session.get(Customer, change.id) is None
    ]
    if errors:
        raise ValidationFailed(errors, NOT_APPLIED)


def checked_rows(session: Session, tables: Tables, parts: Scenario, now: datetime) -> list[Row]:
    """Each record as a row of its table, validated with the table's own types; one 400 names
    every record at fault."""
    defaults = {"customerId": parts.customer, "created": now.isoformat()}
    rows: list[Row] = []
    errors: list[tuple[str, str]] = []
    for name, records in parts.records.items():
        for index, record in enumerate(records):
            try:
                rows.append((name, index, row_of(session, tables[name], {**defaults, **record})))
            except ValidationFailed as exc:
                errors += [(f"records.{name}[{index}].{f}", m) for f, m in exc.field_errors]
    if errors:
        raise ValidationFailed(errors, NOT_APPLIED)
    return rows


def row_of(session: Session, table: type[SQLModel], record: dict[str, Any]) -> SQLModel:
    """A record naming an existing row replaces it: what it leaves out takes the column's
    default or, for a column without one, keeps the row's value (so {"id": 25, "credit": 5} in
    records.customers changes the credit only)."""
    values = column_values(record)  # raises ValidationFailed naming a date it cannot read
    try:
        row = table.model_validate({**kept_values(session, table, values.get("id")), **values})
    except ValidationError as exc:
        raise field_errors(exc) from None
    check_json_items(row)
    errors = unstorable(row)
    if errors:
        raise ValidationFailed(errors)
    return row


def unstorable(row: SQLModel) -> list[tuple[str, str]]:
    """What the table's types take and the database cannot hold, or would fail on later."""
    values = {name: getattr(row, name) for name in type(row).model_fields}
    errors = [
        (wire_name(name), "cannot be stored: numbers must be finite, integers within 64 bits")
        for name, value in values.items()
        if name != "id" and not storable(value)
    ]
    if values.get("id") is not None and not 1 <= values["id"] <= MAX_RECORD_ID:
        errors.insert(0, ("id", f"must be from 1 to {MAX_RECORD_ID}"))
    return errors


def check_json_items(row: SQLModel) -> None:
    """What the table types only as JSON, its public model types: checked as that will be."""
    for (table, column), items in JSON_ITEMS.items():
        if isinstance(row, table):
            try:
                items.validate_python(getattr(row, column))
            except ValidationError as exc:
                raise field_errors(exc, column) from None


def kept_values(session: Session, table: type[SQLModel], ident: Any) -> dict[str, Any]:
    if not (isinstance(ident, int) and 1 <= ident <= MAX_RECORD_ID):
        return {}  # a new record, or an id the table's validation refuses
    existing = session.get(table, ident)
    required = [name for name, field in table.model_fields.items() if field.is_required()]
    return {name: getattr(existing, name) for name in required} if existing else {}


def storable(value: Any) -> bool:
    """What pydantic takes and the database or a JSON answer cannot hold: integers past 64 bits,
    NaN and infinities (json.loads reads NaN, Infinity and 1e400 as floats)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return -MAX_ID - 1 <= value <= MAX_ID
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(storable(item) for item in value.values())
    if isinstance(value, list):
        return all(storable(item) for item in value)
    return True


def write(session: Session, tables: Tables, parts: Scenario, rows: list[Row]) -> None:
    for index, name in enumerate(parts.replace):
        owned = owned_table(tables, name)
        assert owned is not None  # check_names refused the others
        with conflicts_named(f"replace[{index}]"):
            session.execute(delete(owned).where(col(owned.customer_id) == parts.customer))
    for change in parts.customers:
        update_customer(session, change)
    for name, index, row in rows:
        with conflicts_named(f"records.{name}[{index}]"):
            session.merge(row)
            session.flush()  # one at a time, so that a conflict names its record


def update_customer(session: Session, change: CustomerChange) -> None:
    customer = session.get(Customer, change.id)
    for field, value in change.model_dump(exclude_unset=True, exclude={"id"}).items():
        setattr(customer, field, value)
    session.add(customer)


@contextmanager
def conflicts_named(field: str) -> Iterator[None]:
    """The database's refusal in plain words: its text holds the SQL and the values."""
    try:
        yield
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        reason = next((words for keys, words in CONFLICTS if any(k in text for k in keys)), "")
        message = "a record conflicts with the existing data" + (f": {reason}" if reason else "")
        raise ValidationFailed([(field, message)], NOT_APPLIED) from None
    except SQLAlchemyError as exc:
        message = f"the database refused a record ({type(exc).__name__})"
        raise ValidationFailed([(field, message)], NOT_APPLIED) from None


def not_applied(exc: ValidationError) -> ValidationFailed:
    return ValidationFailed([(path_of(e["loc"]), e["msg"]) for e in exc.errors()], NOT_APPLIED)


def field_errors(exc: ValidationError, *column: str) -> ValidationFailed:
    return ValidationFailed([(column_path([*column, *e["loc"]]), e["msg"]) for e in exc.errors()])


def column_path(loc: Sequence[int | str]) -> str:
    """A table's error names its column as a record spells it: ('speed_dial',) -> speedDial."""
    column, *inside = loc
    return path_of([wire_name(str(column)), *inside])


def path_of(loc: Sequence[int | str]) -> str:
    """('customers', 0, 'accountType') -> customers[0].accountType"""
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    return path.lstrip(".") or "body"
