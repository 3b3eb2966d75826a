"""The Dockerfile and docker-compose.yml say what the README promises. (The image itself is built
and called by ../shared/tools/container-smoke: no Docker engine runs here.)"""

from pathlib import Path

import yaml

ROOT = Path(__file__).parents[1]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_dockerfile_is_multi_stage_non_root_and_healthchecked():
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0] == "FROM python:3.12-slim AS build"
    assert text.count("\nFROM ") == 1 and "COPY --from=build" in text
    assert "\nUSER pbx" in text and "EXPOSE 8000" in text and "HEALTHCHECK" in text
    assert "MOCK_PBX_HOST=0.0.0.0" in text and '".[postgres]"' in text


def test_compose_runs_the_emulator_alone_by_default():
    services = compose()["services"]
    default = [name for name, service in services.items() if not service.get("profiles")]
    assert default == ["mock-pbx"]
    assert services["mock-pbx"]["ports"] == ["8000:8000"]


def test_the_postgres_profile_runs_two_replicas_on_one_database():
    services = compose()["services"]
    profiled = {
        name for name, service in services.items() if "postgres" in service.get("profiles", [])
    }
    assert profiled == {"postgres", "mock-pbx-a", "mock-pbx-b"}
    urls = {
        services[n]["environment"]["MOCK_PBX_DATABASE_URL"] for n in ("mock-pbx-a", "mock-pbx-b")
    }
    assert urls == {"postgresql+psycopg://pbx:pbx@postgres:5432/pbx"}
    assert {services[n]["ports"][0] for n in ("mock-pbx-a", "mock-pbx-b")} == {
        "8001:8000",
        "8002:8000",
    }
    assert all(
        services[n]["depends_on"]["postgres"]["condition"] == "service_healthy"
        for n in ("mock-pbx-a", "mock-pbx-b")
    )
