"""What Settings cannot check alone, checked before anything is printed or seeded: the database
can be opened (a directory that does not exist, a file that is not SQLite, a URL of an unknown
kind or a driver not installed), the seed cache is not a file, the login is not another
user's. Each problem is an OptionError: one line, status 2."""

import json
import os
import sys
from pathlib import Path

from mock_pbx.cli.fields import allowed, option_names
from mock_pbx.settings import OptionError, Settings

USERS_FIXTURE = Path(__file__).parent.parent / "fixtures" / "users.json"
SQLITE_HEADER = b"SQLite format 3\x00"
IN_MEMORY = ("sqlite://", "sqlite:///:memory:")  # as mock_pbx.runtime.database, without its imports


def check_settings(settings: Settings) -> None:
    warn_unused_clock_start(settings)
    check_workers(settings)
    check_database(settings.database_url)
    check_seed_cache(settings.seed_cache)
    check_fixture_set(settings.fixtures)
    check_login(settings.username, settings.fixtures)
    check_recording(settings)


def refused(field: str, problem: str) -> OptionError:
    return OptionError(option_names(field), problem, allowed(field))


def warn_unused_clock_start(settings: Settings) -> None:
    """A start time for a clock that is not manual is ignored: said, as a misspelt variable is."""
    if settings.clock_start is not None and settings.clock != "manual":
        print(
            "mock-pbx: MOCK_PBX_CLOCK_START is ignored: it starts a manual clock (--clock manual)",
            file=sys.stderr,
        )


def check_workers(settings: Settings) -> None:
    if settings.workers > 1 and settings.database_url in IN_MEMORY:
        problem = f"{settings.workers}: --workers needs a shared database (--db FILE or PostgreSQL)"
        raise OptionError(option_names("workers"), problem, "1 with the in-memory database")


def check_database(url: str) -> None:
    if url in IN_MEMORY:
        return
    from sqlalchemy.engine import make_url  # lazy: --help and --version need not import it
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError  # lazy: as above

    try:
        parsed = make_url(url)
        dialect = parsed.get_dialect()
    except ArgumentError:
        raise refused("database_url", f"{url!r} is not a database URL") from None
    except NoSuchModuleError:
        raise refused("database_url", f"{parsed.drivername!r} is not a known database") from None
    try:
        dialect.import_dbapi()
    except ImportError as error:
        problem = f"the driver of {parsed.drivername!r} is not installed ({error})"
        raise refused("database_url", problem) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        check_sqlite_file(Path(str(parsed.database)))


def check_sqlite_file(path: Path) -> None:
    """The file is a SQLite database (or empty, or not there yet) in a directory SQLite can write
    to (besides the file, it writes its -wal and -shm files next to it)."""
    folder = path.parent
    if not folder.is_dir():
        raise refused("database_url", f"the directory {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise refused("database_url", f"the directory {str(folder)!r} is not writable")
    if path.is_dir():
        raise refused("database_url", f"{str(path)!r} is a directory")
    if path.exists() and not is_sqlite(path):
        raise refused("database_url", f"{str(path)!r} is not a SQLite database")


def is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return header in (b"", SQLITE_HEADER)


def check_seed_cache(setting: str) -> None:
    """A cache that cannot be written only costs time (seeding.cache); a file in its place is
    a mistake worth saying."""
    if setting not in ("", "off") and Path(setting).exists() and not Path(setting).is_dir():
        raise refused("seed_cache", f"{setting!r} is a file, not a directory")


def check_fixture_set(setting: str | None) -> None:
    """A fixture set is a directory with its customers: anything else would seed nothing."""
    if setting is None:
        return
    if not Path(setting).is_dir():
        raise refused("fixtures", f"{setting!r} is not a directory")
    if not (Path(setting) / "customers.json").is_file():
        raise refused("fixtures", f"{setting!r} holds no customers.json: not a fixture set")
    # lazy: the tables and declarations, only for a run that serves a fixture set
    from mock_pbx.importing.sets import FixtureSetError, check_set

    try:
        check_set(Path(setting))
    except FixtureSetError as error:
        raise refused("fixtures", str(error)) from None


def check_recording(settings: Settings) -> None:
    """--record and --proxy-writes only mean something with --proxy-to; --record writes into
    a directory, from one process, adding to the fixture set already there (if any)."""
    record = Path(settings.record) if settings.record is not None else None
    if record is not None and record.exists() and not record.is_dir():
        raise refused("record", f"{settings.record!r} is a file, not a directory")
    for field in ("record", "proxy_writes"):
        if getattr(settings, field) and settings.proxy_to is None:
            raise refused(field, "needs --proxy-to: it records or forwards what a proxy sends")
    if record is not None and settings.workers > 1:
        problem = f"{settings.workers} workers would each write into {settings.record!r}"
        raise refused("record", problem + ": record with --workers 1")
    if record is not None and (record / "customers.json").is_file():
        # lazy: as check_fixture_set; a recording adds to the set already in the directory
        from mock_pbx.importing.sets import FixtureSetError, check_set

        try:
            check_set(record)
        except FixtureSetError as error:
            raise refused("record", f"the set already there is broken: {error}") from None


def check_login(username: str, fixtures: str | None = None) -> None:
    """The default admin's login may not be another fixture user's (or a fixture set's): one
    would hide the other."""
    users = Path(fixtures) / "users.json" if fixtures is not None else USERS_FIXTURE
    logins = json.loads(users.read_text()) if users.exists() else []
    if not any(u.get("default") for u in logins):
        return  # no login takes MOCK_PBX_USERNAME (a set `import` wrote): nothing to hide
    others = {u["username"] for u in logins if not u.get("default")}
    if username in others:
        problem = f"{username!r} is the login of another user ({', '.join(sorted(others))})"
        raise refused("username", problem)
