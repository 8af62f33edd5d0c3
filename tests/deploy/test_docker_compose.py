"""deploy/docker-compose.yml and the Dockerfiles: the shape README describes (Rasa workers each
with their own action server, the gateway spreading people over them, the migration first,
secrets from the environment), and `docker compose config` where Docker Compose is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "docker-compose.yml"
SECRETS = ("POSTGRES_PASSWORD", "SECRET_KEY", "RASA_TOKEN")
REQUIRED_FROM_ENVIRONMENT = re.compile(r"\$\{(\w+):\?[^}]*\}")


def services() -> dict[str, dict[str, Any]]:
    return dict(yaml.safe_load(COMPOSE.read_text())["services"])


def workers(prefix: str) -> list[str]:
    return sorted(name for name in services() if re.fullmatch(rf"{prefix}\d+", name))


def test_each_rasa_worker_has_its_own_action_server_and_the_gateway_knows_them_all() -> None:
    found = services()
    rasa, actions = workers("rasa"), workers("actions")

    assert rasa == ["rasa1", "rasa2"] and actions == ["actions1", "actions2"]
    for number, name in enumerate(rasa, start=1):
        environment = found[name]["environment"]
        assert environment["ACTION_ENDPOINT_URL"] == f"http://actions{number}:5055/webhook"
        assert environment["REDIS_URL"] == "redis://redis:6379/0"  # shared conversations
    gateway_rasa = found["gateway"]["environment"]["RASA_URL"].split(",")
    assert gateway_rasa == [f"http://{name}:5005" for name in rasa]


def test_the_migration_runs_once_before_the_processes() -> None:
    found = services()

    assert found["migrate"]["command"] == ["python", "-m", "bot", "db", "upgrade"]
    assert found["migrate"]["restart"] == "no"
    completed = {"condition": "service_completed_successfully"}
    assert found["gateway"]["depends_on"]["migrate"] == completed
    for name in workers("actions"):
        assert found[name]["depends_on"]["migrate"] == completed


def test_every_process_and_store_has_a_health_check() -> None:
    for name, service in services().items():
        if name != "migrate":
            assert "healthcheck" in service, name
    assert "/healthz" in " ".join(services()["gateway"]["healthcheck"]["test"])


def test_secrets_are_required_from_the_environment_never_written_here() -> None:
    text = COMPOSE.read_text()

    assert set(REQUIRED_FROM_ENVIRONMENT.findall(text)) == set(SECRETS)
    for service in services().values():
        for name, value in (service.get("environment") or {}).items():
            if name in SECRETS:
                assert REQUIRED_FROM_ENVIRONMENT.fullmatch(str(value)), name


@pytest.mark.parametrize("dockerfile", ["rasa.Dockerfile", "gateway.Dockerfile"])
def test_the_dockerfiles_copy_files_that_exist(dockerfile: str) -> None:
    text = (ROOT / "deploy" / "docker" / dockerfile).read_text()
    copied = [
        source
        for line in text.splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    ]

    assert copied
    missing = [s for s in copied if s != "models/pes.tar.gz" and not (ROOT / s).exists()]
    assert missing == []


def test_docker_compose_accepts_the_file() -> None:
    docker = shutil.which("docker")
    has_compose = docker is not None and (
        subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    )
    if not has_compose:
        pytest.skip("Docker Compose is not installed: the structure tests above still ran")
    environment = {name: "not-a-real-secret-0123456789" for name in SECRETS}
    result = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **environment},
    )
    assert result.returncode == 0, result.stderr
