"""Settings as the command reads them: a value Settings refuses becomes one line naming the option
and its variable, the value given and what is allowed (fields.py)."""

import difflib
import os
import sys
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mock_pbx.cli.fields import KINDS, allowed, annotation, option_names
from mock_pbx.settings import OptionError, Settings

# Variables with the prefix that are not settings of the server: the importer's, the pytest
# plugin's, and those of mock-pbx's own test suite and CI (.ci/run sets them for every command
# the tests start).
NOT_SETTINGS = {
    "MOCK_PBX_IMPORT_PASSWORD",  # `mock-pbx import`'s password (its --password-env default)
    "MOCK_PBX_URL",
    "MOCK_PBX_REQUIRE_BROWSER",
    "MOCK_PBX_SOAK_SECONDS",
    "MOCK_PBX_TEST_POSTGRES_URL",
    "MOCK_PBX_TEST_POSTGRES_DIR",
}


def load_settings(overrides: dict[str, Any]) -> Settings:
    """Settings from the options given and MOCK_PBX_* variables, or an OptionError with one line
    per refused value."""
    warn_unknown_variables()
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = [str(refusal(details)) for details in error.errors()]
        raise OptionError("", "\n".join(lines)) from None


def refusal(details: ErrorDetails) -> OptionError:
    field = str(details["loc"][0]) if details["loc"] else ""
    if field not in Settings.model_fields:
        return OptionError("settings", details["msg"])
    return OptionError(option_names(field), reason(details), allowed(field))


def reason(details: ErrorDetails) -> str:
    given = repr(details["input"])
    kind = details["type"]
    if kind == "value_error":  # our validators' messages name the bad part themselves
        return str(details.get("ctx", {}).get("error", details["msg"]))
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{given} is out of range"
    if kind == "finite_number":
        return f"{given} is not a finite number"
    if kind.endswith("_parsing") or kind.endswith("_type") or "datetime" in kind:
        return f"{given} is not {KINDS.get(annotation(field_of(details)), 'valid')}"
    return f"{given} is not allowed"


def field_of(details: ErrorDetails) -> str:
    return str(details["loc"][0])


def warn_unknown_variables() -> None:
    """A misspelt variable would otherwise be ignored without a word."""
    known = {f"MOCK_PBX_{name.upper()}" for name in Settings.model_fields} | NOT_SETTINGS
    for name in sorted(os.environ):
        if name.startswith("MOCK_PBX_") and name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            print(f"mock-pbx: {name} is not a setting, ignored{hint}", file=sys.stderr)
