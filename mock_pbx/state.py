"""Whole-state copies of a SQLite database: the pristine seeded state that reset returns to, named
snapshots, and putting one customer's rows back from a copy."""

import sqlite3
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import SQLModel


def save_copy(engine: Engine) -> sqlite3.Connection:
    """The whole database, copied page by page into a private in-memory database."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    source = engine.raw_connection()
    try:
        source.driver_connection.backup(copy)  # type: ignore[union-attr]
    finally:
        source.close()
    return copy


def restore_copy(copy: sqlite3.Connection, engine: Engine) -> None:
    """Overwrite the whole database with a saved copy (milliseconds at the default scale)."""
    target = engine.raw_connection()
    try:
        copy.backup(target.driver_connection)  # type: ignore[arg-type]
    finally:
        target.close()


def owned_tables() -> list[Any]:
    """Tables whose rows belong to one customer, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if "customer_id" in t.columns]


def restore_customer(copy: sqlite3.Connection, engine: Engine, customer_id: int) -> None:
    """Put one customer's rows (and its account) back as they are in `copy`; others are untouched.
    Ids are never reused (AUTOINCREMENT), so the old rows cannot clash with anyone's new ones."""
    raw = engine.raw_connection()
    live = raw.driver_connection
    try:
        tables = owned_tables()
        for table in reversed(tables):
            live.execute(f'DELETE FROM "{table.name}" WHERE customer_id = ?', (customer_id,))
        copy_rows(copy, live, "customer", "id", customer_id, replace=True)
        for table in tables:
            copy_rows(copy, live, table.name, "customer_id", customer_id, replace=False)
        live.commit()
    except Exception:
        live.rollback()
        raise
    finally:
        raw.close()


def copy_rows(
    copy: sqlite3.Connection, live: Any, table: str, column: str, value: int, replace: bool
) -> None:
    cursor = copy.execute(f'SELECT * FROM "{table}" WHERE {column} = ?', (value,))
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    live.executemany(f'{verb} INTO "{table}" ({columns}) VALUES ({marks})', rows)
