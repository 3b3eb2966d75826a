"""Lifecycle steps: transitions scheduled on the clock (an SMS reaching its handset, a call hanging
up), stored as rows (mock_pbx.models.schedule.Step) and run in due order. Which code runs for a
step's `kind` is the runtime's table of handlers (mock_pbx.domain.lifecycles)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete
from sqlmodel import Session, col

from mock_pbx.models.schedule import Step
from mock_pbx.runtime.plainsql import Sql, insert, stored_time

SCHEDULED_HOOK = "step_scheduled"  # a hook (Database.hooks): told the due time of every new step


def schedule(sql: Sql, due: datetime, kind: str, ref: int, stage: int, customer_id: int) -> None:
    values = {"due": due, "kind": kind, "ref": ref, "stage": stage, "customer_id": customer_id}
    insert(sql, Step, values)
    if noticed := sql.hooks.get(SCHEDULED_HOOK):
        noticed(due)


def cancel(session: Session, kind: str, ref: int) -> None:
    """Drop the pending steps of one row (a call decided by hand no longer follows its plan)."""
    session.execute(delete(Step).where(col(Step.kind) == kind, col(Step.ref) == ref))


def later(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=seconds)


class DueStep(NamedTuple):
    """A step as its handler reads it (mock_pbx.models.schedule.Step's columns)."""

    id: int
    customer_id: int
    due: datetime
    kind: str
    ref: int
    stage: int


NEXT_DUE = (
    'SELECT "id", "customer_id", "due", "kind", "ref", "stage" FROM "step" WHERE "due" <= :until'
    ' ORDER BY "due", "id" LIMIT 1'
)
DONE = 'DELETE FROM "step" WHERE id = :id'
EARLIEST = 'SELECT min("due") FROM "step"'


def run_due(sql: Sql, until: datetime, run: Callable[[DueStep], None]) -> int:
    """Run every step due by `until`, earliest first, including the ones they schedule; each
    handler takes its step's own due time as "now", so records carry the time things happened.
    The caller commits."""
    count = 0
    while step := next_due(sql, until):
        sql.rows(DONE, {"id": step.id})
        run(step)
        count += 1
    return count


def next_due(sql: Sql, until: datetime) -> DueStep | None:
    """The earliest due step; on PostgreSQL, one that no other process is running (SKIP LOCKED)."""
    locking = " FOR UPDATE SKIP LOCKED" if sql.dialect == "postgresql" else ""
    found = sql.one(NEXT_DUE + locking, {"until": until})
    if found is None:
        return None
    return DueStep(found[0], found[1], stored_time(found[2]), *found[3:])


def earliest_due(sql: Sql) -> datetime | None:
    found = sql.one(EARLIEST, {})
    return stored_time(found[0]) if found is not None and found[0] is not None else None
