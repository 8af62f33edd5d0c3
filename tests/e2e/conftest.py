"""A real action server and a real Rasa server with the trained model (subprocesses, in the Rasa
environment), for the gateway's end-to-end tests; tests/e2e/conversations/ talks to the model
in-process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support.processes import running_action_server
from support.rasa_server import running_rasa_process
from support.shared_redis import REDIS_URL

from common.storage.migrate import upgrade


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The processes' SQLite file, migrated once before any of them starts (as `make run` runs
    `python -m bot db upgrade` first): they only check the schema, never migrate it."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'pes.db'}"
    upgrade(database_url)
    return database_url


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
        "REDIS_URL": REDIS_URL,
    }
    try:
        with running_action_server(environment) as webhook:
            yield webhook
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@contextmanager
def running_rasa_server(action_server: str, database_url: str, workdir: Path) -> Iterator[str]:
    """A real Rasa server with its conversations in Redis, as in production (the tests' Redis
    database, under a key prefix of this run: `support.shared_redis`); yields its URL."""
    prefix = f"pestest{uuid.uuid4().hex[:12]}"  # letters and digits, as Rasa wants
    with running_rasa_process(
        action_server, database_url, workdir, redis_url=REDIS_URL, key_prefix=prefix
    ) as rasa:
        yield rasa.url


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
    upgrade(database_url)
    with running_rasa_server(
        action_server, database_url, tmp_path_factory.mktemp("rasa-pg")
    ) as url:
        yield url, database_url
