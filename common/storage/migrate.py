"""Bring the database schema to the newest migration (or run migrations down), under one lock."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.sql import text

from common.storage.engine import make_engine

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"

# Arbitrary constant naming this project's PostgreSQL advisory lock for migrations.
_PG_MIGRATION_LOCK_KEY: Final = 0x5E5_1A7A
# Alembic keeps its running context in module globals: one migration per process at a time.
_process_lock = threading.Lock()


def alembic_config() -> Config:
    """An Alembic configuration built in code: no alembic.ini is needed at runtime."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Upgrade the database at `database_url` to `revision` (default: the newest).

    A no-op when it is already there. Safe when several processes start at once: the
    migration runs in one transaction that first takes a database-wide lock, so the others
    wait, then find the schema current and do nothing.
    """
    _migrate(database_url, command.upgrade, revision)


def downgrade(database_url: str, revision: str) -> None:
    """Take the database at `database_url` back to `revision` ("base": no tables at all), in
    one locked transaction like `upgrade`. Every migration can be run down (tests/common/storage/
    test_migrations.py runs each one up, down and up again)."""
    _migrate(database_url, command.downgrade, revision)


def revisions() -> list[str]:
    """Every revision, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def _migrate(database_url: str, step: Callable[[Config, str], None], revision: str) -> None:
    engine = make_engine(database_url)
    try:
        with _process_lock, engine.connect() as connection, migration_lock(connection):
            config = alembic_config()
            config.attributes["connection"] = connection
            step(config, revision)
    finally:
        engine.dispose()


@contextmanager
def migration_lock(connection: Connection) -> Iterator[None]:
    """Open a transaction holding the migration lock; commit it on success, roll back on error.

    PostgreSQL: a transaction-scoped advisory lock (PostgreSQL DDL is transactional, so the
    whole migration commits or nothing does). SQLite: `BEGIN IMMEDIATE` takes the write lock
    up front; other connections wait for it (busy timeout) instead of racing.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK_KEY}
        )
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.begin()
    try:
        yield
    except BaseException:
        connection.rollback()
        raise
    connection.commit()
