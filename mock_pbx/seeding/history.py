"""Generated traffic for one customer: SMS, calls and the recordings of recorded calls, as rows
(inserted after every customer's, ids above the fixtures' growing with time: see
seeder.insert_in_time_order)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mock_pbx.domain.audio import size_for
from mock_pbx.domain.segments import count_segments
from mock_pbx.models.call import Call
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.numbers import OutgoingCallerId, PhoneNumber
from mock_pbx.models.sms import SmsMessage
from mock_pbx.seeding.texts import (
    OUT,
    Filler,
    Steps,
    kind_of_exchange,
    one_way,
    opts_out,
    written,
)
from mock_pbx.seeding.world import CustomerWorld, Rows, landline, mobile, weighted

if TYPE_CHECKING:
    from faker import Faker

OUTCOMES = (("answered", 70), ("no-answer", 18), ("busy", 7), ("failed", 5))
DELIVERY = ((1, 85), (2, 4), (4, 6), (16, 5))  # deliveryStatus of historic outbound SMS


def sms_rows(world: CustomerWorld, volume: int) -> Rows:
    """Conversations with the customer's customers (seeding.texts), until there are enough."""
    fake = world.fake("sms")
    senders = [n.number for n in world.existing(PhoneNumber) if n.sms_enabled]
    senders += [c.number for c in world.existing(OutgoingCallerId) if c.allow_sms]
    if not senders:
        return []
    talk = Talk(world, fake, senders, world.account().company)
    wanted = world.missing(volume, len(world.existing(SmsMessage)))
    rows: Rows = []
    while len(rows) < wanted:
        rows += talk.rows()
    return rows[:wanted]


@dataclass
class Talk:
    """One customer's SMS: each exchange between one of its lines and one mobile."""

    world: CustomerWorld
    fake: Faker
    senders: list[str]  # its numbers, and the names it may send from
    company: str

    def __post_init__(self) -> None:
        # Replies need a number to go to: a name (an alphanumeric sender id) cannot receive.
        self.lines = [s for s in self.senders if s[0].isdigit()] or self.senders
        self.regulars: list[tuple[str, str, str]] = []  # (our line, their mobile, their name)

    def contact(self, steps: Steps) -> tuple[str, str, str]:
        """Who an exchange is with, on which of our lines: one in three someone texted before
        (so a thread holds weeks of history), the others someone new; someone who opts out is
        never texted again (nor before: their exchange is their only one)."""
        rnd = self.fake.random
        if self.regulars and not opts_out(steps) and rnd.random() < 0.35:
            regular: tuple[str, str, str] = rnd.choice(self.regulars)
            return regular
        found = (rnd.choice(self.lines), mobile(rnd), self.fake.first_name())
        if not opts_out(steps):
            self.regulars.append(found)
        return found

    def rows(self) -> Rows:
        rnd = self.fake.random
        steps = kind_of_exchange(self.fake)
        (line, theirs, name), day = self.contact(steps), self.world.when(rnd)
        filler = Filler(self.fake, self.company, spoken(line), day, name)
        messages = written(self.fake, steps, filler)
        ours = rnd.choice(self.senders) if one_way(steps) else line
        stamp = self.opening(day, sum(m.gap for m in messages))
        rows = []
        for message in messages:
            stamp += timedelta(seconds=message.gap)
            row = {"customer_id": self.world.customer_id, "created": stamp, "body": message.body}
            if message.direction == OUT:
                rows.append(self.sent(row, ours, theirs))
                if row["delivery_status"] == 16:
                    break  # nobody answers a text that never arrived
            else:
                rows.append(received(row, theirs, line))
        return rows

    def opening(self, day: datetime, length: int) -> datetime:
        """When an exchange lasting `length` seconds begins: in working hours, and over before
        the history ends (world.when's days end before the anchor)."""
        rnd = self.fake.random
        begins = day.replace(hour=rnd.randint(8, 18), minute=rnd.randint(0, 59), second=0)
        latest = self.world.anchor - timedelta(seconds=length + 60)
        return min(begins + timedelta(seconds=rnd.randint(0, 59)), latest)

    def sent(self, row: dict[str, Any], ours: str, theirs: str) -> dict[str, Any]:
        status, segments = weighted(self.fake.random, DELIVERY), count_segments(row["body"])
        row.update(
            direction="out",
            sender=ours,
            to=theirs,
            cost=round(self.world.settings.sms_price * segments, 3),
            delivery_status=status,
            send_status="failed" if status == 16 else "sent",
            credits_used=segments,
        )
        return row


def received(row: dict[str, Any], theirs: str, line: str) -> dict[str, Any]:
    row.update(
        direction="in",
        sender=theirs,
        to=line,
        cost=0.0,
        send_status=None,
        delivery_status=None,
        credits_used=None,
    )
    return row


