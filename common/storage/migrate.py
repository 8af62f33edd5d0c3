"""Bring the database schema to the newest migration, at every start of every process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
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


def upgrade(database_url: str) -> None:
    """Upgrade the database at `database_url` to the newest revision.

    A no-op when it is already there. Safe when several processes start at once: the
    migration runs in one transaction that first takes a database-wide lock, so the others
    wait, then find the schema current and do nothing.
    """
    engine = make_engine(database_url)
    try:
        with _process_lock, engine.connect() as connection, migration_lock(connection):
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
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
