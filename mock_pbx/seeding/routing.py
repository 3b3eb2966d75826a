"""How a customer's generated endpoints reach each other, its sounds and its caller ids: ring
groups' and queues' members, their failover and timeout destinations, the queues' sounds, the
menu's keys and the phones' caller id. Filled in once the endpoints have ids (Seed.relate), from a
Faker of its own, so the rest of the seed stays as it was."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.numbers import OutgoingCallerId
from mock_pbx.models.sound import Sound
from mock_pbx.seeding.world import CustomerWorld

# What each queue or menu plays, by sound name (seeding.configuration.PROMPTS), best first.
ENTRY_SOUNDS = ("welcome", "thank-you-for-calling")
ANNOUNCE_SOUNDS = (
    "all-agents-busy",
    "please-hold",
    "calls-may-be-recorded",
    "thank-you-for-calling",
)
RECORDED_NOTICE = ("calls-may-be-recorded", "thank-you-for-calling")
MENU_MESSAGES = ("we-have-moved", "out-of-hours", "bank-holiday-closure", "christmas-closure")
QUEUE_STRATEGIES = ("RINGALL", "RINGALL", "RRMEMORY", "LEASTRECENT", "LINEAR")


@dataclass
class Routes:
    """A customer's endpoints, sounds and caller ids, and its own random source."""

    rnd: random.Random
    endpoints: list[Endpoint]
    sounds: list[Sound]
    caller_id: int | None  # the customer's caller id for calls (else its first one)
    # Each type's endpoints by short number, sorted once: at scale 100 a customer has 2,500
    # endpoints, and sorting them again for every group and queue took seconds.
    by_type: dict[str, list[Endpoint]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for endpoint in sorted(self.endpoints, key=lambda e: (e.short_number, e.id)):
            self.by_type.setdefault(endpoint.type, []).append(endpoint)

    def of(self, kind: str) -> list[Endpoint]:
        return self.by_type.get(kind, [])

    def members(self) -> list[int]:
        phones = self.of("phone")
        chosen = self.rnd.sample(phones, min(len(phones), self.rnd.randint(2, 4)))
        return [p.id or 0 for p in chosen]

    def mailbox(self) -> int | None:
        mailboxes = self.of("mailbox")
        return self.rnd.choice(mailboxes).id if mailboxes else None

    named: dict[tuple[str, ...], int | None] = field(default_factory=dict)

    def sound(self, names: tuple[str, ...]) -> int | None:
        """The first of these sounds the customer has (or a second take, welcome-7), else any
        of its prompts, else none."""
        if names not in self.named:  # looked up once: a customer has hundreds at scale 100
            self.named[names] = next(
                (
                    s.id
                    for name in names
                    for s in self.sounds
                    if s.name == name or s.name.startswith(name + "-")
                ),
                None,
            )
        if self.named[names] is not None:
            return self.named[names]
        prompts = [s for s in self.sounds if s.type == "prompt"]
        return self.rnd.choice(prompts).id if prompts else None


def relate_endpoints(world: CustomerWorld, added: list[Endpoint]) -> None:
    """Seed.relate of endpoints: each generated endpoint's relationships."""
    callerids = world.existing(OutgoingCallerId)
    for_calls = [c.id for c in callerids if c.allow_calls] or [c.id for c in callerids]
    routes = Routes(
        world.fake("endpoint-routes").random,
        world.existing(Endpoint),
        world.existing(Sound),
        for_calls[0] if for_calls else None,
    )
    seen: set[str] = set()  # the types met so far: the first group and queue always get more
    for endpoint in added:
        first = endpoint.type not in seen
        seen.add(endpoint.type)
        if endpoint.type in ("phone", "trunk"):
            endpoint.caller_id_ref = routes.caller_id
        elif endpoint.type == "group":
            relate_group(routes, endpoint, always=first)
        elif endpoint.type == "queue":
            relate_queue(routes, endpoint, always=first)
        elif endpoint.type == "ivr":
            relate_menu(routes, endpoint)


def relate_group(routes: Routes, group: Endpoint, always: bool) -> None:
    """2-4 phones; a failover (a mailbox, else the reception phone) on the first group and on
    two in three of the others."""
    group.member_refs = routes.members()
    if always or routes.rnd.random() < 2 / 3:
        reception = routes.of("phone")[:1]
        group.failover_ref = routes.mailbox() or (reception[0].id if reception else None)


def relate_queue(routes: Routes, queue: Endpoint, always: bool) -> None:
    """2-4 phones answer it; callers hear a welcome, then announcements while they wait, and go
    to a mailbox after maxWait; on the first queue (and half the others) a key press leaves a
    message in a mailbox too."""
    rnd = routes.rnd
    queue.member_refs = routes.members()
    queue.strategy = rnd.choice(QUEUE_STRATEGIES)
    queue.announce_position = rnd.random() < 0.5
    queue.entry_sound_ref = routes.sound(ENTRY_SOUNDS)
    announce = [routes.sound(ANNOUNCE_SOUNDS[rnd.randint(0, 1) :]), routes.sound(RECORDED_NOTICE)]
    queue.announce_sound_refs = list(dict.fromkeys(s for s in announce if s is not None))
    queue.timeout_destination_ref = routes.mailbox()
    if always or rnd.random() < 0.5:
        queue.keypress_destination_ref = routes.mailbox()


def relate_menu(routes: Routes, menu: Endpoint) -> None:
    """Press 1 for a person (after a notice that calls may be recorded), 2 for a message, 3 for
    the customer's other menu (if it has one), 9 to dial an extension, 0 for reception; no key:
    reception; a key with no item: the menu again."""
    phones = routes.of("phone")
    if not phones:
        return
    reception, rnd = phones[0], routes.rnd
    person = rnd.choice(phones[1:] or phones)
    items: list[dict[str, Any]] = [
        item("1", "transfer", destination=person.id, playSound=routes.sound(RECORDED_NOTICE)),
        item("2", "playsound", sound=routes.sound(MENU_MESSAGES)),
    ]
    others = [m for m in routes.of("ivr") if m.id != menu.id]
    if others:
        items.append(item("3", "goto", destination=others[0].id))
    items += [item("9", "dialext"), item("0", "transfer", destination=reception.id)]
    menu.ivr_items = items
    menu.entry_sound_ref = routes.sound(ENTRY_SOUNDS)
    menu.ivr_timeout_action = action("transfer", destination=reception.id)
    menu.ivr_invalid_action = action("goto", destination=menu.id)


def item(key: str, kind: str, **refs: int | None) -> dict[str, Any]:
    return {"key": key, "action": action(kind, **refs)}


def action(kind: str, **refs: int | None) -> dict[str, Any]:
    """An IVR action as stored: its type and the ids it names (none left as null)."""
    return {"type": kind, **{key: ref for key, ref in refs.items() if ref is not None}}
