"""The stores of the action server (intakes, bookings) and their database, opened once per
process on first use."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.engine import Engine

from actions.config import CONFIG
from common.storage.bookings import BookingStore
from common.storage.columns import utc_now
from common.storage.engine import make_engine
from common.storage.intakes import IntakeStore
from common.storage.migrate import require_current_schema

_database_url = CONFIG.database_url
_clock: Callable[[], datetime] = utc_now
_store: IntakeStore | None = None
_bookings: BookingStore | None = None


def use_database(database_url: str, clock: Callable[[], datetime] = utc_now) -> None:
    """Point the actions at another database, and time at another clock (tests); the next use
    opens it (migrated beforehand: `python -m bot db upgrade`)."""
    global _database_url, _clock, _store, _bookings
    _database_url, _clock, _store, _bookings = database_url, clock, None, None


async def intake_store() -> IntakeStore:
    """The shared store. The database must be migrated beforehand (`python -m bot db upgrade`):
    SchemaNotReady (and the store stays closed) while it is not."""
    global _store
    if _store is None:
        await asyncio.to_thread(require_current_schema, _database_url)
        _store = IntakeStore(make_engine(_database_url), CONFIG.reference_prefix)
    return _store


async def booking_store() -> BookingStore:
    """The appointments' store, on the same database as the intakes."""
    global _bookings
    if _bookings is None:
        _bookings = BookingStore(await database(), clock=_clock)
    return _bookings


def now() -> datetime:
    """The action server's clock (the tests' when they set one)."""
    return _clock()


async def database() -> Engine:
    """The shared database the intakes live in (job alerts and appointments too)."""
    return (await intake_store()).engine
