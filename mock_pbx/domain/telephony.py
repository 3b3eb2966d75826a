"""Calls in progress: originated from an endpoint or arriving at a number, they ring, are answered
(or not) and hang up on the clock, leaving the call records, cost and recording the PBX leaves."""

import re
from datetime import datetime
from typing import Any, Literal

from sqlmodel import Session, col, select

from mock_pbx.domain.calllog import finish_call, is_continuation
from mock_pbx.domain.credit import check_credit
from mock_pbx.domain.endpoints.forwarding import rule_for
from mock_pbx.domain.numbers import dialled_digits, is_diallable, suffix
from mock_pbx.models.call import LiveCall
from mock_pbx.models.endpoint import ORIGINATING_TYPES, Endpoint
from mock_pbx.models.forwarding import ForwardingRule
from mock_pbx.models.numbers import OutgoingCallerId, PhoneNumber
from mock_pbx.runtime.plainsql import session_sql
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.steps import DueStep, cancel, later, schedule
from mock_pbx.wire.errors import Conflict, ValidationFailed
from mock_pbx.wire.uris import reference_id

OUTCOMES = ("answered", "no-answer", "busy", "failed")
# Outcome by the last four digits of the number called; the rest are answered.
MAGIC_OUTCOMES = {"0002": "no-answer", "0003": "busy", "0004": "failed"}
TIMED = re.compile(r"^1(\d{3})$")  # ...1DDD: answered, talks for DDD seconds
# What the handset may do to a live call (the web inbox's buttons), by the call's state, and the
# outcome a ringing call ended by hand gets: a rejected call is declined unanswered, as a
# handset's red button does. A hung-up call was answered: its outcome is `answered`.
ENDINGS = {"reject": "no-answer", "busy": "busy"}
ALLOWED = {"ringing": ("answer", *ENDINGS), "answered": ("hangup",)}
# A call offered to an endpoint in do-not-disturb (its /phonestatus) is refused at once.
REFUSED = ("busy", 0)
Action = Literal["answer", "reject", "busy", "hangup"]


def planned_outcome(number: str, default_duration: int) -> tuple[str, int]:
    """Outcome and talk time a number gets (see README: magic numbers)."""
    last = suffix(number)
    if last in MAGIC_OUTCOMES:
        return MAGIC_OUTCOMES[last], 0
    timed = TIMED.match(last)
    if timed and int(timed.group(1)) > 0:
        return "answered", int(timed.group(1))
    return "answered", default_duration


def asterisk_id(moment: datetime, sequence: int) -> str:
    """Asterisk-style unique ids, as the real records carry: host-epoch.sequence."""
    return f"ast01-{int(moment.timestamp())}.{sequence}"


def start_call(session: Session, runtime: Runtime, call: LiveCall) -> LiveCall:
    """Store a new call and put its answer (or failure) on the clock."""
    session.add(call)
    session.flush()
    call.call_id = call.linked_id = asterisk_id(call.created, 9_000_000 + (call.id or 0) * 2)
    if call.planned_outcome == "answered":
        ring, stage = runtime.settings.call_ring_seconds, 0
    else:
        ring = runtime.settings.call_no_answer_seconds if call.planned_outcome == "no-answer" else 1
        stage = 1
    due = later(call.created, ring)
    schedule(session_sql(session), due, "call", call.id or 0, stage, call.customer_id)
    return call


def endpoint_for_origination(session: Session, customer_id: int, value: Any) -> Endpoint:
    endpoint_id = reference_id(value, "endpoints")
    endpoint = session.get(Endpoint, endpoint_id) if endpoint_id is not None else None
    if endpoint is None or endpoint.customer_id != customer_id:
        raise ValidationFailed([("endpoint", "must be one of the account's endpoints")])
    if endpoint.type not in ORIGINATING_TYPES:
        raise ValidationFailed([("endpoint", f"a {endpoint.type} endpoint cannot place calls")])
    return endpoint


def caller_id_for(session: Session, customer_id: int, value: Any) -> str | None:
    if value is None:
        return None
    callerid_id = reference_id(value, "outgoingcallerids") or reference_id(
        value, "outgoingcallerid"
    )
    callerid = session.get(OutgoingCallerId, callerid_id) if callerid_id is not None else None
    if callerid is None or callerid.customer_id != customer_id or not callerid.allow_calls:
        raise ValidationFailed([("callerId", "must be an outgoing caller id approved for calls")])
    return callerid.number


def originate(session: Session, runtime: Runtime, customer_id: int, body: Any) -> LiveCall:
    """POST /calls: ring the endpoint, then dial `to` (click-to-dial)."""
    if not isinstance(body, dict):
        raise ValidationFailed([("body", "must be a JSON object")])
    if body.get("type") != "call":
        raise ValidationFailed([("type", "must be call")])
    endpoint = endpoint_for_origination(session, customer_id, body.get("endpoint"))
    to = body.get("to")
    if not isinstance(to, str) or not is_diallable(to):
        raise ValidationFailed([("to", "must be a number to call")])
    caller_id = caller_id_for(session, customer_id, body.get("callerId"))
    check_credit(session_sql(session), customer_id, 0.001, "to")
    local = by_short_number(session, customer_id, dialled_digits(to))
    outcome, duration = planned_outcome(dialled_digits(to), runtime.settings.call_duration_seconds)
    if local is not None and local.dnd_active:
        outcome, duration = REFUSED
    call = LiveCall(
        customer_id=customer_id,
        created=runtime.clock.now(),
        direction="OUT",
        endpoint_id=endpoint.id or 0,
        remote=to,
        caller_id=caller_id,
        local_endpoint_id=local.id if local else None,
        planned_outcome=outcome,
        planned_duration=duration,
    )
    return start_call(session, runtime, call)


