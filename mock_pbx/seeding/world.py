"""One customer's generated world: private Faker instances, the records it has so far, and how a
resource declares its generated records (Seed)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session, col, select

from mock_pbx.models.base import CustomerOwned
from mock_pbx.models.customer import Customer
from mock_pbx.settings import Settings

if TYPE_CHECKING:  # Faker is imported only to seed (most starts copy a kept seed): see faker_for
    from faker import Faker

Table = TypeVar("Table", bound=CustomerOwned)
Rows = list[dict[str, Any]]
HISTORY_DAYS = 90
AREA_CODES = ("0121", "0113", "0161", "0117", "0114", "0115", "0131", "0141", "0191", "0118")


@dataclass(frozen=True)
class Seed:
    """How a resource's records are generated for each customer: `rows(world, volume)` returns
    the rows to add so the customer has `volume` of them at scale 1 (times the scale, at least one).
    `needs` names the resources generated first, besides those its foreign keys point at.
    `history` records (SMS, calls, recordings) are inserted after every customer's, with ids
    above the fixtures' that grow with `created` (seeder.insert_in_time_order). `relate`, if
    given, is called with the records just added, once they have ids, to fill in what refers to
    other records of the same table (a ring group's members); not for `history` records."""

    rows: Callable[[CustomerWorld, int], Rows]
    volume: int
    needs: tuple[str, ...] = ()
    history: bool = False
    relate: Callable[[CustomerWorld, list[Any]], None] | None = None


def faker_for(seed: int, customer_id: int, topic: str) -> Faker:
    """One private Faker per customer and topic: changing one volume never reshuffles the rest."""
    from faker import Faker  # lazy: ~0.3 s to import, and most starts copy a kept seed instead

    fake = Faker("en_GB")
    fake.seed_instance(f"{seed}-{customer_id}-{topic}")
    return fake


def mobile(rnd: random.Random) -> str:
    return f"07{rnd.randint(100, 999)}{rnd.randint(0, 999999):06d}"


def landline(rnd: random.Random) -> str:
    area = rnd.choice(AREA_CODES)
    return area + "".join(str(rnd.randint(0, 9)) for _ in range(11 - len(area)))


def weighted(rnd: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    return rnd.choices([v for v, _ in table], weights=[w for _, w in table])[0]


@dataclass
class CustomerWorld:
    """Tops one customer's collections up to their volumes, each row consistent with the others."""

    session: Session
    settings: Settings
    anchor: datetime  # "now" of the generated history: midnight of the day seeded
    customer_id: int
    # Rows one generator makes for another resource (the recordings of the generated calls).
    pending: dict[str, Rows] = field(default_factory=dict)
    # Filling history older than a fixture set's (its manifest's fillHistory): the anchor is its
    # oldest record, and the records it has do not count against the volumes.
    behind: bool = False

    def fake(self, topic: str) -> Faker:
        return faker_for(self.settings.seed, self.customer_id, topic)

    def account(self) -> Customer:
        """The customer's own record (the fixtures' or new_customer's, added before any Seed)."""
        customer = self.session.get(Customer, self.customer_id)
        assert customer is not None, "customers are added before their records"
        return customer

    def existing(self, table: type[Table]) -> list[Table]:
        """The customer's rows by id: a fixed order, so choices among them are the same on
        every database (PostgreSQL returns unordered rows in any order)."""
        statement = (
            select(table).where(col(table.customer_id) == self.customer_id).order_by(col(table.id))
        )
        return list(self.session.exec(statement))

    def missing(self, volume: int, have: int) -> int:
        """How many to add: the volume times the scale, at least one of everything (a world
        that fills history behind an import adds the whole volume, whatever it has)."""
        return max(0, max(1, round(volume * self.settings.scale)) - (0 if self.behind else have))

    def when(self, rnd: random.Random, days: float = HISTORY_DAYS) -> datetime:
        # Whole seconds, as the PBX's call records have.
        return self.anchor - timedelta(seconds=rnd.randint(60, int(days * 86400)))

    def add(self, table: type[Table], rows: Rows) -> list[Table]:
        """Insert the rows; the records, with their ids."""
        added = [table(customer_id=self.customer_id, **row) for row in rows]
        self.session.add_all(added)
        self.session.flush()
        return added
