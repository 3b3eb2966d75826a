"""Endpoints: extensions (phones), virtual numbers, groups, queues, IVRs, mailboxes and trunks.

Every type shares one table: a column a type does not use stays NULL and is left out of its
representation. Relationships (a phone's caller id, a group's members, an IVR's destinations) are
stored as ids in the `*_ref`/`*_refs` columns and the JSON of `ivr_*`, and shown as URIs (or bare
ids under X-Relationship-Key: id) by resources/endpoints.py."""

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr
from sqlalchemy import JSON, Column
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.wire.models import ApiModel

ENDPOINT_TYPES = ("phone", "virtual", "group", "queue", "ivr", "mailbox", "trunk")
ORIGINATING_TYPES = ("phone", "virtual")  # what can place a call through POST /calls
QUEUE_STRATEGIES = ("RINGALL", "LINEAR", "RRMEMORY", "FEWESTCALLS", "LEASTRECENT", "RANDOM")
IVR_ACTIONS = ("transfer", "playsound", "goto", "dialext")
VOICEMAIL_DEFAULTS = {
    "autoAnswer": False,
    "pin": "0000",
    "playEnvelope": True,
    "playCallerId": True,
    "allowReview": True,
}
# What a new endpoint of each type has until it is told otherwise (spec/api-facts.md 2.7: the
# documented defaults; the rest chosen to match the portal's new-endpoint forms), by column.
DEFAULTS: dict[str, dict[str, Any]] = {
    "phone": {
        "timeout": 30,
        "call_waiting": True,
        "call_recording": "OFF",
        "voicemail": VOICEMAIL_DEFAULTS,
    },
    "virtual": {"timeout": 30, "screening_enabled": False},
    "group": {"member_timeout": 30, "cascade_delay": 0, "ring_for": 60, "member_refs": []},
    "queue": {
        "max_wait": 600,
        "strategy": "RINGALL",
        "member_timeout": 15,
        "member_retry_interval": 5,
        "wrap_up_time": 0,
        "announce_position": False,
        "announce_position_interval": 60,
        "periodic_announce_interval": 60,
        "announce_sound_refs": [],
        "play_ringing": False,
        "ring_in_use": False,
        "abandoned_threshold": 10,
        "service_level_target": 80,
        "service_level_threshold": 20,
        "member_refs": [],
    },
    "ivr": {"timeout": 5, "ivr_items": []},
    "mailbox": {"allow_review": True, "pin": "0000", "play_caller_id": True, "play_envelope": True},
    "trunk": {"channels": 2, "timeout": 30},
}


class EndpointFields(BaseModel):
    type: str = Field(
        description="phone, virtual, group, queue, ivr, mailbox or trunk; never changes"
    )
    short_number: str = Field(description="The internal number to dial, e.g. 102 or 001")
    name: str = Field(description="The endpoint's name, e.g. Main IVR")
    read_only: bool | None = Field(
        None, description="Whether the portal shows it as managed by the provider (not editable)"
    )
    cost_centre: str | None = Field(None, description="A label for call reports, if set")
    email: str | None = Field(None, description="phone and mailbox: the user's email address")
    timeout: int | None = Field(
        None,
        description="phone, virtual, trunk: seconds before an unanswered call moves on; ivr: "
        "seconds to wait for a key press",
    )
    call_waiting: bool | None = Field(None, description="phone: whether a second call may ring")
    call_recording: str | None = Field(None, description="phone: ALWAYS, OFF or ON_DEMAND")
    voicemail_enabled: bool | None = Field(None, description="phone: whether voicemail answers")
    destination: str | None = Field(
        None, description="virtual: the external number its calls are forwarded to"
    )
    screening_enabled: bool | None = Field(
        None, description="virtual: whether the callee is asked to accept the call"
    )
    member_timeout: int | None = Field(
        None, description="group and queue: seconds each member rings for"
    )
    cascade_delay: int | None = Field(
        None, description="group: seconds before the next member starts ringing (0: all at once)"
    )
    ring_for: int | None = Field(
        None, description="group: seconds the group rings before its failover destination"
    )
    max_wait: int | None = Field(None, description="queue: the longest a caller waits, seconds")
    strategy: str | None = Field(
        None, description="queue: RINGALL, LINEAR, RRMEMORY, FEWESTCALLS, LEASTRECENT or RANDOM"
    )
    member_retry_interval: int | None = Field(
        None, description="queue: seconds before a member who did not answer is tried again"
    )
    wrap_up_time: int | None = Field(
        None, description="queue: seconds a member rests after a call before the next one"
    )
    announce_position: bool | None = Field(
        None, description="queue: whether callers hear their place in the queue"
    )
    announce_position_interval: int | None = Field(
        None, description="queue: seconds between position announcements"
    )
    periodic_announce_interval: int | None = Field(
        None, description="queue: seconds between the periodic announcements"
    )
    play_ringing: bool | None = Field(
        None, description="queue: callers hear ringing (true) or hold music (false)"
    )
    ring_in_use: bool | None = Field(
        None, description="queue: whether members already on a call are rung"
    )
    notify_email: str | None = Field(
        None, description="queue: where abandoned-call alerts are emailed"
    )
    abandoned_threshold: int | None = Field(
        None, description="queue: seconds after which a caller who hangs up counts as abandoned"
    )
    service_level_target: int | None = Field(
        None, description="queue: the percentage of calls to answer within the threshold"
    )
    service_level_threshold: int | None = Field(
        None, description="queue: seconds within which a call counts as answered in time"
    )
    allow_review: bool | None = Field(
        None, description="mailbox: whether a caller may review a message before leaving it"
    )
    pin: str | None = Field(None, description="mailbox: the PIN that opens it")
    play_caller_id: bool | None = Field(
        None, description="mailbox: whether messages start with the caller's number"
    )
    play_envelope: bool | None = Field(
        None, description="mailbox: whether messages start with their date and time"
    )
    channels: int | None = Field(None, description="trunk: how many calls it carries at once")


