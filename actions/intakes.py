"""The intake store and its database, opened once per action-server process on first use."""

from __future__ import annotations

import asyncio

from sqlalchemy.engine import Engine

from actions.config import CONFIG
from common.storage.engine import make_engine
from common.storage.intakes import IntakeStore
from common.storage.migrate import require_current_schema

_database_url = CONFIG.database_url
_store: IntakeStore | None = None


def use_database(database_url: str) -> None:
    """Point the actions at another database (the next use opens it)."""
    global _database_url, _store
    _database_url, _store = database_url, None


async def intake_store() -> IntakeStore:
    """The shared store. The database must be migrated beforehand (`python -m bot db upgrade`):
    SchemaNotReady (and the store stays closed) while it is not."""
    global _store
    if _store is None:
        await asyncio.to_thread(require_current_schema, _database_url)
        _store = IntakeStore(make_engine(_database_url), CONFIG.reference_prefix)
    return _store


async def database() -> Engine:
    """The shared database the intakes live in (job alerts too), migrated on first use."""
    return (await intake_store()).engine
