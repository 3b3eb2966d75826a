"""The clock: read it, advance it (seconds or ISO 8601 durations), set it, real or manual."""

import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.admin.clock_routes import duration_seconds
from mock_pbx.settings import Settings
from mock_pbx.wire.models import format_datetime

CLOCK = "http://testserver/_admin/clock"


def test_the_manual_clock_reads_its_start(client):
    assert client.get(CLOCK).json() == {"now": "2026-01-15T10:30:00.000+0000", "mode": "manual"}


@pytest.mark.parametrize(
    ("advance", "now"),
    [
        (90, "2026-01-15T10:31:30.000+0000"),
        (0.5, "2026-01-15T10:30:00.500+0000"),
        ("PT5M", "2026-01-15T10:35:00.000+0000"),
        ("P1DT2H", "2026-01-16T12:30:00.000+0000"),
        ("pt1.5s", "2026-01-15T10:30:01.500+0000"),
    ],
)
def test_advance_takes_seconds_or_an_iso_duration(client, advance, now):
    assert client.post(CLOCK, json={"advance": advance}).json()["now"] == now
    assert client.get(CLOCK).json()["now"] == now


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"advance": -1},
        {"advance": "5 minutes"},
        {"advance": "P"},
        {"set": "tomorrow"},
        {"advance": None},
    ],
)
def test_bad_clock_changes_are_a_400_and_move_nothing(client, body):
    response = client.post(CLOCK, json=body)
    assert response.status_code == 400
    assert response.json()["message"]
    assert client.get(CLOCK).json()["now"] == "2026-01-15T10:30:00.000+0000"


def test_set_jumps_to_a_time_and_runs_what_falls_due(client):
    sms = client.post(
        "/customers/me/sms",
        json={"type": "smsmessage", "to": "07902000000", "from": "07557000000", "body": "x"},
    ).json()
    response = client.post(CLOCK, json={"set": "2026-01-15T11:00:00Z"})
    assert response.json()["now"] == "2026-01-15T11:00:00.000+0000"
    assert response.json()["stepsRun"] == 2  # accepted, then delivered
    assert client.get(sms["uri"]).json()["deliveryStatus"] == 1


def test_steps_take_their_own_time_not_the_time_advanced_to(client):
    """An hour's advance ends a one-minute call at 10:31:05, not at 11:30."""
    client.post(
        "/customers/me/calls", json={"type": "call", "endpoint": "1234", "to": "07902000000"}
    )
    client.post(CLOCK, json={"advance": 3600})
    record = client.get("/customers/me/calls", params={"pageSize": 1}).json()["items"][0]
    assert record["created"] == "2026-01-15T10:31:05.000+0000"


def test_advancing_the_real_clock_adds_an_offset():
    with TestClient(create_app(Settings(scale=0.1))) as client:
        before = client.get("/_admin/clock").json()
        after = client.post("/_admin/clock", json={"advance": 3600}).json()
    assert (before["mode"], after["mode"]) == ("real", "real")
    assert after["now"][:13] > before["now"][:13]  # an hour on: the hour digits moved


def test_iso_durations():
    assert duration_seconds("PT1H30M") == 5400
    assert duration_seconds(12) == 12.0
    with pytest.raises(ValueError):
        duration_seconds("PT")


def test_dates_format_with_milliseconds_and_a_colonless_offset(clock):
    assert format_datetime(clock.now()) == "2026-01-15T10:30:00.000+0000"
