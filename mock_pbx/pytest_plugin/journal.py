"""The request journal as a test reads it: bodies parsed, requests matched (method, path glob,
body subset, status), and a verification whose failure lists what the API received."""

import json
from dataclasses import dataclass
from typing import Any

from mock_pbx.runtime.faults import path_matches
from mock_pbx.wire.uris import API_PREFIX

SHOWN_ENTRIES = 30  # the newest; a failure message listing 10,000 requests helps nobody
SHOWN_BODY = 200  # characters of each body


def api_path(path: str) -> str:
    """A path relative to /api/v1 made whole (a whole one stays): `/customers/me/sms`."""
    if path.startswith(API_PREFIX):
        return path
    return API_PREFIX + ("" if path.startswith("/") else "/") + path


def parsed_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A journal entry with its `body` parsed when it is JSON; `bodyText` keeps it as sent."""
    text = entry.get("body")
    try:
        body = json.loads(text) if text else text
    except ValueError:
        body = text  # a form, plain text, or base64:... for bytes that are not UTF-8
    return {**entry, "body": body, "bodyText": text}


def contains(actual: Any, expected: Any) -> bool:
    """Whether `expected` is a subset of `actual`: objects may have more keys, at any depth;
    lists match item by item; other values are equal (so unittest.mock.ANY matches anything)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(expected == actual)


@dataclass(frozen=True)
class Wanted:
    """The requests a verification looks for."""

    method: str
    path: str
    body: Any
    status: int | None

    def matches(self, entry: dict[str, Any]) -> bool:
        return (
            self.method in ("*", entry["method"])
            and path_matches(self.path, entry["path"])
            and (self.body is None or contains(entry["body"], self.body))
            and (self.status is None or self.status == entry["status"])
        )

    def __str__(self) -> str:
        words = [f"{self.method} {self.path}"]
        if self.body is not None:
            words.append(f"with a body containing {json.dumps(self.body, default=repr)}")
        if self.status is not None:
            words.append(f"answered {self.status}")
        return " ".join(words)


def verified(
    journal: list[dict[str, Any]], wanted: Wanted, count: int | None, at_least: int | None
) -> list[dict[str, Any]]:
    """The matching entries, if there are `count` of them (or `at_least`; by default one)."""
    __tracebackhide__ = True
    if count is not None and at_least is not None:
        raise TypeError("verify() takes `count` (exactly) or `at_least`, not both")
    found = [entry for entry in journal if wanted.matches(entry)]
    if count is not None:
        expected, enough = f"exactly {count}", len(found) == count
    else:
        least = 1 if at_least is None else at_least
        expected, enough = f"at least {least}", len(found) >= least
    if not enough:
        raise AssertionError(failure(journal, wanted, expected, len(found)))
    return found


def failure(journal: list[dict[str, Any]], wanted: Wanted, expected: str, found: int) -> str:
    noun = "request" if expected.endswith(" 1") else "requests"
    lines = [f"expected {expected} {noun} {wanted}; found {found}."]
    if not journal:
        return "\n".join([*lines, "The API received no requests."])
    lines.append(f"The API received {len(journal)} (oldest first; * matches):")
    hidden = len(journal) - SHOWN_ENTRIES
    if hidden > 0:
        lines.append(f"  ... {hidden} older not shown")
    lines.extend(received(entry, wanted.matches(entry)) for entry in journal[-SHOWN_ENTRIES:])
    return "\n".join(lines)


def received(entry: dict[str, Any], matching: bool) -> str:
    """One line: `* POST /api/v1/customers/me/sms -> 201 {"to": ...}`."""
    query = f"?{entry['query']}" if entry.get("query") else ""
    line = (
        f"{'*' if matching else ' '} {entry['method']} {entry['path']}{query} -> {entry['status']}"
    )
    text = entry.get("bodyText")
    if text:
        shown = text if len(text) <= SHOWN_BODY else text[:SHOWN_BODY] + "..."
        line += f" {shown}"
    return "  " + line
