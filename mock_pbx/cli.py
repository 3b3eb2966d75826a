"""The `mock-pbx` command: parse options into Settings and serve the app with uvicorn."""

import argparse
import os
from collections.abc import Sequence

from mock_pbx import __version__


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="mock-pbx",
        description="Serve the Sipcentric PBX API v1 emulator.",
        epilog="Every option can also be set as a MOCK_PBX_* environment variable.",
    )
    parser.add_argument("--host", help="address to listen on (MOCK_PBX_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (MOCK_PBX_PORT, default 8000)")
    parser.add_argument("--seed", type=int, help="Faker seed (MOCK_PBX_SEED, default 1)")
    parser.add_argument("--scale", type=float, help="data volume multiplier (MOCK_PBX_SCALE)")
    parser.add_argument("--db", help="SQLite file to persist state in (MOCK_PBX_DATABASE_URL)")
    parser.add_argument("--version", action="version", version=f"mock-pbx {__version__}")
    return parser.parse_args(argv)


def settings_overrides(args: argparse.Namespace) -> dict[str, object]:
    overrides: dict[str, object] = {
        key: value
        for key in ("host", "port", "seed", "scale")
        if (value := getattr(args, key)) is not None
    }
    if args.db:
        overrides["database_url"] = (
            args.db if "://" in args.db else f"sqlite:///{os.path.abspath(args.db)}"
        )
    return overrides


def main(argv: Sequence[str] | None = None) -> None:
    import uvicorn

    from mock_pbx.app import create_app
    from mock_pbx.settings import Settings

    settings = Settings(**settings_overrides(parse_args(argv)))  # type: ignore[arg-type]
    app = create_app(settings)
    print(
        f"mock-pbx {__version__} on http://{settings.host}:{settings.port}/api/v1 "
        f"(login {settings.username}/{settings.password}; docs at /docs)",
        flush=True,
    )
    # Open event streams would hold a shutdown forever: they get two seconds, then are cut.
    uvicorn.run(
        app, host=settings.host, port=settings.port, log_level="info", timeout_graceful_shutdown=2
    )
