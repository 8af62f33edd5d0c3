"""The gateway's side of the conversation log: what Rasa never sees, and the daily purge.

Rasa's event broker logs the conversation as Rasa sees it. The gateway adds the rest through
`GatewayLog`: apologies when Rasa could not answer (with the message it did not get), handoff
steps, the person's messages while staff hold the conversation, staff messages and messages
that could not be delivered. Writing never raises: the
person's chat must not fail because the log's database did.

`setup_conversation_log(app)` puts a `GatewayLog` and the full `ConversationLog` (for the
staff console) into the app; its cleanup context `start_retention_job` waits in the background
until the database is migrated (`relay.schema_watch`; `/readyz` says 503 meanwhile) and then
purges conversations older than LOG_RETENTION_DAYS once a day (one gateway replica per database
and day, agreed through Redis).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import datetime, timezone
from typing import Any, Final

from aiohttp import web

from common.privacy import mask_sender_id, sensitive_slots
from common.storage.errors import describe_error
from common.storage.log_entries import LogEntry
from common.storage.log_store import ConversationLog
from relay.keys import DATABASE, SCHEMA_WATCH, SETTINGS, SHARED_STATE
from relay.schema_watch import SchemaWatch

log = logging.getLogger(__name__)

RETENTION_ACTOR: Final = "retention job"
# The job looks every hour whether today's purge is done (by this or another gateway).
CHECK_INTERVAL_S: Final = 3600.0
DAY_S: Final = 24 * 3600.0
# How long a write waits for the migrated schema before trying anyway.
SCHEMA_WAIT_S: Final = 60.0


class GatewayLog:
    """Writes the gateway's own events into the conversation log."""

    def __init__(self, store: ConversationLog, schema_ready: asyncio.Event | None = None) -> None:
        """`schema_ready`: set once the database is migrated (writes wait for it a while)."""
        self.store = store
        self._schema_ready = schema_ready

    async def unanswered(
        self,
        *,
        sender: str,
        channel: str,
        text: str,
        apology: str,
        language: str | None,
        message_id: str | None = None,
    ) -> None:
        """Rasa could not answer `text` (the channel's `message_id`, if it has one): the message
        and the gateway's apology."""
        now = _now()
        common: dict[str, Any] = {"source": "gateway", "language": language, "channel": channel}
        data = {"message_id": message_id} if message_id else None
        await self._write(
            LogEntry(sender_id=sender, kind="user", timestamp=now, text=text, data=data, **common),
            LogEntry(
                sender_id=sender,
                kind="bot",
                timestamp=now,
                name="rasa_unavailable",
                text=apology,
                data={"apology": True},
                **common,
            ),
        )

    async def handoff(
        self,
        *,
        sender: str,
        channel: str,
        step: str,
        by: str | None = None,
        detail: Mapping[str, Any] | None = None,
        text: str | None = None,
        language: str | None = None,
    ) -> None:
        """A step of a handoff to staff, e.g. "queued", "out_of_hours", "taken", "released";
        `text`: what the person was told about it."""
        told = {"text": text, "language": language}
        await self._write(
            _entry("handoff", sender, channel, name=step, author=by, data=detail, **told)
        )

    async def held_message(
        self, *, sender: str, channel: str, text: str, language: str | None, held_by: str
    ) -> None:
        """The person wrote `text` while a member of staff (`held_by`) held the conversation:
        Rasa never saw it."""
        await self._write(
            _entry("user", sender, channel, text=text, language=language, data={"held_by": held_by})
        )

    async def staff_message(
        self, *, sender: str, channel: str, by: str, text: str, language: str | None = None
    ) -> None:
        """A member of staff (`by`) wrote `text` to the person."""
        await self._write(_entry("staff", sender, channel, text=text, language=language, author=by))

    async def outbound_message(
        self, *, sender: str, channel: str, kind: str, text: str, language: str | None = None
    ) -> None:
        """The assistant reached out with `text` (an alert, a reminder; `kind`), outside a turn."""
        await self._write(
            _entry(
                "bot", sender, channel, name=f"outbound_{kind}"[:128], text=text, language=language
            )
        )

    async def delivery_failure(
        self, *, sender: str, channel: str, reason: str, text: str | None = None
    ) -> None:
        """A message for the person (`text`) could not be delivered by the channel."""
        await self._write(_entry("delivery_failure", sender, channel, name=reason[:128], text=text))

    async def schema_ready(self) -> None:
        """Wait for the start-up migration (for at most `SCHEMA_WAIT_S`)."""
        if self._schema_ready is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._schema_ready.wait(), SCHEMA_WAIT_S)

    async def _write(self, *entries: LogEntry) -> None:
        await self.schema_ready()
        try:
            await self.store.record(*entries)
        except Exception as error:  # the database is down or refused: the chat goes on
            log.error(
                "Conversation log: %s event of %s not written: %s",
                entries[0].kind,
                mask_sender_id(entries[0].sender_id),
                describe_error(error),
            )


