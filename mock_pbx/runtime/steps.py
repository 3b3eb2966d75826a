"""Lifecycle steps: transitions scheduled on the clock (an SMS reaching its handset, a call hanging
up), stored as rows (mock_pbx.models.schedule.Step) and run in due order. Which code runs for a
step's `kind` is the runtime's table of handlers (mock_pbx.domain.lifecycles)."""

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from mock_pbx.models.schedule import Step
from mock_pbx.runtime.plainsql import Sql, insert

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


def run_due(session: Session, until: datetime, run: Callable[[Session, Step], None]) -> int:
    """Run every step due by `until`, earliest first, including the ones they schedule; each
    handler takes its step's own due time as "now", so records carry the time things happened."""
    count = 0
    while step := next_due(session, until):
        session.delete(step)
        run(session, step)
        session.flush()
        count += 1
    if count:
        session.commit()
    return count


def earliest_due(session: Session) -> datetime | None:
    return session.exec(select(func.min(Step.due))).one()


def next_due(session: Session, until: datetime) -> Step | None:
    """The earliest due step; on PostgreSQL, one that no other process is running (SKIP LOCKED)."""
    statement = select(Step).where(col(Step.due) <= until).order_by(col(Step.due), col(Step.id))
    return session.exec(statement.limit(1).with_for_update(skip_locked=True)).first()
