"""The mock-pbx command: options become settings, and a real server answers on the given port."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.cli import parse_args, settings_overrides
from mock_pbx.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_options_become_settings(tmp_path):
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
        ]
    )
    assert settings_overrides(args) == {
        "host": "0.0.0.0",
        "port": 9000,
        "seed": 7,
        "scale": 2.0,
        "database_url": f"sqlite:///{tmp_path / 'x.db'}",
    }


def test_a_db_option_with_a_url_is_taken_as_is():
    assert (
        settings_overrides(parse_args(["--db", "sqlite:///rel.db"]))["database_url"]
        == "sqlite:///rel.db"
    )


def test_options_left_out_fall_back_to_the_environment(monkeypatch):
    monkeypatch.setenv("MOCK_PBX_SEED", "5")
    monkeypatch.setenv("MOCK_PBX_PORT", "8111")
    settings = Settings(**settings_overrides(parse_args(["--port", "8222"])))
    assert (settings.seed, settings.port) == (5, 8222)


def test_username_and_password_replace_the_default_login(monkeypatch):
    monkeypatch.setenv("MOCK_PBX_USERNAME", "alice")
    monkeypatch.setenv("MOCK_PBX_PASSWORD", "s3cret")
    with TestClient(create_app(Settings(scale=0.1))) as client:
        assert client.get("/api/v1/customers/me", auth=("alice", "s3cret")).status_code == 200
        assert client.get("/api/v1/customers/me", auth=("demo", "demo")).status_code == 401


def test_version_and_help(capsys):
    for flag in ("--version", "--help"):
        with pytest.raises(SystemExit) as done:
            parse_args([flag])
        assert done.value.code == 0
    assert "MOCK_PBX_" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command", [["-m", "mock_pbx"], ["-c", "from mock_pbx.cli import main; main()"]]
)
def test_the_server_serves_the_seeded_api_on_the_given_port(tmp_path, command):
    port = free_port()
    env = {**os.environ, "MOCK_PBX_SCALE": "0.2"}
    args = [sys.executable, *command, "--port", str(port), "--db", str(tmp_path / "live.db")]
    with (
        (tmp_path / "server.log").open("wb") as log,
        subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT) as server,
    ):
        try:
            body = wait_for(f"http://127.0.0.1:{port}/api/v1/customers/me/sms/253368")
        finally:
            server.terminate()
    assert body["uri"] == f"http://127.0.0.1:{port}/api/v1/customers/25/sms/253368"
    assert b"login     demo / demo" in (tmp_path / "server.log").read_bytes()
    assert Path(tmp_path / "live.db").stat().st_size > 0


def wait_for(url: str) -> dict:
    """Poll until the server answers (a start-up wait, not a clock wait)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, auth=("demo", "demo")).raise_for_status().json()
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
