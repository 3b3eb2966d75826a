"""A throwaway PostgreSQL server from the machine's Debian packages. `.venv/bin/python
tests/pgserver.py start` prints the URL to export; `.venv/bin/python tests/pgserver.py stop DIR`
stops it (.ci/run does both)."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

from mock_pbx.testing import free_port


def binaries() -> str | None:
    """The newest PostgreSQL bin folder that has a server in it."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return os.path.dirname(found[-1]) if found else None


def as_postgres(command: list[str]) -> list[str]:
    """The server refuses to run as root: run it as the postgres user then."""
    if os.geteuid() == 0 and shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def start() -> tuple[str, str]:
    """Start a server in a new folder; (SQLAlchemy URL, folder). Raises if it cannot."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server installed (Debian package postgresql)")
    data = tempfile.mkdtemp(prefix="mockpbx-pg-")
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        as_postgres([f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres"]), **run
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        as_postgres(
            [
                f"{bin_dir}/pg_ctl",
                "-D",
                data,
                "-o",
                options,
                "-l",
                f"{data}/server.log",
                "-w",
                "start",
            ]
        ),
        **run,
    )
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", data


def stop(data: str) -> None:
    bin_dir = binaries()
    if bin_dir and os.path.isdir(data):
        subprocess.run(
            as_postgres([f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["start"]:
        url, folder = start()
        print(f"export MOCK_PBX_TEST_POSTGRES_URL={url} MOCK_PBX_TEST_POSTGRES_DIR={folder}")
    elif sys.argv[1:2] == ["stop"]:
        stop(sys.argv[2])
