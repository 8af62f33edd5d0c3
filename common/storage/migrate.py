"""Bring the database schema to the newest migration (or run migrations down), under one lock;
tell whether a database is at the newest migration.

Migrating is a step of its own (`python -m bot db upgrade`, run before the processes start).
The processes only check the schema (`schema_problem`): one that finds it missing or outdated
is not ready and says why, instead of migrating beside another process or serving without
tables.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.sql import text

from common.storage.engine import in_memory, make_engine

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"

# Arbitrary constant naming this project's PostgreSQL advisory lock for migrations.
_PG_MIGRATION_LOCK_KEY: Final = 0x5E5_1A7A
# Alembic keeps its running context in module globals: one migration per process at a time.
_process_lock = threading.Lock()
UPGRADE_COMMAND: Final = "python -m bot db upgrade"


class SchemaNotReady(RuntimeError):
    """The database is not at the newest migration; the message says why and what to run."""


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


def schema_problem(database_url: str) -> str | None:
    """None when the database is at the newest migration, else what is wrong in one sentence
    (no schema yet, an older or an unknown revision). Raises the driver's error when the
    database does not answer."""
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    if current == heads:
        return None
    if not current:
        return f"the database has no schema yet: run `{UPGRADE_COMMAND}`"
    return (
        f"the database schema is at revision {', '.join(sorted(current))}, this code needs "
        f"{', '.join(sorted(heads))}: run `{UPGRADE_COMMAND}`"
    )


def require_current_schema(database_url: str) -> None:
    """Raise SchemaNotReady unless the database is at the newest migration."""
    problem = schema_problem(database_url)
    if problem is not None:
        raise SchemaNotReady(problem)


def _migrate(database_url: str, step: Callable[[Config, str], None], revision: str) -> None:
    engine = make_engine(database_url)
    try:
        with (
            _process_lock,
            _sqlite_file_lock(database_url),
            engine.connect() as connection,
            migration_lock(connection),
        ):
            config = alembic_config()
            config.attributes["connection"] = connection
            step(config, revision)
    finally:
        engine.dispose()


@contextmanager
def _sqlite_file_lock(database_url: str) -> Iterator[None]:
    """For a SQLite file: hold an exclusive lock on `<file>.migrate.lock` (created beside it).

    Migrations of one file then run one after another before any of them opens a connection:
    SQLite's own locks answer "database is locked" at once in some steps (switching to WAL,
    a read transaction that wants to write), whatever the busy timeout.
    """
    url = make_url(database_url)
    database = url.database
    if url.get_backend_name() != "sqlite" or in_memory(database) or database is None:
        yield
        return
    if database.startswith("file:"):  # a URI filename: the path up to the query
        database = database[len("file:") :].split("?", 1)[0]
    path = Path(database).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.migrate.lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


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
