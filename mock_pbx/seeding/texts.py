"""SMS text that reads like a small UK business's traffic, in British English: exchanges (a
reminder and its reply, a delivery notice, a one-time code, an opt-out), each message written for
its direction. Templates are filled from the customer's own Faker, field by field in the order
they appear, so the same seed gives the same words.

Some templates run past one segment and some carry a curly quote or an emoji (outside GSM-7), as
typed on a phone, so both GSM-7 and UCS-2 segmenting show. No braces or pipes in what is written:
stream clients scan for them (api-facts 6.10); the braces below are only the templates' fields."""

# ruff: noqa: RUF001  (the curly apostrophes are meant: phones type them, and they make UCS-2)

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from mock_pbx.seeding.names import STREETS

if TYPE_CHECKING:
    from faker import Faker

MINUTE = 60
COURIERS = ("DPD", "Royal Mail", "Evri", "Yodel", "Parcelforce", "DHL")
REF_LETTERS = "ABCDEFGHJKLMNPRSTW"  # as order references use them: no I, O or Q
PENCE = ("00", "50", "99")
SLOTS = ("9am", "9:30am", "10am", "10:45am", "11:15am", "12pm", "1:30pm", "2pm", "3pm", "4:15pm")


def hour_window(fake: Faker) -> str:
    start = fake.random.randint(7, 16)
    return f"{twelve_hour(start)} and {twelve_hour(start + 2)}"


def twelve_hour(hour: int) -> str:
    return f"{(hour - 1) % 12 + 1}{'am' if hour < 12 else 'pm'}"


@dataclass
class Filler:
    """Fills an exchange's templates: each field drawn the first time a template uses it and
    reused after, so a reply names the time its reminder gave."""

    fake: Faker
    company: str
    phone: str  # the business's number, as written in a text
    start: datetime  # when the exchange begins: the appointment falls in the days after
    name: str  # the first name of the person texted

    def __post_init__(self) -> None:
        self.drawn = {"company": self.company, "phone": self.phone, "name": self.name}
        self.booked: datetime | None = None

    def __getitem__(self, field: str) -> str:
        if field not in self.drawn:
            self.drawn[field] = FIELDS[field](self)
        return self.drawn[field]

    def fill(self, template: str) -> str:
        return template.format_map(self)

    def appointment(self) -> datetime:
        """The one day an exchange's messages speak of: in the next week or so, not a Sunday."""
        if self.booked is None:
            booked = self.start + timedelta(days=self.fake.random.randint(1, 9))
            self.booked = booked + timedelta(days=1 if booked.weekday() == 6 else 0)
        return self.booked

    def day(self) -> str:
        return f"{self.appointment():%A}"

    def date(self) -> str:
        booked = self.appointment()
        return f"{booked:%A} {booked.day} {booked:%B}"


FIELDS: dict[str, Callable[[Filler], str]] = {
    "engineer": lambda f: f.fake.first_name(),
    "time": lambda f: f.fake.random.choice(SLOTS),
    "new_time": lambda f: f.fake.random.choice([s for s in SLOTS if s != f["time"]]),
    "day": Filler.day,
    "date": Filler.date,
    "window": lambda f: hour_window(f.fake),
    "code": lambda f: f"{f.fake.random.randint(0, 999999):06d}",
    "ref": lambda f: f"{f.fake.random.choice(REF_LETTERS)}{f.fake.random.randint(10000, 99999)}",
    "courier": lambda f: f.fake.random.choice(COURIERS),
    "mins": lambda f: str(f.fake.random.choice((5, 10, 15, 20, 30))),
    "amount": lambda f: f"£{f.fake.random.randint(18, 960)}.{f.fake.random.choice(PENCE)}",
    "street": lambda f: f"{f.fake.random.randint(1, 180)} {f.fake.random.choice(STREETS)}",
    "house": lambda f: str(f.fake.random.randint(2, 90)),
}

