"""Configuration: every option is a MOCK_PBX_* environment variable or a constructor argument."""

import ipaddress
from datetime import UTC, datetime

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The range of the emulator's clock, here because settings is the lowest layer: the start below
# is checked against it, and mock_pbx.runtime.clock checks every move. Within it, a due time after
# the latest and a date shown at any offset stay inside datetime's years 1-9999.
CLOCK_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
CLOCK_LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
CLOCK_RANGE = f"from {CLOCK_EARLIEST:%Y-%m-%dT%H:%M:%SZ} to {CLOCK_LATEST:%Y-%m-%dT%H:%M:%SZ}"


class Settings(BaseSettings):
    """What a running mock-pbx is configured with; passed to create_app, never imported as a global."""

    model_config = SettingsConfigDict(env_prefix="MOCK_PBX_", extra="ignore")

    database_url: str = Field(
        default="sqlite://",
        description="SQLAlchemy URL; the default is a fresh in-memory database on every start. "
        "A file (sqlite:///path.db) persists state and is not reseeded when it exists.",
    )
    seed: int = Field(
        default=1, description="Faker seed: the same seed gives the same data, byte for byte."
    )
    scale: float = Field(
        default=1.0, gt=0, description="Multiplies the volume of generated records."
    )
    seed_cache: str = Field(
        default="",
        description="Where seeded databases are kept to start in milliseconds next time: a "
        "directory, `off`, or empty for $XDG_CACHE_HOME/mock-pbx (~/.cache/mock-pbx).",
    )
    username: str = Field(
        default="demo", description="Login of the default admin user of customer 25."
    )
    password: str = Field(default="demo", description="Password of the default admin user.")
    public_url: str | None = Field(
        default=None,
        description="Base URL written into every uri and page link (e.g. https://pbx.example.com); "
        "by default the request's own scheme, host and port (X-Forwarded-Proto/Host honoured).",
    )
    clock: str = Field(default="real", pattern="^(real|manual)$", description="real or manual.")
    clock_start: datetime | None = Field(
        default=None,
        description="Start time of the manual clock (ISO 8601); default 2026-01-01T09:00:00Z.",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def proxies_are_addresses(cls, proxies: str) -> str:
        """Checked at start-up: a bad entry would otherwise fail every request."""
        for item in (item.strip() for item in proxies.split(",")):
            if item and item != "*":
                ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return proxies

    @field_validator("clock_start")
    @classmethod
    def clock_start_in_range(cls, start: datetime | None) -> datetime | None:
        """Naive means UTC; compared as given, as converting 0001-01-01T00:00+01:00 overflows."""
        aware = start.replace(tzinfo=start.tzinfo or UTC) if start else None
        if aware and not CLOCK_EARLIEST <= aware <= CLOCK_LATEST:
            raise ValueError(f"must be {CLOCK_RANGE}")
        return start

    sms_price: float = Field(
        default=0.10, ge=0, description="Price of one SMS segment, charged to credit."
    )
    sms_accept_seconds: float = Field(
        default=1.0,
        ge=0,
        description="Seconds until a sent SMS is accepted by the carrier (status 8).",
    )
    sms_deliver_seconds: float = Field(
        default=3.0,
        ge=0,
        description="Seconds until a sent SMS reaches its final status (1 delivered).",
    )
    call_price_per_minute: float = Field(
        default=0.02, ge=0, description="Price of each started minute of an outbound external call."
    )
    call_ring_seconds: float = Field(
        default=5.0, ge=0, description="Seconds a call rings before it is answered."
    )
    call_duration_seconds: int = Field(
        default=60,
        ge=1,
        le=14_400,  # four hours: the longest call (and recording) mock-pbx makes
        description="Talk time of an answered call (numbers ending 1DDD last DDD s); at most "
        "14400 (4 h).",
    )
    call_no_answer_seconds: float = Field(
        default=30.0, ge=0, description="Seconds an unanswered call rings before it gives up."
    )
    heartbeat_seconds: float = Field(
        default=60.0, gt=0, description="Interval of heartbeat events on /api/v1/stream."
    )
    webhook_timeout_seconds: float = Field(
        default=2.0, gt=0, description="Timeout of one SMS webhook attempt."
    )
    webhook_attempts: int = Field(
        default=4, ge=1, description="Attempts per SMS webhook, retries included."
    )
    webhook_retry_seconds: float = Field(
        default=5.0, ge=0, description="Wait before the first webhook retry; it doubles after each."
    )
    admin_token: str | None = Field(
        default=None,
        description="When set, /_admin requires `Authorization: Bearer <token>` (or "
        "X-Admin-Token); health checks stay open.",
    )
    rate_limit: int | None = Field(
        default=None,
        ge=1,
        description="Requests per user per hour before 429; unset: counted and "
        "advertised (1200), never refused.",
    )
    journal_size: int = Field(
        default=10_000, ge=1, description="Requests the journal keeps (newest)."
    )
    cors_origins: str = Field(
        default="*",
        description="Origins browsers may call the emulated API (/api/v1) from: * (any, the "
        "default) or a comma-separated list; empty turns CORS off. /_admin is not covered.",
    )
    admin_origins: str = Field(
        default="",
        description="Origins (comma-separated) whose pages may call /_admin from a browser besides "
        "mock-pbx's own (the web inbox); empty: none, * : any.",
    )
    allowed_hosts: str = Field(
        default="",
        description="Host header values served besides localhost, 127.0.0.0/8 and [::1] when "
        "listening on a loopback address (comma-separated names or addresses; * : any). "
        "Listening on any other address, every Host is served unless this is set.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Addresses (comma-separated; CIDR ranges allowed; * : any) whose "
        "X-Forwarded-Proto and X-Forwarded-Host shape the links in answers; empty: none.",
    )
    header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="Seconds a client has to send a request's headers before the connection "
        "is closed (slow-header clients).",
    )
    host: str = Field(default="127.0.0.1", description="Address to listen on.")
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
