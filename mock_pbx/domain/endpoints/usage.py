"""What refers to an endpoint, which a delete must not leave dangling: numbers routed to it,
IVR menus, groups and queues that send calls to it, web users whose default extension it is,
and calls in progress on it. Its own forwarding rules go with it."""

from collections.abc import Iterator
from typing import Any

from sqlmodel import Session, col, delete, or_, select

from mock_pbx.models.access.linkeduser import LinkedUser
from mock_pbx.models.call import LiveCall
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.forwarding import ForwardingRule
from mock_pbx.models.numbers import PhoneNumber
from mock_pbx.wire.errors import ValidationFailed

VERBS = {"transfer": "transfers to it", "goto": "goes to it"}
# A queue's single references: (column, what it does with the endpoint).
QUEUE_REFERENCES = (
    ("timeout_destination_ref", "sends callers who wait too long to it"),
    ("keypress_destination_ref", "sends callers who press a key to it"),
)


def named(row: Endpoint) -> str:
    kind = "IVR" if row.type == "ivr" else row.type
    return f"{kind} {row.name} ({row.id})"


def action_uses(action: dict[str, Any] | None, endpoint_id: int) -> str | None:
    if action and action.get("destination") == endpoint_id:
        return VERBS.get(action.get("type", ""), "sends calls to it")
    return None


def endpoint_uses(other: Endpoint, endpoint_id: int) -> Iterator[str]:
    """How another endpoint of the account refers to this one, if it does."""
    if endpoint_id in (other.member_refs or []):
        yield f"{named(other)} has it as a member"
    if other.failover_ref == endpoint_id:
        yield f"{named(other)} fails over to it"
    for column, what in QUEUE_REFERENCES:
        if getattr(other, column) == endpoint_id:
            yield f"{named(other)} {what}"
    for item in other.ivr_items or []:
        verb = action_uses(item.get("action"), endpoint_id)
        if verb:
            yield f"{named(other)} key {item.get('key')} {verb}"
    for action, when in (
        (other.ivr_timeout_action, "timeout"),
        (other.ivr_invalid_action, "invalid"),
    ):
        verb = action_uses(action, endpoint_id)
        if verb:
            yield f"{named(other)} {when} action {verb}"


def uses(session: Session, row: Endpoint) -> list[str]:
    """Everything that refers to the endpoint, in words."""
    customer, endpoint_id = row.customer_id, row.id or 0
    found = [
        f"phone number {number.number} ({number.id}) routes to it"
        for number in session.exec(
            select(PhoneNumber).where(col(PhoneNumber.destination_id) == endpoint_id)
        )
    ]
    others = select(Endpoint).where(
        col(Endpoint.customer_id) == customer,
        col(Endpoint.type).in_(("group", "queue", "ivr")),
        col(Endpoint.id) != endpoint_id,
    )
    for other in session.exec(others.order_by(col(Endpoint.id))):
        found += endpoint_uses(other, endpoint_id)
    users = select(LinkedUser).where(
        col(LinkedUser.customer_id) == customer,
        col(LinkedUser.default_extension) == str(endpoint_id),
    )
    found += [
        f"linked user {user.username} ({user.id}) has it as default extension"
        for user in session.exec(users)
    ]
    live = select(LiveCall.id).where(
        or_(
            col(LiveCall.endpoint_id) == endpoint_id, col(LiveCall.local_endpoint_id) == endpoint_id
        ),
        col(LiveCall.state) != "ended",
    )
    if session.exec(live).first() is not None:
        found.append("a call is in progress on it")
    return found


def delete_endpoint(session: Session, row: Endpoint) -> None:
    """Delete it with its forwarding rules, or a 400 saying what still refers to it."""
    found = uses(session, row)
    if found:
        text = "; ".join(found)
        raise ValidationFailed([("id", text)], f"{row.name} ({row.id}) is in use: {text}")
    session.exec(delete(ForwardingRule).where(col(ForwardingRule.endpoint_id) == row.id))
    session.delete(row)
