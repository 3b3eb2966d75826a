"""Scenarios: JSON files that set exact records (and credit, and the clock) on top of the current
state, for a test to arrange what it needs. Format in the README; examples in fixtures/scenarios/."""

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, col

from mock_pbx.models.base import CustomerOwned
from mock_pbx.models.customer import Customer
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.seeding.fixtures import FIXTURES_DIR, column_values
from mock_pbx.wire.errors import NotFound, ValidationFailed
from mock_pbx.wire.query import parse_instant

Tables = Mapping[str, type[SQLModel]]  # collection name -> its table (customers included)

SCENARIO_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SCENARIOS_DIR = FIXTURES_DIR / "scenarios"
CUSTOMER_FIELDS = {"accountType": "account_type", "credit": "credit"}


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
    """Everything in one transaction: a scenario with a mistake changes nothing."""
    if not isinstance(scenario, dict):
        raise ValidationFailed([("body", "a scenario is a JSON object")])
    try:
        counts = apply_parts(session, runtime, tables, scenario)
        session.commit()
        runtime.save_clock(session)
    except (TypeError, ValueError, KeyError, SQLAlchemyError) as exc:
        session.rollback()
        raise ValidationFailed(
            [("records", f"{type(exc).__name__}: {exc}"[:300])], "Scenario not applied"
        ) from None
    return counts


def apply_parts(
    session: Session, runtime: Runtime, tables: Tables, scenario: dict[str, Any]
) -> dict[str, int]:
    default_customer = int(scenario.get("customer", 25))
    records = scenario.get("records", {})
    unknown = set(records) - set(tables)
    if unknown:
        raise ValueError(f"unknown collections {sorted(unknown)}; known: {sorted(tables)}")
    for name in scenario.get("replace", []):
        owned = tables[name]
        if not issubclass(owned, CustomerOwned):
            raise ValueError(f"{name} is not a customer's collection: it cannot be replaced")
        session.execute(delete(owned).where(col(owned.customer_id) == default_customer))
    for change in scenario.get("customers", []):
        update_customer(session, change)
    counts = {}
    for name, rows in records.items():
        table = tables[name]
        for record in rows:
            values = column_values(
                {
                    "customerId": default_customer,
                    "created": runtime.clock.now().isoformat(),
                    **record,
                }
            )
            session.merge(table(**values))
        counts[name] = len(rows)
    session.flush()
    if "clock" in scenario:
        runtime.clock.set(parse_instant("clock", scenario["clock"]))
    return counts


def update_customer(session: Session, change: dict[str, Any]) -> None:
    customer = session.get(Customer, int(change["id"]))
    if customer is None:
        raise ValueError(f"no customer {change['id']}")
    for key, column in CUSTOMER_FIELDS.items():
        if key in change:
            setattr(customer, column, change[key])
    session.add(customer)
