"""Configuration: every option is a MOCK_PBX_* environment variable or a constructor argument."""

import ipaddress
import re
from datetime import UTC, datetime
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The range of the emulator's clock, here because settings is the lowest layer: the start below
# is checked against it, and mock_pbx.runtime.clock checks every move. Within it, a due time after
# the latest and a date shown at any offset stay inside datetime's years 1-9999.
CLOCK_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
CLOCK_LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
CLOCK_RANGE = f"from {CLOCK_EARLIEST:%Y-%m-%dT%H:%M:%SZ} to {CLOCK_LATEST:%Y-%m-%dT%H:%M:%SZ}"
# The longest wait a setting may ask for: a due time stays far inside datetime's range, and
# a test wanting longer waits moves the manual clock instead.
DAY = 86_400
ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s]+$")  # scheme://host[:port], as browsers send it
HOST_NAME = re.compile(r"^[a-z0-9_.-]+$")
HOST_ALLOWED = "an address of this machine: 127.0.0.1, 0.0.0.0, ::, localhost, ..."


class OptionError(ValueError):
    """An option or setting mock-pbx cannot start with: the command prints it as one line
    (`names: problem; allowed: ...`) and exits with status 2."""

    def __init__(self, names: str, problem: str, allowed: str = "") -> None:
        self.names, self.problem, self.allowed = names, problem, allowed
        named = f"{names}: {problem}" if names else problem
        super().__init__(named + (f"; allowed: {allowed}" if allowed else ""))


def listed(setting: str) -> list[str]:
    return [item.strip() for item in setting.split(",") if item.strip()]


