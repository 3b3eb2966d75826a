"""The emulator's own bookkeeping of time: pending lifecycle steps, and the shared clock."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class Step(SQLModel, table=True):
    """One pending transition: at `due`, run the handler of `kind` on the row `ref`."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(index=True)  # whose row it moves: a per-customer reset drops it
    due: datetime = Field(index=True)
    kind: str
    ref: int
    stage: int = 0


class ClockState(SQLModel, table=True):
    """The clock, where processes sharing a database all read it: one row."""

    id: int = Field(default=1, primary_key=True)
    mode: str  # real or manual
    manual_now: datetime | None = None
    offset_seconds: float = 0.0
