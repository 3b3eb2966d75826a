"""Tests share one app, reset before each test (a few ms), with a fresh manual clock and a
Basic-auth client."""

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.seeding import operations
from mock_pbx.settings import Settings

pytest_plugins = ["pytester"]

# Every test seeds for real (test_seed_cache.py tests the kept copies): no file under ~/.cache
# can make a determinism test pass by serving what an earlier run stored.
os.environ.setdefault("MOCK_PBX_SEED_CACHE", "off")

START = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)
BASE = "http://testserver/api/v1"


@pytest.fixture(scope="session")
def seeded() -> FastAPI:
    """Seeded once per run: the pristine state every test starts from."""
    return create_app(Settings(database_url="sqlite://"), clock=ManualClock(START))


@pytest.fixture(scope="session")
def shared_app(seeded: FastAPI) -> FastAPI:
    return create_app(
        Settings(database_url="sqlite://"),
        clock=ManualClock(START),
        template=seeded.state.runtime.db,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def app(shared_app: FastAPI, clock: ManualClock) -> FastAPI:
    """The shared app, reset as a downstream user resets it: data, journal, faults, limits."""
    runtime = shared_app.state.runtime
    runtime.clock = clock
    operations.reset(runtime)
    return shared_app


@pytest.fixture(scope="session")
def session_client(shared_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(shared_app, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture
def client(app: FastAPI, session_client: TestClient) -> TestClient:
    session_client.auth = ("demo", "demo")
    return session_client


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client
