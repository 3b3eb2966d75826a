"""/customers/{c}/endpoints/{id}/forwardingrules[/{ruleId}]: what a phone's (or trunk's)
unanswered, busy or failed calls do next. Who may: phonestatus.device_endpoint (admins any of
their company's phones, an extension user its own, reading and writing).

An enabled FORWARD rule acts in the call lifecycle (domain/telephony.end_unanswered): a call from
outside that ends with the rule's outcome (NOANSWER: rang out; BUSY: busy or do-not-disturb;
FAILURE: failed) at a moment its time interval covers goes on to `destination`. FOLLOWME and
VOICEMAIL rules are kept and shown but change no call (the emulator has neither)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field, StrictBool, StrictStr
from sqlmodel import Session, col, select

from mock_pbx.api.dependencies import PageDep, RuntimeDep, SessionDep
from mock_pbx.api.endpoints.phonestatus import DeviceDep
from mock_pbx.api.responses import created, json_response
from mock_pbx.domain.numbers import dialled_digits, is_diallable
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.forwarding import ForwardingRule, ForwardingRulePublic
from mock_pbx.models.timeinterval import TimeInterval
from mock_pbx.runtime.database import save
from mock_pbx.wire.errors import NotFound, ValidationFailed
from mock_pbx.wire.models import ApiModel, format_datetime
from mock_pbx.wire.paging import Page, in_memory
from mock_pbx.wire.uris import (
    RELATIONSHIPS,
    Uris,
    is_id,
    reference_id,
    relationship_key_doc,
    uris_for,
)

router = APIRouter(tags=["endpoints"])  # a sub-resource of an endpoint
RULES = "/customers/{customerId}/endpoints/{endpointId}/forwardingrules"
RULE = RULES + "/{ruleId}"
SHOWS_IDS = relationship_key_doc(RELATIONSHIPS["forwardingrules"])


class ForwardingRuleWrite(ApiModel):
    """POST and PUT body (PUT replaces the rule: a field left out takes its default); id, uri,
    parent and created are read-only and ignored."""

    type: Literal["forwardingrule"] = Field("forwardingrule", description="forwardingrule")
    enabled: StrictBool = Field(True, description="Whether the rule applies; default true")
    time_interval: StrictStr | int | None = Field(
        None,
        description="The URI (or id) of one of the account's time intervals; left out: always",
    )
    action: Literal["FORWARD", "FOLLOWME", "VOICEMAIL"] = Field(
        description="FORWARD (to destination), FOLLOWME or VOICEMAIL"
    )
    call_outcome: Literal["BUSY", "NOANSWER", "FAILURE"] = Field(
        description="When it applies: BUSY, NOANSWER or FAILURE"
    )
    external_only: StrictBool = Field(
        False, description="Only calls from outside the account; default false"
    )
    apply_group: StrictBool = Field(
        False, description="Also calls that reach the endpoint through a group; default false"
    )
    preserve_id: StrictBool = Field(
        True, description="Present the caller's number (true, the default) or the number called"
    )
    screening_enabled: StrictBool = Field(
        False, description="Ask the person forwarded to to accept the call; default false"
    )
    key: StrictStr = Field(
        "1", pattern=r"^[0-9*#]$", description="The key that accepts a screened call; default 1"
    )
    destination: StrictStr | None = Field(
        None,
        max_length=32,
        description="FORWARD (required): an external number or one of the account's short "
        "numbers, not the endpoint's own; ignored for FOLLOWME and VOICEMAIL",
    )


def rule_body(rule: ForwardingRule, endpoint_uri: str, uris: Uris) -> dict[str, Any]:
    """A rule as the API shows it, in the order the fields are documented."""
    body: dict[str, Any] = {
        "type": "forwardingrule",
        "id": str(rule.id),
        "uri": f"{endpoint_uri}/forwardingrules/{rule.id}",
        "parent": endpoint_uri,
        "created": format_datetime(rule.created),
        "enabled": rule.enabled,
    }
    if rule.time_interval_ref is not None:
        body["timeInterval"] = uris.reference(
            rule.customer_id, "timeintervals", rule.time_interval_ref
        )
    body |= {
        "action": rule.action,
        "callOutcome": rule.call_outcome,
        "externalOnly": rule.external_only,
        "applyGroup": rule.apply_group,
        "preserveId": rule.preserve_id,
        "screeningEnabled": rule.screening_enabled,
        "key": rule.key,
    }
    if rule.destination is not None:
        body["destination"] = rule.destination
    return body


def endpoint_uri(request: Request, endpoint: Endpoint) -> str:
    return uris_for(request).item(endpoint.customer_id, "endpoints", endpoint.id or 0)


def show(request: Request, endpoint: Endpoint, rule: ForwardingRule) -> dict[str, Any]:
    return rule_body(rule, endpoint_uri(request, endpoint), uris_for(request))


def checked(session: Session, endpoint: Endpoint, write: ForwardingRuleWrite) -> dict[str, Any]:
    """The columns a valid body gives, or one 400 naming every field at fault."""
    errors: list[tuple[str, str]] = []
    interval_id = None
    if write.time_interval is not None:
        interval_id = reference_id(write.time_interval, "timeintervals")
        interval = session.get(TimeInterval, interval_id) if interval_id is not None else None
        if interval is None or interval.customer_id != endpoint.customer_id:
            errors.append(("timeInterval", "must be one of the account's time intervals"))
    destination = write.destination if write.action == "FORWARD" else None
    if write.action == "FORWARD":
        if destination is None or not is_diallable(destination):
            errors.append(("destination", "must be a number to forward to (FORWARD needs one)"))
        elif dialled_digits(destination) == endpoint.short_number:
            errors.append(("destination", "must not be the endpoint's own short number"))
    if errors:
        raise ValidationFailed(errors)
    fields = write.model_dump(exclude={"type", "time_interval", "destination"})
    return {**fields, "time_interval_ref": interval_id, "destination": destination}


def find_rule(session: Session, endpoint: Endpoint, rule_id: str) -> ForwardingRule:
    rule = session.get(ForwardingRule, int(rule_id)) if is_id(rule_id) else None
    if rule is None or rule.endpoint_id != endpoint.id:
        raise NotFound()
    return rule


@router.get(
    RULES,
    name="forwardingrules:list",
    operation_id="listForwardingRules",
    summary="List a phone's forwarding rules",
    responses={200: {"model": Page[ForwardingRulePublic]}},
    openapi_extra=SHOWS_IDS,
)
async def list_rules(
    request: Request, endpoint: DeviceDep, session: SessionDep, params: PageDep
) -> JSONResponse:
    """The phone's (or trunk's) rules, oldest first: the order they are tried in."""
    statement = (
        select(ForwardingRule)
        .where(col(ForwardingRule.endpoint_id) == endpoint.id)
        .order_by(col(ForwardingRule.id))
    )
    rules = list(session.exec(statement))
    url = endpoint_uri(request, endpoint) + "/forwardingrules"
    body = in_memory(request, url, params, rules, lambda rule: show(request, endpoint, rule))
    return json_response(body)


@router.get(
    RULE,
    name="forwardingrules:get",
    operation_id="getForwardingRule",
    summary="Get a forwarding rule",
    responses={200: {"model": ForwardingRulePublic}},
    openapi_extra=SHOWS_IDS,
)
async def get_rule(
    request: Request, endpoint: DeviceDep, session: SessionDep, ruleId: str
) -> JSONResponse:
    """One of the phone's forwarding rules."""
    return json_response(show(request, endpoint, find_rule(session, endpoint, ruleId)))


