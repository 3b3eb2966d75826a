"""Initial state: the fixtures, then deterministic Faker data around them, for every resource
declared with a Seed (mock_pbx.resources)."""

import json
import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, insert, select
from sqlmodel import Session, SQLModel

from mock_pbx.models.base import CustomerOwned, table_of
from mock_pbx.models.customer import Customer
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.forwarding import ForwardingRule
from mock_pbx.runtime.clock import as_utc
from mock_pbx.runtime.database import realign_sequences
from mock_pbx.seeding.configuration import new_customer
from mock_pbx.seeding.fixtures import (
    CUSTOMERS_FILE,
    CUSTOMERS_FIXTURE,
    FORWARDING_FILE,
    MANIFEST_FILE,
    checked_rows,
    load_fixtures,
)
from mock_pbx.seeding.world import CustomerWorld, Rows, Seed
from mock_pbx.settings import Settings

# Seeding's stages, as INFO records (the command shows them when seeding is slow: cli.progress);
# `extra={"stage": "start"}` and `"done"` mark the first and the last (operations.seed_fresh).
PROGRESS = logging.getLogger("mock_pbx.seeding")


class Seedable(Protocol):
    """What the seeder needs of a resource declaration (mock_pbx.resources.Resource)."""

    @property
    def name(self) -> str: ...

    @property
    def table(self) -> type[CustomerOwned]: ...

    @property
    def fixture(self) -> Path | None: ...

    @property
    def seed(self) -> Seed | None: ...


R = TypeVar("R", bound=Seedable)


def seeding_order(resources: Sequence[R]) -> list[R]:
    """The resources, each after those its foreign keys point at and those its Seed needs, in
    declaration order otherwise: the order to load fixtures and to generate records in."""
    by_table = {r.table.__tablename__: r.name for r in resources}

    def needs(r: R) -> set[str]:
        keys = {fk.column.table.name for fk in table_of(r.table).foreign_keys}
        return {by_table[t] for t in keys if t in by_table} | set(r.seed.needs if r.seed else ())

    ordered: list[R] = []
    pending = list(resources)
    while pending:
        placed = {r.name for r in ordered}
        ready = next((r for r in pending if needs(r) <= placed), None)
        if ready is None:
            raise ValueError(f"resources that need each other: {[r.name for r in pending]}")
        ordered.append(ready)
        pending.remove(ready)
    return ordered


def seed_database(
    session: Session,
    resources: Sequence[Seedable],
    settings: Settings,
    now: datetime,
    customer_ids: list[int],
) -> None:
    """Fixtures first, then generated records for every customer up to the target volumes; from
    a fixture set (settings.fixtures), its records only (seed_from_set)."""
    if settings.fixtures is not None:
        seed_from_set(session, resources, settings, now, Path(settings.fixtures))
        return
    order = seeding_order(resources)
    files = [("customers", Customer, CUSTOMERS_FIXTURE)]
    fixtures = load_fixtures(session, [*files, *((r.name, r.table, r.fixture) for r in order)])
    realign_sequences(session)
    # Anchored to midnight, so two servers seeded the same day serve the same bytes.
    anchor = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    known = {c.id for c in fixtures["customers"]}
    for customer_id in customer_ids:
        if customer_id not in known:
            session.add(new_customer(settings.seed, customer_id, anchor))
    session.flush()
    history: dict[str, Rows] = {r.name: [] for r in order if r.seed and r.seed.history}
    for number, customer_id in enumerate(customer_ids, start=1):
        PROGRESS.info("customer %s (%d of %d)", customer_id, number, len(customer_ids))
        world = CustomerWorld(session, settings, anchor, customer_id)
        for resource in order:
            if resource.seed is None:
                continue
            rows = resource.seed.rows(world, resource.seed.volume)
            if resource.seed.history:
                history[resource.name].extend(rows)
            else:
                added = world.add(resource.table, rows)
                if resource.seed.relate is not None:
                    resource.seed.relate(world, added)
                    session.flush()
    for resource in order:
        if resource.name in history:
            PROGRESS.info("%s: writing %d records", resource.name, len(history[resource.name]))
            insert_in_time_order(session, resource.table, history[resource.name])
    PROGRESS.info("saving")
    session.commit()


