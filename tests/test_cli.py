"""The mock-pbx command: options and environment variables, seed then serve, openapi, the banner,
access logs, CORS; and a real server on the given port."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.cli import main, parse_args, settings_overrides
from mock_pbx.serve import banner
from mock_pbx.settings import Settings
from mock_pbx.testing import free_port

from .support import wait_until


def run_cli(*args, env=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "mock_pbx", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_serve_options_become_settings(tmp_path):
    args = parse_args(
        [
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
            "--seed",
            "7",
            "--db",
            str(tmp_path / "x.db"),
            "--scale",
            "2",
            "--clock",
            "manual",
            "--workers",
            "3",
            "--public-url",
            "https://pbx.test",
            "--log-level",
            "warning",
        ]
    )
    settings = Settings(**settings_overrides(args))
    assert settings.model_dump(include=set(settings_overrides(args))) == {
        "host": "0.0.0.0",
        "port": 9000,
        "seed": 7,
        "scale": 2.0,
        "clock": "manual",
        "workers": 3,
        "public_url": "https://pbx.test",
        "log_level": "warning",
        "database_url": f"sqlite:///{tmp_path / 'x.db'}",
    }
    assert parse_args(["serve", "--port", "1"]).port == parse_args(["--port", "1"]).port == "1"


def test_a_db_option_with_a_url_is_taken_as_is():
    assert (
        settings_overrides(parse_args(["--db", "postgresql+psycopg://u@h/d"]))["database_url"]
        == "postgresql+psycopg://u@h/d"
    )


def test_options_left_out_fall_back_to_the_environment(monkeypatch):
    monkeypatch.setenv("MOCK_PBX_SEED", "5")
    monkeypatch.setenv("MOCK_PBX_PORT", "8111")
    monkeypatch.setenv("MOCK_PBX_CLOCK", "manual")
    settings = Settings(**settings_overrides(parse_args(["--port", "8222"])))
    assert (settings.seed, settings.port, settings.clock) == (5, 8222, "manual")


def test_bad_options_are_refused(capsys):
    for args in (["--clock", "sometimes"], ["--port", "eighty"], ["--nonsense"]):
        with pytest.raises(SystemExit) as done:
            main(args)
        assert done.value.code == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_username_and_password_replace_the_default_login(monkeypatch):
    monkeypatch.setenv("MOCK_PBX_USERNAME", "alice")
    monkeypatch.setenv("MOCK_PBX_PASSWORD", "s3cret")
    with TestClient(create_app(Settings(scale=0.1))) as client:
        assert client.get("/api/v1/customers/me", auth=("alice", "s3cret")).status_code == 200
        assert client.get("/api/v1/customers/me", auth=("demo", "demo")).status_code == 401


def cli_output(capsys, *args):
    with pytest.raises(SystemExit) as done:
        main(list(args))
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_names_every_environment_variable(capsys):
    text = cli_output(capsys, "--help")
    for name in Settings.model_fields:
        assert f"MOCK_PBX_{name.upper()}" in text
    serve_help = cli_output(capsys, "serve", "--help")
    assert "--workers" in serve_help and "env MOCK_PBX_WORKERS" in serve_help


def test_version(capsys):
    assert cli_output(capsys, "--version").strip().startswith("mock-pbx 0.")


def test_openapi_prints_the_document(tmp_path, capsys):
    main(["openapi"])
    document = json.loads(capsys.readouterr().out)
    assert "/api/v1/customers/{customerId}/sms" in document["paths"]
    main(["openapi", "--output", str(tmp_path / "openapi.json")])
    assert json.loads((tmp_path / "openapi.json").read_text())["info"]["title"] == "mock-pbx"


def test_seed_builds_a_file_that_serve_then_reuses(tmp_path):
    db = tmp_path / "seeded.db"
    result = run_cli("seed", "--db", str(db), "--seed", "9", "--scale", "0.2")
    assert result.returncode == 0 and db.stat().st_size > 0
    expected = TestClient(
        create_app(Settings(seed=9, scale=0.2, database_url=f"sqlite:///{tmp_path / 'b.db'}"))
    )
    calls = expected.get("/api/v1/customers/26/calls", auth=("reseller", "reseller")).json()
    with serving("--db", str(db), "--seed", "1") as (base, _):  # an existing file is never reseeded
        served = httpx.get(
            f"{base}/api/v1/customers/26/calls", auth=("reseller", "reseller")
        ).json()
    assert served["items"] == [
        {
            **c,
            "uri": c["uri"].replace("http://testserver", base),
            "parent": c["parent"].replace("http://testserver", base),
            "links": {"recordings": c["links"]["recordings"].replace("http://testserver", base)},
        }
        for c in calls["items"]
    ]
    assert run_cli("seed").returncode != 0  # seed needs --db


class serving:
    """`python -m mock_pbx` on a free port, until the block ends; yields (url, log path)."""

    def __init__(self, *args, env=None):
        self.port = free_port()
        self.args = [sys.executable, "-m", "mock_pbx", "--port", str(self.port), *args]
        self.env = {**os.environ, "MOCK_PBX_SCALE": "0.2", **(env or {})}

    def __enter__(self):
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"mock-pbx-{self.port}.log"
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.args, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{self.port}"
        wait_until(lambda: self.ready(base), timeout=60)
        return base, self.log_path

    def ready(self, base):
        try:
            return httpx.get(f"{base}/healthz").status_code == 200
        except httpx.TransportError:
            assert self.process.poll() is None, self.log_path.read_text()
            return False

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


@pytest.mark.parametrize(
    "entry", [["-m", "mock_pbx"], ["-c", "from mock_pbx.cli import main; main()"]]
)
def test_the_server_serves_the_seeded_api_with_a_banner_and_an_access_log(tmp_path, entry):
    port = free_port()
    args = [sys.executable, *entry, "--port", str(port), "--db", str(tmp_path / "live.db")]
    with (
        (tmp_path / "server.log").open("wb") as log,
        subprocess.Popen(
            args, env={**os.environ, "MOCK_PBX_SCALE": "0.2"}, stdout=log, stderr=subprocess.STDOUT
        ) as server,
    ):
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until(
                lambda: serving.ready(
                    type("S", (), {"process": server, "log_path": tmp_path / "server.log"}), base
                )
            )
            body = httpx.get(f"{base}/api/v1/customers/me/sms/253368", auth=("demo", "demo")).json()
        finally:
            server.terminate()
            server.wait(timeout=20)
    assert body["uri"] == f"http://127.0.0.1:{port}/api/v1/customers/25/sms/253368"
    output = (tmp_path / "server.log").read_text()
    assert "login     demo / demo" in output and f"{base}/docs" in output and "/_admin" in output
    assert '"GET /api/v1/customers/me/sms/253368 HTTP/1.1" 200' in output  # one line per request


def test_log_level_warning_drops_the_access_log():
    with serving("--log-level", "warning") as (base, log_path):
        httpx.get(f"{base}/api/v1/customers/me", auth=("demo", "demo"))
    assert "GET /api/v1/customers/me" not in log_path.read_text()


def test_the_banner_says_where_everything_is():
    text = banner(Settings(host="0.0.0.0", port=9000, clock="manual"), 9000, None)
    assert "http://127.0.0.1:9000/api/v1" in text and "demo / demo" in text and "manual" in text
    assert "inbox     http://127.0.0.1:9000/ " in text
    assert "http://[::1]:9000/docs" in banner(Settings(host="::1"), 9000, None)


def test_cors_is_open_to_any_origin_by_default(client):
    preflight = client.options(
        "/customers/me/sms",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    simple = client.get("/customers/me", headers={"Origin": "http://localhost:3000"})
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "ETag" in simple.headers["access-control-expose-headers"]


def test_cors_origins_can_be_limited_or_turned_off():
    limited = TestClient(create_app(Settings(scale=0.1, cors_origins="http://app.test")))
    ok = limited.get(
        "/api/v1/customers/me", auth=("demo", "demo"), headers={"Origin": "http://app.test"}
    )
    other = limited.get(
        "/api/v1/customers/me", auth=("demo", "demo"), headers={"Origin": "http://evil.test"}
    )
    assert ok.headers["access-control-allow-origin"] == "http://app.test"
    assert "access-control-allow-origin" not in other.headers
    off = TestClient(create_app(Settings(scale=0.1, cors_origins="")))
    assert (
        "access-control-allow-origin"
        not in off.get("/healthz", headers={"Origin": "http://a.test"}).headers
    )


def test_the_collector_is_off_while_the_app_is_built_and_on_when_it_serves(monkeypatch):
    seen = []
    built = SimpleNamespace(runtime=SimpleNamespace(clock=None))
    monkeypatch.setattr(
        "mock_pbx.serve.create_app",
        lambda settings: seen.append(gc.isenabled()) or SimpleNamespace(state=built),
    )
    monkeypatch.setattr(
        "mock_pbx.serve.run_server",
        lambda app, sockets, settings: seen.append((gc.isenabled(), gc.get_freeze_count() > 0)),
    )
    try:
        main(["--port", "0"])
    finally:
        gc.enable()
        gc.unfreeze()
    assert seen == [False, (True, True)]
