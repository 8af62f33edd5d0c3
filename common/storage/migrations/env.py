"""Alembic environment for `common.storage`.

Run by `common.storage.migrate.upgrade` (which passes an open, locked connection in
`config.attributes["connection"]`) or by operators: `alembic -x url=postgresql://... upgrade head`.
The URL comes from `-x url=`, else the DATABASE_URL environment variable, else the default
SQLite file of the project.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from common.settings import settings
from common.storage.engine import make_engine
from common.storage.migrate import migration_lock
from common.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    """`-x url=…`, else DATABASE_URL (else the project's SQLite file), as every process reads it."""
    url = context.get_x_argument(as_dictionary=True).get("url")
    return str(url) if url else settings().database_url


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)  # the caller holds the migration lock and commits
        return
    engine = make_engine(_database_url())
    try:
        with engine.connect() as own_connection, migration_lock(own_connection):
            _run(own_connection)
    finally:
        engine.dispose()


if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
