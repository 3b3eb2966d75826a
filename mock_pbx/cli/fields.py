"""How the command names and describes each setting to a user: its option and variable, and what
it accepts in words (read off the field's declaration, so it cannot drift from what Settings
checks). Used by --help and by the one-line refusals."""

import re
from datetime import datetime
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt

from mock_pbx.settings import Settings

# option -> Settings field; each option can also be given as MOCK_PBX_<FIELD>.
SERVE_OPTIONS = {
    "--host": "host",
    "--port": "port",
    "--db": "database_url",
    "--seed": "seed",
    "--scale": "scale",
    "--clock": "clock",
    "--workers": "workers",
    "--public-url": "public_url",
    "--log-level": "log_level",
    "--fixtures": "fixtures",
    "--proxy-to": "proxy_to",
    "--proxy-writes": "proxy_writes",
    "--record": "record",
}
SEED_OPTIONS = {
    "--db": "database_url",
    "--seed": "seed",
    "--scale": "scale",
    "--fixtures": "fixtures",
}
FLAGS = {field: flag for flag, field in SERVE_OPTIONS.items()}


def option_names(field: str) -> str:
    """How a user names a setting: its option, if it has one, and its variable."""
    variable = f"MOCK_PBX_{field.upper()}"
    return f"{FLAGS[field]} / {variable}" if field in FLAGS else variable


KINDS: dict[Any, str] = {
    int: "a whole number",
    float: "a number",
    str: "text",
    datetime: "an ISO 8601 time",
    bool: "true or false",
}
CHOICES = re.compile(r"^\^\(([\w|]+)\)\$$")  # pattern="^(real|manual)$"


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
