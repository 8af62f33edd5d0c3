"""Engine factory: one place that knows the per-backend connection settings."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

from common.private_files import create_private_file

# How long a SQLite connection waits for another process's write lock before giving up.
# The action server and the gateway share the file, and the longest writer is a migration.
SQLITE_BUSY_TIMEOUT_SECONDS = 30


def default_database_url(project_root: Path) -> str:
    """The SQLite file used when no DATABASE_URL is configured: `<root>/var/pes.db`."""
    return f"sqlite:///{(project_root / 'var' / 'pes.db').resolve()}"


def make_engine(database_url: str) -> Engine:
    """Create an engine for SQLite (file or memory) or PostgreSQL.

    SQLite: the file is created with mode 0600 (its directory 0700) if missing, connections
    may be used from worker threads (the stores run in `asyncio.to_thread`), every one
    switches on WAL (readers do not block the writer) and foreign keys (off by default in
    SQLite). A file's connections are pooled (SQLAlchemy 1.4 opens one per query by default,
    and opening one costs the WAL pragma's file I/O on every message).
    PostgreSQL: connections are checked before use, so a restarted server costs no request.
    """
    url = make_url(_normalise_scheme(database_url))
    if url.get_backend_name() == "sqlite":
        _create_private_file(url.database)
        pooled: dict[str, Any] = {} if in_memory(url.database) else {"poolclass": QueuePool}
        engine = create_engine(
            url,
            future=True,
            **pooled,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        )
        event.listen(engine, "connect", _configure_sqlite_connection)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def _normalise_scheme(database_url: str) -> str:
    """Accept `postgres://` (as some hosting platforms write it); SQLAlchemy 1.4 does not."""
    if database_url.startswith("postgres://"):
        return "postgresql://" + database_url[len("postgres://") :]
    return database_url


def in_memory(database: str | None) -> bool:
    return not database or database == ":memory:" or "mode=memory" in database


def _create_private_file(database: str | None) -> None:
    """The database file and its directory, made readable by this user only before SQLite
    opens the file (SQLite gives its -wal and -shm files the database file's mode)."""
    if in_memory(database) or database is None or database.startswith("file:"):
        return
    create_private_file(Path(database).expanduser().resolve())


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """`PRAGMA journal_mode=WAL`, waiting for other processes that open a new file at once.

    Switching a file to WAL needs its exclusive lock, and SQLite answers "database is locked"
    at once (without its busy timeout) when another connection is in the middle of the same
    switch, so the switch is tried again for up to the busy timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
