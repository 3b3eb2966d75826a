"""What a running app holds besides its routes: settings, clock, storage, events, webhooks, the
control state (journal, faults, rate limit, snapshots) and the lifecycle engine."""

import sqlite3
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from mock_pbx.clock import Clock, ManualClock, SystemClock
from mock_pbx.db import Database
from mock_pbx.engine import Ticker, earliest_due, run_due
from mock_pbx.events import EventHub
from mock_pbx.faults import Faults
from mock_pbx.journal import Journal
from mock_pbx.ratelimit import RateLimiter
from mock_pbx.settings import Settings
from mock_pbx.webhooks import Webhooks


class Runtime:
    def __init__(self, settings: Settings, clock: Clock, db: Database) -> None:
        self.settings, self.clock, self.db = settings, clock, db
        self.started_at: datetime = clock.now()  # where a reset puts a manual clock back
        self.events = EventHub()
        self.webhooks = Webhooks(self)
        self.journal = Journal(settings.journal_size)
        self.faults = Faults()
        self.ratelimit = RateLimiter(settings.rate_limit)
        self.pristine: sqlite3.Connection | None = None
        self.snapshots: dict[str, tuple[sqlite3.Connection, datetime]] = {}
        self.ticker: Ticker | None = None
        # The earliest pending step (None: none), once known, so that most requests skip the
        # step query. One process owns it: sessions are serialised by the database lock.
        self.next_due: datetime | None = None
        self.steps_known = False
        db.hooks["step_scheduled"] = self.step_scheduled

    def step_scheduled(self, due: datetime) -> None:
        if self.steps_known:
            self.next_due = due if self.next_due is None else min(self.next_due, due)

    def forget_steps(self) -> None:
        """The step table was replaced (reset, snapshot, reseed): look again next time."""
        self.steps_known = False

    def catch_up(self, session: Session) -> int:
        """Run every lifecycle step the clock has reached."""
        now = self.clock.now()
        if self.steps_known and (self.next_due is None or now < self.next_due):
            return 0
        ran = run_due(session, self, now)
        self.next_due, self.steps_known = earliest_due(session), True
        return ran

    def advance(self, seconds: float) -> int:
        """Move the clock on and run what falls due, in order."""
        self.clock.advance(seconds)
        with self.db.session() as session:
            return self.catch_up(session)

    def set_mode(self, mode: str) -> None:
        """Switch between the real and a manual clock, continuing from the current time."""
        now = self.clock.now()
        if mode == "manual" and not isinstance(self.clock, ManualClock):
            self.stop_ticker()
            self.clock = ManualClock(now)
        elif mode == "real" and not isinstance(self.clock, SystemClock):
            clock = SystemClock()
            clock.set(now)
            self.clock = clock
            self.start()

    def start(self) -> None:
        """Background work for a served app: with the real clock, steps run without requests."""
        if isinstance(self.clock, SystemClock) and self.ticker is None:
            self.ticker = Ticker(self)
            self.ticker.start()

    def stop_ticker(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None

    def stop(self) -> None:
        self.events.close_all()
        self.stop_ticker()
        self.webhooks.stop()


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
