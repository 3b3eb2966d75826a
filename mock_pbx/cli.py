"""The `mock-pbx` command: `serve` (the default), `seed` a database file, print the `openapi`
document. Every option is also a MOCK_PBX_* environment variable (the option wins)."""

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from mock_pbx.settings import Settings
from mock_pbx.version import __version__

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
}
TYPES = {"port": int, "seed": int, "scale": float, "workers": int}


def add_options(parser: argparse.ArgumentParser, options: dict[str, str]) -> None:
    for flag, field in options.items():
        info = Settings.model_fields[field]
        default = "in-memory" if field == "database_url" else info.default
        help_text = f"{info.description} [env MOCK_PBX_{field.upper()}; default {default}]"
        choices = ["real", "manual"] if field == "clock" else None
        parser.add_argument(
            flag,
            dest=field,
            type=TYPES.get(field, str),
            choices=choices,
            help=help_text.replace("%", "%%"),
        )


def environment_help() -> str:
    lines = [
        f"  MOCK_PBX_{name.upper():<26} {info.description}"
        for name, info in Settings.model_fields.items()
    ]
    return "Every setting is also an environment variable:\n" + "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="mock-pbx",
        description="A local emulator of the Sipcentric hosted-PBX REST API v1. `mock-pbx` alone "
        "serves it; `mock-pbx serve --help` shows the serve options.",
        epilog=environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument("--version", action="version", version=f"mock-pbx {__version__}")
    commands = main.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the API (the default command)")
    add_options(serve, SERVE_OPTIONS)
    seed = commands.add_parser("seed", help="build a seeded database file, then exit")
    add_options(seed, {"--db": "database_url", "--seed": "seed", "--scale": "scale"})
    openapi = commands.add_parser("openapi", help="print the OpenAPI document")
    openapi.add_argument("--output", help="write it to this file instead")
    return main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0].startswith("-") and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "serve")
    return parser().parse_args(args)


def database_url(value: str) -> str:
    """--db takes a URL, or a file path that becomes a SQLite URL."""
    return value if "://" in value else f"sqlite:///{os.path.abspath(value)}"


def settings_overrides(args: argparse.Namespace) -> dict[str, Any]:
    fields = set(SERVE_OPTIONS.values())
    overrides = {f: v for f in fields if (v := getattr(args, f, None)) is not None}
    if "database_url" in overrides:
        overrides["database_url"] = database_url(str(overrides["database_url"]))
    return overrides


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.command == "openapi":
        print_openapi(args.output)
    elif args.command == "seed":
        seed_file(args)
    else:
        # Importing and building the app makes objects, not garbage: the collector's passes over
        # them cost the start about a tenth (serve turns it back on once the app is built).
        gc.disable()
        from mock_pbx.serve import serve  # lazy: --help and --version need not import the app

        serve(Settings(**settings_overrides(args)))


def print_openapi(output: str | None) -> None:
    from mock_pbx.app import create_app  # lazy: --help and --version need not import the app

    document = json.dumps(create_app(Settings(scale=0.01)).openapi(), indent=2)
    if output:
        with open(output, "w") as file:
            file.write(document + "\n")
    else:
        print(document)


def seed_file(args: argparse.Namespace) -> None:
    from mock_pbx.serve import prepare  # lazy: --help and --version need not import the app

    if not args.database_url:
        sys.exit("mock-pbx seed: --db FILE (or MOCK_PBX_DATABASE_URL) is required")
    settings = Settings(**settings_overrides(args))
    prepare(settings)
    print(f"seeded {settings.database_url} (seed {settings.seed}, scale {settings.scale})")
