"""The outbox: the SMS an app under test sent, found by recipient or text, with the code in them,
and a long poll that answers as soon as a matching message exists."""

import asyncio
import re
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlmodel import col, select

from mock_pbx.admin import tags
from mock_pbx.domain.segments import count_segments
from mock_pbx.models.sms import SmsMessage
from mock_pbx.resources.sms import SMS
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.uris import MAX_ID, uris_for

router = APIRouter(tags=[tags.OUTBOX])
OTP = re.compile(r"(?<!\d)(\d{4,8})(?!\d)")
POLL_SECONDS = 0.02
MAX_WAIT = 300


def otp_in(body: str) -> str | None:
    """The first standalone run of 4 to 8 digits: the usual shape of a verification code."""
    found = OTP.search(body)
    return found.group(1) if found else None


def find_messages(
    request: Request,
    to: str | None,
    contains: str | None,
    direction: str,
    customer: int | None,
    after: int | None,
    latest: bool,
) -> list[dict[str, Any]]:
    statement = select(SmsMessage).order_by(col(SmsMessage.id).desc())
    if to is not None:
        statement = statement.where(col(SmsMessage.to) == to)
    if customer is not None:
        statement = statement.where(col(SmsMessage.customer_id) == customer)
    if direction != "all":
        statement = statement.where(col(SmsMessage.direction) == direction)
    if after is not None:
        statement = statement.where(col(SmsMessage.id) > after)
    if contains:
        statement = statement.where(col(SmsMessage.body).contains(contains, autoescape=True))
    uris = uris_for(request)
    runtime: Runtime = request.app.state.runtime
    with runtime.db.session() as session:
        rows = session.exec(statement.limit(1 if latest else 200)).all()
        return [
            {
                **SMS.present(row, uris),
                "otp": otp_in(row.body),
                "segments": count_segments(row.body),
            }
            for row in rows
        ]


@router.get(
    "/sms", name="admin:sms", operation_id="listOutbox", summary="Find sent SMS and their codes"
)
async def outbox(
    request: Request,
    to: Annotated[str | None, Query(description="exact recipient")] = None,
    contains: Annotated[str | None, Query(description="text the body contains")] = None,
    direction: Annotated[str, Query(pattern="^(out|in|all)$")] = "out",
    customer: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    after: Annotated[int | None, Query(ge=0, le=MAX_ID, description="only ids above this")] = None,
    latest: Annotated[bool, Query(description="only the newest match")] = False,
    wait: Annotated[float, Query(ge=0, le=MAX_WAIT, description="seconds to wait for a match")] = 0,
) -> dict[str, Any]:
    """SMS newest first, each with `otp`: the first 4-8 digit code in its body (or null)."""
    deadline = time.monotonic() + wait  # a wait for the app under test, in real time
    while True:
        items = await run_in_threadpool(
            find_messages, request, to, contains, direction, customer, after, latest
        )
        if items or time.monotonic() >= deadline:
            return {"items": items, "timedOut": not items and wait > 0}
        await asyncio.sleep(POLL_SECONDS)
