"""The command's mistakes and slow parts, as a user meets them: every bad option or setting is one
line on stderr naming it and what is allowed, status 2, never a traceback; a busy port is said
before the banner and before seeding; `seed` leaves a seeded file alone unless --force; a slow
seed shows its stages; the banner shows the manual clock's time."""

import gc
import hashlib
import io
import os
import socket
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from mock_pbx import create_app
from mock_pbx.cli import main
from mock_pbx.cli.fields import allowed, option_names
from mock_pbx.cli.problems import NOT_SETTINGS
from mock_pbx.cli.progress import seeding_progress
from mock_pbx.listen import listening_sockets
from mock_pbx.serve import banner
from mock_pbx.settings import Settings

# Every setting, and a value it refuses (None: any text is a valid value of it). A new setting
# fails test_every_setting_has_a_refused_value until it is listed here.
REFUSED = {
    "database_url": "foo://bar",
    "seed": "nine",
    "scale": "-1",
    "seed_cache": "{file}",  # a file where a directory is wanted
    "username": "ann:lee",
    "password": None,
    "public_url": "pbx.example.com",
    "clock": "weird",
    "clock_start": "yesterday",
    "sms_price": "nan",
    "sms_accept_seconds": "-1",
    "sms_deliver_seconds": "1e9",
    "call_price_per_minute": "inf",
    "call_ring_seconds": "soon",
    "call_duration_seconds": "14401",
    "call_no_answer_seconds": "-0.5",
    "heartbeat_seconds": "0",
    "webhook_timeout_seconds": "0",
    "webhook_attempts": "0",
    "webhook_retry_seconds": "86401",
    "admin_token": None,
    "rate_limit": "0",
    "journal_size": "0",
    "cors_origins": "http://app.test/",
    "admin_origins": "app.test",
    "allowed_hosts": "http://app.test",
    "trusted_proxies": "10.0.0.0/8,proxy",
    "header_timeout_seconds": "601",
    "host": "192.0.2.1",  # TEST-NET-1: an address of no machine here, no DNS asked
    "port": "99999",
    "workers": "0",
    "log_level": "loud",
    "fixtures": "{file}",  # a file where a fixture set's directory is wanted
    "proxy_to": "pbx.example.com",
    "proxy_writes": "maybe",
    "record": "{file}",
}


def test_every_setting_has_a_refused_value():
    assert set(REFUSED) == set(Settings.model_fields)


