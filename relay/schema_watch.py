"""Waiting, at start, until the database is at the newest migration.

The gateway never migrates (that is `python -m bot db upgrade`, a step of its own before the
processes start). It checks the schema in the background until it is current: meanwhile
`/readyz` answers 503 with the reason, and the conversation log's writes wait for it instead
of running against missing tables.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Final

from common.storage.errors import describe_error
from common.storage.migrate import schema_problem

log = logging.getLogger(__name__)

# How often the schema is checked again while it is missing or the database does not answer.
RECHECK_S: Final = 2.0


class SchemaWatch:
    """Whether the database is at the newest migration, as last seen; `ready` once it is."""

    def __init__(self, database_url: str, *, recheck_s: float = RECHECK_S) -> None:
        self._database_url = database_url
        self._recheck_s = recheck_s
        self.ready = asyncio.Event()
        self.problem: str | None = "the database schema has not been checked yet"

    async def check(self) -> bool:
        """Check once; True (and `ready` set) when the schema is current."""
        try:
            problem = await asyncio.to_thread(schema_problem, self._database_url)
        except Exception as error:  # any driver error: the database does not answer
            problem = f"the database does not answer: {describe_error(error)}"
        if problem is not None and problem != self.problem:
            log.error("Database not ready: %s", problem)
        self.problem = problem
        if problem is None:
            self.ready.set()
        return problem is None

    async def wait_until_current(self, stop: asyncio.Event) -> bool:
        """Check until the schema is current (True) or `stop` is set (False)."""
        while not await self.check():
            try:
                await asyncio.wait_for(stop.wait(), self._recheck_s)
            except asyncio.TimeoutError:
                continue
            return False
        return True
