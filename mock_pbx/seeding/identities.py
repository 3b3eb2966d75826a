"""Who uses an account and how its phones connect: the linked (web) users of each customer, one
for every login of fixtures/users.json that may see it plus generated staff, and the SIP identity
and registrations of a phone, derived from the seed (the same on every start with one seed)."""

import hashlib
import random
import string
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from mock_pbx.domain.logins import User, Users, load_users
from mock_pbx.models.access.linkeduser import LinkedUser
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.seeding.fixtures import FIXTURES_DIR
from mock_pbx.seeding.world import CustomerWorld, Rows, faker_for, weighted
from mock_pbx.settings import Settings

LOGIN_ID_BASE = 3001  # userId of the first login in users.json; the rest follow in its order
STAFF_ID_BASE = 100_000  # generated web users: STAFF_ID_BASE + customer * 100 + n
# A login's level -> the linked user's accessLevel: a company admin is a CUSTOMER user (the real
# service's ADMIN is its own staff, past SUPPORT_L1 and SUPPORT_L2).
ACCESS_OF_LOGIN = {"ADMIN": "CUSTOMER", "EXTENSION": "EXTENSION", "RESELLER": "RESELLER"}
RECORDINGS_OF_LEVEL = {"CUSTOMER": "ALL", "RESELLER": "ALL", "EXTENSION": "OWN"}


@cache
def login_user_ids(username: str, password: str) -> dict[str, str]:
    """Each login's userId, by its position in users.json (stable when a login is removed)."""
    users = load_users(FIXTURES_DIR, username, password)
    return {name: str(LOGIN_ID_BASE + index) for index, name in enumerate(users)}


def user_id_of(settings: Settings, user: User) -> str:
    return login_user_ids(settings.username, settings.password)[user.username]


def restore_logins(users: Users, settings: Settings) -> None:
    """Put back logins removed with DELETE .../linkedusers/{id}?removeUser=true (on a reset)."""
    users.clear()
    users.update(load_users(FIXTURES_DIR, settings.username, settings.password))


def linkeduser_rows(world: CustomerWorld, volume: int) -> Rows:
    have = world.existing(LinkedUser)
    phones = sorted(
        (e for e in world.existing(Endpoint) if e.type == "phone"), key=lambda e: e.short_number
    )
    free = [str(p.id) for p in phones if str(p.id) not in {u.default_extension for u in have}]
    known = {u.user_id for u in have}
    rows = login_rows(world, phones, free, known)
    fake = world.fake("linkedusers")
    for index in range(world.missing(volume, len(have) + len(rows))):
        rows.append(staff_row(world, fake, len(have) + index, free))
    return rows


def login_rows(
    world: CustomerWorld, phones: list[Endpoint], free: list[str], known: set[str]
) -> Rows:
    """One linked user for every login that may see this customer (fixtures/users.json)."""
    settings = world.settings
    users = load_users(FIXTURES_DIR, settings.username, settings.password)
    rows = []
    for user in users.values():
        user_id = user_id_of(settings, user)
        if world.customer_id in user.customers and user_id not in known:
            rows.append(login_row(world, user, user_id, phones, free))
    return rows


def login_row(
    world: CustomerWorld, user: User, user_id: str, phones: list[Endpoint], free: list[str]
) -> dict[str, Any]:
    level = ACCESS_OF_LOGIN.get(user.access_level, "EXTENSION")
    account = world.account()
    owner = level == "CUSTOMER" and user.home == world.customer_id
    # The same person on every account it links: its own Faker, not the customer's.
    fake = faker_for(world.settings.seed, 0, f"login-{user.username}")
    first, last = (
        (account.first_name, account.last_name) if owner else (fake.first_name(), fake.last_name())
    )
    extension = None
    if level != "RESELLER":
        named = [str(p.id) for p in phones if p.name == f"{first} {last}" and str(p.id) in free]
        extension = take(free, named[0] if named else None)
    created = world.when(random.Random(f"{world.settings.seed}-{world.customer_id}-{user_id}"))
    domain = "partner.example.com" if level == "RESELLER" else account.email.rpartition("@")[2]
    return {
        "user_id": user_id,
        "email": f"{user.username}@{domain}" if not owner else account.email,
        "username": user.username,
        "first_name": first,
        "last_name": last,
        "access_level": level,
        "enabled": True,
        "pending": False,
        "accepted_invite": created + timedelta(minutes=12),
        "owner": owner,
        "recording_access": RECORDINGS_OF_LEVEL[level],
        "default_extension": extension,
        "created": created,
    }


