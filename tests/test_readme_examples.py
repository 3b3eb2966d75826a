"""The README's examples, run as written: every shell block that talks to the server (it calls
`curl`) against a fresh `mock-pbx` started by the command a user runs, every Python block (a test
module under pytest with the plugin, or a recipe built without a container engine), every CI
snippet parsed, and the scenario example applied. The blocks are read from README.md itself, so the
README cannot drift from what the server does.

A block that cannot run here says why in an HTML comment on the line before its fence:
`<!-- not run: the stream never ends ... -->`; a block whose run is special says how:
`<!-- run: scenario -->` (POST it to /_admin/scenarios), `<!-- run: build -->` (build the
recipe's container definition; no container engine here), `<!-- run: after the block above -->`
(a script run in the folder where the shell block before it ran), `<!-- run: banner -->` (the
banner `mock-pbx --clock manual` prints), `<!-- run: transcript -->` (each `$ command` run, its
output compared line for line)."""

import json
import os
import re
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from mock_pbx.testing import free_port

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
MARK = re.compile(r"<!-- (run|not run): (.+?) -->\s*$")
DEFAULT_URL = re.compile(r"(127\.0\.0\.1|localhost):8000")
# Every curl of a block fails its run on an HTTP error, as `set -e` fails it on a shell error.
# The commands run as in a shell with the virtual environment activated (mock-pbx, the generator).
ACTIVATED = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
CURL = 'curl() { command curl --fail-with-body --silent --show-error "$@"; }\n'


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int
    mark: tuple[str, str] | None  # ("run" | "not run", what or why)

    @property
    def name(self) -> str:
        return f"README.md:{self.line} ({self.language or 'text'})"


