"""@pytest.mark.mock_pbx(...): state and settings for one test, set after the fixture's reset and
undone after the test. Only what the control API can change while the server runs can be set per
test; the rest of Settings (prices, timings, credentials) is per session (mock_pbx_settings)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest

from mock_pbx.pytest_plugin.handle import PbxHandle

OPTIONS = ("scenario", "clock", "faults", "rate_limit")
MARKER_HELP = "`pytest --markers` describes it"
Handle = TypeVar("Handle", bound=PbxHandle)


def marker_options(node: pytest.Item) -> dict[str, Any]:
    """The mock_pbx markers' keywords, the closest (the test's own) winning over a class's or a
    module's pytestmark."""
    options: dict[str, Any] = {}
    for marker in reversed(list(node.iter_markers("mock_pbx"))):
        if marker.args:
            pytest.fail(f"@pytest.mark.mock_pbx takes keywords only: {MARKER_HELP}", pytrace=False)
        options.update(marker.kwargs)
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        known = ", ".join(OPTIONS)
        message = f"@pytest.mark.mock_pbx: unknown {', '.join(unknown)}; it takes {known}"
        pytest.fail(message, pytrace=False)
    return options


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def limit_arguments(setting: int | dict[str, Any] | None) -> dict[str, Any]:
    return setting if isinstance(setting, dict) else {"limit": setting}


@contextmanager
def marked(handle: PbxHandle, options: dict[str, Any]) -> Iterator[None]:
    """Apply the marker's options (clock first: a scenario is set up at the test's time), and
    undo them afterwards with a reset (the rate limit is put back by `prepared`)."""
    if not options:
        yield
        return
    try:
        if options.get("clock") is not None:
            handle.set_clock(options["clock"])
        for scenario in as_list(options.get("scenario")):
            handle.scenario(scenario)
        for rule in as_list(options.get("faults")):
            handle.fault(**rule)
        if "rate_limit" in options:
            handle.rate_limit(**limit_arguments(options["rate_limit"]))
        yield
    finally:
        handle.reset()


def prepared(handle: Handle, node: pytest.Item) -> Iterator[Handle]:
    """A fixture's life: reset, the marker's setup, the test, the marker undone, the rate limit
    put back (a reset keeps it), closed."""
    options = marker_options(node)
    try:
        handle.reset()
        with marked(handle, options):
            yield handle
        handle.put_back()
    finally:
        handle.close()
