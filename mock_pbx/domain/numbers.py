"""Phone-number rules shared by SMS and calls: what counts as a UK number, and the magic suffixes
that choose an outcome."""

import re

UK_NUMBER = re.compile(r"^(?:0|44|\+44)[1-9]\d{8,9}$")
DIALLABLE = re.compile(r"^\+?\d{3,16}$")
WITHHOLD_PREFIX = "*67"  # clients dial *67 first to withhold caller id: a dial-plan convention


def is_uk_number(text: str) -> bool:
    """UK national (07700 900123 without spaces), 44... or +44..."""
    return bool(UK_NUMBER.match(text))


def dialled_digits(text: str) -> str:
    """What a call actually dials: the number without a withholding prefix."""
    return text.removeprefix(WITHHOLD_PREFIX)


def is_diallable(text: str) -> bool:
    return bool(DIALLABLE.match(dialled_digits(text)))


def suffix(number: str) -> str:
    """The last four digits: they pick a magic outcome (see README: magic numbers)."""
    return number[-4:]
