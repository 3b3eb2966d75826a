"""A queue as it stands now: the callers waiting in it (its live calls still ringing), its members
and which of them could take a call, and today's counts from its call records. Views, derived
on every request: nothing here is stored."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, or_, select

from mock_pbx.models.call import Call, LiveCall
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.runtime.clock import as_utc


@dataclass(frozen=True)
class Entry:
    """A caller waiting in the queue: its place (from 1) and how long it has waited."""

    call: LiveCall
    position: int
    wait: int  # whole seconds on the emulator's clock


@dataclass(frozen=True)
class Member:
    """One of the queue's members (an endpoint of its `members`), and whether it could answer."""

    endpoint: Endpoint
    on_call: bool
    available: bool  # neither on a call nor on do not disturb


@dataclass(frozen=True)
class Status:
    calls_waiting: int
    longest_wait: int
    members_total: int
    members_available: int
    members_on_call: int
    answered_today: int
    abandoned_today: int


def entries(session: Session, queue: Endpoint, now: datetime) -> list[Entry]:
    """The queue's calls still ringing (no member has answered), longest waiting first."""
    waiting = session.exec(
        select(LiveCall)
        .where(col(LiveCall.endpoint_id) == queue.id, col(LiveCall.state) == "ringing")
        .order_by(col(LiveCall.created), col(LiveCall.id))
    ).all()
    return [
        Entry(call, place, max(0, round((as_utc(now) - as_utc(call.created)).total_seconds())))
        for place, call in enumerate(waiting, start=1)
    ]


def members(session: Session, queue: Endpoint) -> list[Member]:
    """The queue's members in its order (one deleted since is left out). A member is on a call
    while a live call rings or talks on it, placed from it or to its short number, or while it
    talks to one of the queue's callers: the emulator does not record who answered a queue's
    call, so each answered call is taken to be with the first member otherwise free."""
    refs = [int(ref) for ref in queue.member_refs or []]
    if not refs:
        return []
    rows = session.exec(
        select(Endpoint).where(
            col(Endpoint.id).in_(refs), col(Endpoint.customer_id) == queue.customer_id
        )
    ).all()
    found = {e.id: e for e in rows}
    busy = set(
        session.exec(
            select(LiveCall.endpoint_id, LiveCall.local_endpoint_id).where(
                col(LiveCall.state) != "ended",
                or_(col(LiveCall.endpoint_id).in_(refs), col(LiveCall.local_endpoint_id).in_(refs)),
            )
        ).all()
    )
    engaged = {ref for pair in busy for ref in pair if ref is not None}
    listed = [found[ref] for ref in dict.fromkeys(refs) if ref in found]
    answered = session.exec(
        select(func.count()).where(
            col(LiveCall.endpoint_id) == queue.id, col(LiveCall.state) == "answered"
        )
    ).one()
    free = [e.id for e in listed if e.id not in engaged and not e.dnd_active]
    engaged.update(ref for ref in free[:answered] if ref is not None)
    return [Member(e, e.id in engaged, e.id not in engaged and not e.dnd_active) for e in listed]


def status(session: Session, queue: Endpoint, now: datetime) -> Status:
    """Waiting callers and members now; answered and abandoned calls since midnight (UTC) on
    the emulator's clock, from the queue's inbound call records."""
    waiting, team = entries(session, queue, now), members(session, queue)
    midnight = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    # By outcome, summed here: PostgreSQL refuses to group by `outcome = 'answered'` written
    # twice with two bound parameters (it cannot tell the two expressions are the same).
    today = session.exec(
        select(col(Call.outcome), func.count())
        .where(
            col(Call.endpoint_id) == queue.id,
            col(Call.direction) == "IN",
            col(Call.call_started) >= midnight,
        )
        .group_by(col(Call.outcome))
    ).all()
    counts = {True: 0, False: 0}
    for outcome, count in today:
        counts[outcome == "answered"] += count
    return Status(
        calls_waiting=len(waiting),
        longest_wait=max((e.wait for e in waiting), default=0),
        members_total=len(team),
        members_available=sum(m.available for m in team),
        members_on_call=sum(m.on_call for m in team),
        answered_today=counts.get(True, 0),
        abandoned_today=counts.get(False, 0),
    )