OUT, IN = "out", "in"
Step = tuple[str, tuple[str, ...], tuple[int, int]]  # direction, templates, gap before (seconds)
Steps = tuple[Step, ...]
NOW: tuple[int, int] = (0, 0)
REPLY: tuple[int, int] = (2 * MINUTE, 180 * MINUTE)  # a customer answering when they see it
PROMPT: tuple[int, int] = (MINUTE, 20 * MINUTE)  # the business answering during the day

REMINDER = (
    "Hi {name}, a reminder of your appointment with {company} on {day} at {time}. Reply YES to "
    "confirm or call {phone} to rearrange.",
    "Reminder: {name}, you're booked in on {day} at {time}. Please reply YES to confirm. "
    "Reply STOP to opt out of reminders.",
    "Hi {name}, thanks for booking with {company}. Your appointment is confirmed for {date} at "
    "{time} at {street}. Please arrive 5 minutes early. If you need to cancel, please give us "
    "at least 24 hours’ notice or a £15 fee applies. Reply STOP to opt out.",
    "Hi {name}, just a reminder that we're booked to come out to you on {day} at {time}. "
    "Please make sure someone is in. Thanks, {company}",
)
CONFIRM = ("Yes, {time} is fine", "YES", "Yes thanks, see you {day}", "Yes 👍", "Confirmed, thanks")
ACK = ("Thanks {name}, see you then.", "Lovely, thank you. See you {day}!", "Great, thanks {name}")
MOVE_ASK = (
    "Can we make it {new_time} instead? Something’s come up at work",
    "Sorry, could I move to {new_time}? Same day if possible",
    "Hi, is there any chance of {new_time} instead? I can’t get away before then. Thanks, {name}",
)
MOVED = (
    "No problem {name}, we’ve moved you to {new_time} on {day}. See you then 🙂",
    "That's fine, you're now booked in for {new_time} on {day}. Thanks, {company}",
)
OPT_OUT = ("STOP", "Stop", "stop", "STOP please")
OPTED_OUT = (
    "You have been unsubscribed from {company} texts and will not receive any more messages "
    "from us.",
)
DELIVERY = (
    "Your {courier} parcel {ref} from {company} will be delivered on {day} between {window}.",
    "Good news {name}! Your order {ref} has been dispatched with {courier} and should arrive "
    "on {day}.",
    "{company}: your order {ref} is out for delivery today. Your driver will text when they're "
    "15 minutes away.",
)
DELIVERY_REPLY = (
    "Please leave it in the porch if I’m not in, thanks",
    "Can you leave it with number {house} if no one's in?",
    "Thanks 👍",
)
CODE = (
    "Your {company} verification code is {code}. It expires in 10 minutes. Never share this "
    "code with anyone.",
    "{code} is your {company} login code.",
    "Use code {code} to confirm your booking. If you didn't ask for this, please ignore it.",
)
ASK_BOOKING = (
    "Hi, have you got anything next week? Mornings are best for me. Thanks, {name}",
    "Hi there, I’d like to book in for a service please. Any day after 2pm works. {name}",
)
OFFER = ("Hi {name}, we can do {day} at {time}. Shall I book that in for you?",)
ACCEPT = ("Yes please!", "Perfect, thank you", "Yes that’s great, thanks")
BOOKED = ("All booked, see you on {day} at {time}.", "Done! See you {day} at {time} 😊")
LATE = ("Running about {mins} mins late, sorry!", "Stuck in traffic, be there in {mins} mins")
NOTED = ("No problem, thanks for letting us know.", "Thanks {name}, drive safely.")
QUOTE = (
    "Hi {name}, thanks for having us round today. As discussed, the quote for the work is "
    "{amount} including VAT and parts, and we could start as early as {date}. Reply YES to go "
    "ahead or give us a ring on {phone} with any questions. Thanks, {company}",
)
QUOTE_REPLY = ("Sounds good, go ahead 👍", "Thanks, I'll have a think and get back to you", "YES")
INVOICE = (
    "Hi {name}, your invoice {ref} for {amount} is now due. You can pay by card on {phone} or "
    "by bank transfer. Many thanks, {company}",
)
PAID = ("Paid this morning, thanks", "Just paid it, sorry for the delay!")
ON_THE_WAY = (
    "Your engineer {engineer} is on the way and should be with you in about {mins} minutes.",
    "Hi {name}, {engineer} from {company} is running about {mins} minutes behind. Sorry for "
    "the wait.",
)
THANKS = ("Great, thanks", "OK thank you", "Thanks for letting me know")
MISSED = (
    "Sorry we missed your call. We'll ring you back as soon as we can, or just reply here if "
    "it's easier.",
    "Hi, it's {company}. We’re sorry we missed your call. Reply here and we’ll get back to you.",
)
CALL_BACK = (
    "Can you call me back when you get a chance? It’s about the invoice",
    "Hi, is my order ready yet? Thanks {name}",
)
READY = ("Hi {name}, your order is ready to collect. We’re open until 5:30pm today.",)