def staff_row(world: CustomerWorld, fake: Any, index: int, free: list[str]) -> dict[str, Any]:
    """A web user who is not one of the emulator's logins: mostly extension users with a phone;
    some invited and not yet joined."""
    first, last = fake.first_name(), fake.last_name()
    level = weighted(fake.random, (("EXTENSION", 5), ("CUSTOMER", 1)))
    pending = fake.random.random() < 0.2
    created = world.when(fake.random)
    domain = world.account().email.rpartition("@")[2]
    return {
        "user_id": str(STAFF_ID_BASE + world.customer_id * 100 + index),
        "email": f"{first}.{last}@{domain}".lower().replace(" ", "").replace("'", ""),
        "username": f"{first}{last[:1]}".lower().replace(" ", "").replace("'", ""),
        "first_name": first,
        "last_name": last,
        "access_level": level,
        "enabled": not pending,
        "pending": pending,
        "accepted_invite": None
        if pending
        else created + timedelta(hours=fake.random.randint(1, 48)),
        "owner": False,
        "recording_access": weighted(fake.random, (("OWN", 3), ("NONE", 1), ("ALL", 1)))
        if level == "EXTENSION"
        else "ALL",
        "default_extension": take(free, None) if level == "EXTENSION" else None,
        "created": created,
    }


def take(free: list[str], wanted: str | None) -> str | None:
    """A phone for a user: the one wanted, else the first nobody has yet (None when all are)."""
    choice = wanted or (free[0] if free else None)
    if choice is not None:
        free.remove(choice)
    return choice


# SIP: what a phone registers with, and the devices registered now.
SIP_DOMAIN = "sip.sipcentric.com"
SIP_PROXY = "sip.sipcentric.com:5060"
SIP_WS_SERVER = "wss://sipws.sipcentric.com"
SERVER_SOCKET = "192.0.2.10:5060"  # documentation addresses (RFC 5737), never a real host's
SECRET_ALPHABET = string.ascii_letters + string.digits
# (User-Agent, transport, seconds between registrations), as such devices send them.
DEVICES = (
    ("Yealink SIP-T46S 66.86.0.15", "udp", 3600),
    ("Yealink SIP-T54W 96.86.0.70", "udp", 3600),
    ("PolycomVVX-VVX_411-UA/6.4.3.5018", "udp", 3600),
    ("snom D735/10.1.141.13", "udp", 600),
    ("Grandstream GXP2170 1.0.11.23", "udp", 3600),
    ("Z 5.6.1 v2.10.20.2", "tls", 300),  # Zoiper
    ("Bria 6 release 6.5.4 stamp 113220", "tls", 300),
    ("Linphone Desktop/5.2.6 (Windows 10) LinphoneCore/5.3.38", "tls", 600),
)
# What registers a trunk: another PBX on the customer's premises, one registration.
PBXES = (
    ("Asterisk PBX 18.20.0", "udp", 300),
    ("FPBX-16.0.40.7(18.20.0)", "udp", 300),  # FreePBX on Asterisk
    ("3CXPhoneSystem 18.0.9.20 (20)", "udp", 120),
)


def sip_username(endpoint: Endpoint) -> str:
    return f"{endpoint.customer_id}-{endpoint.short_number}"


def sip_password(seed: int, endpoint: Endpoint) -> str:
    """A 16-character secret, the same for one seed and endpoint."""
    digest = hashlib.sha256(f"{seed}-{endpoint.customer_id}-{endpoint.id}-sip".encode()).digest()
    return "".join(SECRET_ALPHABET[byte % len(SECRET_ALPHABET)] for byte in digest[:16])


@dataclass(frozen=True)
class Registration:
    number: int
    user_agent: str
    contact: str
    received: str
    socket: str
    lan_ip: str
    wan_ip: str
    updated: datetime
    expires: datetime


def registrations(seed: int, endpoint: Endpoint, now: datetime) -> list[Registration]:
    """The devices registered to a phone at `now`: none, a desk phone, or a desk phone and a
    softphone; to a trunk, the PBX behind it (or none). Each re-registers every so often, so
    they are current on any clock."""
    rnd = random.Random(f"{seed}-{endpoint.customer_id}-{endpoint.id}-registrations")
    counts = ((0, 1), (1, 4)) if endpoint.type == "trunk" else ((0, 3), (1, 5), (2, 2))
    count = weighted(rnd, counts)
    wan = f"203.0.113.{rnd.randint(2, 254)}"  # one office, one public address
    return [registration(rnd, endpoint, number, wan, now) for number in range(1, count + 1)]


def registration(
    rnd: random.Random, endpoint: Endpoint, number: int, wan: str, now: datetime
) -> Registration:
    desk, soft = DEVICES[:5], DEVICES[5:]
    agent, transport, every = rnd.choice(
        PBXES if endpoint.type == "trunk" else desk if number == 1 else soft
    )
    lan = f"192.168.1.{rnd.randint(20, 250)}"
    port = 5060 if transport == "udp" else rnd.randint(40000, 60000)
    nat_port = rnd.randint(1024, 65000)
    phase = rnd.randrange(every)
    second = now.replace(microsecond=0)
    updated = second - timedelta(seconds=(int(second.timestamp()) - phase) % every)
    return Registration(
        number=number,
        user_agent=agent,
        contact=f"sip:{sip_username(endpoint)}@{lan}:{port};transport={transport}",
        received=f"sip:{wan}:{nat_port}",
        socket=f"{transport}:{SERVER_SOCKET}",
        lan_ip=lan,
        wan_ip=wan,
        updated=updated,
        expires=updated + timedelta(seconds=every),
    )
