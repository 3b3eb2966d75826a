"""Events for /api/v1/stream: built in request or step threads, delivered to each listener's loop."""

import asyncio
import contextlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from mock_pbx.runtime.database import after_commit

QUEUE_BOUND = 1000  # per listener; a listener that falls this far behind loses its oldest events


def event_body(name: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    # Key order matters to stream clients that scan raw text: event first, values last.
    return {"event": name, "location": None, "values": values or {}}


def encode(event: dict[str, Any]) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode() + b"\n"


@dataclass(eq=False)
class Listener:
    customers: frozenset[int]
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[dict[str, Any] | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_BOUND)
    )

    def offer(self, event: dict[str, Any] | None) -> None:
        """Runs on the listener's loop: keep the newest events if the client reads too slowly."""
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(event)


class EventHub:
    """Who is listening to which customers' events."""

    def __init__(self) -> None:
        self.listeners: set[Listener] = set()
        self.lock = threading.Lock()

    def subscribe(self, customers: frozenset[int]) -> Listener:
        listener = Listener(customers, asyncio.get_running_loop())
        with self.lock:
            self.listeners.add(listener)
        return listener

    def unsubscribe(self, listener: Listener) -> None:
        with self.lock:
            self.listeners.discard(listener)

    def publish(self, customer_id: int, event: dict[str, Any]) -> None:
        with self.lock:
            targets = [x for x in self.listeners if customer_id in x.customers]
        for listener in targets:
            try:
                listener.loop.call_soon_threadsafe(listener.offer, event)
            except RuntimeError:  # its loop has closed: the client is gone
                self.unsubscribe(listener)

    def close_all(self) -> None:
        """End every stream (None tells a stream to finish), so a server can stop at once."""
        with self.lock:
            targets = list(self.listeners)
        for listener in targets:
            with contextlib.suppress(RuntimeError):
                listener.loop.call_soon_threadsafe(listener.offer, None)

    def emit(self, session: Session, customer_id: int, name: str, values: dict[str, Any]) -> None:
        """Publish once the session commits what the event announces."""
        event = event_body(name, values)
        after_commit(session, lambda: self.publish(customer_id, event))
