"""What a running app holds besides its routes: settings, clock, storage, events, webhooks, and the
lifecycle engine that ties them to the clock."""

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from mock_pbx.clock import Clock, SystemClock
from mock_pbx.db import Database
from mock_pbx.engine import Ticker, run_due
from mock_pbx.events import EventHub
from mock_pbx.settings import Settings
from mock_pbx.webhooks import Webhooks


class Runtime:
    def __init__(self, settings: Settings, clock: Clock, db: Database) -> None:
        self.settings, self.clock, self.db = settings, clock, db
        self.events = EventHub()
        self.webhooks = Webhooks(self)
        self.ticker: Ticker | None = None

    def catch_up(self, session: Session) -> int:
        """Run every lifecycle step the clock has reached."""
        return run_due(session, self, self.clock.now())

    def advance(self, seconds: float) -> int:
        """Move the clock on and run what falls due, in order."""
        self.clock.advance(seconds)
        with self.db.session() as session:
            return self.catch_up(session)

    def start(self) -> None:
        """Background work for a served app: with the real clock, steps run without requests."""
        if isinstance(self.clock, SystemClock) and self.ticker is None:
            self.ticker = Ticker(self)
            self.ticker.start()

    def stop(self) -> None:
        self.events.close_all()
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None
        self.webhooks.stop()


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
