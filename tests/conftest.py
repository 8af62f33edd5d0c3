"""Database fixtures: a SQLite file in tmp_path and a throw-away PostgreSQL database; the check
that Redis answers.

Redis is expected at 127.0.0.1:6379 (tests use its database 15, `support.shared_redis`): a run
without it stops at once instead of passing on the gateway's in-process fallback.

PostgreSQL is expected at 127.0.0.1:5432 (user postgres, trust auth; CI starts it), or at
PES_TEST_POSTGRES_URL. One database is created per test session and dropped at the end;
every test gets its own fresh schema in it. If the server does not answer, the tests that
need it fail: they are never skipped silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError
from support.shared_redis import REDIS_URL

from common.settings import settings
from common.storage.engine import make_engine
from common.storage.migrate import upgrade


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Every test is a fresh process as far as settings go: `settings()` reads the environment
    the test set up (with monkeypatch), not the one of an earlier test."""
    settings.cache_clear()
    yield
    settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def redis_answers() -> None:
    """Stop the run at once when Redis does not answer: most gateway tests would otherwise
    pass on the in-process fallback and prove nothing about the shared state."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        pytest.exit(
            f"Redis does not answer at {REDIS_URL}: {error}\nStart it (redis-server) first.",
            returncode=1,
        )
    finally:
        client.close()


POSTGRES_SERVER_URL = os.environ.get(
    "PES_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)


def _server_engine() -> Engine:
    return create_engine(
        POSTGRES_SERVER_URL,
        future=True,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )


@pytest.fixture(scope="session")
def postgresql_database() -> Iterator[URL]:
    """URL of a PostgreSQL database created for this test session, dropped afterwards."""
    name = f"pes_test_{uuid.uuid4().hex[:12]}"
    server = _server_engine()
    problem = None
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        problem = str(error.orig).strip()
    if problem is not None:
        server.dispose()
        pytest.fail(
            f"PostgreSQL does not answer at {POSTGRES_SERVER_URL}: {problem}\n"
            "Start it (user postgres, trust auth) or point PES_TEST_POSTGRES_URL at one.",
            pytrace=False,
        )
    try:
        yield make_url(POSTGRES_SERVER_URL).set(database=name)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def postgresql_database_url(postgresql_database: URL) -> Iterator[str]:
    """A fresh, empty schema of the session database (first on the search path)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgresql_database, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = postgresql_database.set(query={"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_database_url(tmp_path: Path) -> str:
    """A SQLite file in a directory that does not exist yet."""
    return f"sqlite:///{tmp_path / 'var' / 'pes.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database, once on SQLite and once on PostgreSQL."""
    return str(request.getfixturevalue(f"{request.param}_database_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on `database_url` (SQLite, then PostgreSQL), migrated to the newest schema."""
    upgrade(database_url)
    migrated = make_engine(database_url)
    yield migrated
    migrated.dispose()
