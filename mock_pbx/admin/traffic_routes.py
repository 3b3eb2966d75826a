"""Traffic from outside, for tests and demos: inbound SMS and calls, credit top-ups, and what
happened to them (live calls, webhook attempts)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StrictStr
from sqlmodel import col, select

from mock_pbx.admin import tags
from mock_pbx.api.customers import load_customer, present_credit
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.responses import json_response
from mock_pbx.domain.credit import debit
from mock_pbx.domain.messaging import receive_sms
from mock_pbx.domain.telephony import Action, decide, inbound_call
from mock_pbx.models.call import LiveCall
from mock_pbx.models.sms import WebhookAttempt
from mock_pbx.resources.sms import SMS
from mock_pbx.runtime.plainsql import session_sql
from mock_pbx.wire.errors import ErrorBody, NotFound
from mock_pbx.wire.models import format_datetime
from mock_pbx.wire.uris import MAX_ID, uris_for

router = APIRouter(tags=[tags.TRAFFIC])
CustomerPath = Annotated[int, Path(ge=1, le=MAX_ID)]


class InboundSms(BaseModel):
    to: StrictStr = Field(description="one of the customers' SMS-enabled numbers")
    sender: StrictStr = Field(alias="from", description="the handset's number")
    body: StrictStr = Field(min_length=1, max_length=1600)


class InboundCall(BaseModel):
    to: StrictStr = Field(description="one of the customers' numbers (a DID with a destination)")
    sender: StrictStr = Field(alias="from", description="the caller's number, or anonymous")
    callerIdName: StrictStr = ""
    outcome: Literal["answered", "no-answer", "busy", "failed"] | None = Field(
        None, description="default: by the caller's number, as for originated calls"
    )
    duration: int | None = Field(
        None,
        ge=1,
        le=14_400,  # four hours: the longest call (and recording) mock-pbx makes
        description="talk time if answered, in seconds: at most 14400 (4 h)",
    )


class TopUp(BaseModel):
    amount: float = Field(gt=0, le=1_000_000)


class CreditSetting(BaseModel):
    balance: float = Field(ge=-1_000_000, le=1_000_000)
    accountType: Literal["prepaid", "postpaid"] | None = None


@router.post(
    "/sms/inbound",
    name="admin:sms-inbound",
    operation_id="injectInboundSms",
    summary="Receive an SMS from a handset",
    status_code=201,
)
async def inject_sms(
    request: Request, message: InboundSms, session: SessionDep, runtime: RuntimeDep
) -> JSONResponse:
    """A handset texts one of the numbers: it appears in /sms (direction in), a smsreceived event
    goes out, and the number's smsNotificationUrl is POSTed."""
    sms = receive_sms(session, runtime, message.to, message.sender, message.body)
    session.commit()
    return json_response(SMS.present(sms, uris_for(request)), 201)


@router.post(
    "/calls/inbound",
    name="admin:calls-inbound",
    operation_id="injectInboundCall",
    summary="Receive a call from outside",
    status_code=201,
)
async def inject_call(call: InboundCall, session: SessionDep, runtime: RuntimeDep) -> JSONResponse:
    """Someone calls one of the numbers: incomingcall now, the call record when it ends."""
    live = inbound_call(session, runtime, call.model_dump(by_alias=True))
    session.commit()
    return json_response(live_call(live), 201)


@router.get(
    "/calls",
    name="admin:calls",
    operation_id="listLiveCalls",
    summary="List live calls and their states",
)
async def list_live_calls(
    session: SessionDep,
    state: Annotated[str | None, Query(description="ringing/answered/ended")] = None,
) -> dict[str, Any]:
    """Calls by the emulator's own ids, newest first, with their state."""
    statement = select(LiveCall).order_by(col(LiveCall.id).desc())
    if state is not None:
        statement = statement.where(col(LiveCall.state) == state)
    return {"items": [live_call(call) for call in session.exec(statement.limit(200))]}


