"""A Rasa event broker that writes every conversation into the conversation log (SQL).

Configured in endpoints.yml:

    event_broker:
      type: rasa_plugins.broker.ConversationLogBroker

The database is DATABASE_URL (else the project's SQLite file var/pes.db), migrated beforehand
(`python -m bot db upgrade`): the broker checks the schema before its first write and, while it
is missing or outdated, treats the database as down (retries, never writes into a half schema).
Rasa calls `publish` on its event loop for every new event; the broker only puts the event on a
bounded queue and returns. A writer thread takes the events off in batches and writes each
batch in one transaction. A batch gathers for up to `flush_interval_s` after its first event
(or until `batch_size`): under load that is one transaction for the turns of many people
instead of one per turn, which would cost the Rasa process more CPU than any other part of a
turn after the dialogue itself (docs/capacity.md). On shutdown Rasa closes the broker, and
whatever is queued is written at once. When the database is down, a batch is retried a bounded
number of times and then dropped (logged as an error), and a full queue drops new events
(logged too): the assistant keeps answering, whatever happens to the log.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from asyncio import AbstractEventLoop
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from common.privacy import sensitive_slots
from common.settings import settings
from common.storage.engine import make_engine
from common.storage.errors import describe_error
from common.storage.log_entries import LogEntry
from common.storage.log_writer import LogWriter
from common.storage.migrate import SchemaNotReady, require_current_schema
from rasa_plugins.log_events import EventKinds, log_entry

logger = logging.getLogger(__name__)

DEFAULT_RETRY_DELAYS_S: Final = (1.0, 5.0, 15.0)
DEFAULT_FLUSH_INTERVAL_S: Final = 1.0
# How often the writer looks whether the broker is closing while it gathers a batch.
STOP_POLL_S: Final = 0.05
# How often a dropped event is reported while events keep being dropped.
DROP_REPORT_INTERVAL_S: Final = 60.0


class ConversationLogBroker(EventBroker):
    def __init__(
        self,
        database_url: str | None = None,
        *,
        content_dir: Path | None = None,
        kinds: EventKinds | None = None,
        batch_size: int = 200,
        flush_interval_s: float = DEFAULT_FLUSH_INTERVAL_S,
        max_queue: int = 10_000,
        retry_delays_s: Sequence[float] = DEFAULT_RETRY_DELAYS_S,
        close_timeout_s: float = 30.0,
    ) -> None:
        """`database_url`: default DATABASE_URL, else var/pes.db. `content_dir`: where
        privacy.yml names the sensitive slots (default CONTENT_DIR, else data/content)."""
        self.database_url = database_url or settings().database_url
        directory = content_dir or settings().content_dir
        self._sensitive_slots = sensitive_slots(directory)
        self._kinds = kinds or EventKinds()
        self._batch_size = batch_size
        self._flush_interval_s = flush_interval_s
        self._retry_delays_s = tuple(retry_delays_s)
        self._close_timeout_s = close_timeout_s
        self._queue: queue.Queue[Mapping[str, Any]] = queue.Queue(maxsize=max_queue)
        self._stopping = threading.Event()
        self._engine: Engine | None = None
        self._writer: LogWriter | None = None
        self._dropped = 0
        self._last_drop_report = 0.0
        self._thread = threading.Thread(
            target=self._run, name="conversation-log-writer", daemon=True
        )
        self._thread.start()

    @classmethod
    async def from_endpoint_config(
        cls,
        broker_config: EndpointConfig | None,
        event_loop: AbstractEventLoop | None = None,
    ) -> ConversationLogBroker:
        """Options in endpoints.yml (all optional): `database_url`, `content_dir`,
        `fallback_actions`, `handoff_actions`, `batch_size`, `flush_interval_s`, `max_queue`."""
        options = dict(broker_config.kwargs) if broker_config else {}
        defaults = EventKinds()
        kinds = EventKinds(
            fallback_actions=frozenset(options.get("fallback_actions", defaults.fallback_actions)),
            handoff_actions=frozenset(options.get("handoff_actions", defaults.handoff_actions)),
        )
        content_dir = options.get("content_dir")
        return cls(
            database_url=options.get("database_url"),
            content_dir=Path(content_dir) if content_dir else None,
            kinds=kinds,
            batch_size=int(options.get("batch_size", 200)),
            flush_interval_s=float(options.get("flush_interval_s", DEFAULT_FLUSH_INTERVAL_S)),
            max_queue=int(options.get("max_queue", 10_000)),
        )

    def publish(self, event: dict[str, Any]) -> None:
        """Queue the event for the writer thread; never blocks, never raises."""
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self._dropped += 1
            now = time.monotonic()
            if now - self._last_drop_report >= DROP_REPORT_INTERVAL_S:
                self._last_drop_report = now
                logger.error(
                    "Conversation log queue full (%d events): %d events dropped so far",
                    self._queue.maxsize,
                    self._dropped,
                )

    def is_ready(self) -> bool:
        return self._thread.is_alive()

    async def close(self) -> None:
        """Write what is queued (retries no longer wait), then stop the writer thread."""
        self._stopping.set()
        await asyncio.to_thread(self._thread.join, self._close_timeout_s)
        if self._thread.is_alive():
            logger.error("Conversation log writer did not finish: %d events lost", self.pending)
        if self._engine is not None:
            self._engine.dispose()

    @property
    def pending(self) -> int:
        """Events waiting in the queue."""
        return self._queue.qsize()

    @property
    def dropped(self) -> int:
        """Events dropped because the queue was full."""
        return self._dropped

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=0.2)
            except queue.Empty:
                if self._stopping.is_set():
                    return
                continue
            self._write(self._gather([first]))

    def _gather(self, batch: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """More events for `batch`: those that come within `flush_interval_s`, up to
        `batch_size`; only those already queued once the broker is closing."""
        due = time.monotonic() + self._flush_interval_s
        while len(batch) < self._batch_size:
            wait = due - time.monotonic()
            try:
                if wait <= 0 or self._stopping.is_set():
                    batch.append(self._queue.get_nowait())
                else:
                    batch.append(self._queue.get(timeout=min(wait, STOP_POLL_S)))
            except queue.Empty:
                if wait <= 0 or self._stopping.is_set():
                    break
        return batch

    def _write(self, events: list[Mapping[str, Any]]) -> None:
        entries = [entry for entry in map(self._entry, events) if entry is not None]
        if not entries:
            return
        for attempt, delay in enumerate((*self._retry_delays_s, None), start=1):
            try:
                self._log_writer().append(entries)
                return
            except (SQLAlchemyError, OSError, SchemaNotReady) as error:
                failure = describe_error(error)
            except Exception as error:  # a bug, not an outage: retrying would not help
                logger.exception(
                    "Conversation log: %d events dropped: %s", len(entries), describe_error(error)
                )
                return
            if delay is None:
                logger.error(
                    "Conversation log: %d events dropped after %d attempts: %s",
                    len(entries),
                    attempt,
                    failure,
                )
                return
            logger.warning("Conversation log: write failed (%s), retrying in %ss", failure, delay)
            self._stopping.wait(delay)  # while closing: retry at once

    def _entry(self, event: Mapping[str, Any]) -> LogEntry | None:
        try:
            return log_entry(event, self._kinds)
        except Exception as error:  # a malformed event must not stop the others
            logger.error(
                "Conversation log: unreadable %r event skipped: %s",
                event.get("event"),
                type(error).__name__,
            )
            return None

    def _log_writer(self) -> LogWriter:
        if self._writer is None:
            require_current_schema(self.database_url)
            self._engine = make_engine(self.database_url)
            self._writer = LogWriter(self._engine, sensitive_slots=self._sensitive_slots)
        return self._writer
