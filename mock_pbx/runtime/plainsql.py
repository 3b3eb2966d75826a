"""Plain SQL on a request's own connection, for what runs on nearly every request (lists, items,
POST /sms and /phonebook): statements written once as text with :named parameters, with no
statement building, unit of work or ORM loading (a fraction of the ORM's cost). The lean path runs
them on the in-memory database's driver connection (sqlite_sql), the routes on their session's
(session_sql): one code for both fronts."""

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any

from pydantic.fields import FieldInfo
from sqlalchemy import text
from sqlmodel import Session, SQLModel

Execute = Callable[[str, dict[str, Any]], list[Any]]
Hooks = Mapping[str, Callable[..., None]]
KEPT_SQL = "plain_sql"  # session.info: the Sql of its current transaction


class Sql:
    """Runs statements; `hooks` are the database's (told of new steps: runtime.steps)."""

    def __init__(
        self, execute: Execute, hooks: Hooks, dialect: str, session: Session | None = None
    ) -> None:
        self.execute, self.hooks, self.dialect, self.session = execute, hooks, dialect, session

    def rows(
        self, sql: str, values: dict[str, Any], make: Callable[[Any], Any] | None = None
    ) -> list[Any]:
        """The statement's rows (a write's RETURNING), as tuples or made by `make`."""
        if self.session is not None:
            self.session.flush()  # what the ORM holds unwritten is seen by this statement
        found = self.execute(sql, values)
        if self.session is not None and sql.startswith(("UPDATE", "DELETE")):
            self.session.expire_all()  # and the ORM reads again the rows this one changed
        return found if make is None else [make(row) for row in found]

    def one(self, sql: str, values: dict[str, Any]) -> Any | None:
        found = self.rows(sql, values)
        return found[0] if found else None


def insert(sql: Sql, table: type[SQLModel], values: dict[str, Any]) -> int:
    """A new row of `table` with these values, its other columns at the model's defaults, as
    the ORM would store it; its id."""
    row = {name: info.get_default(call_default_factory=True) for name, info in optional(table)}
    row.update(values)
    (new_id,) = sql.rows(insert_sql(table.__tablename__, tuple(row)), row)[0]
    return int(new_id)


@cache
def optional(table: type[SQLModel]) -> tuple[tuple[str, FieldInfo], ...]:
    """The columns a new row may take from the model's defaults (not id: the database's)."""
    fields = table.model_fields.items()
    return tuple((n, info) for n, info in fields if n != "id" and not info.is_required())


@cache
def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names, values = ", ".join(f'"{c}"' for c in columns), ", ".join(f":{c}" for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({values}) RETURNING id'


def sqlite_value(value: Any) -> Any:
    """As SQLAlchemy stores it in SQLite: a time as UTC text, 2014-03-10 13:37:00.000000."""
    if not isinstance(value, datetime):
        return value
    utc = value.astimezone(UTC) if value.tzinfo is not None else value
    return f"{utc:%Y-%m-%d %H:%M:%S.%f}"


def stored_time(value: datetime | str) -> datetime:
    """A time read with plain SQL as the ORM reads it (sqlmodel's UTCDateTime): in UTC, where
    SQLite gives back the text it keeps and PostgreSQL a time without its zone."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def sqlite_sql(connection: sqlite3.Connection, hooks: Hooks) -> Sql:
    def execute(sql: str, values: dict[str, Any]) -> list[Any]:
        if any(isinstance(value, datetime) for value in values.values()):
            values = {key: sqlite_value(value) for key, value in values.items()}
        return connection.execute(sql, values).fetchall()

    return Sql(execute, hooks, "sqlite")


def session_sql(session: Session) -> Sql:
    """On the session's connection, in its transaction: on SQLite its driver's own (the shortest
    way), elsewhere through SQLAlchemy, which turns :named parameters into the driver's. One for
    each transaction of the session (finding its connection is most of the cost)."""
    transaction = session.get_transaction()
    kept = session.info.get(KEPT_SQL)
    if transaction is not None and kept is not None and kept[0] is transaction:
        same: Sql = kept[1]
        return same
    sql = new_session_sql(session)
    session.info[KEPT_SQL] = (session.get_transaction(), sql)
    return sql


def new_session_sql(session: Session) -> Sql:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)  # the SQLite dialect's driver
        plain = sqlite_sql(driver, session.info)
        return Sql(plain.execute, session.info, "sqlite", session)

    def execute(sql: str, values: dict[str, Any]) -> list[Any]:
        result = connection.execute(text(sql), values)
        return list(result.all()) if result.returns_rows else []

    return Sql(execute, session.info, connection.dialect.name, session)


@contextmanager
def sqlite_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One transaction on a driver connection that SQLAlchemy set to start none by itself
    (runtime.database): all of a write, or none of it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