def inbound_call(session: Session, runtime: Runtime, body: dict[str, Any]) -> LiveCall:
    """A call from outside to one of the customers' numbers: it rings the number's destination."""
    number = session.exec(select(PhoneNumber).where(col(PhoneNumber.number) == body["to"])).first()
    if number is None or number.destination_id is None:
        raise ValidationFailed([("to", "is not a routed number of any customer")])
    outcome, duration = planned_outcome(body["from"], runtime.settings.call_duration_seconds)
    outcome, duration = body.get("outcome") or outcome, body.get("duration") or duration
    destination = session.get(Endpoint, number.destination_id)
    if destination is not None and destination.dnd_active:
        outcome, duration = REFUSED
    call = LiveCall(
        customer_id=number.customer_id,
        created=runtime.clock.now(),
        direction="IN",
        endpoint_id=number.destination_id,
        remote=body["from"],
        did=number.number,
        caller_name=body.get("callerIdName") or "",
        planned_outcome=outcome,
        planned_duration=duration,
    )
    start_call(session, runtime, call)
    announce(session, runtime, call)
    return call


def announce(session: Session, runtime: Runtime, call: LiveCall) -> None:
    """incomingcall: a call from outside rings one of the account's endpoints."""
    runtime.events.emit(
        session,
        call.customer_id,
        "incomingcall",
        {
            "callerIdNumber": call.remote,
            "callerIdName": call.caller_name,
            "endpoint": f"/customers/{call.customer_id}/endpoints/{call.endpoint_id}",
            "did": call.did,
        },
    )


def by_short_number(session: Session, customer_id: int, digits: str) -> Endpoint | None:
    statement = select(Endpoint).where(
        col(Endpoint.customer_id) == customer_id, col(Endpoint.short_number) == digits
    )
    return session.exec(statement).first()


def end_unanswered(session: Session, runtime: Runtime, call: LiveCall, moment: datetime) -> None:
    """An unanswered call ends. A call from outside whose endpoint has a forwarding rule for
    its outcome (domain/endpoints/forwarding.py) goes on to the rule's destination instead: its
    leg here is recorded, and a new leg with the same linkedId rings the destination; that leg's
    end is the call's end (its outcome, the one callended). A forwarded leg is never forwarded."""
    inbound = call.direction == "IN" and not is_continuation(call)
    rule = rule_for(session, call) if inbound else None
    finish_call(session, runtime, call, moment, final=rule is None)
    if rule is not None:
        forward(session, runtime, call, rule, moment)


def forward(
    session: Session, runtime: Runtime, call: LiveCall, rule: ForwardingRule, moment: datetime
) -> LiveCall:
    """The forwarded leg: to the account's endpoint with that short number (busy if it is in
    do-not-disturb), else out to the external number (its magic suffix picks the outcome),
    presenting the caller's number (preserveId) or the number that was called."""
    number = dialled_digits(rule.destination or "")
    target = by_short_number(session, call.customer_id, number)
    talk = call.planned_duration or runtime.settings.call_duration_seconds
    if target is not None:
        outcome, duration = REFUSED if target.dnd_active else ("answered", talk)
        direction, endpoint_id, remote, caller_id = "IN", target.id or 0, call.remote, None
    else:
        outcome, duration = planned_outcome(number, talk)
        direction, endpoint_id, remote = "OUT", call.endpoint_id, number
        caller_id = call.remote if rule.preserve_id else call.did
    leg = LiveCall(
        customer_id=call.customer_id,
        created=moment,
        did=call.did,
        direction=direction,
        endpoint_id=endpoint_id,
        remote=remote,
        caller_name=call.caller_name,
        caller_id=caller_id,
        planned_outcome=outcome,
        planned_duration=duration,
    )
    start_call(session, runtime, leg)
    leg.linked_id = call.linked_id
    session.add(leg)
    if target is not None:
        announce(session, runtime, leg)
    return leg


def decide(session: Session, runtime: Runtime, call: LiveCall, action: Action) -> LiveCall:
    """Answer a ringing call now, or end it now: rejected or busy while it rings, hung up once
    answered. Its planned steps are dropped; the records follow as for any call."""
    if action not in ALLOWED.get(call.state, ()):
        raise Conflict(f"A call that is {call.state} cannot be told to {action}")
    now = runtime.clock.now()
    cancel(session, "call", call.id or 0)
    if action == "answer":
        call.state, call.answered_at, call.planned_outcome = "answered", now, "answered"
        call.planned_duration = call.planned_duration or runtime.settings.call_duration_seconds
        session.add(call)
        due = later(now, call.planned_duration)
        schedule(session_sql(session), due, "call", call.id or 0, 1, call.customer_id)
        return call
    if action in ENDINGS:
        call.planned_outcome = ENDINGS[action]
        end_unanswered(session, runtime, call, now)
    else:
        finish_call(session, runtime, call, now)
    return call


def progress_call(session: Session, runtime: Runtime, step: DueStep) -> None:
    """The step of kind "call". Stage 0: answered, and the hang-up goes on the clock; stage 1:
    the call ends."""
    call = session.get(LiveCall, step.ref)
    if call is None or call.state == "ended":
        return
    if step.stage == 0:
        call.state, call.answered_at = "answered", step.due
        session.add(call)
        due = later(step.due, call.planned_duration)
        schedule(session_sql(session), due, "call", step.ref, 1, call.customer_id)
    elif call.answered_at is None:
        end_unanswered(session, runtime, call, step.due)
    else:
        finish_call(session, runtime, call, step.due)
