"""Operations on the emulator's whole state, shared by the /_admin routes and the in-process
pytest plugin: seed (or copy in a kept seed), reset (all or one customer), snapshots."""

from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import SQLModel

from mock_pbx.runtime.clock import ManualClock, SystemClock, as_utc
from mock_pbx.runtime.copies import DatabaseCopy, release_memory, take_copy
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.seeding.cache import SeedCache, cache_dir, fingerprint
from mock_pbx.seeding.seeder import PROGRESS, Seedable, seed_database
from mock_pbx.wire.errors import Conflict, NotFound

MAX_SNAPSHOTS = 20
MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024  # all snapshots together (SQLite: their pages)


def seed_fresh(runtime: Runtime, resources: Sequence[Seedable], customer_ids: list[int]) -> None:
    """Build the schema, seed it (or copy in the same data seeded before: see cache.py), and
    keep the result as the state a reset returns to."""
    now = runtime.clock.now()
    with runtime.db.lock:
        SQLModel.metadata.drop_all(runtime.db.engine)
        SQLModel.metadata.create_all(runtime.db.engine)
    cache = seed_cache(runtime, resources, as_utc(now).date(), customer_ids)
    with runtime.db.lock:
        cached = cache is not None and cache.load_into(runtime.db.engine)
        runtime.db.touch()
    if not cached:
        settings = runtime.settings
        title = f"seeding (seed {settings.seed}, scale {settings.scale:g})"
        PROGRESS.info(title, extra={"stage": "start"})
        with runtime.db.session() as session:
            seed_database(session, resources, settings, now, customer_ids)
        if cache is not None:
            PROGRESS.info("keeping a copy in %s", cache.directory)
            with runtime.db.lock:
                cache.store_from(runtime.db.engine)
    runtime.db.realign_ids()
    keep_pristine(runtime)
    runtime.forget_steps()
    if not cached:
        PROGRESS.info("done", extra={"stage": "done"})


def seed_cache(
    runtime: Runtime, resources: Sequence[Seedable], day: date, customer_ids: list[int]
) -> SeedCache | None:
    """The kept copy for these settings, resources, day and customers (SQLite only: PostgreSQL
    seeds)."""
    directory = cache_dir(runtime.settings.seed_cache)
    if directory is None or not runtime.db.is_sqlite:
        return None
    names = [r.name for r in resources]
    return SeedCache(directory, fingerprint(runtime.settings, names, day, customer_ids))


def keep_pristine(runtime: Runtime) -> None:
    with runtime.db.lock:
        replaced, runtime.pristine = runtime.pristine, take_copy(runtime.db.engine)
    runtime.started_at = runtime.clock.now()
    if replaced is not None:
        discard(replaced)


def discard(copy: DatabaseCopy) -> None:
    copy.close()
    release_memory()


def reset(runtime: Runtime, customer_id: int | None = None) -> None:
    """Back to the seeded state: everything (data, clock, journal, faults, rate-limit windows), or
    only one customer's data, so parallel test jobs can share a server."""
    if runtime.pristine is None:
        keep_pristine(runtime)
    pristine = runtime.pristine
    assert pristine is not None  # kept just above
    with runtime.db.lock:
        if customer_id is not None:
            if not pristine.has_customer(customer_id):
                raise NotFound("No such customer")
            pristine.restore_customer(runtime.db.engine, customer_id)
            runtime.db.touch()
            runtime.forget_steps()
            return
        pristine.restore(runtime.db.engine)
        runtime.db.touch()
        runtime.db.realign_ids()
        runtime.forget_steps()
    reset_clock(runtime)
    runtime.journal.clear()
    runtime.faults.clear()
    runtime.ratelimit.reset()
    runtime.tokens.clear()


def reset_clock(runtime: Runtime) -> None:
    if isinstance(runtime.clock, ManualClock):
        runtime.clock.set(runtime.started_at)
    elif isinstance(runtime.clock, SystemClock):
        runtime.clock.offset = timedelta(0)
    runtime.publish_clock()


def save_snapshot(runtime: Runtime, name: str) -> None:
    """Keep the whole state under a name (a name taken is replaced); within MAX_SNAPSHOTS and
    MAX_SNAPSHOT_BYTES, so that a test suite saving one per test cannot fill the memory."""
    others = {key: value for key, value in runtime.snapshots.items() if key != name}
    if len(others) >= MAX_SNAPSHOTS:
        raise Conflict(f"{MAX_SNAPSHOTS} snapshots are kept at most: delete one first")
    with runtime.db.lock:
        copy = take_copy(runtime.db.engine)
    if copy.size + sum(kept.size for kept, _ in others.values()) > MAX_SNAPSHOT_BYTES:
        discard(copy)
        limit = MAX_SNAPSHOT_BYTES // 2**20
        raise Conflict(f"snapshots may hold {limit} MB together: delete one first")
    replaced = runtime.snapshots.get(name)
    runtime.snapshots[name] = (copy, runtime.clock.now())
    if replaced is not None:
        discard(replaced[0])


def delete_snapshot(runtime: Runtime, name: str) -> None:
    """Forget it, and give its memory back."""
    kept = runtime.snapshots.pop(name, None)
    if kept is not None:
        discard(kept[0])


def restore_snapshot(runtime: Runtime, name: str) -> None:
    """The whole state as saved, and a manual clock at the time it was saved."""
    if name not in runtime.snapshots:
        raise NotFound(f"No snapshot named {name}")
    copy, saved_at = runtime.snapshots[name]
    with runtime.db.lock:
        copy.restore(runtime.db.engine)
        runtime.db.touch()
        runtime.db.realign_ids()
        runtime.forget_steps()
    if isinstance(runtime.clock, ManualClock):
        runtime.clock.set(saved_at)
        runtime.publish_clock()
