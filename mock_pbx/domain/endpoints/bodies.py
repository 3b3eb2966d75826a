"""The body of an endpoint's POST and PUT: every type's fields, their JSON types (strict: the
real API refuses a number where a string belongs, and a bool is no int) and ranges. Which
fields a type has, and the rules that need the account, are in fields.py and references.py."""

import re
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
)

from mock_pbx.wire.models import ApiModel

EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
PIN = re.compile(r"^[0-9]{4,8}$")


def text_or_number(value: object) -> object:
    """A string or a whole number (not a bool): one error for anything else, not one per type
    of the union."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("must be a string or a number")
    return value


Reference = Annotated[str | int, BeforeValidator(text_or_number)]  # an id ("94", 94) or a URI


Timeout = Annotated[StrictInt, Field(ge=0, le=600)]
Interval = Annotated[StrictInt, Field(ge=0, le=3600)]
LongWait = Annotated[StrictInt, Field(ge=1, le=14_400)]  # the longest call mock-pbx makes: 4 h
Percent = Annotated[StrictInt, Field(ge=0, le=100)]
Channels = Annotated[StrictInt, Field(ge=1, le=30)]
Strategy = Literal["RINGALL", "LINEAR", "RRMEMORY", "FEWESTCALLS", "LEASTRECENT", "RANDOM"]
EndpointType = Literal["phone", "virtual", "group", "queue", "ivr", "mailbox", "trunk"]


def checked_email(value: str | None) -> str | None:
    if value is not None and (len(value) > 254 or not EMAIL.match(value)):
        raise ValueError("must be an email address, e.g. fred@example.com")
    return value


def checked_pin(value: str | None) -> str | None:
    if value is not None and not PIN.match(value):
        raise ValueError("must be 4 to 8 digits")
    return value


class VoicemailSettingsWrite(ApiModel):
    """A phone's voicemail; a left-out key takes its default."""

    model_config = ConfigDict(extra="forbid")

    auto_answer: StrictBool | None = Field(None, description="Answer at once (default false)")
    pin: StrictStr | None = Field(None, description="4 to 8 digits (default 0000)")
    play_envelope: StrictBool | None = Field(
        None, description="Start messages with their date and time (default true)"
    )
    play_caller_id: StrictBool | None = Field(
        None, description="Start messages with the caller's number (default true)"
    )
    allow_review: StrictBool | None = Field(
        None, description="A caller may review a message before leaving it (default true)"
    )

    _pin = field_validator("pin")(checked_pin)


class IvrActionWrite(ApiModel):
    """What a key (or a timeout, or a key with no item) does."""

    type: Literal["transfer", "playsound", "goto", "dialext"] = Field(
        description="transfer (to a phone or virtual), playsound (then hang up), goto (another "
        "IVR menu) or dialext (the caller dials an extension)"
    )
    destination: Reference | None = Field(
        None, description="transfer: a phone or virtual endpoint; goto: an ivr (URL or id)"
    )
    sound: Reference | None = Field(None, description="playsound: the sound (URL or id)")
    play_sound: Reference | None = Field(
        None, description="transfer: a sound played first (URL or id)"
    )
    display: Annotated[StrictStr, Field(max_length=20)] | None = Field(
        None, description="transfer: a prefix put before the caller id, up to 20 characters"
    )


class IvrItemWrite(ApiModel):
    key: StrictStr = Field(description="The key: 0-9, * or #, one item each")
    action: IvrActionWrite = Field(description="What pressing it does")


