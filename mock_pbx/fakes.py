"""Deterministic Faker data for one customer: coherent endpoints, numbers and a call/SMS history."""

import random
from datetime import datetime, timedelta
from typing import Any

from faker import Faker
from sqlmodel import Session, select

from mock_pbx.resources.callbundles import CallBundle
from mock_pbx.resources.customers import Customer
from mock_pbx.resources.endpoints import Endpoint
from mock_pbx.resources.outgoingcallerids import OutgoingCallerId
from mock_pbx.resources.phonebook import PhoneBookEntry
from mock_pbx.resources.phonenumbers import PhoneNumber
from mock_pbx.resources.sounds import Sound
from mock_pbx.resources.timeintervals import TimeInterval

# Per customer at scale 1; for customer 25 these are the spec's example totalItems where practical.
VOLUMES = {
    "endpoints": 25,
    "phonenumbers": 15,
    "outgoingcallerids": 1,
    "sounds": 6,
    "timeintervals": 12,
    "callbundles": 20,
    "phonebook": 30,
    "sms": 188,
    "calls": 400,
}
HISTORY_DAYS = 90
AREA_CODES = ("0121", "0113", "0161", "0117", "0114", "0115", "0131", "0141", "0191", "0118")
SMS_PRICE = 0.1
CALL_PRICE_PER_MINUTE = 0.02
OUTCOMES = (("answered", 70), ("no-answer", 18), ("busy", 7), ("failed", 5))
DELIVERY = ((1, 85), (2, 4), (4, 6), (16, 5))  # deliveryStatus of historic outbound SMS
PROMPTS = (
    "welcome",
    "thank-you-for-calling",
    "out-of-hours",
    "please-hold",
    "voicemail-greeting",
    "press-1-for-sales",
    "christmas-closure",
    "all-agents-busy",
)
MUSIC = ("hold-music-jazz", "hold-music-classical", "hold-music-ambient")
INTERVALS = (
    ("Office hours", "09:00", "17:29", "MON-FRI"),
    ("Lunchtimes", "12:00", "13:59", "MON-FRI"),
    ("Weekends", "00:00", "23:59", "SAT-SUN"),
    ("Evenings", "17:30", "23:59", "MON-FRI"),
    ("Early mornings", "00:00", "07:59", "MON-FRI"),
    ("Saturday mornings", "09:00", "12:29", "SAT"),
)
GROUP_NAMES = ("Sales", "Support", "Accounts", "Operations", "Marketing", "Warehouse")


def faker_for(seed: int, customer_id: int, topic: str) -> Faker:
    """One private Faker per customer and topic: changing one volume never reshuffles the rest."""
    fake = Faker("en_GB")
    fake.seed_instance(f"{seed}-{customer_id}-{topic}")
    return fake


def mobile(rnd: random.Random) -> str:
    return f"07{rnd.randint(100, 999)}{rnd.randint(0, 999999):06d}"


def landline(rnd: random.Random) -> str:
    area = rnd.choice(AREA_CODES)
    return area + "".join(str(rnd.randint(0, 9)) for _ in range(11 - len(area)))


