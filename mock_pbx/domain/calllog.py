"""What a finished call leaves behind: its call records (legs sharing a linkedId), the charge for
it, a recording when its endpoint records, and the callended event."""

import math
from datetime import datetime
from typing import Any

from sqlmodel import Session

from mock_pbx.domain.audio import size_for
from mock_pbx.domain.credit import debit
from mock_pbx.models.call import Call, LiveCall
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.recording import Recording
from mock_pbx.runtime.plainsql import session_sql
from mock_pbx.runtime.runtime import Runtime


def finish_call(
    session: Session, runtime: Runtime, call: LiveCall, ended: datetime, final: bool = True
) -> None:
    """The call (leg) ends: its records, charge and recording; callended unless the call goes
    on in another leg (`final` False: a forwarded call, domain/telephony.end_unanswered)."""
    answered = call.answered_at is not None
    call.state, call.ended_at = "ended", ended
    call.outcome = "answered" if answered else call.planned_outcome
    call.duration = round((ended - call.answered_at).total_seconds()) if call.answered_at else 0
    session.add(call)
    endpoint = session.get(Endpoint, call.endpoint_id)
    assert endpoint is not None
    if call.direction == "IN":
        record = inbound_leg(session, call, endpoint)
    elif is_continuation(call):
        record = forwarded_leg(session, runtime, call, endpoint)
    else:
        record = originated_legs(session, runtime, call, endpoint)
    if answered and endpoint.call_recording == "ALWAYS":
        session.add(recording_of(record, endpoint))
    if not final:
        return
    runtime.events.emit(
        session,
        call.customer_id,
        "callended",
        {
            "callId": record.call_id,
            "linkedId": call.linked_id,
            "direction": record.direction,
            "from": record.sender,
            "to": record.to,
            "outcome": call.outcome,
            "duration": call.duration,
            "endpoint": f"/customers/{call.customer_id}/endpoints/{endpoint.id}",
        },
    )


def leg(call: LiveCall, endpoint_id: int, call_id: str, **fields: Any) -> Call:
    """One call record of an ended call (finish_call has set its end and outcome)."""
    assert call.ended_at is not None and call.outcome is not None
    return Call(
        customer_id=call.customer_id,
        created=call.ended_at,
        call_started=call.created,
        outcome=call.outcome,
        duration=call.duration,
        call_id=call_id,
        linked_id=call.linked_id,
        endpoint_id=endpoint_id,
        **fields,
    )


def originated_legs(session: Session, runtime: Runtime, call: LiveCall, endpoint: Endpoint) -> Call:
    """Click-to-dial leaves two records: the PBX ringing the endpoint (a local leg, shown with
    includeLocal=true) and the endpoint's call out, which carries the cost."""
    name = f"{endpoint.name} <{endpoint.short_number}>"
    session.add(
        leg(
            call,
            endpoint.id or 0,
            call.call_id,
            call_type="local",
            direction="IN",
            sender=call.remote,
            to=name,
            cost=0.0,
        )
    )
    external = call.local_endpoint_id is None
    minutes = math.ceil(call.duration / 60)
    cost = round(minutes * runtime.settings.call_price_per_minute, 3) if external else 0.0
    out = leg(
        call,
        endpoint.id or 0,
        next_leg_id(call.call_id),
        call_type="external" if external else "local",
        direction="OUT",
        sender=call.caller_id or name,
        to=call.remote,
        cost=cost,
    )
    session.add(out)
    debit(session_sql(session), call.customer_id, cost)
    return out


def is_continuation(call: LiveCall) -> bool:
    """A leg that continues another (a forwarded call): its linkedId is the first leg's."""
    return call.linked_id != call.call_id


def forwarded_leg(session: Session, runtime: Runtime, call: LiveCall, endpoint: Endpoint) -> Call:
    """A call from outside forwarded to an external number: one leg out from the endpoint
    that forwarded it, presenting the caller's number or the one called, which carries the cost."""
    minutes = math.ceil(call.duration / 60)
    cost = round(minutes * runtime.settings.call_price_per_minute, 3)
    out = leg(
        call,
        endpoint.id or 0,
        call.call_id,
        call_type="external",
        direction="OUT",
        sender=call.caller_id or call.did or "",
        to=call.remote,
        cost=cost,
    )
    session.add(out)
    debit(session_sql(session), call.customer_id, cost)
    return out


def inbound_leg(session: Session, call: LiveCall, endpoint: Endpoint) -> Call:
    record = leg(
        call,
        endpoint.id or 0,
        call.call_id,
        call_type="external",
        direction="IN",
        sender=call.remote,
        to=call.did or "",
        cost=0.0,
    )
    session.add(record)
    return record


def next_leg_id(call_id: str) -> str:
    """The second leg's Asterisk id: the same host and epoch, the next sequence number."""
    head, sequence = call_id.rsplit(".", 1)
    return f"{head}.{int(sequence) + 1}"


def recording_of(record: Call, endpoint: Endpoint) -> Recording:
    return Recording(
        customer_id=record.customer_id,
        created=record.created,
        direction=record.direction,
        party_id=endpoint.short_number,
        started=record.call_started,
        size=size_for(record.duration),
        call_id=record.call_id,
        linked_id=record.linked_id,
        endpoint_id=endpoint.id or 0,
        call_type=record.call_type,
    )
