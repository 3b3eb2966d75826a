"""Generated traffic for one customer: SMS, calls and the recordings of recorded calls, as rows
(inserted after every customer's, below the fixtures' ids: see seeder.insert_below)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mock_pbx.domain.audio import size_for
from mock_pbx.domain.segments import count_segments
from mock_pbx.models.call import Call
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.numbers import OutgoingCallerId, PhoneNumber
from mock_pbx.models.sms import SmsMessage
from mock_pbx.seeding.world import CustomerWorld, Rows, landline, mobile, weighted

if TYPE_CHECKING:
    from faker import Faker

OUTCOMES = (("answered", 70), ("no-answer", 18), ("busy", 7), ("failed", 5))
DELIVERY = ((1, 85), (2, 4), (4, 6), (16, 5))  # deliveryStatus of historic outbound SMS


def sms_body(fake: Faker) -> str:
    # No braces or pipes: stream clients scan for them (see api-facts 6.10).
    return fake.sentence(nb_words=fake.random.randint(4, 24))


def sms_rows(world: CustomerWorld, volume: int) -> Rows:
    fake = world.fake("sms")
    senders = [n.number for n in world.existing(PhoneNumber) if n.sms_enabled]
    senders += [c.number for c in world.existing(OutgoingCallerId) if c.allow_sms]
    if not senders:
        return []
    have = len(world.existing(SmsMessage))
    rows = []
    for _ in range(world.missing(volume, have)):
        ours, theirs = fake.random.choice(senders), mobile(fake.random)
        created = world.when(fake.random)  # drawn before the body: the same seed, the same data
        body = sms_body(fake)
        row = {"customer_id": world.customer_id, "created": created, "body": body}
        if fake.random.random() < 0.6:
            status, segments = weighted(fake.random, DELIVERY), count_segments(body)
            row.update(
                direction="out",
                sender=ours,
                to=theirs,
                cost=round(world.settings.sms_price * segments, 3),
                delivery_status=status,
                send_status="failed" if status == 16 else "sent",
                credits_used=segments,
            )
        else:
            to = ours if ours[0].isdigit() else senders[0]
            row.update(
                direction="in",
                sender=theirs,
                to=to,
                cost=0.0,
                send_status=None,
                delivery_status=None,
                credits_used=None,
            )
        rows.append(row)
    return rows


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