class Endpoint(EndpointFields, CustomerOwned, table=True):
    # Relationships, by id (shown as URIs: resources/endpoints.py).
    caller_id_ref: int | None = None  # phone, trunk: defaultCallerId (an outgoingcallerid)
    failover_ref: int | None = None  # group: failoverDestination (an endpoint)
    entry_sound_ref: int | None = None  # queue, ivr: entrySound (a sound)
    timeout_destination_ref: int | None = None  # queue: timeoutDestination (an endpoint)
    keypress_destination_ref: int | None = None  # queue: keypressDestination (an endpoint)
    member_refs: list[int] | None = Field(None, sa_column=Column(JSON))  # group, queue
    announce_sound_refs: list[int] | None = Field(None, sa_column=Column(JSON))  # queue
    # The IVR's menu as the API shows it, with sound and endpoint ids where URIs go.
    ivr_items: list[dict[str, Any]] | None = Field(None, sa_column=Column(JSON))
    ivr_timeout_action: dict[str, Any] | None = Field(None, sa_column=Column(JSON))
    ivr_invalid_action: dict[str, Any] | None = Field(None, sa_column=Column(JSON))
    voicemail: dict[str, Any] | None = Field(None, sa_column=Column(JSON))  # voicemailSettings
    hotdesk_pin: str | None = None  # phone: write-only, never shown
    dnd_active: bool = False  # phone, trunk: /phonestatus's dndActive


class VoicemailSettings(ApiModel):
    auto_answer: bool = Field(description="Whether voicemail answers at once, without ringing")
    pin: str = Field(description="The PIN that opens the voicemail box (default 0000)")
    play_envelope: bool = Field(description="Whether messages start with their date and time")
    play_caller_id: bool = Field(description="Whether messages start with the caller's number")
    allow_review: bool = Field(description="Whether a caller may review a message before leaving")


class IvrAction(ApiModel):
    type: str = Field(description="transfer, playsound, goto or dialext")
    destination: str | None = Field(
        None, description="transfer: a phone or virtual endpoint; goto: another ivr (URL or id)"
    )
    sound: str | None = Field(None, description="playsound: the sound played (URL or id)")
    play_sound: str | None = Field(
        None, description="transfer: a sound played before transferring (URL or id)"
    )
    display: str | None = Field(None, description="transfer: a prefix put before the caller id")


class IvrItem(ApiModel):
    key: str = Field(description="The key pressed: 0-9, * or #")
    action: IvrAction = Field(description="What the key does")


class StoredAction(ApiModel):
    """An IVR action as the table keeps it (`ivr_*` columns): ids where the API shows URIs.
    A scenario's endpoint records are checked against it (seeding/scenarios.JSON_ITEMS)."""

    model_config = ConfigDict(extra="forbid")
    type: StrictStr
    destination: StrictInt | None = None
    sound: StrictInt | None = None
    play_sound: StrictInt | None = None
    display: StrictStr | None = None


class StoredItem(ApiModel):
    model_config = ConfigDict(extra="forbid")
    key: StrictStr
    action: StoredAction


class EndpointLinks(ApiModel):
    sip: str | None = Field(None, description="phone, trunk: its SIP identity")
    forwarding_rules: str | None = Field(None, description="phone, trunk: its forwarding rules")
    status: str | None = Field(
        None, description="phone: its /phonestatus (do not disturb); queue: its /queuestatus"
    )
    entries: str | None = Field(None, description="queue: the callers waiting now")
    memberships: str | None = Field(None, description="queue: its members")


class EndpointPublic(EndpointFields, OwnedPublic):
    default_caller_id: str | None = Field(
        None, description="phone, trunk: the outgoing caller id its calls show (URL or id)"
    )
    voicemail_settings: VoicemailSettings | None = Field(None, description="phone: voicemail")
    failover_destination: str | None = Field(
        None, description="group: the endpoint unanswered calls go to (URL or id)"
    )
    members: list[str] | None = Field(
        None, description="group, queue: the endpoints rung, in order (URLs or ids)"
    )
    entry_sound: str | None = Field(
        None, description="queue, ivr: the sound a caller hears first (URL or id)"
    )
    periodic_announce_sounds: list[str] | None = Field(
        None, description="queue: sounds played to waiting callers in turn (URLs or ids)"
    )
    timeout_destination: str | None = Field(
        None, description="queue: where a caller goes after maxWait (URL or id)"
    )
    keypress_destination: str | None = Field(
        None, description="queue: where a caller who presses a key goes (URL or id)"
    )
    items: list[IvrItem] | None = Field(None, description="ivr: the menu, one item per key")
    timeout_action: IvrAction | None = Field(
        None, description="ivr: what happens when no key is pressed (default: hang up)"
    )
    invalid_action: IvrAction | None = Field(
        None, description="ivr: what happens on a key with no item (default: hang up)"
    )
    links: EndpointLinks | None = Field(None, description="URLs of its sub-resources")
