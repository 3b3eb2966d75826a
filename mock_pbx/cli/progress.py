"""Seeding's progress on stderr, once it has taken more than a second (a fast seed, or a kept one
copied in, says nothing): a line per stage, or one line redrawn on a terminal. The stages are
the log records of mock_pbx.seeding (seeder.PROGRESS)."""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

QUIET_FOR = 1.0  # seconds of seeding before the first line (tests set 0)


class SeedingProgress(logging.Handler):
    def __init__(self, stream: TextIO, quiet_for: float, clock: Callable[[], float]) -> None:
        super().__init__(logging.INFO)
        self.stream, self.quiet_for, self.clock = stream, quiet_for, clock
        self.redraw = stream.isatty()
        self.started: float | None = None
        self.title = ""

    def emit(self, record: logging.LogRecord) -> None:
        stage, now = getattr(record, "stage", "step"), self.clock()
        if stage == "start":
            self.started, self.title = now, record.getMessage()
            return
        if self.started is None or now - self.started < self.quiet_for:
            return
        final = stage == "done"
        self.write(
            f"mock-pbx: {self.title}: {record.getMessage()} ({now - self.started:.1f} s)", final
        )
        if final:
            self.started = None

    def write(self, text: str, final: bool) -> None:
        if self.redraw:
            self.stream.write("\r\x1b[K" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


@contextmanager
def seeding_progress(
    stream: TextIO, quiet_for: float | None = None, clock: Callable[[], float] = time.monotonic
) -> Iterator[SeedingProgress]:
    """Seeding's stages written to `stream` while the block runs."""
    logger = logging.getLogger("mock_pbx.seeding")
    handler = SeedingProgress(stream, QUIET_FOR if quiet_for is None else quiet_for, clock)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