@pytest.fixture
def refused(capsys, monkeypatch, tmp_path):
    """Run the command in this process; its status and the lines it wrote to stderr (a seed's
    progress lines aside: on a busy machine any seed may take over a second)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("mock_pbx.cli.progress.QUIET_FOR", float("inf"))

    def run(*args: str, **env: str) -> tuple[int | str | None, list[str], str]:
        for name, value in env.items():
            monkeypatch.setenv(name, value.format(file=tmp_path / "a-file"))
        (tmp_path / "a-file").write_text("not a directory")
        try:
            main(list(args))
            status: int | str | None = 0
        except SystemExit as done:
            status = done.code
        output = capsys.readouterr()
        return status, output.err.splitlines(), output.out

    return run


def assert_one_line(status, lines, field):
    assert status == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"mock-pbx: {option_names(field)}: ")
    assert lines[0].endswith(f"; allowed: {allowed(field)}")


@pytest.mark.parametrize("field", [f for f, value in REFUSED.items() if value is not None])
def test_a_bad_variable_is_one_line_naming_it_and_what_is_allowed(refused, field):
    status, lines, out = refused(**{f"MOCK_PBX_{field.upper()}": REFUSED[field]})
    assert_one_line(status, lines, field)
    assert f"MOCK_PBX_{field.upper()}" in lines[0] and out == ""


FLAGS = {"--host", "--port", "--db", "--seed", "--scale", "--clock", "--workers"}
FLAGS |= {"--public-url", "--log-level"}


@pytest.mark.parametrize("flag", sorted(FLAGS))
def test_a_bad_option_is_one_line_naming_it_and_what_is_allowed(refused, flag):
    field = next(f for f in REFUSED if option_names(f).startswith(f"{flag} /"))
    status, lines, out = refused(flag, REFUSED[field])
    assert_one_line(status, lines, field)
    assert out == ""


def test_settings_that_take_any_text_have_no_refused_value():
    assert Settings(password=":: any text ::", admin_token="t").password == ":: any text ::"


def test_several_bad_settings_are_a_line_each(refused):
    status, lines, _ = refused("--port", "99999", "--scale", "0", MOCK_PBX_CLOCK="weird")
    assert status == 2 and len(lines) == 3
    assert {line.split(":")[1].strip() for line in lines} == {
        "--port / MOCK_PBX_PORT",
        "--scale / MOCK_PBX_SCALE",
        "--clock / MOCK_PBX_CLOCK",
    }


def test_an_empty_variable_of_an_optional_setting_means_not_set(monkeypatch):
    monkeypatch.setenv("MOCK_PBX_RATE_LIMIT", "")
    monkeypatch.setenv("MOCK_PBX_PUBLIC_URL", "")
    assert (Settings().rate_limit, Settings().public_url) == (None, None)


def test_a_misspelt_variable_is_said_not_ignored(refused, tmp_path):
    status, lines, _ = refused("openapi", "--output", str(tmp_path / "o.json"), MOCK_PBX_PROT="1")
    assert status == 0
    assert lines == [
        "mock-pbx: MOCK_PBX_PROT is not a setting, ignored (did you mean MOCK_PBX_PORT?)"
    ]


@pytest.mark.parametrize("name", sorted(NOT_SETTINGS))
def test_the_plugins_and_the_test_suites_variables_are_not_said(refused, tmp_path, name):
    status, lines, _ = refused("openapi", "--output", str(tmp_path / "o.json"), **{name: "1"})
    assert (status, lines) == (0, [])


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "mock_pbx", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


# The cases and the other ways a start can fail, through the real entry point: each is
# (arguments, environment, what the line names, what it says is allowed).
CASES = {
    "port out of range": (["--port", "99999"], {}, "--port / MOCK_PBX_PORT", "0 to 65535"),
    "port not a number": (["--port", "eighty"], {}, "--port", "a whole number"),
    "negative scale": (["--scale", "-1"], {}, "--scale / MOCK_PBX_SCALE", "above 0"),
    "log level": (["--log-level", "loud"], {}, "--log-level", "one of critical, error,"),
    "clock variable": ([], {"MOCK_PBX_CLOCK": "weird"}, "MOCK_PBX_CLOCK", "one of real, manual"),
    "clock start": ([], {"MOCK_PBX_CLOCK_START": "noon"}, "MOCK_PBX_CLOCK_START", "ISO 8601"),
    "clock start out of range": (
        [],
        {"MOCK_PBX_CLOCK_START": "0001-01-01T00:00:00Z"},
        "MOCK_PBX_CLOCK_START",
        "from 1970-01-01T00:00:00Z",
    ),
    "db in no directory": (["--db", "/nonexistent/dir/x.db"], {}, "--db", "a file path"),
    "db not a URL": (["--db", "nonsense://"], {}, "--db / MOCK_PBX_DATABASE_URL", "a file path"),
    "db driver missing": (["--db", "mysql://u@h/d"], {}, "--db", "postgresql+psycopg://"),
    "db a directory": (["--db", "/tmp"], {}, "--db", "a file path"),
    "db not SQLite": (["--db", "{not_sqlite}"], {}, "--db", "sqlite:///path.db"),
    "workers in memory": (["--workers", "2"], {}, "--workers / MOCK_PBX_WORKERS", "1 with"),
    "unknown option": (["--nonsense"], {}, "unrecognized arguments", "mock-pbx --help"),
    "option without value": (["--port"], {}, "--port", "mock-pbx serve --help"),
    "unknown command": (["sed"], {}, "invalid choice", "mock-pbx --help"),
    "seed without db": (["seed"], {}, "--db / MOCK_PBX_DATABASE_URL", "a file path"),
    "openapi unwritable": (["openapi", "--output", "/nonexistent/o"], {}, "--output", "a file"),
    "host not here": (["--host", "192.0.2.1"], {}, "--host / MOCK_PBX_HOST", "127.0.0.1"),
    "bad variable of seed": (
        ["seed", "--db", "x.db"],
        {"MOCK_PBX_SCALE": "x"},
        "--scale",
        "number",
    ),
    "fixtures not a set": (["--fixtures", "."], {}, "--fixtures", "a directory holding"),
    "record without a proxy": (["--record", "rec"], {}, "--record", "a directory"),
    "record from workers": (
        ["--proxy-to", "http://127.0.0.1:9/api/v1", "--record", "rec", "--workers", "2"],
        {"MOCK_PBX_DATABASE_URL": "sqlite:///w.db"},
        "--record",
        "a directory",
    ),
    "record into a broken set": (
        ["--proxy-to", "http://127.0.0.1:9/api/v1", "--record", "{broken_set}"],
        {},
        "--record",
        "a directory",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_every_refused_start_is_one_line_and_status_2(case, tmp_path):
    args, env, names, allowed_text = CASES[case]
    (tmp_path / "text.db").write_text("a text file")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "customers.json").write_text("[{")
    args = [a.replace("{not_sqlite}", str(tmp_path / "text.db")) for a in args]
    args = [a.replace("{broken_set}", str(tmp_path / "broken")) for a in args]
    result = subprocess.run(
        [sys.executable, "-m", "mock_pbx", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # no banner, no "seeded"
    [line] = result.stderr.splitlines()
    assert line.startswith("mock-pbx: ") and names in line, line
    assert "allowed: " in line and allowed_text in line.split("allowed: ")[1], line
    assert not (tmp_path / "x.db").exists()


@pytest.fixture
def busy_port():
    """A port some other program listens on, on 127.0.0.1."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.mark.parametrize(
    "args", [[], ["--workers", "2", "--db", "w.db"], ["--host", "localhost"]], ids=str
)
def test_a_busy_port_is_said_before_the_banner_and_before_seeding(busy_port, args, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mock_pbx", "--port", str(busy_port), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"mock-pbx: --port / MOCK_PBX_PORT: port {busy_port} is already in use on 127.0.0.1 "
        "(another mock-pbx?); allowed: a free port from 1 to 65535 (0 picks one)"
    ]
    assert not (tmp_path / "w.db").exists()  # nothing was seeded


