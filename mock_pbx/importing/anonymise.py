"""`mock-pbx import --anonymise`: deterministic fakes for the people in an account (names,
e-mail addresses, external numbers, message bodies, company and address) that keep its shape.

The same input always gives the same fake (a keyed hash seeds Faker), in every collection and on
every run: a phone-book number that also sent an SMS becomes one fake in both. Numbers keep their
kind and format: a UK mobile becomes a mobile from Ofcom's drama range (07700 900xxx), a landline
one of the drama landlines (its own area's when Ofcom reserves one there, else 01632 960xxx),
`+44...` stays `+44...`. Two numbers never share a fake: the table of fakes handed out is kept
by the import while it runs (so a resumed import goes on with it) and is not part of the set.
What is kept: ids, types, dates, durations, costs, short numbers, the account's own numbers
(`phonenumbers`: they are what routes where), usernames, endpoint names that are not a person's.

Always, with or without --anonymise (`scrub`): no key naming a password, token or secret is
written, and a voicemail PIN is written as 0000."""

import hashlib
import hmac
import re
from collections.abc import Callable, Iterator
from typing import Any

from faker import Faker
from faker.providers.person.en_GB import Provider as BritishNames
from faker.providers.person.en_US import Provider as AmericanNames

from mock_pbx.domain.segments import GSM_PART, GSM_SINGLE, count_segments

# Fixed, so a run on another machine gives the same fakes. Anonymised, not encrypted: whoever
# has the set and guesses a real number can check the guess.
KEY = b"mock-pbx import --anonymise 1"
RESERVED = 1000  # each Ofcom drama range holds 1,000 numbers: an 8-digit prefix, 3 digits
LANDLINES = """01134960 01144960 01154960 01164960 01174960 01184960 01214960 01314960 01414960
01514960 01614960 01914980 02079460 02896496 02920180 01632960"""  # 0113 496 0xxx ... 01632 960xxx
RANGES = {
    "mobile": ("07700900",),
    "landline": tuple(LANDLINES.split()),
    "nongeographic": ("03069990",),
    "freephone": ("08081570",),
    "premium": ("09098790",),
}
KINDS = {"07": "mobile", "01": "landline", "02": "landline", "03": "nongeographic"}
KINDS |= {"080": "freephone", "09": "premium", "087": "premium", "084": "premium"}
WEBMAIL = {"gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com"}
WEBMAIL |= {"yahoo.com", "yahoo.co.uk", "icloud.com", "live.co.uk", "btinternet.com", "aol.com"}
FIRST_NAMES = {n.lower() for n in (*BritishNames.first_names, *AmericanNames.first_names)}
PERSON = re.compile(r"[A-Z][A-Za-z'\-]+( [A-Z][A-Za-z'\-]+){1,2}")
PARTY = re.compile(r"(?P<name>.*?)\s*<(?P<number>[^<>]*)>")  # a call's "Molly Hughes <111>"
SECRET = ("password", "token", "secret")
SHORTEST_EXTERNAL = 7  # digits: anything shorter is a short number, an extension or a code


def scrub(value: Any) -> Any:
    """The value without secrets: password/token/secret keys left out, PINs 0000."""
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if not isinstance(value, dict):
        return value
    kept = {}
    for key, item in value.items():
        name = key.lower()
        if any(word in name for word in SECRET) or name == "hotdeskpin":
            continue
        kept[key] = "0000" if name.endswith("pin") and item is not None else scrub(item)
    return kept


def national(number: str) -> tuple[str, str] | None:
    """(the prefix it was written with: `0`, `+44`, `0044`, `44`; the national digits), or None
    for what is not a UK number."""
    digits = re.sub(r"[\s\-().]", "", number)
    for prefix in ("+44", "0044", "44", "0"):
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and rest.isdigit() and 9 <= len(rest) <= 10:
            return prefix, "0" + rest.removeprefix("0")
    return None


