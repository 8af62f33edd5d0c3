"""Every migration runs up, down and up again, on SQLite and on PostgreSQL (a "stairway").

A migration whose `downgrade` forgets an index, a table or a constraint, or whose `upgrade` cannot
run on a database a downgrade left behind, fails here, one step at a time. Each step is also
checked against the schema the database had before it: down must give back exactly that.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from common.storage.engine import make_engine
from common.storage.migrate import downgrade, revisions, upgrade

Schema = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


def schema_of(database_url: str) -> Schema:
    """Every table (but Alembic's own) with its columns and indexes."""
    engine = make_engine(database_url)
    try:
        found = inspect(engine)
        return {
            table: (
                tuple(sorted(column["name"] for column in found.get_columns(table))),
                indexes_of(engine, table),
            )
            for table in found.get_table_names()
            if table != "alembic_version"
        }
    finally:
        engine.dispose()


def indexes_of(engine: Engine, table: str) -> tuple[str, ...]:
    """Index names; on PostgreSQL from its catalogue, which also lists expression indexes
    (the full-text one) that SQLAlchemy 1.4 cannot reflect."""
    if engine.dialect.name == "postgresql":
        query = text(
            "SELECT indexname FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = :table"
        )
        with engine.connect() as connection:
            names = connection.execute(query, {"table": table}).scalars()
            return tuple(sorted(name for name in names if not name.startswith("pk_")))
    found = inspect(engine).get_indexes(table)
    return tuple(sorted(str(index["name"]) for index in found))


def test_there_are_migrations_to_walk() -> None:
    assert len(revisions()) >= 4
    assert revisions()[0] == "0001"


def test_every_migration_runs_up_down_and_up_again(database_url: str) -> None:
    previous = "base"
    for revision in revisions():
        before = schema_of(database_url)

        upgrade(database_url, revision)
        after = schema_of(database_url)
        downgrade(database_url, previous)
        assert schema_of(database_url) == before, f"{revision} down is not {previous}"
        upgrade(database_url, revision)
        assert schema_of(database_url) == after, f"{revision} up again differs"

        previous = revision

    downgrade(database_url, "base")
    assert schema_of(database_url) == {}