@pytest.fixture
def served(monkeypatch, capsys):
    """main() up to the moment it would serve: the banner it printed and the sockets it holds."""
    seen = {}

    def run_server(app, sockets, settings):
        seen["ports"] = {s.getsockname()[1] for s in sockets}

    monkeypatch.setattr("mock_pbx.serve.run_server", run_server)

    def serve(*args: str) -> tuple[str, set[int]]:
        main(list(args))
        return capsys.readouterr().out, seen["ports"]

    yield serve
    gc.unfreeze()  # serve.settle froze what the start made, for a server's life: not a test's


def test_port_0_listens_on_a_free_port_and_the_banner_says_which(served):
    banner, ports = served("--port", "0", "--scale", "0.1")
    [port] = ports
    assert port != 0 and f"http://127.0.0.1:{port}/api/v1" in banner


def test_the_banner_shows_the_manual_clocks_time(served, monkeypatch):
    monkeypatch.setenv("MOCK_PBX_CLOCK_START", "2026-03-04T05:06:07+01:00")
    banner, _ = served("--port", "0", "--scale", "0.1", "--clock", "manual")
    assert "clock     manual, at 2026-03-04T04:06:07Z; data in memory" in banner
    assert "clock     real; data" in served("--port", "0", "--scale", "0.1")[0]


def test_a_kept_file_is_said_in_the_banner(served, tmp_path):
    db = str(tmp_path / "kept.db")
    assert "(kept from before" not in served("--port", "0", "--scale", "0.1", "--db", db)[0]
    assert "(kept from before: not reseeded)" in served("--port", "0", "--db", db)[0]