def weighted(rnd: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    return rnd.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def new_customer(seed: int, customer_id: int, anchor: datetime) -> Customer:
    fake = faker_for(seed, customer_id, "customer")
    first, last = fake.first_name(), fake.last_name()
    return Customer(
        id=customer_id,
        created=anchor - timedelta(days=fake.random_int(400, 2000)),
        company=fake.company(),
        first_name=first,
        last_name=last,
        telephone=mobile(fake.random),
        email=f"{first}.{last}@{fake.domain_name()}".lower(),
        address1=fake.street_address(),
        address2=fake.street_name(),
        city=fake.city(),
        postcode=fake.postcode(),
        account_type="prepaid",
        credit=round(fake.random.uniform(5, 80), 3),
    )


class CustomerWorld:
    """Tops one customer's collections up to their volumes, each row consistent with the others."""

    def __init__(
        self, session: Session, seed: int, scale: float, anchor: datetime, customer_id: int
    ) -> None:
        self.session, self.seed, self.scale = session, seed, scale
        self.anchor, self.customer_id = anchor, customer_id

    def fake(self, topic: str) -> Faker:
        return faker_for(self.seed, self.customer_id, topic)

    def existing(self, table: Any) -> list[Any]:
        """The customer's rows by id: a fixed order, so choices among them are the same on
        every database (PostgreSQL returns unordered rows in any order)."""
        statement = select(table).where(table.customer_id == self.customer_id).order_by(table.id)
        return list(self.session.exec(statement))

    def missing(self, name: str, have: int) -> int:
        """How many to add: the volume times the scale, at least one of everything."""
        return max(0, max(1, round(VOLUMES[name] * self.scale)) - have)

    def when(self, rnd: random.Random, days: float = HISTORY_DAYS) -> datetime:
        # Whole seconds, as the PBX's call records have.
        return self.anchor - timedelta(seconds=rnd.randint(60, int(days * 86400)))

    def add(self, table: Any, rows: list[dict[str, Any]]) -> list[Any]:
        objects = [table(customer_id=self.customer_id, **row) for row in rows]
        self.session.add_all(objects)
        self.session.flush()
        return self.existing(table)

    def populate(self) -> dict[str, list[dict[str, Any]]]:
        """Insert the configuration; return the history (sms, calls, recordings) for id placement."""
        from mock_pbx import history

        self.endpoints = self.add(Endpoint, self.endpoint_rows())
        self.numbers = self.add(PhoneNumber, self.number_rows())
        self.callerids = self.add(OutgoingCallerId, self.callerid_rows())
        for table, rows in (
            (Sound, self.sound_rows()),
            (TimeInterval, self.interval_rows()),
            (CallBundle, self.bundle_rows()),
            (PhoneBookEntry, self.phonebook_rows()),
        ):
            self.add(table, rows)
        return history.generate(self)

    def endpoint_rows(self) -> list[dict[str, Any]]:
        have = self.existing(Endpoint)
        used = {e.short_number for e in have}
        fake, rows = self.fake("endpoints"), []
        for index in range(self.missing("endpoints", len(have))):
            kind = ("phone", "phone", "phone", "group", "phone", "virtual", "queue", "mailbox")[
                index % 8
            ]
            rows.append(self.endpoint_row(fake, kind, used))
        return rows

    def endpoint_row(self, fake: Faker, kind: str, used: set[str]) -> dict[str, Any]:
        base = {"phone": 103, "group": 500, "virtual": 700, "queue": 600, "mailbox": 800}[kind]
        short = next(str(n) for n in range(base, 10000) if str(n) not in used)
        used.add(short)
        row: dict[str, Any] = {
            "type": kind,
            "short_number": short,
            "created": self.when(fake.random, 900),
        }
        if kind == "phone":
            name = fake.name()
            row.update(
                name=name,
                email=f"{name.split()[-1].lower()}@{fake.domain_name()}",
                timeout=30,
                call_waiting=True,
                voicemail_enabled=fake.boolean(),
                call_recording=fake.random.choice(("OFF", "OFF", "ALWAYS", "ON_DEMAND")),
            )
        elif kind == "group":
            row.update(name=fake.random.choice(GROUP_NAMES), member_timeout=30, cascade_delay=0)
        elif kind == "virtual":
            row.update(
                name=f"{fake.first_name()} mobile",
                destination=mobile(fake.random),
                timeout=30,
                screening_enabled=False,
            )
        elif kind == "queue":
            row.update(name=f"{fake.random.choice(GROUP_NAMES)} queue", max_wait=600)
        else:
            row.update(
                name=f"{fake.random.choice(GROUP_NAMES)} voicemail", email=fake.company_email()
            )
        return row

    def number_rows(self) -> list[dict[str, Any]]:
        fake = self.fake("phonenumbers")
        routable = [e.id for e in self.endpoints if e.type != "mailbox"]
        taken = {n.number for n in self.existing(PhoneNumber)}
        rows = []
        for index in range(self.missing("phonenumbers", len(taken))):
            number = mobile(fake.random) if index % 5 == 4 else landline(fake.random)
            if number in taken:
                continue
            taken.add(number)
            rows.append(
                {
                    "number": number,
                    "created": self.when(fake.random, 900),
                    "identifier": fake.random.choice(("", "", "Sales", "Support", "Office")),
                    "destination_id": fake.random.choice(routable),
                    "sms_enabled": number.startswith("07") or fake.boolean(70),
                }
            )
        return rows

    def callerid_rows(self) -> list[dict[str, Any]]:
        fake = self.fake("outgoingcallerids")
        count = self.missing("outgoingcallerids", len(self.existing(OutgoingCallerId)))
        return [
            {
                "number": fake.company().split()[0][:11],
                "allow_calls": False,
                "allow_sms": True,
                "created": self.when(fake.random, 900),
            }
            for _ in range(count)
        ]

    def sound_rows(self) -> list[dict[str, Any]]:
        fake = self.fake("sounds")
        names = {s.name for s in self.existing(Sound)}
        rows = []
        for index in range(self.missing("sounds", len(names))):
            music = index % 3 == 2
            pool = [n for n in (MUSIC if music else PROMPTS) if n not in names] or [
                f"sound-{index}"
            ]
            name = fake.random.choice(pool)
            names.add(name)
            rows.append(
                {
                    "type": "music" if music else "prompt",
                    "name": name,
                    "size": fake.random.randint(20000, 900000),
                    "created": self.when(fake.random, 900),
                    "enabled": True if music else None,
                }
            )
        return rows

    def interval_rows(self) -> list[dict[str, Any]]:
        fake = self.fake("timeintervals")
        rows = []
        for index in range(self.missing("timeintervals", len(self.existing(TimeInterval)))):
            name, start, end, days = INTERVALS[index % len(INTERVALS)]
            suffix = f" {index // len(INTERVALS) + 1}" if index >= len(INTERVALS) else ""
            rows.append(
                {
                    "name": name + suffix,
                    "repeat": "WEEKLY",
                    "created": self.when(fake.random, 900),
                    "data": [{"startTime": start, "endTime": end, "includeDays": days}],
                }
            )
        return rows

    def bundle_rows(self) -> list[dict[str, Any]]:
        rows = []
        month = self.anchor.replace(day=1)
        for _ in range(self.missing("callbundles", len(self.existing(CallBundle)))):
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
                    "status": "ACTIVE" if month == self.anchor.replace(day=1) else "EXPIRED",
                }
            )
            month = (month - timedelta(days=1)).replace(day=1)
        return rows

    def phonebook_rows(self) -> list[dict[str, Any]]:
        fake = self.fake("phonebook")
        rows = []
        for index in range(self.missing("phonebook", len(self.existing(PhoneBookEntry)))):
            number = mobile(fake.random) if index % 2 else landline(fake.random)
            rows.append(
                {
                    "name": fake.name(),
                    "phone_number": number,
                    "created": self.when(fake.random, 900),
                    "speed_dial": index + 1 if index < 9 else None,
                    "email": fake.free_email() if index % 3 == 0 else None,
                }
            )
        return rows
