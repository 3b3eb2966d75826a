"""Configuration: every option is a MOCK_PBX_* environment variable or a constructor argument."""

from datetime import datetime

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """What a running mock-pbx is configured with; passed to create_app, never imported as a global."""

    model_config = SettingsConfigDict(env_prefix="MOCK_PBX_", extra="ignore")

    database_url: str = Field(
        "sqlite://",
        description="SQLAlchemy URL; the default is a fresh in-memory database on every start. "
        "A file (sqlite:///path.db) persists state and is not reseeded when it exists.",
    )
    seed: int = Field(
        1, description="Faker seed: the same seed gives the same data, byte for byte."
    )
    scale: float = Field(1.0, gt=0, description="Multiplies the volume of generated records.")
    username: str = Field("demo", description="Login of the default admin user of customer 25.")
    password: str = Field("demo", description="Password of the default admin user.")
    public_url: str | None = Field(
        None,
        description="Base URL written into every uri and page link (e.g. https://pbx.example.com); "
        "by default the request's own scheme, host and port (X-Forwarded-Proto/Host honoured).",
    )
    clock: str = Field("real", pattern="^(real|manual)$", description="real or manual.")
    clock_start: datetime | None = Field(
        None, description="Start time of the manual clock (ISO 8601); default 2026-01-01T09:00:00Z."
    )
    host: str = Field("127.0.0.1", description="Address `mock-pbx` listens on.")
    port: int = Field(8000, description="Port `mock-pbx` listens on.")
