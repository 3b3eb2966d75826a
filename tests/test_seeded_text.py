"""Seeded text reads like a UK business's traffic: no lorem ipsum anywhere, SMS written for their
direction, some long and some outside GSM-7, and the same seed gives the same words."""

import re

from faker.providers.lorem.en_US import Provider as English
from faker.providers.lorem.la import Provider as Latin

from mock_pbx.domain.segments import count_segments, gsm_septets
from mock_pbx.seeding.texts import OPT_OUT
from mock_pbx.settings import Settings

from .support import NAMES, every
from .test_seed import fresh

CUSTOMERS = (25, 26, 27)
RESELLER = ("reseller", "reseller")
# Faker's lorem words, less those that are English too (its English list, and a few more).
LOREM = (
    set(Latin.word_list) - set(English.word_list) - {"ad", "alias", "error", "ex", "id", "minus"}
)


def texts(client, customers=CUSTOMERS):
    """Every string of every record of every list of these customers, and the customers'."""
    client.auth = RESELLER  # the shared client's is set again for each test (conftest)
    found = []
    for customer in customers:
        found += strings(client.get(f"/customers/{customer}").json())
        for name in NAMES:
            for item in every(client, f"/customers/{customer}/{name}", includeLocal="true"):
                found += strings(item)
    return found


def strings(record):
    return [value for value in record.values() if isinstance(value, str)]


def sms_of(client, customer=25):
    return every(client, f"/customers/{customer}/sms")


def test_lorem_is_caught_by_the_check():
    """The check below would see Faker's sentences, which the SMS bodies once were."""
    sentence = "Omnis eius doloribus consequatur maxime rerum accusantium."
    assert set(re.findall(r"[a-z]+", sentence.lower())) <= LOREM


def test_no_seeded_text_has_lorem_ipsum_words(client):
    words = {word for text in texts(client) for word in re.findall(r"[a-z]+", text.lower())}
    assert len(words) > 500  # the check saw the text
    assert words & LOREM == set()


def test_replies_and_opt_outs_come_in_and_codes_go_out(client):
    client.auth = RESELLER
    for customer in CUSTOMERS:
        messages = every(client, f"/customers/{customer}/sms")
        by_body = {m["body"]: m["direction"] for m in messages}
        opt_outs = [b for b in by_body if b.upper().startswith("STOP")]
        codes = [b for b in by_body if re.search(r"\bcode\b.*\d{6}|\d{6}.*\bcode\b", b)]
        confirmations = [b for b in by_body if re.fullmatch(r"Yes, \d.* is fine", b)]
        assert opt_outs and codes and confirmations, customer
        assert {by_body[b] for b in opt_outs + confirmations} == {"in"}
        assert {by_body[b] for b in codes} == {"out"}


def test_after_an_opt_out_only_its_confirmation_is_sent(client):
    client.auth = RESELLER
    stops = 0
    for customer in CUSTOMERS:
        messages = every(client, f"/customers/{customer}/sms")
        for stop in [m for m in messages if m["direction"] == "in" and m["body"] in OPT_OUT]:
            stops += 1
            later = [
                m for m in messages if m["to"] == stop["from"] and m["created"] > stop["created"]
            ]
            assert len(later) <= 1
            assert all(m["body"].startswith("You have been unsubscribed") for m in later)
    assert stops


def test_some_bodies_take_several_segments_and_some_need_ucs2(client):
    bodies = [m["body"] for m in sms_of(client)]
    gsm = [b for b in bodies if gsm_septets(b) is not None]
    ucs2 = [b for b in bodies if gsm_septets(b) is None]
    assert any(count_segments(b) > 1 for b in gsm)
    assert any(count_segments(b) > 1 for b in ucs2)
    assert len(ucs2) < len(gsm)  # curly quotes and emoji are the exception, as in real traffic
    assert len({len(b) for b in bodies}) > 40  # lengths vary, from "STOP" to a quote


def test_the_same_seed_gives_the_same_text_and_another_seed_other_text():
    first, again = fresh(Settings(seed=7, scale=0.3)), fresh(Settings(seed=7, scale=0.3))
    other = fresh(Settings(seed=8, scale=0.3))
    seven = texts(first, (26,))
    assert seven == texts(again, (26,))
    assert seven != texts(other, (26,))
    assert [m["body"] for m in sms_of(first, 26)] != [m["body"] for m in sms_of(other, 26)]