class Anonymiser:
    """Fakes for one import. `numbers` (keyed hash of a number: its fake) is the table to keep
    between runs; `own` are the account's own numbers, kept as they are."""

    def __init__(self, own: set[str], numbers: dict[str, str] | None = None) -> None:
        self.own = {n for number in own if (n := uk_or_digits(number))}
        self.numbers = dict(numbers or {})
        self.taken = set(self.numbers.values())
        self.names, self.words = Faker("en_GB"), Faker("en_US")

    def digest(self, kind: str, value: str) -> int:
        mac = hmac.new(KEY, f"{kind}:{value}".encode(), hashlib.sha256)
        return int.from_bytes(mac.digest()[:8], "big")

    def seeded(self, kind: str, value: str, faker: Faker | None = None) -> Faker:
        chosen = faker or self.names
        chosen.seed_instance(self.digest(kind, value))
        return chosen

    def first_name(self, name: str) -> str:
        return str(self.seeded("first", name.strip().lower()).first_name()) if name else name

    def last_name(self, name: str) -> str:
        return str(self.seeded("last", name.strip().lower()).last_name()) if name else name

    def person(self, name: str) -> str:
        """Word by word, so "Fred Bloggs" and a firstName "Fred" get the same fake first name."""
        words = name.split()
        if not words:
            return name
        fakes = [self.first_name(word) for word in words[:-1]]
        return " ".join([*fakes, self.last_name(words[-1])]) if fakes else self.first_name(name)

    def contact(self, name: str) -> str:
        """A phone-book name: a person's, else a business's."""
        return self.person(name) if looks_like_person(name) else self.company(name)

    def endpoint_name(self, name: str) -> str:
        return self.person(name) if looks_like_person(name) else name

    def company(self, name: str) -> str:
        return str(self.seeded("company", name.strip().lower()).company()) if name else name

    def email(self, address: str) -> str:
        local, at, domain = address.strip().lower().rpartition("@")
        if not at:
            return str(self.seeded("local", address).user_name())
        fake_local = str(self.seeded("local", local).user_name())
        if domain not in WEBMAIL:
            domain = f"{self.seeded('domain', domain).domain_word()}.example"
        return f"{fake_local}@{domain}"

    def text(self, body: str) -> str:
        """English words of the same segment count (GSM-7) and about the same length."""
        if not body:
            return body
        segments, length = count_segments(body), len(body)
        if segments == 1:
            length = min(length, GSM_SINGLE)
        else:
            length = min(max(length, GSM_PART * (segments - 1) + 1), GSM_PART * segments)
        words = self.seeded("text", body, self.words)
        fake = ""
        while len(fake) < length:
            fake += words.sentence() + " "
        fake = fake[:length].rstrip()
        return fake + "." * (length - len(fake))

    def street(self, value: str) -> str:
        return str(self.seeded("street", value.lower()).street_address()) if value else value

    def place(self, value: str) -> str:
        return str(self.seeded("place", value.lower()).city()) if value else value

    def postcode(self, value: str) -> str:
        return str(self.seeded("postcode", value.lower()).postcode()) if value else value

    def number(self, number: str) -> str:
        """An external number's fake, in its own format; short numbers, the account's own
        numbers and what is not a number (a name, `anonymous`, a URI) are kept."""
        parsed = national(number)
        digits = re.sub(r"[\s\-().]", "", number)
        if parsed is None:
            if not re.fullmatch(r"\+?\d+", digits) or len(digits) < SHORTEST_EXTERNAL:
                return number
            return self.foreign(digits) if digits not in self.own else number
        prefix, uk = parsed
        if uk in self.own:
            return number
        key = f"{self.digest('number', uk):016x}"
        if key not in self.numbers:
            self.numbers[key] = self.free(uk)
            self.taken.add(self.numbers[key])
        fake = self.numbers[key]
        return fake if prefix == "0" else prefix + fake[1:]

    def free(self, uk: str) -> str:
        return next(
            fake for fake in candidates(uk, self.digest("slot", uk)) if fake not in self.taken
        )

    def foreign(self, digits: str) -> str:
        """Not UK: the country code kept (the first 3 characters), the rest hashed digits."""
        head, tail = digits[:3], digits[3:]
        hashed = f"{self.digest('foreign', digits):020d}"
        return head + hashed[-len(tail) :] if tail else digits

    def party(self, value: str) -> str:
        """A call's from/to: a number, or `Name <number>`."""
        match = PARTY.fullmatch(value)
        if match is None:
            return self.number(value)
        name = self.endpoint_name(match["name"])
        return f"{name} <{self.number(match['number'])}>"

    def representation(self, collection: str, item: dict[str, Any]) -> dict[str, Any]:
        """The item with its people replaced (the fields of RULES), as the API wrote it."""
        rules = RULES.get(collection, {})
        return {
            k: rules[k](self, v) if k in rules and isinstance(v, str) else v
            for k, v in item.items()
        }


def uk_or_digits(number: str) -> str:
    parsed = national(number)
    return parsed[1] if parsed else re.sub(r"[\s\-().]", "", number)


def looks_like_person(name: str) -> bool:
    """Two or three capitalised words, the first a first name Faker knows: "Molly Hughes", not
    "Reception", "Main IVR" or "Sales Team"."""
    stripped = name.strip()
    return bool(PERSON.fullmatch(stripped)) and stripped.split()[0].lower() in FIRST_NAMES


def candidates(uk: str, start: int) -> Iterator[str]:
    """Fakes to try for a number, in order: the drama ranges of its kind (its own area's
    first), then, once all are handed out, the wider range of the first."""
    kind = next((k for p, k in KINDS.items() if uk.startswith(p)), "landline")
    ranges = sorted(RANGES[kind], key=lambda prefix: not uk.startswith(prefix[:4]))
    for prefix in ranges:
        for step in range(RESERVED):
            yield f"{prefix}{(start + step) % RESERVED:03d}"
    for step in range(10**6):
        yield f"{ranges[0][:5]}{(start + step) % 10**6:06d}"


Rule = Callable[[Anonymiser, str], str]
PEOPLE: dict[str, Rule] = {
    "firstName": Anonymiser.first_name,
    "lastName": Anonymiser.last_name,
    "email": Anonymiser.email,
}
RULES: dict[str, dict[str, Rule]] = {
    "customers": {
        **PEOPLE,
        "company": Anonymiser.company,
        "telephone": Anonymiser.number,
        "address1": Anonymiser.street,
        "address2": Anonymiser.place,
        "city": Anonymiser.place,
        "postcode": Anonymiser.postcode,
    },
    "phonebook": {"name": Anonymiser.contact, "phoneNumber": Anonymiser.number, **PEOPLE},
    "sms": {"from": Anonymiser.number, "to": Anonymiser.number, "body": Anonymiser.text},
    "calls": {"from": Anonymiser.party, "to": Anonymiser.party},
    "recordings": {"partyId": Anonymiser.number},
    "endpoints": {"name": Anonymiser.endpoint_name, "destination": Anonymiser.number, **PEOPLE},
    "linkedusers": PEOPLE,
    "outgoingcallerids": {"number": Anonymiser.number},
    "phonenumbers": {"number": Anonymiser.number},
    "forwardingrules": {"destination": Anonymiser.number, "number": Anonymiser.number},
}