class Settings(BaseSettings):
    """What a running mock-pbx is configured with; passed to create_app, never imported as a global."""

    # No NaN or infinity: a price or a wait of either breaks the arithmetic and the JSON.
    model_config = SettingsConfigDict(env_prefix="MOCK_PBX_", extra="ignore", allow_inf_nan=False)

    database_url: str = Field(
        default="sqlite://",
        description="SQLAlchemy URL; the default is a fresh in-memory database on every start. "
        "A file (sqlite:///path.db) persists state and is not reseeded when it exists.",
        json_schema_extra={
            "allowed": "a file path (--db), sqlite:///path.db, or a URL such as "
            "postgresql+psycopg://user:pass@host/db"
        },
    )
    seed: int = Field(
        default=1, description="Faker seed: the same seed gives the same data, byte for byte."
    )
    scale: float = Field(
        default=1.0,
        gt=0,
        le=1000,  # scale 100 seeds in 11 s into a 60 MB file; 1000 is minutes and gigabytes
        description="Multiplies the volume of generated records.",
    )
    seed_cache: str = Field(
        default="",
        description="Where seeded databases are kept to start in milliseconds next time: a "
        "directory, `off`, or empty for $XDG_CACHE_HOME/mock-pbx (~/.cache/mock-pbx).",
        json_schema_extra={"allowed": "a directory, off, or empty for ~/.cache/mock-pbx"},
    )
    username: str = Field(
        default="demo",
        pattern="^[^:]+$",  # HTTP Basic splits the login from the password at the first colon
        description="Login of the default admin user of customer 25.",
        json_schema_extra={"allowed": "a login, not empty, without ':'"},
    )
    password: str = Field(default="demo", description="Password of the default admin user.")
    public_url: str | None = Field(
        default=None,
        description="Base URL written into every uri and page link (e.g. https://pbx.example.com); "
        "by default the request's own scheme, host and port (X-Forwarded-Proto/Host honoured).",
        pattern=r"^https?://[^/?#\s]+(/[^?#\s]*)?$",
        json_schema_extra={"allowed": "an http:// or https:// URL (e.g. https://pbx.example.com)"},
    )
    clock: str = Field(default="real", pattern="^(real|manual)$", description="real or manual.")
    clock_start: datetime | None = Field(
        default=None,
        description="Start time of the manual clock (ISO 8601); default 2026-01-01T09:00:00Z.",
        json_schema_extra={"allowed": f"an ISO 8601 time (2026-01-01T09:00:00Z) {CLOCK_RANGE}"},
    )

    @field_validator(
        "public_url",
        "clock_start",
        "admin_token",
        "rate_limit",
        "fixtures",
        "proxy_to",
        "record",
        mode="before",
    )
    @classmethod
    def empty_is_unset(cls, value: Any) -> Any:
        """`MOCK_PBX_RATE_LIMIT=` (as compose files and CI variables write it) means not set."""
        return None if value == "" else value

    @field_validator("clock", "log_level", mode="before")
    @classmethod
    def any_case(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("trusted_proxies")
    @classmethod
    def proxies_are_addresses(cls, proxies: str) -> str:
        """Checked at start-up: a bad entry would otherwise fail every request."""
        for item in listed(proxies):
            if item != "*":
                ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return proxies

    @field_validator("cors_origins", "admin_origins")
    @classmethod
    def origins_are_origins(cls, origins: str) -> str:
        """An origin is compared as the browser sends it: `http://app.test/` would never match."""
        for item in listed(origins):
            if item not in ("*", "null") and not ORIGIN.match(item.lower()):
                raise ValueError(f"{item!r} is not an origin (scheme://host[:port], no path)")
        return origins

    @field_validator("allowed_hosts")
    @classmethod
    def hosts_are_names(cls, hosts: str) -> str:
        """A Host header is compared without its port (http.hosts): a URL or a port never matches."""
        for item in listed(hosts):
            if item == "*" or HOST_NAME.match(item.lower()):
                continue
            try:
                ipaddress.ip_address(item)  # an IPv6 address, as host_name reads it ("::1")
            except ValueError:
                problem = f"{item!r} is not a host name or address (no scheme, no port)"
                raise ValueError(problem) from None
        return hosts

    @field_validator("clock_start")
    @classmethod
    def clock_start_in_range(cls, start: datetime | None) -> datetime | None:
        """Naive means UTC; compared as given, as converting 0001-01-01T00:00+01:00 overflows."""
        aware = start.replace(tzinfo=start.tzinfo or UTC) if start else None
        if aware and not CLOCK_EARLIEST <= aware <= CLOCK_LATEST:
            raise ValueError(f"must be {CLOCK_RANGE}")
        return start

    sms_price: float = Field(
        default=0.10, ge=0, le=1000, description="Price of one SMS segment, charged to credit."
    )
    sms_accept_seconds: float = Field(
        default=1.0,
        ge=0,
        le=DAY,
        description="Seconds until a sent SMS is accepted by the carrier (status 8).",
    )
    sms_deliver_seconds: float = Field(
        default=3.0,
        ge=0,
        le=DAY,
        description="Seconds until a sent SMS reaches its final status (1 delivered).",
    )
    call_price_per_minute: float = Field(
        default=0.02,
        ge=0,
        le=1000,
        description="Price of each started minute of an outbound external call.",
    )
    call_ring_seconds: float = Field(
        default=5.0, ge=0, le=DAY, description="Seconds a call rings before it is answered."
    )
    call_duration_seconds: int = Field(
        default=60,
        ge=1,
        le=14_400,  # four hours: the longest call (and recording) mock-pbx makes
        description="Talk time of an answered call (numbers ending 1DDD last DDD s); at most "
        "14400 (4 h).",
    )
    call_no_answer_seconds: float = Field(
        default=30.0,
        ge=0,
        le=DAY,
        description="Seconds an unanswered call rings before it gives up.",
    )
    heartbeat_seconds: float = Field(
        default=60.0, gt=0, le=DAY, description="Interval of heartbeat events on /api/v1/stream."
    )
    webhook_timeout_seconds: float = Field(
        default=2.0, gt=0, le=DAY, description="Timeout of one SMS webhook attempt."
    )
    webhook_attempts: int = Field(
        default=4, ge=1, le=20, description="Attempts per SMS webhook, retries included."
    )
    webhook_retry_seconds: float = Field(
        default=5.0,
        ge=0,
        le=DAY,
        description="Wait before the first webhook retry; it doubles after each.",
    )
    admin_token: str | None = Field(
        default=None,
        description="When set, /_admin requires `Authorization: Bearer <token>` (or "
        "X-Admin-Token); health checks stay open.",
    )
    rate_limit: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000_000,
        description="Requests per user per hour before 429; unset: counted and "
        "advertised (1200), never refused.",
    )
    journal_size: int = Field(
        default=10_000, ge=1, le=1_000_000, description="Requests the journal keeps (newest)."
    )
    cors_origins: str = Field(
        default="*",
        description="Origins browsers may call the emulated API (/api/v1) from: * (any, the "
        "default) or a comma-separated list; empty turns CORS off. /_admin is not covered.",
        json_schema_extra={"allowed": "*, empty, or comma-separated origins (https://app.test)"},
    )
    admin_origins: str = Field(
        default="",
        description="Origins (comma-separated) whose pages may call /_admin from a browser besides "
        "mock-pbx's own (the web inbox); empty: none, * : any.",
        json_schema_extra={"allowed": "empty, *, or comma-separated origins (https://app.test)"},
    )
    allowed_hosts: str = Field(
        default="",
        description="Host header values served besides localhost, 127.0.0.0/8 and [::1] when "
        "listening on a loopback address (comma-separated names or addresses; * : any). "
        "Listening on any other address, every Host is served unless this is set.",
        json_schema_extra={"allowed": "empty, *, or comma-separated host names or addresses"},
    )
    trusted_proxies: str = Field(
        default="",
        description="Addresses (comma-separated; CIDR ranges allowed; * : any) whose "
        "X-Forwarded-Proto and X-Forwarded-Host shape the links in answers; empty: none.",
        json_schema_extra={"allowed": "empty, *, or comma-separated addresses or CIDR ranges"},
    )
    header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="Seconds a client has to send a request's headers before the connection "
        "is closed (slow-header clients).",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address to listen on.",
        json_schema_extra={"allowed": HOST_ALLOWED},
    )
    port: int = Field(default=8000, ge=0, le=65535, description="Port to listen on.")
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Server processes sharing one state (needs a database file or PostgreSQL).",
    )
    log_level: str = Field(
        default="info",
        pattern="^(critical|error|warning|info|debug|trace)$",
        description="Server log level; info logs one line per request.",
    )
    fixtures: str | None = Field(
        default=None,
        description="A fixture set to seed from instead of the built-in one (the directory "
        "`mock-pbx import` or --record writes): its records only, nothing generated.",
        json_schema_extra={"allowed": "a directory holding a fixture set (customers.json, ...)"},
    )
    proxy_to: str | None = Field(
        default=None,
        pattern=r"^https?://[^/?#\s]+(/[^?#\s]*)?$",
        description="Forward every /api/v1 request to this real API (e.g. "
        "https://pbx.sipcentric.com/api/v1) with the caller's own credentials; writes are "
        "refused unless MOCK_PBX_PROXY_WRITES is true.",
        json_schema_extra={"allowed": "an http:// or https:// URL of an API v1"},
    )
    proxy_writes: bool = Field(
        default=False,
        description="With proxy_to: forward writes too (a real SMS costs real money).",
    )
    record: str | None = Field(
        default=None,
        description="With proxy_to: write every answered exchange into this directory as a "
        "fixture set (and scenario steps) that --fixtures serves offline later.",
        json_schema_extra={"allowed": "a directory (created if missing), not a file"},
    )
