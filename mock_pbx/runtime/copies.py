"""Whole-state copies of the database: the pristine seeded state that reset returns to, named
snapshots, and putting one customer's rows back from a copy. SQLite copies pages (the backup API,
about a millisecond); other databases copy rows."""

import ctypes
import ctypes.util
import sqlite3
from typing import Any

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from mock_pbx.runtime.database import sqlite_connection


def owned_tables() -> list[Table]:
    """Tables whose rows belong to one customer, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if "customer_id" in t.columns]


class SqliteCopy:
    """The whole database, copied page by page into a private in-memory database."""

    def __init__(self, engine: Engine) -> None:
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        with sqlite_connection(engine) as source:
            source.backup(self.copy)

    def has_customer(self, customer_id: int) -> bool:
        return (
            self.copy.execute("SELECT 1 FROM customer WHERE id = ?", (customer_id,)).fetchone()
            is not None
        )

    @property
    def size(self) -> int:
        """Bytes of database it holds."""
        pages = self.copy.execute("PRAGMA page_count").fetchone()[0]
        return int(pages) * int(self.copy.execute("PRAGMA page_size").fetchone()[0])

    def close(self) -> None:
        self.copy.close()

    def restore(self, engine: Engine) -> None:
        with sqlite_connection(engine) as target:
            self.copy.backup(target)

    def restore_customer(self, engine: Engine, customer_id: int) -> None:
        """Raw rows from copy to database, as SQLite stores them, in one transaction."""
        with sqlite_connection(engine) as live:
            try:
                live.execute("BEGIN IMMEDIATE")
                for table in reversed(owned_tables()):
                    delete_owned = f'DELETE FROM "{table.name}" WHERE customer_id = ?'
                    live.execute(delete_owned, (customer_id,))
                self.copy_rows(live, "customer", "id", customer_id, "INSERT OR REPLACE")
                for table in owned_tables():
                    self.copy_rows(live, table.name, "customer_id", customer_id, "INSERT")
                live.execute("COMMIT")
            except Exception:
                live.execute("ROLLBACK")
                raise

    def copy_rows(
        self, live: sqlite3.Connection, table: str, column: str, value: int, verb: str
    ) -> None:
        cursor = self.copy.execute(f'SELECT * FROM "{table}" WHERE {column} = ?', (value,))
        columns = ", ".join(f'"{d[0]}"' for d in cursor.description)
        marks = ", ".join("?" for _ in cursor.description)
        rows = cursor.fetchall()
        if rows:
            live.executemany(f'{verb} INTO "{table}" ({columns}) VALUES ({marks})', rows)


class RowsCopy:
    """Every row of every table, kept in memory (for databases without a page copy)."""

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as connection:
            self.tables = {
                t.name: [dict(r._mapping) for r in connection.execute(select(t))]
                for t in SQLModel.metadata.sorted_tables
            }

    def has_customer(self, customer_id: int) -> bool:
        return any(row["id"] == customer_id for row in self.tables["customer"])

    @property
    def size(self) -> int:
        """Unknown for rows in memory: counted as nothing (only the number of copies is bound)."""
        return 0

    def close(self) -> None:
        self.tables = {}

    def restore(self, engine: Engine) -> None:
        tables = SQLModel.metadata.sorted_tables
        with engine.begin() as connection:
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            for table in tables:
                insert_rows(connection, table, self.tables[table.name])

    def rows(self, table: Table, column: str, value: int) -> list[dict[str, Any]]:
        return [row for row in self.tables[table.name] if row[column] == value]

    def restore_customer(self, engine: Engine, customer_id: int) -> None:
        tables = owned_tables()
        customer = SQLModel.metadata.tables["customer"]
        with engine.begin() as connection:
            for table in reversed(tables):
                connection.execute(delete(table).where(table.c.customer_id == customer_id))
            connection.execute(delete(customer).where(customer.c.id == customer_id))
            insert_rows(connection, customer, self.rows(customer, "id", customer_id))
            for table in tables:
                insert_rows(connection, table, self.rows(table, "customer_id", customer_id))


DatabaseCopy = SqliteCopy | RowsCopy


def release_memory() -> None:
    """Give freed memory back to the system now (glibc keeps it for reuse otherwise, and a
    process that dropped a 100 MB copy would look 100 MB bigger for ever). Elsewhere: nothing."""
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    trim = getattr(libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


def take_copy(engine: Engine) -> DatabaseCopy:
    return SqliteCopy(engine) if engine.dialect.name == "sqlite" else RowsCopy(engine)


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), rows)
