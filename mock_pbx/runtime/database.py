"""Storage: one engine per app, sessions serialised per process, after-commit hooks, and what makes
SQLite files and PostgreSQL safe to share between processes (see mock_pbx.runtime for the locks)."""

import asyncio
import sqlite3
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

IN_MEMORY = ("sqlite://", "sqlite:///:memory:")
T = TypeVar("T", bound=SQLModel)


def is_in_memory(url: str) -> bool:
    """A fresh database per process: nothing to share, nothing kept after the process ends."""
    return url in IN_MEMORY


def make_engine(url: str) -> Engine:
    if is_in_memory(url):
        # One shared connection, so every thread sees the same in-memory database.
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    elif url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    else:
        return create_engine(url, pool_pre_ping=True)
    event.listen(engine, "connect", sqlite_pragmas)
    event.listen(engine, "begin", begin_immediate)
    return engine


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the driver, starts transactions (see begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock at the start of every transaction: with several processes on one
    file, a transaction that read and then writes could otherwise fail with 'database is locked'
    instead of waiting its turn."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The app's engine plus a lock: SQLite gives one writer at a time, so requests take turns.
    `generation` counts the changes this process made (every commit, and every whole-database
    copy, which callers report with touch()): what kept answers are checked against."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.generation = 0
        self.plain: sqlite3.Connection | None = None  # see plain_connection
        self.pooled: Any = None
        event.listen(self.engine, "commit", lambda _connection: self.touch())
        self.lock = threading.Lock()
        self.loop_locks: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()
        self.hooks: dict[str, Callable[..., None]] = {}  # handed to every session (session.info)

    def touch(self) -> None:
        """The data changed (a commit, or pages copied in)."""
        self.generation += 1

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def shared(self) -> bool:
        """Other processes may use this database too (a file, or a server)."""
        return not is_in_memory(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for a thread: the ticker, the webhook worker, the control plane."""
        with self.lock, self.new_session() as session:
            yield session

    def new_session(self) -> Session:
        session = Session(self.engine, expire_on_commit=False)
        session.info.update(self.hooks)
        return session

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[Session]:
        """A session for a request served on the event loop, with no thread hand-off (three per
        request with a sync handler and dependency: most of a request's cost). Requests queue on
        an asyncio lock, so a waiting request never blocks the loop; then they take the thread
        lock, at once when it is free (nearly always), else waiting for it in a thread, so that a
        long holder (a reseed) never stops the loop serving what needs no database."""
        async with self.loop_lock():
            await self.acquire_on_the_loop()
            try:
                with self.new_session() as session:
                    yield session
            finally:
                self.lock.release()

    @asynccontextmanager
    async def plain_turn(self) -> AsyncIterator[sqlite3.Connection]:
        """The turn without a Session: the driver's connection of an in-memory database (its one
        connection), for the fast path's plain SQL."""
        async with self.loop_lock():
            await self.acquire_on_the_loop()
            try:
                yield self.plain_connection()
            finally:
                self.lock.release()

    def plain_connection(self) -> sqlite3.Connection:
        if self.plain is None:
            assert is_in_memory(self.url), "one shared connection only in memory"
            self.pooled = self.engine.raw_connection()  # StaticPool: the one connection, kept
            connection = self.pooled.driver_connection
            assert isinstance(connection, sqlite3.Connection)
            self.plain = connection
        return self.plain

    async def acquire_on_the_loop(self) -> None:
        if self.lock.acquire(blocking=False):
            return
        acquiring = asyncio.ensure_future(asyncio.to_thread(self.lock.acquire))
        try:
            await asyncio.shield(acquiring)
        except asyncio.CancelledError:
            # The request is gone, but the thread will still take the lock: give it back then.
            acquiring.add_done_callback(lambda _: self.lock.release())
            raise

    def loop_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()  # one per loop: test clients each run their own
        lock = self.loop_locks.get(loop)
        if lock is None:
            lock = self.loop_locks[loop] = asyncio.Lock()
        return lock

    def realign_ids(self) -> None:
        if self.engine.dialect.name != "postgresql":
            return  # SQLite has no sequences: nothing to open a transaction for
        with self.engine.begin() as connection:
            realign_sequences(connection)


def realign_sequences(executor: Any) -> None:
    """PostgreSQL sequences do not follow rows inserted with explicit ids (fixtures, restores):
    move each past its table's largest id, so new rows never collide. (SQLite needs nothing.)"""
    dialect = executor.get_bind().dialect if isinstance(executor, Session) else executor.dialect
    if dialect.name != "postgresql":
        return
    for table in SQLModel.metadata.sorted_tables:
        name = table.name
        executor.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{name}"), 0) + 1, false)'
            )
        )


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` once this session's transaction commits (events, webhooks): never for a
    rolled-back change, so nothing is announced that did not happen."""
    session.info.setdefault("after_commit", []).append(callback)


@event.listens_for(Session, "after_commit")
def run_after_commit(session: Session) -> None:
    for callback in session.info.pop("after_commit", []):
        callback()


@event.listens_for(Session, "after_rollback")
def drop_after_commit(session: Session) -> None:
    session.info.pop("after_commit", None)


@contextmanager
def sqlite_connection(engine: Engine) -> Iterator[sqlite3.Connection]:
    """The driver's own connection of a SQLite engine (for its backup API), back to the pool after."""
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, sqlite3.Connection), "a SQLite engine"
        yield connection
    finally:
        raw.close()


def copy_database(source: Engine, target: Engine) -> None:
    """Copy a whole SQLite database page by page (the backup API): milliseconds, not a reseed."""
    with sqlite_connection(source) as source_db, sqlite_connection(target) as target_db:
        source_db.backup(target_db)


def save(session: Session, row: T) -> T:
    """Commit one written row and read it back as stored."""
    session.add(row)
    session.commit()
    session.refresh(row)
    return row
