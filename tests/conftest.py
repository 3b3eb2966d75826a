"""Every test gets a fresh app: a copy of one seeded database, a manual clock, a Basic-auth client."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.clock import ManualClock
from mock_pbx.settings import Settings

START = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)
BASE = "http://testserver/api/v1"


@pytest.fixture(scope="session")
def seeded() -> FastAPI:
    """Seeded once per run; each test copies its database instead of seeding again."""
    return create_app(Settings(database_url="sqlite://"), clock=ManualClock(START))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url="sqlite://")


@pytest.fixture
def app(seeded: FastAPI, settings: Settings, clock: ManualClock) -> FastAPI:
    return create_app(settings, clock=clock, template=seeded.state.db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as test_client:
        test_client.auth = ("demo", "demo")
        yield test_client


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client
