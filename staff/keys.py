"""Keys of the staff console's sub-application: settings, templates, the schema check."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import jinja2
from aiohttp import web

from common.settings import StaffSettings
from common.storage.migrate import require_current_schema


class SchemaCheck:
    """Checks once per process, on the console's first request, that the database is at the
    newest migration (migrating is a step of its own, before the processes start); the requests
    that arrive meanwhile wait for it. Until it is, every request raises SchemaNotReady and the
    check is made again by the next one."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._done = False

    async def ensure(self, database_url: str) -> None:
        if self._done:
            return
        async with self._lock:
            if not self._done:
                await asyncio.to_thread(require_current_schema, database_url)
                self._done = True


STAFF_SETTINGS = web.AppKey("staff_settings", StaffSettings)
TEMPLATES = web.AppKey("staff_templates", jinja2.Environment)
SCHEMA = web.AppKey("staff_schema", SchemaCheck)
# The time sessions are judged by (idle limit, lifetime): `common.storage.columns.utc_now` unless
# the application holds another (tests move it forward instead of waiting).
CLOCK: web.AppKey[Callable[[], datetime]] = web.AppKey("staff_clock")
