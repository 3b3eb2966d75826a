"""Which forwarding rule (if any) takes an unanswered call on: the endpoint's first enabled
FORWARD rule for the call's outcome whose time interval covers the moment the call started.

Time intervals are read as stored (`data: [{startTime, endTime, includeDays}]`, e.g. 09:00-17:29
MON-FRI, both ends inclusive to the minute) on the emulator's clock in UTC; a WEEKLY block may
also name its days as `dayOfWeek` ("MON") or `daysOfWeek` (["MON", ...]), and a YEARLY block its
date as `month` ("DEC") and `dayOfMonth` (25), as the newer documentation writes them."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from mock_pbx.models.call import LiveCall
from mock_pbx.models.forwarding import OUTCOME_OF_CALL, ForwardingRule
from mock_pbx.models.timeinterval import TimeInterval

DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def rule_for(session: Session, call: LiveCall) -> ForwardingRule | None:
    """The rule that forwards this unanswered call, or None (the call just ends)."""
    outcome = OUTCOME_OF_CALL.get(call.planned_outcome)
    if outcome is None:
        return None
    statement = (
        select(ForwardingRule)
        .where(
            col(ForwardingRule.endpoint_id) == call.endpoint_id,
            col(ForwardingRule.enabled),
            col(ForwardingRule.action) == "FORWARD",
            col(ForwardingRule.call_outcome) == outcome,
            col(ForwardingRule.destination).is_not(None),
        )
        .order_by(col(ForwardingRule.id))
    )
    return next((rule for rule in session.exec(statement) if in_time(session, rule, call)), None)


def in_time(session: Session, rule: ForwardingRule, call: LiveCall) -> bool:
    """A rule without a time interval applies at any time; one whose interval is gone, never."""
    if rule.time_interval_ref is None:
        return True
    interval = session.get(TimeInterval, rule.time_interval_ref)
    if interval is None or interval.customer_id != rule.customer_id:
        return False
    return covers(interval.repeat, interval.data, call.created)


def covers(repeat: str, blocks: list[dict[str, Any]], moment: datetime) -> bool:
    """Whether any block of an interval holds the moment (to the minute)."""
    return any(block_covers(repeat, block, moment) for block in blocks or [])


def block_covers(repeat: str, block: dict[str, Any], moment: datetime) -> bool:
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    start, end = str(block.get("startTime", "00:00")), str(block.get("endTime", "23:59"))
    if not start <= clock <= end:
        return False
    if repeat == "YEARLY" and "month" in block:
        month = str(block.get("month", "")).upper()
        return month == MONTHS[moment.month - 1] and block.get("dayOfMonth") == moment.day
    return DAYS[moment.weekday()] in days_of(block)


def days_of(block: dict[str, Any]) -> set[str]:
    """The weekdays a block names: "MON-FRI", "SAT", "MON,WED,FRI", "FRI-MON" (wrapping),
    dayOfWeek or daysOfWeek; a block that names none covers every day."""
    named: list[str] = []
    if isinstance(block.get("daysOfWeek"), list):
        named += [str(day) for day in block["daysOfWeek"]]
    for key in ("dayOfWeek", "includeDays"):
        if isinstance(block.get(key), str):
            named += block[key].split(",")
    if not named:
        return set(DAYS)
    days: set[str] = set()
    for part in (item.strip().upper() for item in named):
        first, _, last = part.partition("-")
        if first in DAYS and (last or first) in DAYS:
            start, stop = DAYS.index(first), DAYS.index(last or first)
            days.update(DAYS[(start + step) % 7] for step in range((stop - start) % 7 + 1))
    return days