CONVERSATION_LOG = web.AppKey("conversation_log", ConversationLog)
GATEWAY_LOG = web.AppKey("gateway_log", GatewayLog)
_STOP_RETENTION = web.AppKey("conversation_log_stop_retention", asyncio.Event)


def setup_conversation_log(app: web.Application) -> None:
    """Add the conversation log to the gateway (called by `create_app`)."""
    settings = app[SETTINGS]
    store = ConversationLog(
        app[DATABASE],
        sensitive_slots=sensitive_slots(settings.content_dir),
        redis_url=settings.redis_url,
    )
    app[SCHEMA_WATCH] = SchemaWatch(settings.database_url)
    app[CONVERSATION_LOG] = store
    app[GATEWAY_LOG] = GatewayLog(store, app[SCHEMA_WATCH].ready)
    app[_STOP_RETENTION] = asyncio.Event()
    app.cleanup_ctx.append(start_retention_job)
    app.on_shutdown.append(_stop_retention_job)


async def _stop_retention_job(app: web.Application) -> None:
    """on_shutdown: end the daily job before aiohttp waits for the app's tasks to finish."""
    app[_STOP_RETENTION].set()


async def start_retention_job(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: wait for the migrated schema, then purge old conversations every day."""
    retention_days = app[SETTINGS].log_retention_days
    stop = app[_STOP_RETENTION]
    task = asyncio.create_task(_prepare_and_purge(app, retention_days, stop))
    yield
    # The event as well as the cancellation: a client library may swallow a CancelledError
    # (redis-py turns one during a command into a connection error, which SharedState absorbs).
    stop.set()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _prepare_and_purge(
    app: web.Application, retention_days: int, stop: asyncio.Event
) -> None:
    if not await app[SCHEMA_WATCH].wait_until_current(stop):
        return
    while not stop.is_set():  # the shared state's keys are the database's already
        claim = f"logs:purge:{_now().date().isoformat()}"
        if await app[SHARED_STATE].claim(claim, DAY_S) and not stop.is_set():
            await _purge(app, retention_days, claim)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), CHECK_INTERVAL_S)


async def _purge(app: web.Application, retention_days: int, claim: str) -> None:
    try:
        report = await app[CONVERSATION_LOG].purge(
            older_than_days=retention_days, by=RETENTION_ACTOR
        )
    except Exception as error:
        log.error("Retention: purge failed, retried within the hour: %s", describe_error(error))
        await app[SHARED_STATE].release(claim)
        return
    log.info(
        "Retention: %d conversations (%d events) older than %d days purged",
        report.conversations,
        report.events,
        retention_days,
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _entry(kind: str, sender: str, channel: str, **fields: Any) -> LogEntry:
    """An event the gateway saw, now."""
    return LogEntry(
        sender_id=sender, kind=kind, timestamp=_now(), source="gateway", channel=channel, **fields
    )