def spoken(number: str) -> str:
    """A number as a text writes it: 0121 285 4747, 07700 900123."""
    if number.startswith("07"):
        return f"{number[:5]} {number[5:]}"
    if number.startswith("02"):
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    return f"{number[:4]} {number[4:7]} {number[7:]}" if number[0] == "0" else number


class CallLog:
    """Builds call legs the way Asterisk numbers them: callId per leg, linkedId of the first leg."""

    def __init__(self, world: CustomerWorld) -> None:
        self.world, self.fake = world, world.fake("calls")
        self.phones = [e for e in world.existing(Endpoint) if e.type == "phone"]
        self.phone_by_id = {e.id: e for e in self.phones}  # a lookup per call: no list scans
        self.numbers = [n for n in world.existing(PhoneNumber) if n.destination_id is not None]
        self.sequence = 1_000_000 + world.customer_id * 10_000
        self.calls: list[dict[str, Any]] = []
        self.recordings: list[dict[str, Any]] = []

    def call_id(self, started: datetime) -> str:
        self.sequence += 1
        return f"ast01-{int(started.timestamp())}.{self.sequence}"

    def leg(self, started: datetime, endpoint: Any, **fields: Any) -> dict[str, Any]:
        outcome = fields.pop("outcome")
        duration = self.fake.random.randint(5, 900) if outcome == "answered" else 0
        row = {
            "customer_id": self.world.customer_id,
            "call_started": started,
            "outcome": outcome,
            "duration": duration,
            "created": started + timedelta(seconds=duration + 1),
            "endpoint_id": endpoint.id,
            "call_id": self.call_id(started),
            **fields,
        }
        row.setdefault("linked_id", row["call_id"])
        row.setdefault("cost", 0.0)
        self.calls.append(row)
        if outcome == "answered" and endpoint.call_recording == "ALWAYS":
            self.record(row, endpoint)
        return row

    def record(self, call: dict[str, Any], endpoint: Endpoint) -> None:
        self.recordings.append(
            {
                "customer_id": call["customer_id"],
                "created": call["created"],
                "direction": call["direction"],
                "party_id": endpoint.short_number,
                "started": call["call_started"],
                "size": size_for(call["duration"]),
                "call_id": call["call_id"],
                "linked_id": call["linked_id"],
                "endpoint_id": endpoint.id,
                "call_type": call["call_type"],
            }
        )

    def inbound(self, started: datetime, outcome: str) -> None:
        number = self.fake.random.choice(self.numbers)
        endpoint = self.phone_by_id.get(number.destination_id)
        endpoint = endpoint or self.fake.random.choice(self.phones)
        caller = mobile(self.fake.random) if self.fake.boolean() else landline(self.fake.random)
        self.leg(
            started,
            endpoint,
            call_type="external",
            direction="IN",
            sender=caller,
            to=number.number,
            outcome=outcome,
        )

    def outbound(self, started: datetime, outcome: str) -> None:
        phone = self.fake.random.choice(self.phones)
        row = self.leg(
            started,
            phone,
            call_type="external",
            direction="OUT",
            sender=f"{phone.name} <{phone.short_number}>",
            to=landline(self.fake.random),
            outcome=outcome,
        )
        price = self.world.settings.call_price_per_minute
        row["cost"] = round(math.ceil(row["duration"] / 60) * price, 3)

    def local(self, started: datetime, outcome: str) -> None:
        caller, callee = self.fake.random.sample(self.phones, 2)
        names = {
            "sender": f"{caller.name} <{caller.short_number}>",
            "to": f"{callee.name} <{callee.short_number}>",
        }
        out = self.leg(
            started, caller, call_type="local", direction="OUT", outcome=outcome, **names
        )
        self.leg(
            started,
            callee,
            call_type="local",
            direction="IN",
            outcome=outcome,
            linked_id=out["linked_id"],
            **names,
        )


def call_rows(world: CustomerWorld, volume: int) -> Rows:
    """The calls; the recordings of the recorded ones wait in world.pending for recording_rows."""
    log = CallLog(world)
    if len(log.phones) < 2 or not log.numbers:
        return []
    have = len(world.existing(Call))
    while len(log.calls) < world.missing(volume, have):
        started, outcome = world.when(log.fake.random), weighted(log.fake.random, OUTCOMES)
        kind = log.fake.random.random()
        if kind < 0.5:
            log.inbound(started, outcome)
        elif kind < 0.85:
            log.outbound(started, outcome)
        else:
            log.local(started, outcome)
    world.pending["recordings"] = log.recordings
    return log.calls


def recording_rows(world: CustomerWorld, volume: int) -> Rows:
    """The recordings call_rows made (their volume follows from the calls')."""
    return world.pending.pop("recordings", [])