@router.post(
    "/calls/{call_id}/{action}",
    name="admin:call-decide",
    operation_id="actOnCall",
    summary="Answer, reject or hang up a call as the handset",
    responses={409: {"model": ErrorBody, "description": "The call's state does not allow it"}},
)
async def decide_call(
    call_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    action: Annotated[Action, Path(description="answer, reject, busy or hangup")],
    session: SessionDep,
    runtime: RuntimeDep,
) -> JSONResponse:
    """Act as the handset on a live call: answer, reject or busy while it rings, hang up once
    answered (409 otherwise). The call records follow as for any call; the answer is the call."""
    call = session.get(LiveCall, call_id)
    if call is None:
        raise NotFound("No such call")
    decide(session, runtime, call, action)
    session.commit()
    return json_response(live_call(call))


@router.post(
    "/customers/{customer_id}/topup",
    name="admin:topup",
    operation_id="topUpCredit",
    summary="Top up a customer's credit",
)
async def top_up(
    request: Request, customer_id: CustomerPath, topup: TopUp, session: SessionDep
) -> JSONResponse:
    """Add credit; the answer is the customer's creditstatus."""
    customer = load_customer(session, customer_id)
    debit(session_sql(session), customer_id, -topup.amount)
    session.commit()
    return json_response(present_credit(customer, uris_for(request)))


@router.put(
    "/customers/{customer_id}/credit",
    name="admin:credit",
    operation_id="setCredit",
    summary="Set a customer's balance",
)
async def set_credit(
    request: Request, customer_id: CustomerPath, setting: CreditSetting, session: SessionDep
) -> JSONResponse:
    """Set the balance (and prepaid or postpaid) exactly, to arrange a low-credit test."""
    customer = load_customer(session, customer_id)
    customer.credit = round(setting.balance, 3)
    customer.account_type = setting.accountType or customer.account_type
    session.commit()
    return json_response(present_credit(customer, uris_for(request)))


@router.get(
    "/webhooks",
    name="admin:webhooks",
    operation_id="listWebhookAttempts",
    summary="List the webhook deliveries",
)
async def list_webhook_attempts(
    session: SessionDep,
    sms: Annotated[int | None, Query(ge=0, le=MAX_ID, description="an inbound SMS id")] = None,
) -> dict[str, Any]:
    """Every SMS webhook attempt, oldest first: status code or error, and when a retry is due."""
    statement = select(WebhookAttempt).order_by(col(WebhookAttempt.id))
    if sms is not None:
        statement = statement.where(col(WebhookAttempt.sms_id) == sms)
    return {"items": [attempt_view(a) for a in session.exec(statement)]}


LiveCallView = dict[str, int | str | None]
AttemptView = dict[str, int | str | bool | None]


def live_call(call: LiveCall) -> LiveCallView:
    """The table's fields in its order, named in camelCase like the rest of the control API."""
    return {
        "id": call.id,
        "customerId": call.customer_id,
        "created": format_datetime(call.created),
        "direction": call.direction,
        "endpointId": call.endpoint_id,
        "remote": call.remote,
        "did": call.did,
        "callerName": call.caller_name,
        "callerId": call.caller_id,
        "localEndpointId": call.local_endpoint_id,
        "state": call.state,
        "plannedOutcome": call.planned_outcome,
        "plannedDuration": call.planned_duration,
        "outcome": call.outcome,
        "answeredAt": optional_datetime(call.answered_at),
        "endedAt": optional_datetime(call.ended_at),
        "duration": call.duration,
        "callId": call.call_id,
        "linkedId": call.linked_id,
    }


def attempt_view(attempt: WebhookAttempt) -> AttemptView:
    """The table's fields in its order, named in camelCase like the rest of the control API."""
    return {
        "id": attempt.id,
        "created": format_datetime(attempt.created),
        "customerId": attempt.customer_id,
        "smsId": attempt.sms_id,
        "url": attempt.url,
        "attempt": attempt.attempt,
        "statusCode": attempt.status_code,
        "error": attempt.error,
        "ok": attempt.ok,
        "nextRetry": optional_datetime(attempt.next_retry),
    }


def optional_datetime(moment: datetime | None) -> str | None:
    return format_datetime(moment) if moment else None
