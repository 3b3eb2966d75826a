"""Names that read like a small UK business's: its contacts (people, the businesses it deals with,
a few of its own: "Mum"), its phones (people and rooms), its companies and the names it sends SMS
from. Faker (en_GB) gives the people's names; the rest is filled from the lists here, because
Faker's en_GB towns and companies read as American ("Port Paulineview", "Shaw Inc")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

# The towns of the area codes generated numbers use (world.AREA_CODES), with a district of each.
TOWNS = {
    "0121": ("Birmingham", "Jewellery Quarter"),
    "0113": ("Leeds", "Headingley"),
    "0161": ("Manchester", "Didsbury"),
    "0117": ("Bristol", "Clifton"),
    "0114": ("Sheffield", "Kelham Island"),
    "0115": ("Nottingham", "Lace Market"),
    "0131": ("Edinburgh", "Leith"),
    "0141": ("Glasgow", "Finnieston"),
    "0191": ("Newcastle", "Jesmond"),
    "0118": ("Reading", "Caversham"),
}
STREETS = ("High Street", "Station Road", "Church Lane", "Park Road", "Victoria Road", "Mill Lane")
TRADES = ("Plumbing", "Electrical", "Joinery", "Roofing", "Motors", "Landscaping", "Decorators")
COMPANIES = (
    "{last} & Sons",
    "{last} {trade} Ltd",
    "{town} {trade}",
    "{last} and {other} Ltd",
    "{last} {trade}",
)
BUSINESS_CONTACTS = (
    "Dr {last}'s Surgery",
    "{last} & Sons Plumbing",
    "{town} Dental Practice",
    "{last} Accountants",
    "{town} Taxis",
    "{first} the window cleaner",
    "{last} Electrical",
    "{town} Vets",
    "{last}'s Garage",
    "{town} Florist",
    "{last} Solicitors",
    "{town} Builders Merchants",
    "{first} (IT support)",
)
PERSONAL_CONTACTS = ("Mum", "Dad", "Nan", "Home", "{first} next door")
ROOMS = ("Front Desk", "Warehouse", "Workshop", "Meeting Room", "Dispatch", "Boardroom", "Kitchen")
# What a company's name may end with that its SMS sender name leaves out.
LEGAL_WORDS = {"ltd", "plc", "llp", "and", "sons", "co"}
SENDER_ID_LENGTH = 11  # the most characters an alphanumeric SMS sender id has


def person(fake: Faker) -> str:
    """A full name without a title: how a colleague or a contact is listed."""
    return f"{fake.first_name()} {fake.last_name()}"


def fill(fake: Faker, template: str) -> str:
    """A template's {first}, {last}, {other}, {town} and {trade}, drawn in that fixed order."""
    rnd = fake.random
    first, last, other = fake.first_name(), fake.last_name(), fake.last_name()
    (town, _), trade = rnd.choice(list(TOWNS.values())), rnd.choice(TRADES)
    return template.format(first=first, last=last, other=other, town=town, trade=trade)


def company(fake: Faker) -> str:
    return fill(fake, fake.random.choice(COMPANIES))


def contact(fake: Faker, index: int, personal_left: list[str]) -> tuple[str, str]:
    """A phone book entry's name and kind (business, personal or person): every third a
    business, one in ten the owner's own ("Mum") while they last, the others people."""
    if index % 3 == 1:
        return fill(fake, fake.random.choice(BUSINESS_CONTACTS)), "business"
    if index % 10 == 5 and personal_left:
        chosen = personal_left.pop(fake.random.randrange(len(personal_left)))
        return fill(fake, chosen), "personal"
    return person(fake), "person"


def address(fake: Faker) -> tuple[str, str, str]:
    """A street address, its district and its town."""
    rnd = fake.random
    street = f"{rnd.randint(1, 240)} {rnd.choice(STREETS)}"
    town, district = rnd.choice(list(TOWNS.values()))
    return street, district, town


def sender_id(company_name: str) -> str:
    """The name a company sends SMS from: its leading words, legal words left out, within the
    11 characters a sender id has ("Khan and Sons Ltd" -> "Khan")."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", company_name) if w]
    kept = [w for w in words if w.lower() not in LEGAL_WORDS] or words or ["Office"]
    name = kept[0][:SENDER_ID_LENGTH]
    for word in kept[1:]:
        if len(name) + len(word) > SENDER_ID_LENGTH:
            break
        name += word
    return name


def slug(name: str) -> str:
    """A name as the local part of an email address: "Front Desk" -> front.desk."""
    return ".".join(re.findall(r"[a-z0-9]+", name.lower())) or "office"


def domain(company_name: str) -> str:
    """A company's web domain: "Khan & Sons" -> khansons.co.uk."""
    return "".join(re.findall(r"[a-z0-9]+", company_name.lower())) + ".co.uk"


class EndpointNames:
    """A customer's endpoint names, none twice: its people and rooms, teams, mobiles."""

    def __init__(self, fake: Faker, domain: str, taken: set[str]) -> None:
        self.fake, self.domain, self.taken = fake, domain, taken

    def unused(self, choices: Sequence[str]) -> str:
        """One of the choices not taken yet; once all are, one numbered (Sales 2, Sales 3)."""
        left, number = [c for c in choices if c not in self.taken], 1
        while not left:
            number += 1
            left = [f"{c} {number}" for c in choices if f"{c} {number}" not in self.taken]
        name: str = self.fake.random.choice(left)
        self.taken.add(name)
        return name

    def phone(self) -> str:
        """A person's desk, or one phone in four a room's (while rooms are left)."""
        if self.fake.random.random() < 0.25 and set(ROOMS) - self.taken:
            return self.unused(ROOMS)
        return self.unused([person(self.fake)])

    def email(self, name: str) -> str:
        return f"{slug(name)}@{self.domain}"
