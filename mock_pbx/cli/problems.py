"""Settings as the command reads them: a value Settings refuses becomes one line naming the option
and its variable, the value given and what is allowed (read off the field's declaration, so
it cannot drift from what Settings checks)."""

import difflib
import os
import re
import sys
from datetime import datetime
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mock_pbx.cli.options import option_names
from mock_pbx.settings import OptionError, Settings

KINDS: dict[Any, str] = {
    int: "a whole number",
    float: "a number",
    str: "text",
    datetime: "an ISO 8601 time",
}
CHOICES = re.compile(r"^\^\(([\w|]+)\)\$$")  # pattern="^(real|manual)$"
# Variables with the prefix that are not settings of the server (the pytest plugin's).
NOT_SETTINGS = {"MOCK_PBX_URL"}


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


def annotation(field: str) -> Any:
    """The field's type without `| None`."""
    declared = Settings.model_fields[field].annotation
    if get_origin(declared) in (Union, UnionType):
        return next(a for a in get_args(declared) if a is not NoneType)
    return declared


def allowed(field: str) -> str:
    """What a field accepts, in words: declared (json_schema_extra "allowed") where a validator
    decides, else from its type, pattern and bounds."""
    info = Settings.model_fields[field]
    extra = info.json_schema_extra
    if isinstance(extra, dict) and "allowed" in extra:
        text = str(extra["allowed"])
    else:
        pattern = next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None)
        choices = CHOICES.match(pattern or "")
        if choices:
            text = "one of " + ", ".join(choices.group(1).split("|"))
        else:
            text = " ".join(filter(None, [KINDS[annotation(field)], bounds(info.metadata)]))
    optional = get_origin(info.annotation) in (Union, UnionType)
    return f"{text}, or empty for none" if optional else text


def bounds(metadata: list[Any]) -> str:
    low = next((f"from {m.ge}" for m in metadata if isinstance(m, Ge)), None)
    low = low or next((f"above {m.gt}" for m in metadata if isinstance(m, Gt)), None)
    high = next((f"to {m.le}" for m in metadata if isinstance(m, Le)), None)
    high = high or next((f"below {m.lt}" for m in metadata if isinstance(m, Lt)), None)
    if low and high:
        return f"{low} {high}" if low.startswith("from") else f"{low}, up {high}"
    if low:
        return low.replace("from ", "") + " or more" if low.startswith("from") else low
    return high.replace("to ", "at most ") if high else ""


def warn_unknown_variables() -> None:
    """A misspelt variable would otherwise be ignored without a word."""
    known = {f"MOCK_PBX_{name.upper()}" for name in Settings.model_fields} | NOT_SETTINGS
    for name in sorted(os.environ):
        if name.startswith("MOCK_PBX_") and name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            print(f"mock-pbx: {name} is not a setting, ignored{hint}", file=sys.stderr)
