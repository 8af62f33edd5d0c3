"""A real action server and a real Rasa server with the trained model (subprocesses, in the Rasa
environment), for the gateway's end-to-end tests; tests/e2e/conversations/ talks to the model
in-process."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support.processes import free_port, rasa_python, running_action_server, stop

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "pes.tar.gz"


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'pes.db'}"


@pytest.fixture(scope="session")
def e2e_vacancy_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action server's vacancy index: empty at first, the actions fill it from the shipped
    sample, as on a fresh `make run`."""
    return tmp_path_factory.mktemp("vacancies") / "vacancies.db"


@pytest.fixture(scope="session")
def action_server(e2e_database_url: str, e2e_vacancy_index: Path) -> Iterator[str]:
    environment = {
        "DATABASE_URL": e2e_database_url,
        "VACANCY_INDEX_PATH": str(e2e_vacancy_index),
        "VACANCY_SOURCE": "local",
    }
    try:
        with running_action_server(environment) as webhook:
            yield webhook
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@contextmanager
def running_rasa_server(action_server: str, database_url: str, workdir: Path) -> Iterator[str]:
    """A real `rasa run` server (REST channel, HTTP API, the project's event broker writing the
    conversation log to `database_url`) with the trained model; yields its URL.

    It uses the project's credentials.yml and endpoints.yml, with the action endpoint pointed at
    the test's action server.
    """
    import yaml

    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` first", pytrace=False)
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"] = {"url": action_server}
    endpoints_file = workdir / "endpoints.yml"
    endpoints_file.write_text(yaml.safe_dump(endpoints))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    log_file = workdir / "rasa.log"
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            [
                rasa_python(),
                "-m",
                "rasa",
                "run",
                "--enable-api",
                "--port",
                str(port),
                "--model",
                str(MODEL),
                "--endpoints",
                str(endpoints_file),
                "--credentials",
                str(ROOT / "credentials.yml"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/status", timeout=2) as response:
                if b"model_file" in response.read():
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The Rasa server did not start:\n{log_file.read_text()[-3000:]}")
        time.sleep(0.5)
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def rasa_server_url(
    action_server: str, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A real Rasa server whose conversation log goes to the e2e SQLite database."""
    with running_rasa_server(
        action_server, e2e_database_url, tmp_path_factory.mktemp("rasa")
    ) as url:
        yield url


@pytest.fixture(scope="session")
def rasa_server_on_postgresql(
    action_server: str, postgresql_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """A real Rasa server whose conversation log goes to a PostgreSQL database: (Rasa URL,
    database URL)."""
    database_url = postgresql_database.render_as_string(hide_password=False)
    with running_rasa_server(
        action_server, database_url, tmp_path_factory.mktemp("rasa-pg")
    ) as url:
        yield url, database_url