def digest(path: Path) -> str:
    """The generated records (the file's bytes also hold when it was written)."""
    with closing(sqlite3.connect(path)) as db:
        rows = [
            db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("call", "smsmessage")
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_seed_leaves_a_seeded_file_unchanged_and_force_rebuilds_it(tmp_path):
    db = tmp_path / "s1.db"
    first = run_cli("seed", "--db", str(db), "--seed", "9", "--scale", "0.2")
    assert first.returncode == 0 and first.stdout.startswith("seeded ")
    before = digest(db)
    again = run_cli("seed", "--db", str(db), "--seed", "3", "--scale", "0.2")
    assert again.returncode == 0 and digest(db) == before
    assert again.stdout == (
        f"sqlite:///{db} is already seeded: left unchanged "
        "(--force rebuilds it with seed 3, scale 0.2)\n"
    )
    forced = run_cli("seed", "--db", str(db), "--seed", "3", "--scale", "0.2", "--force")
    assert (
        forced.returncode == 0 and forced.stdout == f"seeded sqlite:///{db} (seed 3, scale 0.2)\n"
    )
    rebuilt = digest(db)
    assert rebuilt != before
    run_cli("seed", "--db", str(db), "--seed", "9", "--scale", "0.2", "--force")
    assert digest(db) == before  # the same seed gives the same file: --force starts afresh


def test_an_interrupted_seed_leaves_no_half_seeded_file(refused, monkeypatch, tmp_path):
    db = tmp_path / "new.db"

    def interrupted(settings):
        db.write_bytes(b"SQLite format 3\x00 half of it")
        raise KeyboardInterrupt

    monkeypatch.setattr("mock_pbx.serve.create_app", interrupted)
    status, _, _ = refused("seed", "--db", str(db))
    assert status == 130 and not db.exists()


def test_a_slow_seed_shows_its_stages(refused, monkeypatch, tmp_path):
    monkeypatch.setattr("mock_pbx.cli.progress.QUIET_FOR", 0.0)  # every seed counts as slow
    status, lines, _ = refused("seed", "--db", str(tmp_path / "p.db"), "--scale", "0.1")
    assert status == 0
    assert lines[0].startswith("mock-pbx: seeding (seed 1, scale 0.1): customer 25 (1 of 3) (")
    assert any(": calls: writing " in line for line in lines)
    assert lines[-1].startswith("mock-pbx: seeding (seed 1, scale 0.1): done (")


class Ticks:
    """A clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_a_fast_seed_says_nothing_and_a_slow_one_starts_after_a_second():
    fast, slow = io.StringIO(), io.StringIO()
    with seeding_progress(fast, clock=Ticks(0.0)):
        create_app(Settings(scale=0.1))
    with seeding_progress(slow, clock=Ticks(0.3)):
        create_app(Settings(scale=0.1))
    assert fast.getvalue() == ""
    lines = slow.getvalue().splitlines()
    assert float(lines[0].rsplit("(", 1)[1].split()[0]) >= 1.0  # nothing in the first second
    assert lines[-1].endswith(" s)") and ": done (" in lines[-1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_progress_is_one_line_redrawn():
    terminal = Terminal()
    with seeding_progress(terminal, quiet_for=0, clock=Ticks(0.1)):
        create_app(Settings(scale=0.1))
    text = terminal.getvalue()
    assert text.count("\n") == 1 and text.endswith(" s)\n") and text.count("\r\x1b[K") > 5


def test_a_seed_stopped_by_sigterm_leaves_no_half_seeded_file(tmp_path):
    """docker stop while seeding: the process ends as Ctrl-C ends it, and the new file goes."""
    db = tmp_path / "stopped.db"
    show_every_stage = (
        "import mock_pbx.cli.progress as p; p.QUIET_FOR = 0; import mock_pbx.cli as c"
    )
    with subprocess.Popen(
        [sys.executable, "-c", f"{show_every_stage}; c.main()", "seed", "--db", str(db)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MOCK_PBX_SCALE": "20"},
    ) as seeding:
        assert seeding.stderr is not None
        assert "customer 25" in seeding.stderr.readline()  # seeding has begun
        assert db.exists()
        seeding.terminate()
        assert seeding.wait(timeout=30) == 143
        assert "Traceback" not in seeding.stderr.read()
    assert not db.exists() and not Path(f"{db}-wal").exists()


def test_listening_on_all_ipv6_addresses_also_takes_ipv4():
    """The banner of `--host ::` says http://127.0.0.1:...: that address answers too."""
    [sock] = listening_sockets("::", 0)
    with sock:
        port = sock.getsockname()[1]
        for address in ("127.0.0.1", "::1"):
            with socket.create_connection((address, port), timeout=5):
                pass  # the kernel accepts on a listening socket before the server does
        assert "http://127.0.0.1:" in banner(Settings(host="::"), port, None)


def test_a_public_url_with_a_trailing_slash_makes_no_double_slash_in_the_banner():
    text = banner(Settings(public_url="https://pbx.example.com/"), 8000, None)
    assert "on https://pbx.example.com/api/v1\n" in text and "//api" not in text


def test_a_start_time_for_a_real_clock_is_said_to_be_ignored(refused, tmp_path):
    start = {"MOCK_PBX_CLOCK_START": "2026-02-01T09:00:00Z"}
    status, lines, _ = refused("seed", "--db", str(tmp_path / "c.db"), "--scale", "0.1", **start)
    assert status == 0
    assert lines == [
        "mock-pbx: MOCK_PBX_CLOCK_START is ignored: it starts a manual clock (--clock manual)"
    ]
    status, lines, _ = refused("seed", "--db", str(tmp_path / "m.db"), MOCK_PBX_CLOCK="manual")
    assert (status, lines) == (0, [])
