"""An endpoint body's relationships, given as ids or URIs: each must name the account's own
record of the right kind (an outgoing caller id, a sound, an endpoint of the right type). They
become the ids the table keeps, or errors naming the field's path."""

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from mock_pbx.domain.endpoints.bodies import IvrActionWrite, IvrItemWrite
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.numbers import OutgoingCallerId
from mock_pbx.models.sound import Sound
from mock_pbx.wire.uris import reference_id

ANY = ("phone", "virtual", "group", "queue", "ivr", "mailbox", "trunk")
CALLABLE = ("phone", "virtual")  # what a group or queue rings, and an IVR transfers to
KEYS = set("0123456789*#")
# Which endpoint types an action's destination may be; its other keys, by action.
ACTION_DESTINATIONS = {"transfer": CALLABLE, "goto": ("ivr",)}
ACTION_KEYS = {
    "transfer": {"destination", "play_sound", "display"},
    "goto": {"destination"},
    "playsound": {"sound"},
    "dialext": set(),
}
KINDS = {
    CALLABLE: "the account's phone or virtual endpoints",
    ("ivr",): "the account's IVRs",
    ANY: "the account's endpoints",
}


@dataclass
class References:
    """Looks up one body's references for the account; `own` is the endpoint a PUT replaces,
    which a failover or queue destination may not name (an IVR's goto may: the menu restarts)."""

    session: Session
    customer_id: int
    own: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)

    def endpoint(self, value: Any, path: str, types: tuple[str, ...] = ANY) -> int | None:
        if value is None:
            return None
        ref = reference_id(value, "endpoints")
        row = self.session.get(Endpoint, ref) if ref is not None else None
        if row is None or row.customer_id != self.customer_id or row.type not in types:
            return self.fail(path, f"must be one of {KINDS[types]}")
        return ref

    def other_endpoint(self, value: Any, path: str) -> int | None:
        ref = self.endpoint(value, path)
        if ref is not None and ref == self.own:
            return self.fail(path, "cannot be the endpoint itself")
        return ref

    def sound(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        ref = reference_id(value, "sounds")
        row = self.session.get(Sound, ref) if ref is not None else None
        if row is None or row.customer_id != self.customer_id:
            return self.fail(path, "must be one of the account's sounds")
        return ref

    def caller_id(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        ref = reference_id(value, "outgoingcallerids")
        row = self.session.get(OutgoingCallerId, ref) if ref is not None else None
        if row is None or row.customer_id != self.customer_id:
            return self.fail(path, "must be one of the account's outgoing caller ids")
        return ref

    def fail(self, path: str, message: str) -> int | None:
        """Note the error; None stands for the reference that could not be made."""
        self.errors.append((path, message))
        return None

    def members(self, values: list[Any] | None, path: str) -> list[int] | None:
        """Phones and virtuals, each once."""
        if values is None:
            return None
        refs: list[int] = []
        for index, value in enumerate(values):
            ref = self.endpoint(value, f"{path}[{index}]", CALLABLE)
            if ref is not None and ref in refs:
                self.fail(f"{path}[{index}]", "is already a member")
            elif ref is not None:
                refs.append(ref)
        return refs

    def sounds(self, values: list[Any] | None, path: str) -> list[int] | None:
        if values is None:
            return None
        refs = [self.sound(value, f"{path}[{i}]") for i, value in enumerate(values)]
        return [ref for ref in refs if ref is not None]

    def menu(self, items: list[IvrItemWrite] | None) -> list[dict[str, Any]] | None:
        """An IVR's items: keys 0-9, * and #, each once, and their actions."""
        if items is None:
            return None
        menu: list[dict[str, Any]] = []
        keys: set[str] = set()
        for index, item in enumerate(items):
            path = f"items[{index}]"
            if item.key not in KEYS:
                self.fail(f"{path}.key", "must be one of 0-9, * or #")
            elif item.key in keys:
                self.fail(f"{path}.key", f"key {item.key} already has an item")
            keys.add(item.key)
            menu.append({"key": item.key, "action": self.action(item.action, f"{path}.action")})
        return menu

    def action(self, action: IvrActionWrite | None, path: str) -> dict[str, Any] | None:
        """An IVR action as the table keeps it: the wire's keys, with ids for references."""
        if action is None:
            return None
        allowed = ACTION_KEYS[action.type]
        for name in ("destination", "sound", "play_sound", "display"):
            if name not in allowed and getattr(action, name) is not None:
                wire_name = IvrActionWrite.model_fields[name].alias or name
                self.fail(f"{path}.{wire_name}", f"is not used by a {action.type} action")
        stored: dict[str, Any] = {"type": action.type}
        if action.type in ACTION_DESTINATIONS:
            types = ACTION_DESTINATIONS[action.type]
            if action.destination is None:
                self.fail(f"{path}.destination", f"is required for a {action.type} action")
            else:
                stored["destination"] = self.endpoint(
                    action.destination, f"{path}.destination", types
                )
        if action.type == "playsound":
            if action.sound is None:
                self.fail(f"{path}.sound", "is required for a playsound action")
            stored["sound"] = self.sound(action.sound, f"{path}.sound")
        if action.type == "transfer":
            stored["playSound"] = self.sound(action.play_sound, f"{path}.playSound")
            stored["display"] = action.display
        return {key: value for key, value in stored.items() if value is not None}