# Each exchange, with how often it happens; its first step starts the conversation.
EXCHANGES: tuple[tuple[Steps, int], ...] = (
    (((OUT, REMINDER, NOW), (IN, CONFIRM, REPLY), (OUT, ACK, PROMPT)), 14),
    (((OUT, REMINDER, NOW), (IN, CONFIRM, REPLY)), 10),
    (((OUT, REMINDER, NOW),), 10),
    (((OUT, REMINDER, NOW), (IN, MOVE_ASK, REPLY), (OUT, MOVED, PROMPT)), 6),
    (((OUT, REMINDER, NOW), (IN, OPT_OUT, REPLY), (OUT, OPTED_OUT, (5, 30))), 4),
    (((OUT, DELIVERY, NOW),), 10),
    (((OUT, DELIVERY, NOW), (IN, DELIVERY_REPLY, REPLY)), 4),
    (((OUT, CODE, NOW),), 12),
    (((IN, ASK_BOOKING, NOW), (OUT, OFFER, PROMPT), (IN, ACCEPT, REPLY), (OUT, BOOKED, PROMPT)), 5),
    (((IN, LATE, NOW), (OUT, NOTED, PROMPT)), 4),
    (((OUT, QUOTE, NOW), (IN, QUOTE_REPLY, REPLY)), 4),
    (((OUT, INVOICE, NOW), (IN, PAID, REPLY)), 4),
    (((OUT, ON_THE_WAY, NOW), (IN, THANKS, REPLY)), 4),
    (((OUT, MISSED, NOW),), 4),
    (((IN, CALL_BACK, NOW),), 3),
    (((IN, CALL_BACK, NOW), (OUT, READY, PROMPT)), 3),
)


@dataclass(frozen=True)
class Message:
    direction: str
    body: str
    gap: int  # seconds after the exchange's previous message


def kind_of_exchange(fake: Faker) -> Steps:
    rnd = fake.random
    steps: Steps = rnd.choices([e for e, _ in EXCHANGES], weights=[w for _, w in EXCHANGES])[0]
    return steps


def one_way(steps: Steps) -> bool:
    """A code or a notice nobody answers: may come from a name (an alphanumeric sender id)."""
    return len(steps) == 1 and steps[0][1] in (CODE, DELIVERY)


def opts_out(steps: Steps) -> bool:
    """The person texted asks for no more texts: the last exchange with them."""
    return any(templates is OPT_OUT for _, templates, _ in steps)


def written(fake: Faker, steps: Steps, filler: Filler) -> list[Message]:
    """The exchange's messages, drawn in a fixed order: each step's template, fields and gap."""
    rnd = fake.random
    messages = []
    for direction, templates, (least, most) in steps:
        body = filler.fill(rnd.choice(templates))
        messages.append(Message(direction, body, rnd.randint(least, most)))
    return messages
