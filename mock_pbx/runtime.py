"""What a running app holds besides its routes: settings, clock, storage, events, webhooks, the
control state (journal, faults, rate limit, snapshots) and the lifecycle engine."""

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlmodel import Session

from mock_pbx.clock import Clock, ManualClock, SystemClock
from mock_pbx.db import Database
from mock_pbx.engine import ClockState, Ticker, earliest_due, run_due
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
        self.pristine: Any = None  # a copy of the seeded state (mock_pbx.state)
        self.snapshots: dict[str, tuple[Any, datetime]] = {}
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
        # Another process may add steps at any time to a shared database: ask every time there.
        self.next_due, self.steps_known = earliest_due(session), not self.db.shared
        return ran

    def tick(self) -> int:
        with self.db.session() as session:
            self.sync(session)
            return self.catch_up(session)

    def advance(self, seconds: float) -> int:
        """Move the clock on and run what falls due, in order."""
        with self.db.session() as session:
            self.sync(session)
            self.clock.advance(seconds)
            self.save_clock(session)
            return self.catch_up(session)

    def set_time(self, when: datetime) -> None:
        with self.db.session() as session:
            self.sync(session)
            self.clock.set(when)
            self.save_clock(session)

    def set_mode(self, mode: str) -> None:
        """Switch between the real and a manual clock, continuing from the current time."""
        with self.db.session() as session:
            self.sync(session)
            self.use_clock(mode, self.clock.now(), None)
            self.save_clock(session)

    def use_clock(self, mode: str, now: datetime, offset: float | None) -> None:
        if mode == "manual":
            if not isinstance(self.clock, ManualClock):
                self.stop_ticker()
                self.clock = ManualClock(now)
            self.clock.set(now)
            return
        if not isinstance(self.clock, SystemClock):
            self.clock = SystemClock()
            self.start()
        if offset is None:
            self.clock.set(now)
        else:
            self.clock.offset = timedelta(seconds=offset)

    def sync(self, session: Session) -> None:
        """With a shared database, take up the clock other processes may have moved."""
        if not self.db.shared:
            return
        state = session.get(ClockState, 1)
        if state is not None:
            self.use_clock(state.mode, state.manual_now or self.clock.now(), state.offset_seconds)

    def save_clock(self, session: Session) -> None:
        """With a shared database, write the clock for the other processes."""
        if not self.db.shared:
            return
        state = session.get(ClockState, 1) or ClockState(id=1, mode="real")
        if isinstance(self.clock, ManualClock):
            state.mode, state.manual_now, state.offset_seconds = "manual", self.clock.now(), 0.0
        elif isinstance(self.clock, SystemClock):
            state.mode, state.manual_now = "real", None
            state.offset_seconds = self.clock.offset.total_seconds()
        session.add(state)
        session.commit()

    def publish_clock(self) -> None:
        with self.db.session() as session:
            self.save_clock(session)

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


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
