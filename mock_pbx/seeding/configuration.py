"""Generated configuration of one customer's account: the account itself, endpoints, numbers,
caller ids, sounds, time intervals, call bundles and the phone book."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mock_pbx.models.callbundle import CallBundle
from mock_pbx.models.customer import Customer
from mock_pbx.models.endpoint import DEFAULTS as ENDPOINT_DEFAULTS
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.numbers import OutgoingCallerId, PhoneNumber
from mock_pbx.models.phonebook import PhoneBookEntry
from mock_pbx.models.sound import Sound
from mock_pbx.models.timeinterval import TimeInterval
from mock_pbx.seeding.names import (
    PERSONAL_CONTACTS,
    SENDER_ID_LENGTH,
    EndpointNames,
    address,
    company,
    contact,
    domain,
    sender_id,
    slug,
)
from mock_pbx.seeding.world import CustomerWorld, Rows, faker_for, landline, mobile

PROMPTS = (
    "welcome",
    "thank-you-for-calling",
    "out-of-hours",
    "please-hold",
    "voicemail-greeting",
    "press-1-for-sales",
    "christmas-closure",
    "all-agents-busy",
    "bank-holiday-closure",
    "calls-may-be-recorded",
    "press-2-for-support",
    "we-have-moved",
)
MUSIC = ("hold-music-jazz", "hold-music-classical", "hold-music-ambient", "hold-music-acoustic")
INTERVALS = (
    ("Office hours", "09:00", "17:29", "MON-FRI"),
    ("Lunchtimes", "12:00", "13:59", "MON-FRI"),
    ("Weekends", "00:00", "23:59", "SAT-SUN"),
    ("Evenings", "17:30", "23:59", "MON-FRI"),
    ("Early mornings", "00:00", "07:59", "MON-FRI"),
    ("Saturday mornings", "09:00", "12:29", "SAT"),
)
GROUP_NAMES = ("Sales", "Support", "Accounts", "Operations", "Marketing", "Warehouse")
ENDPOINT_MIX = ("phone", "phone", "phone", "group", "phone", "virtual", "queue", "mailbox")
IVR_AT = 5  # the sixth endpoint generated is the customer's menu (instead of its first virtual)
# The generated menu's name: the second if the customer has a menu already (the spec's Main IVR).
MENU_NAMES = ("Main menu", "Out of hours menu")
SENDER_PURPOSES = ("Alerts", "Bookings", "Info")
SHORT_NUMBERS_FROM = {
    "phone": 103,
    "group": 500,
    "virtual": 700,
    "queue": 600,
    "mailbox": 800,
    "ivr": 2,  # 002, after the spec's IVR 001
}


def new_customer(seed: int, customer_id: int, anchor: datetime) -> Customer:
    """An account for a customer the fixtures do not have (the reseller's other customers)."""
    fake = faker_for(seed, customer_id, "customer")
    first, last = fake.first_name(), fake.last_name()
    business = company(fake)
    street, district, town = address(fake)
    return Customer(
        id=customer_id,
        created=anchor - timedelta(days=fake.random_int(400, 2000)),
        company=business,
        first_name=first,
        last_name=last,
        telephone=mobile(fake.random),
        email=f"{slug(first)}@{domain(business)}",
        address1=street,
        address2=district,
        city=town,
        postcode=fake.postcode(),
        account_type="prepaid",
        credit=round(fake.random.uniform(5, 80), 3),
    )


def endpoint_rows(world: CustomerWorld, volume: int) -> Rows:
    have = world.existing(Endpoint)
    numbers = ShortNumbers({e.short_number for e in have})
    taken = {e.name for e in have} | (
        {MENU_NAMES[0]} if any(e.type == "ivr" for e in have) else set()
    )
    names = EndpointNames(world.fake("endpoints"), company_domain(world), taken)
    rows = [
        endpoint_row(world, names, endpoint_kind(index), numbers)
        for index in range(world.missing(volume, len(have)))
    ]
    phones = [r for r in rows if r["type"] == "phone"]
    recorded = [e for e in have if e.call_recording == "ALWAYS"]
    if phones and not recorded and all(p["call_recording"] != "ALWAYS" for p in phones):
        phones[0]["call_recording"] = "ALWAYS"  # every customer has recordings to list
    return rows


def endpoint_kind(index: int) -> str:
    return "ivr" if index == IVR_AT else ENDPOINT_MIX[index % len(ENDPOINT_MIX)]


def company_domain(world: CustomerWorld) -> str:
    """Where the customer's staff have their email: its own address's domain."""
    return world.account().email.rpartition("@")[2]


@dataclass
class ShortNumbers:
    """A customer's short numbers in use, handing out each type's next free one (3 digits at
    least), searching on from the last it took: scale 100's 2,500 are not 2,500 full scans."""

    used: set[str]
    last: dict[str, int] = field(default_factory=dict)

    def take(self, kind: str) -> str:
        start = max(SHORT_NUMBERS_FROM[kind], self.last.get(kind, 0) + 1)
        number = next(n for n in range(start, 10000) if f"{n:03d}" not in self.used)
        self.last[kind] = number
        self.used.add(f"{number:03d}")
        return f"{number:03d}"


def endpoint_row(
    world: CustomerWorld, names: EndpointNames, kind: str, numbers: ShortNumbers
) -> dict[str, Any]:
    fake = names.fake
    short = numbers.take(kind)
    row: dict[str, Any] = {
        "type": kind,
        "short_number": short,
        "created": world.when(fake.random, 900),
        "read_only": False,
        **copy.deepcopy(ENDPOINT_DEFAULTS[kind]),
    }
    if kind == "phone":
        name = names.phone()
        row.update(
            name=name,
            email=names.email(name),
            timeout=30,
            call_waiting=True,
            voicemail_enabled=fake.boolean(),
            call_recording=fake.random.choice(("OFF", "OFF", "ALWAYS", "ON_DEMAND")),
        )
    elif kind == "group":
        row.update(name=names.unused(GROUP_NAMES), member_timeout=30, cascade_delay=0)
    elif kind == "virtual":
        row.update(
            name=names.unused([f"{fake.first_name()}'s mobile"]),
            destination=mobile(fake.random),
            timeout=30,
            screening_enabled=False,
        )
    elif kind == "queue":
        row.update(name=names.unused([f"{g} queue" for g in GROUP_NAMES]), max_wait=600)
    elif kind == "ivr":  # its menu is filled in once the endpoints have ids (seeding.routing)
        menu = [n for n in MENU_NAMES if n not in names.taken][:1] or list(MENU_NAMES)
        row.update(name=names.unused(menu))
    else:
        name = names.unused([f"{team} voicemail" for team in GROUP_NAMES])
        row.update(name=name, email=names.email(name.removesuffix(" voicemail")))
    return row


def number_rows(world: CustomerWorld, volume: int) -> Rows:
    fake = world.fake("phonenumbers")
    routable = [e.id for e in world.existing(Endpoint) if e.type != "mailbox"]
    taken = {n.number for n in world.existing(PhoneNumber)}
    rows = []
    for index in range(world.missing(volume, len(taken))):
        number = mobile(fake.random) if index % 5 == 4 else landline(fake.random)
        if number in taken:
            continue
        taken.add(number)
        rows.append(
            {
                "number": number,
                "created": world.when(fake.random, 900),
                "identifier": fake.random.choice(("", "", "Sales", "Support", "Office")),
                "destination_id": fake.random.choice(routable),
                "sms_enabled": number.startswith("07") or fake.boolean(70),
            }
        )
    return rows


def callerid_rows(world: CustomerWorld, volume: int) -> Rows:
    fake = world.fake("outgoingcallerids")
    brand = sender_id(world.account().company)
    count = world.missing(volume, len(world.existing(OutgoingCallerId)))
    # The company's name, then names for what it sends (within a sender id's 11 characters).
    names = [brand] + [brand[: SENDER_ID_LENGTH - len(s)] + s for s in SENDER_PURPOSES]
    return [
        {
            "number": names[index % len(names)],
            "allow_calls": False,
            "allow_sms": True,
            "created": world.when(fake.random, 900),
        }
        for index in range(count)
    ]


def sound_rows(world: CustomerWorld, volume: int) -> Rows:
    fake = world.fake("sounds")
    names = {s.name for s in world.existing(Sound)}
    rows = []
    for index in range(world.missing(volume, len(names))):
        music = index % 3 == 2
        kinds = MUSIC if music else PROMPTS
        # Past the names above, a second take of one of them (welcome-2).
        pool = [n for n in kinds if n not in names] or [f"{fake.random.choice(kinds)}-{index}"]
        name = fake.random.choice(pool)
        names.add(name)
        rows.append(
            {
                "type": "music" if music else "prompt",
                "name": name,
                "size": fake.random.randint(20000, 900000),
                "created": world.when(fake.random, 900),
                "enabled": True if music else None,
            }
        )
    return rows


def interval_rows(world: CustomerWorld, volume: int) -> Rows:
    fake = world.fake("timeintervals")
    rows = []
    for index in range(world.missing(volume, len(world.existing(TimeInterval)))):
        name, start, end, days = INTERVALS[index % len(INTERVALS)]
        suffix = f" {index // len(INTERVALS) + 1}" if index >= len(INTERVALS) else ""
        rows.append(
            {
                "name": name + suffix,
                "repeat": "WEEKLY",
                "created": world.when(fake.random, 900),
                "data": [{"startTime": start, "endTime": end, "includeDays": days}],
            }
        )
    return rows


def bundle_rows(world: CustomerWorld, volume: int) -> Rows:
    """One bundle a month, back from this month's (the only ACTIVE one)."""
    rows = []
    this_month = month = world.anchor.replace(day=1)
    for _ in range(world.missing(volume, len(world.existing(CallBundle)))):
        end = (month + timedelta(days=32)).replace(day=1) - timedelta(milliseconds=1)
        used = (month.month * 37 + month.year) % 400
        rows.append(
            {
                "name": "1000 Mins - UK Local/National",
                "inclusive_mins": 1000,
                "price_monthly": 5,
                "valid_from": month,
                "valid_to": end,
                "used_mins": used,
                "available_mins": 1000 - used,
                "auto_renew": True,
                "created": month,
                "status": "ACTIVE" if month == this_month else "EXPIRED",
            }
        )
        month = (month - timedelta(days=1)).replace(day=1)
    return rows


def phonebook_rows(world: CustomerWorld, volume: int) -> Rows:
    fake = world.fake("phonebook")
    personal = list(PERSONAL_CONTACTS)  # each of these once
    rows = []
    for index in range(world.missing(volume, len(world.existing(PhoneBookEntry)))):
        name, kind = contact(fake, index, personal)
        number = landline(fake.random) if kind == "business" else mobile(fake.random)
        email = f"{slug(name)}@{fake.free_email_domain()}" if kind == "person" else None
        rows.append(
            {
                "name": name,
                "phone_number": number,
                "created": world.when(fake.random, 900),
                "speed_dial": index + 1 if index < 9 else None,
                "email": email if index % 3 == 0 else None,
            }
        )
    return rows
