"""The plugin's two fixtures are one interface: the same methods with the same signatures, and
the same behaviour (tests/plugin_downstream.py runs every test against both), with the server
started by the plugin or given by --mock-pbx-url."""

import inspect
from pathlib import Path

import pytest

from mock_pbx.app import create_app
from mock_pbx.pytest_plugin.handle import PbxHandle
from mock_pbx.pytest_plugin.inprocess import InProcessPbx
from mock_pbx.pytest_plugin.live import MockPbx
from mock_pbx.seeding import operations
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer

DOWNSTREAM = (Path(__file__).parent / "plugin_downstream.py").read_text()
CONTROL_METHODS = {
    "advance", "close", "control", "fault", "inbound_call", "inbound_sms", "now", "otp",
    "put_back", "rate_limit", "requests", "reset", "scenario", "sent_sms", "set_clock", "verify",
}  # fmt: skip


def public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def test_both_fixtures_have_the_same_methods_with_the_same_signatures():
    live, in_process = public_methods(MockPbx), public_methods(InProcessPbx)
    assert set(live) == set(in_process) == CONTROL_METHODS
    assert {name: str(sig) for name, sig in live.items()} == {
        name: str(sig) for name, sig in in_process.items()
    }
    assert live == in_process  # annotations compared as objects, not only as text


def test_the_signatures_are_the_shared_ones():
    shared = public_methods(PbxHandle)
    assert public_methods(MockPbx) == shared
    assert str(shared["advance"]) == (
        "(self, by: float | str | datetime.timedelta | None = None, *, seconds: float | None"
        " = None) -> dict[str, typing.Any]"
    )


def run_downstream(pytester: pytest.Pytester, *options: str) -> pytest.RunResult:
    pytester.makepyfile(test_downstream=DOWNSTREAM)
    return pytester.runpytest_subprocess(
        "--strict-markers", "-W", "error", "-p", "no:xdist", "-p", "no:cacheprovider", *options
    )


def test_the_same_calls_behave_the_same_on_both_fixtures(pytester):
    result = run_downstream(pytester, "-v")
    # every test of the file, once per fixture (the async one: in process only)
    result.assert_outcomes(passed=25)
    result.stdout.fnmatch_lines(["*test_inbound_traffic?mock_pbx? PASSED*"])
    result.stdout.fnmatch_lines(["*test_inbound_traffic?mock_pbx_asgi? PASSED*"])


def test_the_live_fixture_uses_a_server_given_by_url(pytester, monkeypatch):
    start = "2026-01-15T10:30:00Z"  # the downstream file's START
    app = create_app(Settings(clock="manual", clock_start=start, database_url="sqlite://"))
    resets = []
    reset = operations.reset
    monkeypatch.setattr(operations, "reset", lambda *args: resets.append(reset(*args)))
    with LiveServer(app) as server:
        result = run_downstream(pytester, "--mock-pbx-url", server.url, "-k", "not asgi")
        result.assert_outcomes(passed=13, deselected=12)
    assert len(resets) >= 12  # the downstream fixtures reset this server, not one of their own
