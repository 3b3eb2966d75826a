"""The carrier's stock of UK numbers (/availablenumbers): which numbers exist is derived from the
seed (the same on every start with one seed, no table); which are offered is that stock plus the
numbers accounts gave back, less every number some account owns (mock_pbx.api.inventory)."""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

COUNTRY = "44"
# The first part of every id in the facts' example (4-44-113-4037921); its meaning is unknown
# (a supplier or range code, we infer), so every number carries the same one.
SUPPLIER = "4"
NUMBERS_PER_AREA = 40
NATIONAL_LENGTH = 11  # 0 + a 10-digit national significant number

# Area codes (without the trunk 0) with what they cover: geographic, then non-geographic.
AREAS: tuple[tuple[str, str], ...] = (
    ("113", "Leeds"),
    ("114", "Sheffield"),
    ("115", "Nottingham"),
    ("116", "Leicester"),
    ("117", "Bristol"),
    ("118", "Reading"),
    ("121", "Birmingham"),
    ("131", "Edinburgh"),
    ("141", "Glasgow"),
    ("151", "Liverpool"),
    ("161", "Manchester"),
    ("191", "Newcastle"),
    ("20", "London"),
    ("23", "Southampton"),
    ("24", "Coventry"),
    ("28", "Belfast"),
    ("29", "Cardiff"),
    ("1223", "Cambridge"),
    ("1603", "Norwich"),
    ("1865", "Oxford"),
    ("1904", "York"),
    ("330", "UK-wide (03, charged as a geographic call)"),
    ("333", "UK-wide (03, charged as a geographic call)"),
    ("800", "Freephone (0800)"),
    ("808", "Freephone (0808)"),
)
# Subscriber numbers in London start 3, 7 or 8; elsewhere not 0 or 1 (those are trunk/area).
FIRST_DIGITS = {"20": "378"}
NO_SMS_AREAS = ("800", "808")  # freephone numbers take calls only


@dataclass(frozen=True)
class AvailableNumber:
    country: str
    area_code: str
    number: str  # the subscriber number, after the area code

    @property
    def id(self) -> str:
        return f"{SUPPLIER}-{self.country}-{self.area_code}-{self.number}"

    @property
    def national(self) -> str:
        """As the account's phonenumbers hold it: 01134037921."""
        return "0" + self.area_code + self.number

    @property
    def formatted(self) -> str:
        """0113 403 7921, 020 7946 0123, 01223 456789: as the UK writes each length of area code."""
        area, rest = "0" + self.area_code, self.number
        if len(area) == 3:
            return f"{area} {rest[:4]} {rest[4:]}"
        if len(area) == 4:
            return f"{area} {rest[:3]} {rest[3:]}"
        return f"{area} {rest}"

    @property
    def sms_capable(self) -> bool:
        return self.area_code not in NO_SMS_AREAS


def subscriber_number(rnd: random.Random, area_code: str) -> str:
    first = rnd.choice(FIRST_DIGITS.get(area_code, "23456789"))
    length = NATIONAL_LENGTH - 1 - len(area_code)
    return first + "".join(str(rnd.randint(0, 9)) for _ in range(length - 1))


@lru_cache(maxsize=8)
def stock(seed: int) -> tuple[AvailableNumber, ...]:
    """Every generated number, NUMBERS_PER_AREA per area code, by area code then number."""
    numbers: list[AvailableNumber] = []
    for area_code, _ in AREAS:
        rnd = random.Random(f"{seed}-availablenumbers-{area_code}")
        drawn: set[str] = set()
        while len(drawn) < NUMBERS_PER_AREA:
            drawn.add(subscriber_number(rnd, area_code))
        numbers += [AvailableNumber(COUNTRY, area_code, n) for n in sorted(drawn)]
    return tuple(numbers)


@lru_cache(maxsize=8)
def stock_by_id(seed: int) -> dict[str, AvailableNumber]:
    return {number.id: number for number in stock(seed)}


def area_code_length(digits: str) -> int:
    """Of a national significant number (no trunk 0): 20 -> 2; 113, 121, 330, 800 -> 3;
    1223, 7557 -> 4 (the UK's numbering plan, simplified to what the emulator hands out)."""
    if digits[0] == "2":
        return 2
    if digits[0] == "1" and "1" not in digits[1:3]:
        return 4
    return 4 if digits[0] == "7" else 3


def from_national(national: str) -> AvailableNumber | None:
    """A UK national number (01212854400) split into area code and subscriber number."""
    if len(national) != NATIONAL_LENGTH or not national.isdigit() or national[:2] == "00":
        return None
    if national[0] != "0":
        return None
    digits = national[1:]
    split = area_code_length(digits)
    return AvailableNumber(COUNTRY, digits[:split], digits[split:])


def from_id(seed: int, number_id: str, released: Iterable[str]) -> AvailableNumber | None:
    """The stocked or given-back number with this id (owned or not), or None."""
    found = stock_by_id(seed).get(number_id)
    if found is not None:
        return found
    given_back = (from_national(national) for national in released)
    return next((n for n in given_back if n is not None and n.id == number_id), None)


def offered(
    seed: int, released: Iterable[str], owned: set[str], area_code: str | None = None
) -> list[AvailableNumber]:
    """The stock plus the given-back numbers, less the owned ones, by area code then number."""
    given_back = [n for n in map(from_national, released) if n is not None]
    every = {n.id: n for n in (*stock(seed), *given_back)}
    return sorted(
        (n for n in every.values() if n.national not in owned and area_code in (None, n.area_code)),
        key=lambda n: (n.area_code, n.number),
    )
