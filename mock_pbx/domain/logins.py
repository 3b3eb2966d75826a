"""The logins: who may use the API (fixtures/users.json, the web portal's users), their access
level, the customers each may see, and checking a login's password."""

import base64
import binascii
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mock_pbx.runtime.tokens import Tokens

Users = dict[str, "User"]


@dataclass(frozen=True)
class User:
    username: str
    password: str
    access_level: str  # ADMIN, EXTENSION or RESELLER, as the real service's levels
    customers: tuple[int, ...]  # the first is the user's own account, what `me` means

    @property
    def home(self) -> int:
        return self.customers[0]

    @property
    def is_admin(self) -> bool:
        """A company admin or a reseller: may change the account's settings and open the stream."""
        return self.access_level in ("ADMIN", "RESELLER")


SET_PASSWORD = "demo"  # a fixture set's logins have none written: this is theirs


def load_users(fixtures: Path, username: str, password: str) -> Users:
    """users.json, with the default admin's login replaced by MOCK_PBX_USERNAME/PASSWORD. A
    fixture set's logins carry no password (they log in with "demo"); a set without users.json
    has one default login (an admin, or a reseller of several customers) over all its customers."""
    path = fixtures / "users.json"
    raws = json.loads(path.read_text()) if path.exists() else default_logins(fixtures)
    users = {}
    for raw in raws:
        secret = raw.get("password", SET_PASSWORD)
        user = User(raw["username"], secret, raw["accessLevel"], tuple(raw["customers"]))
        if raw.get("default"):
            user = User(username, password, user.access_level, user.customers)
        users[user.username] = user
    return users


def default_logins(fixtures: Path) -> list[dict[str, Any]]:
    ids = sorted(
        int(customer["id"]) for customer in json.loads((fixtures / "customers.json").read_text())
    )
    level = "RESELLER" if len(ids) > 1 else "ADMIN"
    return [{"username": "demo", "accessLevel": level, "customers": ids, "default": True}]


def verified(users: Users, username: str, password: str) -> User | None:
    """The user, if the password is theirs (compared in constant time)."""
    user = users.get(username)
    if user is None or not secrets.compare_digest(password.encode(), user.password.encode()):
        return None
    return user


def basic_credentials(header: bytes) -> tuple[str, str] | None:
    """(username, password) of an `Authorization: Basic ...` value; None for anything else."""
    if header[:6].lower() != b"basic ":
        return None
    try:
        username, _, password = base64.b64decode(header[6:], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return username, password


def login(
    users: Users, tokens: Tokens, authorization: bytes | None, download: str | None, now: datetime
) -> User | None:
    """The user a request authenticates as: its Basic credentials, else its live access token
    (Bearer), else the login of the download token it spent (`download`: http/frontdoor.py)."""
    if authorization is None:
        return users.get(download) if download is not None else None
    credentials = basic_credentials(authorization)
    if credentials is not None:
        return verified(users, *credentials)
    username = tokens.bearer(authorization, now)
    return users.get(username) if username is not None else None
