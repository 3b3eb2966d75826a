"""The settings singletons' values: defaults derived from the seed and the customer (the same on
every start), overlaid with what a PUT stored (AccountSetting rows, which a reset removes)."""

import json
import math
import random
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from mock_pbx.models.account.settings import AccountSetting
from mock_pbx.runtime.clock import Clock
from mock_pbx.settings import Settings

# Catalogue prices (GBP a month); a customer's own are these less a seeded discount.
LIST_PRICES = {
    "phone": 6.0,
    "virtual": 2.0,
    "group": 1.5,
    "queue": 4.0,
    "ivr": 3.0,
    "mailbox": 1.0,
    "did": 2.5,
    "trunk": 12.0,
}
DISCOUNTS = (0.0, 0.05, 0.1)
# Limits at scale 1; larger scales seed more endpoints, so the limits grow with them.
BASE_LIMITS = {
    "phone": 50,
    "group": 20,
    "queue": 20,
    "ivr": 20,
    "mailbox": 50,
    "trunk": 5,
    "did": 50,
    "channel": 30,
}
RECORDING_EXPIRY = (30, 60, 90, 180, 365)


def seeded(settings: Settings, customer_id: int, kind: str) -> random.Random:
    return random.Random(f"{settings.seed}:{customer_id}:{kind}")


def default_pricing(settings: Settings, customer_id: int) -> dict[str, Any]:
    discount = seeded(settings, customer_id, "pricing").choice(DISCOUNTS)
    return {key: round(price * (1 - discount), 2) for key, price in LIST_PRICES.items()}


def default_limits(settings: Settings, customer_id: int) -> dict[str, Any]:
    factor = max(1, math.ceil(settings.scale))
    return {key: value * factor for key, value in BASE_LIMITS.items()}


def default_permissions(settings: Settings, customer_id: int) -> dict[str, Any]:
    international = seeded(settings, customer_id, "permissions").random() < 0.8
    return {
        "incomingCalls": True,
        "outgoingCalls": True,
        "internationalCalls": international,
        "addFeatures": True,
        "removeFeatures": True,
        "enableRecording": True,
    }


def default_preferences(settings: Settings, customer_id: int) -> dict[str, Any]:
    days = seeded(settings, customer_id, "preferences").choice(RECORDING_EXPIRY)
    return {"recordingExpireDays": days}


def default_callcharging(settings: Settings, customer_id: int) -> dict[str, Any]:
    return {"chargingPlan": "1", "postpaid": False, "creditLimit": 50.0, "warningThreshold": 0.0}


DEFAULTS: dict[str, Callable[[Settings, int], dict[str, Any]]] = {
    "pricing": default_pricing,
    "limits": default_limits,
    "permissions": default_permissions,
    "preferences": default_preferences,
    "callcharging": default_callcharging,
}


def stored_row(session: Session, customer_id: int, kind: str) -> AccountSetting | None:
    statement = select(AccountSetting).where(
        col(AccountSetting.customer_id) == customer_id, col(AccountSetting.kind) == kind
    )
    return session.exec(statement).first()


def current(session: Session, settings: Settings, customer_id: int, kind: str) -> dict[str, Any]:
    """The singleton's fields now: the defaults, then what PUTs changed."""
    values = DEFAULTS[kind](settings, customer_id)
    row = stored_row(session, customer_id, kind)
    return {**values, **json.loads(row.body)} if row is not None else values


def store(
    session: Session, clock: Clock, customer_id: int, kind: str, changes: dict[str, Any]
) -> None:
    """Keep these changed fields (on top of earlier PUTs')."""
    row = stored_row(session, customer_id, kind)
    if row is None:
        row = AccountSetting(customer_id=customer_id, kind=kind, body="{}", created=clock.now())
    row.body = json.dumps({**json.loads(row.body), **changes})
    session.add(row)
    session.commit()
