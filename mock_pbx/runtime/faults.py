"""Misbehaving on purpose: fault rules (an error status, a delay, for the next N matching requests
or with a probability) and latency (global or per route, fixed or a uniform range)."""

import fnmatch
import itertools
import random
import threading
from dataclasses import dataclass, field
from typing import Any

from mock_pbx.wire.uris import API_PREFIX


def path_matches(pattern: str, path: str) -> bool:
    """Glob patterns over the request path: '*' is any run of characters, '/api/v1' optional."""
    if not pattern.startswith(API_PREFIX):
        pattern = API_PREFIX + ("" if pattern.startswith("/") else "/") + pattern
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern.rstrip("/"))


@dataclass
class Rule:
    """One fault: requests matching method and path get `status` (and/or wait delay_ms).
    Python names here; view() gives the wire's camelCase ones."""

    id: int
    path: str = "*"
    method: str = "*"
    status: int | None = None
    body: Any = None
    delay_ms: float = 0
    times: int | None = None  # None: until removed
    probability: float = 1.0
    seed: int | None = None
    fired: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and path_matches(self.path, path)

    def view(self) -> dict[str, Any]:
        """As GET /_admin/faults shows it: camelCase, like the rest of the control API."""
        return {
            "id": self.id,
            "path": self.path,
            "method": self.method,
            "status": self.status,
            "body": self.body,  # the user's JSON, whatever it holds
            "delayMs": self.delay_ms,
            "times": self.times,
            "probability": self.probability,
            "seed": self.seed,
            "fired": self.fired,
        }

    def summary(self) -> str:
        """One line for a person: 'POST /api/v1/customers/*/sms: 503 after 200 ms, 1 of 2'."""
        answer = " after ".join(
            part
            for part in (
                "" if self.status is None else str(self.status),
                f"{self.delay_ms:g} ms" if self.delay_ms else "",
            )
            if part
        )
        if self.status is None:
            answer = f"a delay of {answer}"
        count = (
            f"{self.fired} of {self.times}" if self.times is not None else f"{self.fired} so far"
        )
        chance = "" if self.probability == 1 else f", with probability {self.probability:g}"
        method = "any method" if self.method == "*" else self.method
        return f"{method} {self.path}: {answer}, {count}{chance}"

    def fired_view(self) -> dict[str, Any]:
        """What a journal entry keeps of the rule that fired for it: the rule may be gone since."""
        return {"id": self.id, "summary": self.summary()}


@dataclass
class Delay:
    """A wait of min_ms..max_ms (uniform; equal for a fixed delay), for matching requests."""

    min_ms: float
    max_ms: float
    path: str = "*"
    method: str = "*"

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and path_matches(self.path, path)

    def view(self) -> dict[str, float | str]:
        """As GET /_admin/latency shows it."""
        return {
            "minMs": self.min_ms,
            "maxMs": self.max_ms,
            "path": self.path,
            "method": self.method,
        }


@dataclass
class Faults:
    rules: list[Rule] = field(default_factory=list)
    latency: Delay | None = None
    route_latency: list[Delay] = field(default_factory=list)
    ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **spec: Any) -> Rule:
        rule = Rule(id=next(self.ids), **spec)
        rule.method = rule.method.upper()
        rule.rng = random.Random(rule.seed)
        with self.lock:
            self.rules.append(rule)
        return rule

    def remove(self, rule_id: int) -> bool:
        with self.lock:
            before = len(self.rules)
            self.rules = [r for r in self.rules if r.id != rule_id]
            return len(self.rules) < before

    def clear(self) -> None:
        with self.lock:
            self.rules, self.latency, self.route_latency = [], None, []

    def fire(self, method: str, path: str) -> Rule | None:
        """The first matching rule that fires for this request (counting it, and retiring it
        after its last time)."""
        with self.lock:
            for rule in self.rules:
                if not rule.matches(method, path) or rule.rng.random() >= rule.probability:
                    continue
                rule.fired += 1
                if rule.times is not None and rule.fired >= rule.times:
                    self.rules.remove(rule)
                return rule
        return None

    def delay_ms(self, method: str, path: str) -> float:
        with self.lock:
            routes = [d for d in self.route_latency if d.matches(method, path)]
            chosen = routes[0] if routes else self.latency
        return random.uniform(chosen.min_ms, chosen.max_ms) if chosen else 0.0
