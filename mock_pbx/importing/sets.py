"""A fixture set checked before it is served (`--fixtures DIR`): every file read and every record
checked as the seeder will (seeding/fixtures.checked_rows), the logins and the manifest too, so
that a set written by hand or cut short says what is wrong in one line instead of a traceback."""

from pathlib import Path
from typing import Any

from mock_pbx.importing.records import COLLECTIONS, TABLES
from mock_pbx.models.customer import Customer
from mock_pbx.seeding.fixtures import (  # FixtureSetError: what check_set raises
    CUSTOMERS_FILE,
    FORWARDING_FILE,
    MANIFEST_FILE,
    USERS_FILE,
    FixtureSetError,
    checked_rows,
    read_json,
    read_records,
)

__all__ = ["FixtureSetError", "check_set"]
ACCESS_LEVELS = ("ADMIN", "EXTENSION", "RESELLER")  # as domain/logins.User knows them


def check_set(directory: Path) -> None:
    """Raises FixtureSetError (one line, naming the file and record) for the first problem."""
    customers = {row.id for row in checked_rows(directory / CUSTOMERS_FILE, Customer, None)}
    if not customers:
        raise FixtureSetError(f"{directory / CUSTOMERS_FILE}: holds no customer")
    for name in COLLECTIONS:
        checked_rows(directory / f"{name}.json", TABLES[name], customers)
    checked_rows(directory / FORWARDING_FILE, TABLES["forwardingrules"], customers)
    check_users(directory / USERS_FILE, customers)
    manifest = directory / MANIFEST_FILE
    if manifest.exists() and not isinstance(read_json(manifest), dict):
        raise FixtureSetError(f"{manifest}: not a JSON object")


def check_users(path: Path, customers: set[Any]) -> None:
    """Each login: a username, an access level and customers of the set (no password needed)."""
    names = set()
    for index, user in enumerate(read_records(path)):
        where = f"{path}: record {index + 1}"
        username = user.get("username")
        if not isinstance(username, str) or not username or ":" in username:
            raise FixtureSetError(f"{where}: needs a username (text without a colon)")
        if username in names:
            raise FixtureSetError(f"{where}: {username!r} is there twice")
        names.add(username)
        if user.get("accessLevel") not in ACCESS_LEVELS:
            raise FixtureSetError(f"{where}: accessLevel is one of {', '.join(ACCESS_LEVELS)}")
        ids = user.get("customers")
        if not isinstance(ids, list) or not ids or not all(isinstance(c, int) for c in ids):
            raise FixtureSetError(f"{where}: customers is a list of customer ids")
        missing = [c for c in ids if c not in customers]
        if missing:
            raise FixtureSetError(f"{where}: customer {missing[0]} is not in {CUSTOMERS_FILE}")
        if "password" in user and not isinstance(user["password"], str):
            raise FixtureSetError(f"{where}: password is text (or left out: demo)")
