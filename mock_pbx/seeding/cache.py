"""Seeded SQLite databases kept on disk: seeding the default data takes about half a second, and
copying a kept one in takes milliseconds, the larger part of a cold start. A copy is found by a
fingerprint of everything the seeded bytes depend on (seed, scale, prices, the day the data is
anchored to, the customers, and the code and fixtures that generate it), so a hit is exactly what
seeding again would write."""

import hashlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from mock_pbx.runtime.database import sqlite_connection
from mock_pbx.settings import Settings
from mock_pbx.version import __version__

log = logging.getLogger("mock_pbx.seedcache")
PACKAGE_DIR = Path(__file__).parent.parent
KEEP = 8  # newest files kept; older ones are deleted when a new one is written


def cache_dir(setting: str) -> Path | None:
    """MOCK_PBX_SEED_CACHE: a directory, `off`, or empty for $XDG_CACHE_HOME/mock-pbx
    (~/.cache/mock-pbx)."""
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mock-pbx"


def source_files() -> list[Path]:
    files = [*PACKAGE_DIR.rglob("*.py"), *(PACKAGE_DIR / "fixtures").resolve().rglob("*.json")]
    return sorted(files)


def fingerprint(
    settings: Settings, resources: Sequence[str], day: date, customer_ids: list[int]
) -> str:
    """Everything the seeded bytes depend on: the settings that shape the data (seed, scale,
    prices), the day, the customers, the resources seeded and the code and fixtures (and a
    fixture set's files, settings.fixtures)."""
    shaping = (settings.seed, settings.scale, settings.sms_price, settings.call_price_per_minute)
    from_set = settings.fixtures is not None  # then nothing generated: never the same bytes
    key = (__version__, shaping, day, customer_ids, list(resources), from_set)
    digest = hashlib.sha256(repr(key).encode())
    fixture_set = sorted(Path(settings.fixtures).glob("*.json")) if settings.fixtures else []
    for path in [*source_files(), *fixture_set]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


class SeedCache:
    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.path = directory / f"seed-{key}.sqlite"

    def load_into(self, engine: Engine) -> bool:
        """Copy the kept database into `engine`'s; False when there is none (or it is unreadable)."""
        if not self.path.exists():
            return False
        try:
            source = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                with sqlite_connection(engine) as target:
                    source.backup(target)
            finally:
                source.close()
        except sqlite3.DatabaseError as error:
            log.warning("seed cache %s unreadable (%s): seeding instead", self.path, error)
            self.path.unlink(missing_ok=True)
            return False
        return True

    def store_from(self, engine: Engine) -> None:
        """Keep a copy of `engine`'s freshly seeded database. A cache that cannot be written
        (read-only home, full disk) only costs the next start its half second."""
        temporary = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            os.close(handle)
            target = sqlite3.connect(temporary)
            try:
                with sqlite_connection(engine) as source:
                    source.backup(target)
            finally:
                target.close()
            os.replace(temporary, self.path)  # atomic: a concurrent reader sees all or nothing
            self.prune()
        except (OSError, sqlite3.Error) as error:
            log.warning("seed cache not written to %s: %s", self.directory, error)
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def prune(self) -> None:
        kept = sorted(self.directory.glob("seed-*.sqlite"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP]:
            old.unlink(missing_ok=True)