def readme_blocks() -> list[Block]:
    blocks = []
    for match in FENCE.finditer(README):
        line = README.count("\n", 0, match.start()) + 1
        before = README[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        mark = MARK.search(before)
        blocks.append(
            Block(match[1], match[2], line, (mark[1], mark[2]) if mark else None),
        )
    return blocks


BLOCKS = readme_blocks()


def of(kind: str) -> list[Block]:
    return [b for b in BLOCKS if b.language == kind and (b.mark is None or b.mark[0] == "run")]


SHELL = [b for b in of("sh") if "curl " in b.text]
PYTHON = of("python")
YAML = of("yaml")


def ids(blocks: list[Block]) -> list[str]:
    return [b.name for b in blocks]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A fresh server as `make run` starts it (the CLI, default settings but the port)."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "out.log"
    env = {**os.environ, "MOCK_PBX_LOG_LEVEL": "warning"}
    env = {k: v for k, v in env.items() if k not in {"MOCK_PBX_DATABASE_URL", "MOCK_PBX_CLOCK"}}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mock_pbx", "--port", str(port)], stdout=out, stderr=out, env=env
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(600):  # start-up, not the emulator's clock: up to 60 s on a busy machine
        if process.poll() is not None:
            pytest.fail(f"mock-pbx exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # a process starting, not the emulator's clock
    pytest.fail(f"mock-pbx did not serve within 60 s: {log.read_text()}")


def reset(url: str) -> None:
    assert httpx.post(f"{url}/_admin/reset", timeout=30).status_code == 200


def test_the_readme_has_examples_of_every_kind():
    assert len(SHELL) >= 3 and len(PYTHON) >= 2 and len(YAML) >= 2, ids(BLOCKS)


def test_every_block_that_is_not_run_says_why():
    skipped = [b for b in BLOCKS if b.mark and b.mark[0] == "not run"]
    for block in skipped:
        assert len(block.mark[1].split()) >= 4, f"{block.name}: say why it is not run"
    assert len(skipped) <= 3, ids(skipped)


@pytest.mark.parametrize("block", SHELL, ids=ids(SHELL))
def test_shell_example(block: Block, server: str, tmp_path: Path):
    run_shell(block, server, tmp_path)


def run_shell(block: Block, server: str, folder: Path) -> None:
    reset(server)
    script = CURL + DEFAULT_URL.sub(server.removeprefix("http://"), block.text)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=folder,
        env=ACTIVATED,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"{block.name} failed:\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("block", PYTHON, ids=ids(PYTHON))
def test_python_example(block: Block, tmp_path: Path, monkeypatch, request):
    if block.mark == ("run", "build"):
        build_recipe(block, monkeypatch)
        return
    if block.mark == ("run", "after the block above"):
        run_after_the_block_above(block, request.getfixturevalue("server"), tmp_path)
        return
    assert "def test_" in block.text, f"{block.name}: a Python example is a test module"
    module = tmp_path / "test_readme_example.py"
    module.write_text(block.text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_PBX_")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, f"{block.name} failed:\n{done.stdout}\n{done.stderr}"
    assert re.search(r"\d+ passed", done.stdout), done.stdout


def run_after_the_block_above(block: Block, server: str, folder: Path) -> None:
    """A script that uses what the block before it made (a generated client), in its folder."""
    above = BLOCKS[BLOCKS.index(block) - 1]
    run_shell(above, server, folder)
    script = folder / "readme_example.py"
    script.write_text(DEFAULT_URL.sub(server.removeprefix("http://"), block.text))
    done = subprocess.run(
        [sys.executable, str(script)], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{block.name} failed:\n{done.stdout}\n{done.stderr}"


class NoEngine:
    """Stands in for testcontainers' Docker client: there is no container engine here (the image
    itself is checked by ../shared/tools/container-smoke)."""

    def __init__(self, **options: object) -> None:
        pass


def build_recipe(block: Block, monkeypatch) -> None:
    """The Testcontainers recipe: its module imports, builds its container definition, and hands
    the started container's URL to the plugin's --mock-pbx-url unless one was given."""
    from testcontainers.core import container as containers  # lazy: only this test needs it

    monkeypatch.setattr(containers, "DockerClient", NoEngine)
    namespace: dict[str, object] = {"__name__": "readme_recipe"}
    exec(compile(block.text, block.name, "exec"), namespace)
    container = namespace["mock_pbx_container"]()
    assert container.image.endswith("mock-pbx:latest")
    assert "8000" in container.ports
    assert container.env["MOCK_PBX_CLOCK"] == "manual"
    assert (container._wait_strategy._port, container._wait_strategy._path) == (8000, "/healthz")

    monkeypatch.setattr(containers.DockerContainer, "start", lambda self: self)
    monkeypatch.setattr(containers.DockerContainer, "stop", lambda self: None)
    monkeypatch.setattr(containers.DockerContainer, "get_container_host_ip", lambda self: "h")
    monkeypatch.setattr(containers.DockerContainer, "get_exposed_port", lambda self, port: 49153)
    given, started = FakeConfig("http://ci:8000"), FakeConfig(None)
    namespace["pytest_configure"](given)
    namespace["pytest_configure"](started)
    assert given.option.mock_pbx_url == "http://ci:8000"
    assert started.option.mock_pbx_url == "http://h:49153"
    namespace["pytest_unconfigure"](started)
    assert namespace["CONTAINERS"] == []


class FakeConfig:
    def __init__(self, url: str | None) -> None:
        self.option = types.SimpleNamespace(mock_pbx_url=url)

    def getoption(self, name: str) -> str | None:
        assert name == "--mock-pbx-url"
        return self.option.mock_pbx_url


@pytest.mark.parametrize("block", YAML, ids=ids(YAML))
def test_ci_snippet(block: Block):
    document = yaml.safe_load(block.text)
    services = find_services(document)
    assert services, f"{block.name}: no services"
    assert "mock-pbx" in json.dumps(services)
    assert "/healthz" in block.text and "--mock-pbx-url" in block.text


def find_services(node: object) -> object:
    if isinstance(node, dict):
        if "services" in node:
            return node["services"]
        for value in node.values():
            if found := find_services(value):
                return found
    return None


def test_the_scenario_example_applies(server: str):
    (block,) = [b for b in BLOCKS if b.mark == ("run", "scenario")]
    reset(server)
    answer = httpx.post(f"{server}/_admin/scenarios", json=json.loads(block.text), timeout=30)
    assert answer.status_code == 200, answer.text
    reset(server)


def marked(what: str) -> Block:
    (block,) = [b for b in BLOCKS if b.mark == ("run", what)]
    return block


def test_the_banner_is_the_one_the_command_prints(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in ACTIVATED.items() if not k.startswith("MOCK_PBX_")}
    command = [sys.executable, "-m", "mock_pbx", "--clock", "manual", "--port", str(port)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as process:
        try:
            expected = marked("banner").text.replace(":8000", f":{port}").splitlines()
            printed = [process.stdout.readline().rstrip("\n") for _ in expected]
        finally:
            process.terminate()
    assert printed == expected


def test_the_transcript_of_refused_starts(server: str):
    """Each `$ command` of the block, run as written (the busy port is the test server's)."""
    port = server.rsplit(":", 1)[1]
    commands = re.split(r"^\$ ", marked("transcript").text, flags=re.M)[1:]
    assert len(commands) >= 4
    for command in commands:
        line, *expected = command.splitlines()
        done = subprocess.run(
            ["bash", "-c", line.replace("8000", port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={k: v for k, v in ACTIVATED.items() if not k.startswith("MOCK_PBX_")},
        )
        assert done.returncode == 2, (line, done.stderr)
        assert done.stdout == ""
        assert done.stderr.replace(port, "8000").splitlines() == expected, line
