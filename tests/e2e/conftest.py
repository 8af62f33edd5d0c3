"""A real action server (subprocess) and the trained model loaded in-process, for conversations."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "pes.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'pes.db'}"


@pytest.fixture(scope="session")
def action_server(e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": e2e_database_url,
        # an empty index: the actions fill it from the shipped sample, as on a fresh `make run`
        "VACANCY_INDEX_PATH": str(tmp_path_factory.mktemp("vacancies") / "vacancies.db"),
        "VACANCY_SOURCE": "local",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--port", str(port), "--actions", "actions"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"The action server did not start:\n{stderr[-3000:]}")
            time.sleep(0.3)
    yield f"{url}/webhook"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def agent(action_server: str) -> Any:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` first", pytrace=False)
    return Agent.load(str(MODEL), action_endpoint=EndpointConfig(action_server))


class Person:
    """One person chatting with the assistant; `say` returns the bot's replies."""

    def __init__(self, agent: Any, channel: str = "webchat") -> None:
        self.agent = agent
        self.sender_id = f"{channel}:{uuid.uuid4().hex[:12]}"

    async def say(self, text: str) -> list[dict[str, Any]]:
        return list(await self.agent.handle_text(text, sender_id=self.sender_id) or [])

    async def say_text(self, text: str) -> str:
        """All reply texts joined, for assertions on what the person reads."""
        return "\n".join(str(m.get("text", "")) for m in await self.say(text))

    async def slot(self, name: str) -> Any:
        tracker = await self.agent.tracker_store.retrieve(self.sender_id)
        return tracker.get_slot(name) if tracker else None


@pytest.fixture
def person(agent: Any) -> Person:
    return Person(agent)


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
                sys.executable,
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
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


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
