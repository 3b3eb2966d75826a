"""The command's options. Each is also a MOCK_PBX_* environment variable (the option wins); every
value reaches Settings as given, so one place (Settings) says what is allowed, and a mistake is
one line (problems.py), never argparse's usage block or a traceback."""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from mock_pbx.cli.fields import FLAGS, SEED_OPTIONS, SERVE_OPTIONS, allowed
from mock_pbx.settings import OptionError, Settings
from mock_pbx.version import __version__


class OneLineParser(argparse.ArgumentParser):
    """argparse's mistakes (an unknown option, a missing value) as one line, like every other."""

    def error(self, message: str) -> NoReturn:
        raise OptionError("", message, f"the options `{self.prog} --help` lists")


def add_options(parser: argparse.ArgumentParser, options: dict[str, str]) -> None:
    for flag, field in options.items():
        info = Settings.model_fields[field]
        default = "in-memory" if field == "database_url" else info.default
        help_text = (
            f"{info.description} [env MOCK_PBX_{field.upper()}; default {default}; "
            f"allowed: {allowed(field)}]"
        ).replace("%", "%%")
        # A true-or-false setting is also a bare flag: `--proxy-writes` means true.
        if info.annotation is bool:
            parser.add_argument(flag, dest=field, help=help_text, nargs="?", const="true")
        else:
            parser.add_argument(flag, dest=field, help=help_text)


def environment_help() -> str:
    lines = [
        f"  MOCK_PBX_{name.upper():<26} {info.description}"
        for name, info in Settings.model_fields.items()
    ]
    return "Every setting is also an environment variable:\n" + "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    main = OneLineParser(
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
    add_options(seed, SEED_OPTIONS)
    seed.add_argument(
        "--force", action="store_true", help="rebuild the database even if it is already seeded"
    )
    openapi = commands.add_parser("openapi", help="print the OpenAPI document")
    openapi.add_argument("--output", help="write it to this file instead")
    add_import(commands.add_parser("import", help=IMPORT_HELP, description=IMPORT_DESCRIPTION))
    return main


IMPORT_HELP = "read an account through its API v1 into a fixture set, then exit"
IMPORT_DESCRIPTION = (
    "Reads the customers of a login through the API v1 (every page of every collection) and "
    "writes a fixture set that `mock-pbx serve --fixtures DIR` seeds from. Passwords are never "
    "written. An interrupted import is kept in DIR.partial and the same command goes on from there."
)


def add_import(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="URL",
        help="the API: http(s)://host[:port] or that with /api/v1 (a trailing slash or not)",
    )
    command.add_argument("--user", required=True, help="the login (Basic auth)")
    command.add_argument(
        "--password-env",
        default="MOCK_PBX_IMPORT_PASSWORD",
        metavar="VAR",
        help="the variable holding the password [default MOCK_PBX_IMPORT_PASSWORD]; unset, it is "
        "asked on the terminal. Never an option: shell history would keep it",
    )
    command.add_argument(
        "--customer",
        action="extend",
        nargs="+",
        metavar="me|all|ID",
        help="the customers: me (the default: the login's own), ids (a reseller's several), or "
        "all (every customer GET /customers lists)",
    )
    command.add_argument("--out", required=True, type=Path, metavar="DIR", help="the set's folder")
    command.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace names, e-mail addresses, external numbers, message bodies, company and "
        "address with deterministic fakes, keeping the account's shape",
    )
    command.add_argument(
        "--history",
        action="store_true",
        help="mark the set so that serving it fills generated history older than the import",
    )
    command.add_argument("--force", action="store_true", help="replace DIR if it exists")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0].startswith("-") and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "serve")
    return parser().parse_args(args)


def database_url(value: str) -> str:
    """--db takes a URL, or a file path that becomes a SQLite URL."""
    return value if "://" in value else f"sqlite:///{os.path.abspath(value)}"


def settings_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The options given, as strings: Settings converts and checks them as it does variables."""
    overrides = {f: v for f in FLAGS if (v := getattr(args, f, None)) is not None}
    if "database_url" in overrides:
        overrides["database_url"] = database_url(str(overrides["database_url"]))
    return overrides
