"""`mock-pbx import`: the password (from a variable, or asked on a terminal; never an option,
which shell history would keep), progress on a terminal, the summary, and each failure as one
line with status 1 (importing/command.py does the work)."""

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

import httpx

from mock_pbx.importing.client import ApiClient, Sleep, api_base
from mock_pbx.importing.command import ImportFailed, ImportOptions, Summary, run_import
from mock_pbx.settings import OptionError

PASSWORD_VARIABLE = "MOCK_PBX_IMPORT_PASSWORD"
FAILED = 1


class ImportProgress:
    """A terminal gets one line redrawn per page and kept per collection; anything else gets
    nothing until the summary."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.live = stream, stream.isatty()

    def page(self, customer: int, collection: str, pages: int, items: int) -> None:
        if self.live:
            self.stream.write(f"\r\x1b[K  customer {customer} {collection}: page {pages}, {items}")
            self.stream.flush()

    def waiting(self, sleep: Sleep) -> Sleep:
        """`sleep`, saying on a terminal why the import stands still (a rate limit's reset can
        be most of an hour)."""

        def said(seconds: float) -> None:
            if self.live:
                self.stream.write(f"\r\x1b[K  waiting {seconds:g} s before asking again")
                self.stream.flush()
            sleep(seconds)

        return said

    def collection(self, customer: int, collection: str, items: int, kept: bool) -> None:
        if self.live:
            note = " (kept from the interrupted run)" if kept else ""
            self.stream.write(f"\r\x1b[K  customer {customer} {collection}: {items} items{note}\n")
            self.stream.flush()


def import_options(args: argparse.Namespace) -> ImportOptions:
    try:
        source = api_base(args.source)
    except ValueError as error:
        raise OptionError("--from", str(error), "http(s)://host[:port][/api/v1]") from None
    wanted = tuple(args.customer or ["me"])
    for value in wanted:
        if value not in ("me", "all") and not value.isdigit():
            raise OptionError("--customer", f"{value!r} is not allowed", "me, all or customer ids")
    return ImportOptions(
        source=source,
        user=args.user,
        customers=wanted,
        out=args.out,
        anonymise=args.anonymise,
        history=args.history,
        force=args.force,
    )


def password(variable: str) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        problem = f"{variable} is not set and there is no terminal to ask on"
        raise OptionError("--password-env", problem, "the name of a variable holding the password")
    return getpass.getpass("password: ")


def import_account(
    args: argparse.Namespace,
    sleep: Sleep = time.sleep,
    transport: httpx.BaseTransport | None = None,
    stderr: TextIO | None = None,
    now: Callable[[], datetime] | None = None,
) -> Summary:
    """The import the options ask for; a failure is one line on stderr and status 1. `now`: the
    moment written as the import's (tests fix it)."""
    stream = stderr or sys.stderr
    options = import_options(args)
    progress = ImportProgress(stream)
    secret = password(args.password_env)
    client = ApiClient(options.source, options.user, secret, progress.waiting(sleep), transport)
    try:
        summary = run_import(options, client, progress, now)
    except ImportFailed as error:
        print(f"mock-pbx: import failed: {error}", file=stream)
        raise SystemExit(FAILED) from None
    finally:
        client.close()
    print_summary(summary, options, stream)
    return summary


def print_summary(summary: Summary, options: ImportOptions, stream: TextIO) -> None:
    counts = ", ".join(f"{name} {n}" for name, n in summary.counts.items())
    kept = f"; {len(summary.resumed)} collections kept from before" if summary.resumed else ""
    customers = ", ".join(map(str, summary.customers))
    print(
        f"mock-pbx: imported customer{'s' if len(summary.customers) > 1 else ''} {customers} "
        f"from {options.source} in {summary.seconds:.1f} s ({summary.requests} requests{kept})"
        f"{' anonymised' if options.anonymise else ''}: {counts}",
        file=stream,
    )
    print(f"mock-pbx: written to {summary.out}; serve it with:", file=stream)
    print(f"  mock-pbx serve --fixtures {summary.out}", file=stream)