class EndpointWrite(ApiModel):
    """POST and PUT body. Send `type`, `name`, `shortNumber` and the type's own fields (a field
    of another type is refused); a left-out field takes the type's default (a PUT replaces the
    whole endpoint). Read-only fields a client echoes back (id, uri, parent, created, links,
    readOnly) are ignored."""

    type: EndpointType = Field(description="phone, virtual, group, queue, ivr, mailbox or trunk")
    name: StrictStr = Field(description="1 to 100 characters")
    short_number: Annotated[str | int, BeforeValidator(text_or_number)] = Field(
        description="3 or 4 digits, unique in the account (a number is taken as its digits)"
    )
    cost_centre: Annotated[StrictStr, Field(max_length=100)] | None = Field(
        None, description="A label for call reports"
    )
    email: StrictStr | None = Field(None, description="phone; mailbox (required): an address")
    timeout: Timeout | None = Field(
        None,
        description="phone, virtual, trunk: ring seconds (default 30); ivr: key-press wait "
        "(default 5); 0 to 600",
    )
    call_waiting: StrictBool | None = Field(None, description="phone: default true")
    call_recording: Literal["ALWAYS", "OFF", "ON_DEMAND"] | None = Field(
        None, description="phone: ALWAYS, OFF (default) or ON_DEMAND"
    )
    voicemail_enabled: StrictBool | None = Field(None, description="phone: the 2014 flag")
    voicemail_settings: VoicemailSettingsWrite | None = Field(None, description="phone")
    default_caller_id: Reference | None = Field(
        None, description="phone, trunk: one of the account's outgoing caller ids (URL or id)"
    )
    hotdesk_pin: StrictStr | None = Field(
        None, description="phone: 4 to 8 digits; write-only (never shown), kept when left out"
    )
    destination: StrictStr | None = Field(
        None, description="virtual (required): the external number calls go to"
    )
    screening_enabled: StrictBool | None = Field(None, description="virtual: default false")
    member_timeout: Annotated[StrictInt, Field(ge=1, le=600)] | None = Field(
        None, description="group (default 30), queue (default 15): seconds a member rings"
    )
    cascade_delay: Timeout | None = Field(None, description="group: 0 (default) rings all")
    ring_for: Annotated[StrictInt, Field(ge=1, le=3600)] | None = Field(
        None, description="group: seconds before the failover destination (default 60)"
    )
    failover_destination: Reference | None = Field(
        None, description="group: another of the account's endpoints (URL or id)"
    )
    members: Annotated[list[Reference], Field(max_length=100)] | None = Field(
        None, description="group, queue: the account's phone or virtual endpoints, in order"
    )
    max_wait: LongWait | None = Field(None, description="queue: seconds (default 600)")
    strategy: Strategy | None = Field(
        None,
        description="queue: RINGALL (default), LINEAR, RRMEMORY, FEWESTCALLS, "
        "LEASTRECENT or RANDOM",
    )
    member_retry_interval: Timeout | None = Field(None, description="queue: default 5")
    wrap_up_time: Interval | None = Field(None, description="queue: default 0")
    announce_position: StrictBool | None = Field(None, description="queue: default false")
    announce_position_interval: Interval | None = Field(None, description="queue: default 60")
    periodic_announce_sounds: Annotated[list[Reference], Field(max_length=20)] | None = Field(
        None, description="queue: the account's sounds (URLs or ids)"
    )
    periodic_announce_interval: Interval | None = Field(None, description="queue: default 60")
    entry_sound: Reference | None = Field(
        None, description="queue, ivr: one of the account's sounds (URL or id)"
    )
    play_ringing: StrictBool | None = Field(None, description="queue: default false")
    ring_in_use: StrictBool | None = Field(None, description="queue: default false")
    timeout_destination: Reference | None = Field(
        None, description="queue: another of the account's endpoints (URL or id)"
    )
    keypress_destination: Reference | None = Field(
        None, description="queue: another of the account's endpoints (URL or id)"
    )
    notify_email: StrictStr | None = Field(None, description="queue: an address")
    abandoned_threshold: Interval | None = Field(None, description="queue: default 10")
    service_level_target: Percent | None = Field(None, description="queue: % (default 80)")
    service_level_threshold: Interval | None = Field(None, description="queue: default 20")
    items: Annotated[list[IvrItemWrite], Field(max_length=12)] | None = Field(
        None, description="ivr: the menu, one item per key (default none)"
    )
    timeout_action: IvrActionWrite | None = Field(
        None, description="ivr: when no key is pressed (left out: hang up)"
    )
    invalid_action: IvrActionWrite | None = Field(
        None, description="ivr: on a key with no item (left out: hang up)"
    )
    allow_review: StrictBool | None = Field(None, description="mailbox: default true")
    pin: StrictStr | None = Field(None, description="mailbox: 4 to 8 digits (default 0000)")
    play_caller_id: StrictBool | None = Field(None, description="mailbox: default true")
    play_envelope: StrictBool | None = Field(None, description="mailbox: default true")
    channels: Channels | None = Field(None, description="trunk: 1 to 30 (default 2)")

    _emails = field_validator("email", "notify_email")(checked_email)
    _pins = field_validator("pin", "hotdesk_pin")(checked_pin)

    @field_validator("name")
    @classmethod
    def name_length(cls, value: str) -> str:
        if not value.strip() or len(value) > 100:
            raise ValueError("must be 1 to 100 characters")
        return value

    @field_validator("short_number")
    @classmethod
    def as_text(cls, value: str | int) -> str:
        """A PUT example sent the number 500 and got back the string "500"."""
        return str(value)
