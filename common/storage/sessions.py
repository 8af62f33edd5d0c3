"""The one way the stores open a database session: to read, or to write in one transaction.

SQLAlchemy 1.4 is used synchronously. `reading`/`writing` are for code that already runs in a
worker thread (the event broker's writer, a store's batch); `read`/`write` run a function of the
session in a worker thread (`asyncio.to_thread`), so the event loop never waits for the database.
A `writing` block commits when it ends and rolls back when it raises.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

T = TypeVar("T")


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for queries; nothing it changes is committed."""
    with Session(engine, future=True) as session:
        yield session


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed at the end of the block, rolled back on error."""
    with Session(engine, future=True) as session, session.begin():
        yield session


async def read(engine: Engine, work: Callable[[Session], T]) -> T:
    """`work(session)` in a worker thread, in a `reading` session."""

    def run() -> T:
        with reading(engine) as session:
            return work(session)

    return await asyncio.to_thread(run)


async def write(engine: Engine, work: Callable[[Session], T]) -> T:
    """`work(session)` in a worker thread, in a `writing` session (one transaction)."""

    def run() -> T:
        with writing(engine) as session:
            return work(session)

    return await asyncio.to_thread(run)
