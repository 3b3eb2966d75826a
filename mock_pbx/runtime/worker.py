"""The two background threads of a served app: the ticker, which runs due steps with the real
clock, and the job worker, which makes slow outbound calls (webhooks) off the request path."""

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Job = TypeVar("Job")


class Ticker:
    """Calls `tick` every `interval` seconds until stopped, so events and webhooks go out with
    the real clock without waiting for a request."""

    def __init__(self, tick: Callable[[], object], interval: float = 0.2) -> None:
        self.tick, self.interval = tick, interval
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
            self.tick()


class Worker(Generic[Job]):
    """Runs `handle` on each submitted job, in order, in one thread started on the first job.
    The queue is bounded: past `bound` waiting jobs, new ones are dropped."""

    def __init__(self, handle: Callable[[Job], None], name: str, bound: int) -> None:
        self.handle, self.name = handle, name
        self.jobs: queue.Queue[Job | None] = queue.Queue(maxsize=bound)
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(self, job: Job) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self.work, name=self.name, daemon=True)
                self.thread.start()
        with contextlib.suppress(queue.Full):
            self.jobs.put_nowait(job)

    def stop(self) -> None:
        if self.thread is not None:
            self.jobs.put(None)
            self.thread.join(timeout=5)
            self.thread = None

    def work(self) -> None:
        while (job := self.jobs.get()) is not None:
            self.handle(job)