@router.post(
    RULES,
    name="forwardingrules:create",
    operation_id="createForwardingRule",
    summary="Create a forwarding rule",
    status_code=201,
    responses={201: {"model": ForwardingRulePublic}},
    openapi_extra=SHOWS_IDS,
)
async def create_rule(
    request: Request,
    endpoint: DeviceDep,
    session: SessionDep,
    runtime: RuntimeDep,
    write: Annotated[ForwardingRuleWrite, Body()],
) -> JSONResponse:
    """Add a rule to the phone (or trunk): 201 with the rule and its Location. A FORWARD rule
    needs a destination: an external number, or one of the account's short numbers."""
    fields = checked(session, endpoint, write)
    rule = ForwardingRule(
        customer_id=endpoint.customer_id,
        created=runtime.clock.now(),
        endpoint_id=endpoint.id or 0,
        **fields,
    )
    return created(show(request, endpoint, save(session, rule)))


@router.put(
    RULE,
    name="forwardingrules:update",
    operation_id="updateForwardingRule",
    summary="Update a forwarding rule",
    responses={200: {"model": ForwardingRulePublic}},
    openapi_extra=SHOWS_IDS,
)
async def update_rule(
    request: Request,
    endpoint: DeviceDep,
    session: SessionDep,
    ruleId: str,
    write: Annotated[ForwardingRuleWrite, Body()],
) -> JSONResponse:
    """Replace a rule: every field as sent, a left-out one back to its default (a left-out
    timeInterval: always; destination: none)."""
    rule = find_rule(session, endpoint, ruleId)
    for name, value in checked(session, endpoint, write).items():
        setattr(rule, name, value)
    return json_response(show(request, endpoint, save(session, rule)))


@router.delete(
    RULE,
    name="forwardingrules:delete",
    operation_id="deleteForwardingRule",
    summary="Delete a forwarding rule",
    status_code=204,
)
async def delete_rule(endpoint: DeviceDep, session: SessionDep, ruleId: str) -> Response:
    """Remove a rule: 204; calls no longer follow it."""
    session.delete(find_rule(session, endpoint, ruleId))
    session.commit()
    return Response(status_code=204)
