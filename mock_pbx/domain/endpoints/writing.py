"""Creating and replacing an endpoint: every rule checked first (one 400 naming every field at
fault, and nothing written), then the row built from the type's defaults and the body."""

import copy
from datetime import datetime
from typing import Any

from sqlmodel import Session

from mock_pbx.domain.endpoints.bodies import EndpointWrite
from mock_pbx.domain.endpoints.fields import (
    limit_errors,
    short_number_errors,
    type_errors,
)
from mock_pbx.domain.endpoints.references import References
from mock_pbx.models.endpoint import DEFAULTS, VOICEMAIL_DEFAULTS, Endpoint, EndpointFields
from mock_pbx.wire.errors import ValidationFailed

# The table's plain columns a body sets by the same name; `type` never changes and `readOnly`
# is the provider's to set.
PLAIN = tuple(
    name
    for name in EndpointFields.model_fields
    if name in EndpointWrite.model_fields and name != "type"
)
# Every column a PUT replaces (hotdeskPin, write-only, is kept when left out: a client cannot
# echo back what it never sees; dndActive belongs to /phonestatus).
REPLACED = (
    *PLAIN,
    "caller_id_ref",
    "failover_ref",
    "entry_sound_ref",
    "timeout_destination_ref",
    "keypress_destination_ref",
    "member_refs",
    "announce_sound_refs",
    "ivr_items",
    "ivr_timeout_action",
    "ivr_invalid_action",
    "voicemail",
)


def endpoint_values(
    session: Session,
    customer_id: int,
    body: EndpointWrite,
    own: Endpoint | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """The columns of the endpoint the body describes (a new one, or `own` replaced), or
    ValidationFailed with every field at fault. `limit`: the account's for a new one's type."""
    errors = type_errors(body)
    if own is not None and body.type != own.type:
        errors.append(("type", f"cannot change: it is a {own.type}"))
    errors += short_number_errors(session, customer_id, body, own)
    if own is None:
        errors += limit_errors(session, customer_id, body.type, limit)
    refs = References(session, customer_id, own.id if own is not None else None)
    values = columns(body, refs)
    errors += refs.errors
    if errors:
        raise ValidationFailed(errors)
    return values


def columns(body: EndpointWrite, refs: References) -> dict[str, Any]:
    """The type's defaults, then what the body sets (fields of other types are errors by now)."""
    values: dict[str, Any] = dict.fromkeys(REPLACED)
    values.update(copy.deepcopy(DEFAULTS[body.type]))
    for name in PLAIN:
        if getattr(body, name) is not None:
            values[name] = getattr(body, name)
    if body.voicemail_settings is not None:
        chosen = body.voicemail_settings.model_dump(by_alias=True, exclude_none=True)
        values["voicemail"] = {**VOICEMAIL_DEFAULTS, **chosen}
    if body.hotdesk_pin is not None:
        values["hotdesk_pin"] = body.hotdesk_pin
    references = {
        "caller_id_ref": refs.caller_id(body.default_caller_id, "defaultCallerId"),
        "failover_ref": refs.other_endpoint(body.failover_destination, "failoverDestination"),
        "entry_sound_ref": refs.sound(body.entry_sound, "entrySound"),
        "timeout_destination_ref": refs.other_endpoint(
            body.timeout_destination, "timeoutDestination"
        ),
        "keypress_destination_ref": refs.other_endpoint(
            body.keypress_destination, "keypressDestination"
        ),
        "member_refs": refs.members(body.members, "members"),
        "announce_sound_refs": refs.sounds(body.periodic_announce_sounds, "periodicAnnounceSounds"),
        "ivr_items": refs.menu(body.items),
        "ivr_timeout_action": refs.action(body.timeout_action, "timeoutAction"),
        "ivr_invalid_action": refs.action(body.invalid_action, "invalidAction"),
    }
    values.update({key: value for key, value in references.items() if value is not None})
    return values


def new_endpoint(customer_id: int, values: dict[str, Any], now: datetime, kind: str) -> Endpoint:
    return Endpoint(customer_id=customer_id, created=now, type=kind, read_only=False, **values)


def replace(row: Endpoint, values: dict[str, Any]) -> Endpoint:
    for name, value in values.items():
        setattr(row, name, value)
    return row