def seed_from_set(
    session: Session,
    resources: Sequence[Seedable],
    settings: Settings,
    now: datetime,
    directory: Path,
) -> None:
    """A fixture set's customers and records with their exact ids, each checked
    (fixtures.checked_rows), and nothing generated: a collection without a file is empty. Its
    endpoints' forwarding rules come after the endpoints."""
    customers = checked_rows(directory / CUSTOMERS_FILE, Customer, None)
    session.add_all(customers)
    session.flush()
    known = {customer.id for customer in customers}
    files: list[tuple[type[SQLModel], Path]] = [
        (r.table, directory / f"{r.name}.json") for r in seeding_order(resources)
    ]
    if any(table is Endpoint for table, _ in files):
        files.append((ForwardingRule, directory / FORWARDING_FILE))
    for table, path in files:
        PROGRESS.info("%s", path.name)
        session.add_all(checked_rows(path, table, known))
        session.flush()
    if set_manifest(directory).get("fillHistory") is True:
        fill_history(session, resources, settings, now, sorted(known))
    realign_sequences(session)
    PROGRESS.info("saving")
    session.commit()


def set_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST_FILE
    manifest = json.loads(path.read_text()) if path.is_file() else {}
    return manifest if isinstance(manifest, dict) else {}


def fill_history(
    session: Session,
    resources: Sequence[Seedable],
    settings: Settings,
    now: datetime,
    customer_ids: list[int],
) -> None:
    """`import --history`: generated SMS, calls and recordings before each customer's oldest
    imported one (the usual volumes, around its numbers and endpoints), numbered below the
    imported ids, so ids still grow with time."""
    history = [r for r in seeding_order(resources) if r.seed and r.seed.history]
    generated: dict[str, Rows] = {r.name: [] for r in history}
    for customer_id in customer_ids:
        PROGRESS.info("history of customer %s", customer_id)
        anchor = oldest_record(session, [r.table for r in history], customer_id) or now
        world = CustomerWorld(session, settings, as_utc(anchor), customer_id, behind=True)
        for resource in history:
            assert resource.seed is not None
            generated[resource.name] += resource.seed.rows(world, resource.seed.volume)
    for resource in history:
        insert_in_time_order(session, resource.table, generated[resource.name], before=True)


def oldest_record(
    session: Session, tables: Sequence[type[CustomerOwned]], customer_id: int
) -> datetime | None:
    oldest = [
        session.scalar(
            select(func.min(table_of(t).c.created)).where(table_of(t).c.customer_id == customer_id)
        )
        for t in tables
    ]
    found = [as_utc(moment) for moment in oldest if moment is not None]
    return min(found) if found else None


def insert_in_time_order(
    session: Session, table: type[CustomerOwned], rows: list[dict[str, Any]], before: bool = False
) -> None:
    """Generated sms, calls and recordings take ids above every id the table has (the spec's 2014
    examples), in the order they were created, across customers: as on the real service, ids grow
    with time, so these newest-first lists are newest first by date and by id at once (the
    examples come last), and records made later take ids above them all. History older than a
    fixture set's (`before`) takes the ids just below its lowest, where they fit."""
    if not rows:
        return
    ids = table_of(table).c.id
    lowest = session.scalar(select(func.min(ids)))
    if before and lowest is not None and lowest > len(rows):
        first = lowest - len(rows)
    else:
        first = (session.scalar(select(func.max(ids))) or 0) + 1
    rows.sort(key=lambda r: r["created"])  # stable: ties keep the order they were generated in
    for offset, row in enumerate(rows):
        row["id"] = first + offset
    session.execute(insert(table), rows)
