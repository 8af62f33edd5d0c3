"""Engines are set up the way the stores rely on."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text

from common.storage import default_database_url, make_engine


def test_the_default_database_is_var_pes_db_under_the_project(tmp_path: Path) -> None:
    assert default_database_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/var/pes.db"


def test_a_sqlite_engine_creates_its_directory_and_uses_wal_and_foreign_keys(
    tmp_path: Path,
) -> None:
    engine = make_engine(default_database_url(tmp_path / "project"))
    try:
        with engine.connect() as connection:
            journal_mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()
            foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
    finally:
        engine.dispose()

    assert (tmp_path / "project" / "var" / "pes.db").is_file()
    assert (journal_mode, foreign_keys) == ("wal", 1)


def test_a_postgresql_engine_survives_a_dropped_connection(postgresql_database_url: str) -> None:
    engine = make_engine(postgresql_database_url)
    admin = make_engine(postgresql_database_url)
    try:
        with engine.connect() as connection:
            first_backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        # The pooled connection dies, as it does when the server restarts.
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first_backend})

        with engine.connect() as connection:
            second_backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()

        assert second_backend != first_backend
    finally:
        engine.dispose()
        admin.dispose()


def test_a_sqlite_file_engine_reuses_its_connections_across_queries(tmp_path: Path) -> None:
    """Opening a connection costs the WAL pragma's file I/O: queries share pooled ones."""
    engine = make_engine(f"sqlite:///{tmp_path / 'pooled.db'}")
    opened: list[object] = []
    event.listen(engine, "connect", lambda connection, record: opened.append(connection))
    try:
        for _ in range(5):
            with engine.connect() as connection:
                assert connection.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()

    assert len(opened) == 1
