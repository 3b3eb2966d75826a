"""Sending SMS and what happens next: validation, segments, cost, credit, and the delivery
lifecycle that the clock moves through (deliveryStatus 0 -> 8 -> 1, or a magic-number outcome)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from sqlmodel import Session, col, select

from mock_pbx.domain.credit import charge
from mock_pbx.domain.numbers import is_uk_number, suffix
from mock_pbx.domain.segments import count_segments
from mock_pbx.domain.webhooks import first_attempt
from mock_pbx.models.numbers import PhoneNumber
from mock_pbx.models.sms import SmsMessage
from mock_pbx.runtime.plainsql import Sql, insert, session_sql, stored_time
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.steps import DueStep, later, schedule
from mock_pbx.wire.errors import ValidationFailed

MAX_SEGMENTS = 10
EXCERPT_LENGTH = 100


@dataclass(frozen=True)
class Stage:
    """A status the message reaches at the end of a carrier `phase`: `accept` ends
    MOCK_PBX_SMS_ACCEPT_SECONDS after sending, `deliver` MOCK_PBX_SMS_DELIVER_SECONDS after."""

    phase: Literal["accept", "deliver"]
    send_status: str
    delivery_status: int


ACCEPTED = Stage("accept", "sent", 8)
DELIVERED = Stage("deliver", "sent", 1)
# Outcome by the last four digits of `to`; every other number is accepted, then delivered.
PLANS: dict[str, tuple[str, tuple[Stage, ...]]] = {
    "0002": ("sent", (ACCEPTED, Stage("deliver", "sent", 2))),  # rejected by the handset
    "0003": ("pending", ()),  # never leaves the queue
    "0004": ("sent", (ACCEPTED, Stage("deliver", "sent", 4))),  # buffered: phone off, stays so
    "0008": ("sent", (ACCEPTED,)),  # accepted by the carrier, no receipt ever comes
    "0016": ("sent", (Stage("accept", "failed", 16),)),  # rejected by the carrier
}
DEFAULT_PLAN = ("sent", (ACCEPTED, DELIVERED))


def plan_for(to: str) -> tuple[str, tuple[Stage, ...]]:
    return PLANS.get(suffix(to), DEFAULT_PLAN)


class SmsFields(Protocol):
    """A send request's fields, their types checked (api.sms.SmsSend)."""

    type: str
    to: str
    sender: str
    body: str


def sms_errors(sql: Sql, customer_id: int, message: SmsFields) -> list[tuple[str, str]]:
    """Every field at fault, so a client learns all of them from one 400."""
    errors = []
    if message.type != "smsmessage":
        errors.append(("type", "must be smsmessage"))
    if not is_uk_number(message.to):
        errors.append(("to", "must be a UK phone number: 07..., 44... or +44..."))
    if not may_send_from(sql, customer_id, message.sender):
        errors.append(
            ("from", "must be one of the account's SMS-enabled numbers or approved names")
        )
    if not message.body.strip():
        errors.append(("body", "may not be empty"))
    elif count_segments(message.body) > MAX_SEGMENTS:
        errors.append(("body", f"is longer than {MAX_SEGMENTS} segments"))
    return errors


SENDERS = (
    'SELECT 1 FROM "phonenumber" WHERE "customer_id" = :customer AND "number" = :sender'
    ' AND "sms_enabled" = :yes UNION ALL SELECT 1 FROM "outgoingcallerid"'
    ' WHERE "customer_id" = :customer AND "number" = :sender AND "allow_sms" = :yes LIMIT 1'
)


def may_send_from(sql: Sql, customer_id: int, sender: str) -> bool:
    """One of the customer's SMS-enabled numbers, or an outgoing caller id approved for SMS."""
    return sql.one(SENDERS, {"customer": customer_id, "sender": sender, "yes": True}) is not None


def send_sms(sql: Sql, runtime: Runtime, customer_id: int, message: SmsFields) -> int:
    """Validate, charge and queue an outbound SMS; the clock takes it from there. Its id."""
    errors = sms_errors(sql, customer_id, message)
    if errors:
        raise ValidationFailed(errors)
    segments = count_segments(message.body)
    cost = round(segments * runtime.settings.sms_price, 3)
    charge(sql, customer_id, cost, "body")
    initial, stages = plan_for(message.to)
    now = runtime.clock.now()
    sms = {
        "customer_id": customer_id,
        "created": now,
        "direction": "out",
        "sender": message.sender,
        "to": message.to,
        "body": message.body,
        "send_status": initial,
        "delivery_status": 0,
        "cost": cost,
        "credits_used": segments,
    }
    sms_id = insert(sql, SmsMessage, sms)
    if stages:
        schedule(sql, stage_due(runtime, now, stages[0]), "sms", sms_id, 0, customer_id)
    return sms_id


def stage_due(runtime: Runtime, sent: datetime, stage: Stage) -> datetime:
    settings = runtime.settings
    accept, deliver = settings.sms_accept_seconds, settings.sms_deliver_seconds
    return later(sent, accept if stage.phase == "accept" else deliver)


SENT = 'SELECT "customer_id", "created", "sender", "to" FROM "smsmessage" WHERE id = :id'
NEW_STATUS = (
    'UPDATE "smsmessage" SET "send_status" = :send, "delivery_status" = :delivery WHERE id = :id'
)


def advance_sms(session: Session, runtime: Runtime, step: DueStep) -> None:
    """The step of kind "sms": the message reaches its next stage."""
    sql = session_sql(session)
    sms = sql.one(SENT, {"id": step.ref})
    if sms is None:
        return
    customer_id, created, sender, to = sms
    _, stages = plan_for(to)
    stage = stages[step.stage]
    values = {"id": step.ref, "send": stage.send_status, "delivery": stage.delivery_status}
    sql.rows(NEW_STATUS, values)
    if stage.delivery_status == 1:
        delivered = {"id": str(step.ref), "to": to, "from": sender}
        runtime.events.emit(session, customer_id, "smsdelivered", delivered)
    if step.stage + 1 < len(stages):
        due = stage_due(runtime, stored_time(created), stages[step.stage + 1])
        schedule(sql, due, "sms", step.ref, step.stage + 1, customer_id)


def receive_sms(session: Session, runtime: Runtime, to: str, sender: str, text: str) -> SmsMessage:
    """An SMS from a handset to one of the customers' numbers: stored, announced, and POSTed to
    the number's smsNotificationUrl if it has one."""
    number = session.exec(select(PhoneNumber).where(col(PhoneNumber.number) == to)).first()
    if number is None or not number.sms_enabled:
        raise ValidationFailed([("to", "is not an SMS-enabled number of any customer")])
    sms = SmsMessage(
        customer_id=number.customer_id,
        created=runtime.clock.now(),
        direction="in",
        sender=sender,
        to=to,
        body=text,
        cost=0.0,
    )
    session.add(sms)
    session.flush()
    runtime.events.emit(
        session,
        sms.customer_id,
        "smsreceived",
        {"to": to, "from": sender, "excerpt": text[:EXCERPT_LENGTH]},
    )
    if number.sms_notification_url:
        first_attempt(session, runtime, sms.id or 0)
    return sms
