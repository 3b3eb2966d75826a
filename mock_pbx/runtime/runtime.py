"""Runtime: what a running app holds besides its routes, and the one place that moves time.

See the package docstring (mock_pbx.runtime) for the model: where time comes from, when due
steps run, what the locks protect and how several processes share one clock."""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from mock_pbx.models.schedule import ClockState
from mock_pbx.runtime.clock import Clock, ManualClock, SystemClock
from mock_pbx.runtime.copies import DatabaseCopy
from mock_pbx.runtime.database import Database
from mock_pbx.runtime.events import EventHub
from mock_pbx.runtime.faults import Faults
from mock_pbx.runtime.journal import Journal
from mock_pbx.runtime.plainsql import session_sql
from mock_pbx.runtime.ratelimit import RateLimiter
from mock_pbx.runtime.steps import SCHEDULED_HOOK, DueStep, earliest_due, run_due
from mock_pbx.runtime.tokens import Tokens
from mock_pbx.runtime.worker import Ticker, Worker
from mock_pbx.settings import Settings

WEBHOOK_QUEUE_BOUND = 10_000  # webhook attempts waiting for the worker; more are dropped
WEBHOOK_SLOTS = 8  # webhook attempts in flight at once
StepHandler = Callable[[Session, "Runtime", DueStep], None]
WebhookJob = tuple[int, int]  # (sms id, attempt number)


@dataclass(frozen=True)
class Lifecycles:
    """What the domain runs on the runtime's time (mock_pbx.domain.lifecycles): the handler of
    each kind of step; the webhook attempt the worker makes for each job (a coroutine, on the
    worker's loop), and the record of the jobs it dropped, with why (on a thread)."""

    steps: Mapping[str, StepHandler]
    webhook: Callable[["Runtime", int, int], Awaitable[None]]
    webhooks_dropped: Callable[["Runtime", list[tuple[WebhookJob, str]]], None]


def webhook_worker(
    runtime: "Runtime", bound: int = WEBHOOK_QUEUE_BOUND, slots: int = WEBHOOK_SLOTS
) -> Worker[WebhookJob]:
    """The worker that makes `runtime`'s webhook attempts (a test may make a smaller one)."""
    lifecycles = runtime.lifecycles
    return Worker(
        lambda job: lifecycles.webhook(runtime, *job),
        lambda dropped: lifecycles.webhooks_dropped(runtime, dropped),
        "mock-pbx-webhooks",
        bound,
        slots,
    )


class Runtime:
    def __init__(
        self, settings: Settings, clock: Clock, db: Database, lifecycles: Lifecycles
    ) -> None:
        self.settings, self.clock, self.db, self.lifecycles = settings, clock, db, lifecycles
        self.started_at: datetime = clock.now()  # where a reset puts a manual clock back
        self.events = EventHub()
        self.webhooks = webhook_worker(self)
        self.journal = Journal(settings.journal_size)
        self.faults = Faults()
        self.ratelimit = RateLimiter(settings.rate_limit)
        self.tokens = Tokens()  # access and download tokens (runtime/tokens.py)
        self.pristine: DatabaseCopy | None = None  # the seeded state a reset returns to
        self.snapshots: dict[str, tuple[DatabaseCopy, datetime]] = {}
        self.ticker: Ticker | None = None
        # The earliest pending step (None: none), once known, so that most requests skip the
        # step query. One process owns it: sessions are serialised by the database lock.
        self.next_due: datetime | None = None
        self.steps_known = False
        db.hooks[SCHEDULED_HOOK] = self.step_scheduled

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
        sql = session_sql(session)  # on the session's connection: used up by its commit
        ran = run_due(sql, now, lambda step: self.run_step(session, step))
        # Another process may add steps at any time to a shared database: ask every time there.
        self.next_due, self.steps_known = earliest_due(sql), not self.db.shared
        if ran:
            session.commit()
        return ran

    def cache_token(self) -> int | None:
        """The data generation a kept answer must carry to be served now (http/cache.py), or None
        when none may be: another process may write a shared database unseen, and with steps
        unknown or one fallen due, the data is about to move on."""
        if self.db.shared or not self.steps_known:
            return None
        if self.next_due is not None and self.clock.now() >= self.next_due:
            return None
        return self.db.generation

    def run_step(self, session: Session, step: DueStep) -> None:
        self.lifecycles.steps[step.kind](session, self, step)

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
            self.ticker = Ticker(self.tick)
            self.ticker.start()

    def stop_ticker(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None

    def stop(self) -> None:
        self.events.close_all()
        self.stop_ticker()
        self.webhooks.stop()
