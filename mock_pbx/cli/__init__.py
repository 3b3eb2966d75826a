"""The `mock-pbx` command: `serve` (the default), `seed` a database file, print the `openapi`
document, `import` a live account into a fixture set. Every option is also a MOCK_PBX_*
environment variable (the option wins). A value that cannot be used is one line on stderr naming
the option and what is allowed, with status 2."""

import argparse
import gc
import json
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from mock_pbx.cli.checks import IN_MEMORY, check_settings
from mock_pbx.cli.options import parse_args, settings_overrides
from mock_pbx.cli.problems import load_settings
from mock_pbx.cli.progress import seeding_progress
from mock_pbx.listen import listening_sockets
from mock_pbx.settings import OptionError, Settings

__all__ = ["main", "parse_args", "settings_overrides"]
USAGE_ERROR = 2
INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C


def main(argv: Sequence[str] | None = None) -> None:
    try:
        run(argv)
    except OptionError as error:
        for line in str(error).splitlines():
            print(f"mock-pbx: {line}", file=sys.stderr)
        raise SystemExit(USAGE_ERROR) from None
    except KeyboardInterrupt:  # Ctrl-C while seeding: a half-made new file is already removed
        print(file=sys.stderr)  # after the ^C (and a progress line redrawn on a terminal)
        raise SystemExit(INTERRUPTED) from None


def run(argv: Sequence[str] | None) -> None:
    args = parse_args(argv)
    if args.command == "openapi":
        print_openapi(args.output)
        return
    if args.command == "import":
        from mock_pbx.cli.importer import import_account  # lazy: httpx, Faker, the resources

        import_account(args)
        return
    settings = load_settings(settings_overrides(args))
    check_settings(settings)
    with terminated_as_interrupted():
        start(args, settings)


def start(args: argparse.Namespace, settings: Settings) -> None:
    if args.command == "seed":
        seed_file(args, settings)
        return
    # The port first, before importing the app: a busy one is said in 0.27 s, not 0.7 s.
    sockets = listening_sockets(settings.host, settings.port)
    # Importing and building the app makes objects, not garbage: the collector's passes over
    # them cost the start about a tenth (serve turns it back on once the app is built).
    gc.disable()
    try:
        from mock_pbx.serve import serve  # lazy: --help and --version need not import the app

        with seeding_progress(sys.stderr):
            serve(settings, sockets)
    finally:
        gc.enable()  # serve refused to start (or has stopped)
        for sock in sockets:
            sock.close()


@contextmanager
def terminated_as_interrupted() -> Iterator[None]:
    """SIGTERM (docker stop, a supervisor) while seeding ends the process as Ctrl-C does, through
    the clean-up that removes a new file left half seeded (serve.database_opened); once serving,
    uvicorn handles it (and puts this handler back when it stops)."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def print_openapi(output: str | None) -> None:
    from mock_pbx.app import create_app  # lazy: --help and --version need not import the app

    settings = load_settings({"scale": 0.01})
    document = json.dumps(create_app(settings).openapi(), indent=2)
    if not output:
        print(document)
        return
    try:
        with open(output, "w") as file:
            file.write(document + "\n")
    except OSError as error:
        problem = f"cannot write {output!r}: {error.strerror}"
        raise OptionError("--output", problem, "a file in a writable directory") from None


def seed_file(args: argparse.Namespace, settings: Settings) -> None:
    """Build a seeded database; one already seeded is left as it is, unless --force."""
    from mock_pbx.serve import describe_db, is_seeded, prepare, unseed  # lazy: as above

    where = describe_db(settings.database_url)
    if settings.database_url in IN_MEMORY:
        problem = "seed needs a database to write to"
        raise OptionError("--db / MOCK_PBX_DATABASE_URL", problem, "a file path or a database URL")
    if is_seeded(settings.database_url):
        if not args.force:
            rebuild = f"--force rebuilds it with seed {settings.seed}, scale {settings.scale:g}"
            print(f"{where} is already seeded: left unchanged ({rebuild})")
            return
        unseed(settings.database_url)
    with seeding_progress(sys.stderr):
        prepare(settings)
    print(f"seeded {where} (seed {settings.seed}, scale {settings.scale:g})")
