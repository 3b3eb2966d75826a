"""Forwarding rules of a phone or trunk (/endpoints/{id}/forwardingrules): what happens to a call
the endpoint does not take (busy, unanswered, failed). A package of its own because models/ holds
a module per resource and is full; `from mock_pbx.models.forwarding import ForwardingRule`.

The time interval is stored as its id (no foreign key: a rule whose interval is gone never
applies, see domain/endpoints/forwarding.py); the rule's endpoint is a foreign key, so deleting an
endpoint deletes its rules first."""

from pydantic import BaseModel
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic

FORWARDING_ACTIONS = ("FORWARD", "FOLLOWME", "VOICEMAIL")
CALL_OUTCOMES = ("BUSY", "NOANSWER", "FAILURE")
# The outcome of an unanswered call (LiveCall.planned_outcome) -> the callOutcome a rule names.
OUTCOME_OF_CALL = {"busy": "BUSY", "no-answer": "NOANSWER", "failed": "FAILURE"}
KEYS = tuple("0123456789*#")


class ForwardingRuleFields(BaseModel):
    enabled: bool = Field(description="Whether the rule applies; a disabled rule is kept")
    action: str = Field(
        description="FORWARD (to `destination`), FOLLOWME (the endpoint's follow-me numbers) or "
        "VOICEMAIL (the endpoint's voicemail)"
    )
    call_outcome: str = Field(
        description="When it applies: BUSY (the endpoint is busy or in do-not-disturb), NOANSWER "
        "(it rang out) or FAILURE (it could not be reached)"
    )
    external_only: bool = Field(
        description="Whether it applies only to calls from outside the account"
    )
    apply_group: bool = Field(
        description="Whether it also applies to calls reaching the endpoint through a ring group"
    )
    preserve_id: bool = Field(
        description="Whether the forwarded call presents the original caller's number (true) or "
        "the number that was called (false)"
    )
    screening_enabled: bool = Field(
        description="Whether the person forwarded to is asked to accept the call first"
    )
    key: str = Field(
        description="The key the person forwarded to presses to accept a screened call "
        "(0-9, * or #)"
    )
    destination: str | None = Field(
        None,
        description="FORWARD: the number the call goes to: an external number (07700900123, "
        "+447700900123) or the short number of one of the account's endpoints (103); absent for "
        "FOLLOWME and VOICEMAIL",
    )


class ForwardingRule(ForwardingRuleFields, CustomerOwned, table=True):
    endpoint_id: int = Field(foreign_key="endpoint.id", index=True)
    time_interval_ref: int | None = None  # the customer's timeinterval id; None: at any time


class ForwardingRulePublic(ForwardingRuleFields, OwnedPublic):
    type: str = Field("forwardingrule", description="forwardingrule")
    parent: str = Field(description="The absolute URL of the endpoint the rule belongs to")
    time_interval: str | None = Field(
        None,
        description="The URI of the account's time interval the rule applies in (its bare id "
        "under X-Relationship-Key: id); absent: at any time",
    )
