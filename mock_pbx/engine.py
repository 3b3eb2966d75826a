"""The lifecycle engine: steps scheduled on the clock (an SMS reaching its handset, a call hanging
up) are stored as rows and run in due order, on every request, on clock moves and by a ticker."""

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Field, Session, SQLModel, select

StepHandler = Callable[[Session, Any, "Step"], None]
HANDLERS: dict[str, StepHandler] = {}


class Step(SQLModel, table=True):
    """One pending transition: at `due`, run the handler of `kind` on the row `ref`."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(index=True)  # whose row it moves: a per-customer reset drops it
    due: datetime = Field(index=True)
    kind: str
    ref: int
    stage: int = 0


def handles(kind: str) -> Callable[[StepHandler], StepHandler]:
    def register(handler: StepHandler) -> StepHandler:
        HANDLERS[kind] = handler
        return handler

    return register


def schedule(
    session: Session, due: datetime, kind: str, ref: int, stage: int, customer_id: int
) -> None:
    session.add(Step(due=due, kind=kind, ref=ref, stage=stage, customer_id=customer_id))
    if noticed := session.info.get("step_scheduled"):
        noticed(due)


def cancel(session: Session, kind: str, ref: int) -> None:
    """Drop the pending steps of one row (a call decided by hand no longer follows its plan)."""
    session.execute(delete(Step).where(Step.kind == kind, Step.ref == ref))  # type: ignore[arg-type]


def later(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=seconds)


def run_due(session: Session, runtime: Any, until: datetime) -> int:
    """Run every step due by `until`, earliest first, including the ones they schedule; each
    handler takes its step's own due time as "now", so records carry the time things happened."""
    count = 0
    while step := next_due(session, until):
        session.delete(step)
        HANDLERS[step.kind](session, runtime, step)
        session.flush()
        count += 1
    if count:
        session.commit()
    return count


def earliest_due(session: Session) -> datetime | None:
    return session.exec(select(func.min(Step.due))).one()


def next_due(session: Session, until: datetime) -> Step | None:
    """The earliest due step; on PostgreSQL, one that no other process is running (SKIP LOCKED)."""
    statement = select(Step).where(Step.due <= until).order_by(Step.due, Step.id).limit(1)  # type: ignore[arg-type]
    return session.exec(statement.with_for_update(skip_locked=True)).first()


class ClockState(SQLModel, table=True):
    """The clock, where processes sharing a database all read it: one row."""

    id: int = Field(default=1, primary_key=True)
    mode: str  # real or manual
    manual_now: datetime | None = None
    offset_seconds: float = 0.0


class Ticker:
    """With the real clock, runs due steps every `interval` seconds so events and webhooks go out
    without waiting for a request."""

    def __init__(self, runtime: Any, interval: float = 0.2) -> None:
        self.runtime, self.interval = runtime, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="mock-pbx-ticker", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def loop(self) -> None:
        while not self.stopped.wait(self.interval):
            self.runtime.tick()
