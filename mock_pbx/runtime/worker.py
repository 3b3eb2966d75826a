"""The two background threads of a served app: the ticker, which runs due steps with the real
clock, and the job worker, which makes slow outbound calls (webhooks) off the request path.

The worker is one thread running an asyncio loop with a few attempts in flight at once, rather
than a pool of threads: an attempt is a coroutine, so `asyncio.timeout` bounds it as a whole
(connect, send and read together: a thread blocked in a socket read can only be given a timeout
per read, which a receiver trickling a byte at a time never reaches), and a slow receiver holds
one slot of the loop, not the others. The database is never touched on that loop: an attempt's
handler reads and records through `asyncio.to_thread`, since Database.lock is a thread lock."""

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Job = TypeVar("Job")
log = logging.getLogger("mock_pbx.worker")


class Ticker:
    """Calls `tick` every `interval` seconds until stopped, so events and webhooks go out with
    the real clock without waiting for a request. A tick that raises is logged, and the next one
    runs as usual: one bad step must not stop every SMS after it."""

    def __init__(self, tick: Callable[[], object], interval: float = 0.2) -> None:
        self.tick, self.interval = tick, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="mock-pbx-ticker", daemon=True)
        self.failures = 0  # ticks that raised in a row

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def loop(self) -> None:
        while not self.stopped.wait(self.interval):
            self.tick_once()

    def tick_once(self) -> None:
        try:
            self.tick()
        except Exception:
            self.failures += 1
            if self.failures == 1:  # the traceback once, not five times a second
                log.exception("a tick failed; ticking on")
            return
        if self.failures:
            log.warning("ticking again after %d failed ticks", self.failures)
            self.failures = 0


Dropped = tuple[Job, str]  # a job never attempted, and why


@dataclass
class Run(Generic[Job]):
    """One start of a worker: its loop and what waits on it (a stopped worker starts afresh)."""

    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)
    jobs: asyncio.Queue[Job] = field(default_factory=asyncio.Queue)
    drops: asyncio.Event = field(default_factory=asyncio.Event)  # set: dropped jobs to record
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: int = 0  # submitted, not yet in a slot


class Worker(Generic[Job]):
    """Makes `attempt(job)` for each submitted job, in the order submitted, at most `slots` at
    once, on one thread started on the first job. At most `bound` jobs wait for a slot; past
    that a job is dropped and handed, with the reason, to `record_dropped`, which runs on a
    thread of its own (at most `dropped_bound` wait for it; any more are only counted, `lost`)."""

    def __init__(
        self,
        attempt: Callable[[Job], Awaitable[None]],
        record_dropped: Callable[[list[Dropped[Job]]], None],
        name: str,
        bound: int,
        slots: int = 8,
        dropped_bound: int = 1_000,
    ) -> None:
        self.attempt, self.record_dropped, self.name = attempt, record_dropped, name
        self.bound, self.slots, self.dropped_bound = bound, slots, dropped_bound
        self.lock = threading.Lock()  # guards what follows; never held while waiting
        self.run: Run[Job] | None = None
        self.thread: threading.Thread | None = None
        self.dropped: list[Dropped[Job]] = []  # for record_dropped
        self.lost = self.lost_logged = 0  # dropped and not even recorded

    def submit(self, job: Job) -> None:
        """Queue `job` without blocking, from any thread: an after-commit callback calls this
        while its thread holds the database lock, so it opens no session."""
        with self.lock:
            run = self.run or self.start()
            if run.waiting < self.bound:
                run.waiting += 1
                run.loop.call_soon_threadsafe(run.jobs.put_nowait, job)
            elif len(self.dropped) < self.dropped_bound:
                self.dropped.append((job, f"dropped: {self.bound:,} attempts already waiting"))
                run.loop.call_soon_threadsafe(run.drops.set)
            else:
                self.lost += 1

    def start(self) -> Run[Job]:
        self.run = Run()
        self.thread = threading.Thread(target=self.work, args=(self.run,), name=self.name)
        self.thread.daemon = True
        self.thread.start()
        return self.run

    def stop(self) -> None:
        """End the thread; attempts in flight or waiting are abandoned (and logged)."""
        with self.lock:
            run, thread, self.run, self.thread = self.run, self.thread, None, None
        if run is not None and thread is not None:
            run.loop.call_soon_threadsafe(run.stopping.set)
            thread.join(timeout=5)

    def work(self, run: Run[Job]) -> None:
        with asyncio.Runner(loop_factory=lambda: run.loop) as runner:
            runner.run(self.serve(run))

    async def serve(self, run: Run[Job]) -> None:
        tasks = [asyncio.create_task(self.take_jobs(run)) for _ in range(self.slots)]
        tasks.append(asyncio.create_task(self.write_drops(run)))
        await run.stopping.wait()
        for task in tasks:
            task.cancel()
        if run.waiting or self.dropped:
            message = "%s stopped: %d attempts were waiting, %d dropped ones not recorded"
            log.warning(message, self.name, run.waiting, len(self.dropped))

    async def take_jobs(self, run: Run[Job]) -> None:
        while True:
            job = await run.jobs.get()
            with self.lock:
                run.waiting -= 1
            try:
                await self.attempt(job)
            except Exception:
                log.exception("%s: the attempt of %r failed", self.name, job)

    async def write_drops(self, run: Run[Job]) -> None:
        while True:
            await run.drops.wait()
            run.drops.clear()
            with self.lock:
                batch, self.dropped = self.dropped, []
                lost, self.lost_logged = self.lost - self.lost_logged, self.lost
            if lost:
                log.warning("%s: %d dropped attempts could not even be recorded", self.name, lost)
            try:
                await asyncio.to_thread(self.record_dropped, batch)
            except Exception:
                log.exception("%s: recording %d dropped attempts failed", self.name, len(batch))
