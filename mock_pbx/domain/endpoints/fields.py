"""Which fields each endpoint type has, and the rules on a body that need the account: the
type's required fields, short numbers (format, reserved, unique in the account) and the
account's limit on endpoints of a type."""

import re

from sqlmodel import Session, col, func, select

from mock_pbx.domain.endpoints.bodies import EndpointWrite
from mock_pbx.domain.numbers import is_diallable
from mock_pbx.models.endpoint import Endpoint

Errors = list[tuple[str, str]]
COMMON = ("type", "name", "short_number", "cost_centre")
# Each type's own fields (as EndpointWrite names them), from spec/api-facts.md 2.7.
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "phone": (
        "email",
        "timeout",
        "call_waiting",
        "call_recording",
        "voicemail_enabled",
        "voicemail_settings",
        "default_caller_id",
        "hotdesk_pin",
    ),
    "virtual": ("destination", "timeout", "screening_enabled"),
    "group": ("member_timeout", "cascade_delay", "ring_for", "failover_destination", "members"),
    "queue": (
        "max_wait",
        "strategy",
        "member_timeout",
        "member_retry_interval",
        "wrap_up_time",
        "announce_position",
        "announce_position_interval",
        "periodic_announce_sounds",
        "periodic_announce_interval",
        "entry_sound",
        "play_ringing",
        "ring_in_use",
        "timeout_destination",
        "keypress_destination",
        "notify_email",
        "abandoned_threshold",
        "service_level_target",
        "service_level_threshold",
        "members",
    ),
    "ivr": ("timeout", "entry_sound", "items", "timeout_action", "invalid_action"),
    "mailbox": ("email", "allow_review", "pin", "play_caller_id", "play_envelope"),
    "trunk": ("channels", "timeout", "default_caller_id"),
}
REQUIRED = {"mailbox": ("email",), "virtual": ("destination",)}
SHORT_NUMBER = re.compile(r"^[0-9]{3,4}$")
# Short numbers no endpoint may take (the facts: "101 cannot be an extension"): 101 dials the
# voicemail service; 999 and 112 are the UK's emergency numbers, which a phone dials straight
# out; 1471 (last caller) and 1571 (network voicemail) are the UK network's own service codes.
RESERVED = {
    "101": "dials voicemail",
    "112": "is an emergency number",
    "999": "is an emergency number",
    "1471": "is a network service code",
    "1571": "is a network service code",
}
EXTERNAL_DIGITS = 5  # a virtual's destination is an outside number, not a 3-4 digit extension


def wire(field: str) -> str:
    """A body field's name as the wire (and so an error) spells it."""
    return EndpointWrite.model_fields[field].alias or field


def type_errors(body: EndpointWrite) -> Errors:
    """Fields of another type (sent with a value: null is the same as left out), and the
    type's required ones left out."""
    own = set(COMMON) | set(TYPE_FIELDS[body.type])
    errors = [
        (wire(field), f"is not a field of a {body.type} endpoint")
        for field in EndpointWrite.model_fields
        if field not in own and getattr(body, field) is not None
    ]
    for field in REQUIRED.get(body.type, ()):
        if getattr(body, field) is None:
            errors.append((wire(field), f"is required for a {body.type} endpoint"))
    if body.type == "virtual" and body.destination is not None and not external(body.destination):
        errors.append(("destination", "must be an external number to dial, e.g. 07700900123"))
    return errors


def external(number: str) -> bool:
    digits = number.removeprefix("+")
    return is_diallable(number) and digits.isdigit() and len(digits) >= EXTERNAL_DIGITS


def short_number_errors(
    session: Session, customer_id: int, body: EndpointWrite, own: Endpoint | None
) -> Errors:
    """3 or 4 digits, not reserved, not another endpoint's in the account. An endpoint keeps the
    number it has (a seeded one may hold a number reserved since)."""
    number = str(body.short_number)
    if not SHORT_NUMBER.match(number):
        return [("shortNumber", "must be 3 or 4 digits, e.g. 102")]
    if own is not None and own.short_number == number:
        return []
    if number in RESERVED:
        return [("shortNumber", f"{number} is reserved: it {RESERVED[number]}")]
    taken = select(Endpoint.name).where(
        col(Endpoint.customer_id) == customer_id,
        col(Endpoint.short_number) == number,
        col(Endpoint.id) != (own.id if own is not None else 0),
    )
    holder = session.exec(taken).first()
    if holder is not None:
        return [("shortNumber", f"shortNumber {number} is already used by {holder}")]
    return []


def limit_errors(session: Session, customer_id: int, kind: str, limit: int | None) -> Errors:
    """A create beyond the account's /limits for the type (None: the type has no limit)."""
    if limit is None:
        return []
    count = (
        select(func.count())
        .select_from(Endpoint)
        .where(col(Endpoint.customer_id) == customer_id, col(Endpoint.type) == kind)
    )
    if session.exec(count).one() >= limit:
        return [("type", f"the account's limit of {limit} {kind} endpoints is reached")]
    return []
