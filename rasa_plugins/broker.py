"""A Rasa event broker that writes every conversation into the conversation log (SQL).

Configured in endpoints.yml:

    event_broker:
      type: rasa_plugins.broker.ConversationLogBroker

The database is DATABASE_URL (else the project's SQLite file var/pes.db), migrated beforehand
(`python -m bot db upgrade`): the broker checks the schema before its first write and, while it
is missing or outdated, treats the database as down (retries, never writes into a half schema).

Rasa calls `publish` on its event loop for every new event; the broker appends the event to
its journal file (`rasa_plugins.event_journal`) and returns. A writer thread reads the journal
in batches and writes each batch in one transaction, together with how far the journal is
written. A batch gathers for up to `flush_interval_s` after its first event (or until
`batch_size`): under load that is one transaction for the turns of many people instead of one
per turn, which would cost the Rasa process more CPU than any other part of a turn after the
dialogue itself (docs/capacity.md). Nothing is lost on the way: when the database is down the
writer retries until it is back (the events wait on disk), and when the Rasa server dies the
next broker of the same database writes what its journal still held. On shutdown Rasa closes
the broker, and what is waiting is written at once. The assistant keeps answering, whatever
happens to the log.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from asyncio import AbstractEventLoop
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from common.privacy import sensitive_slots
from common.settings import settings
from common.storage.engine import make_engine
from common.storage.errors import describe_error
from common.storage.journal_positions import JournalPosition, forget_journal, saved_position
from common.storage.log_entries import LogEntry
from common.storage.log_writer import LogWriter
from common.storage.migrate import SchemaNotReady, require_current_schema
from rasa_plugins.event_journal import DEFAULT_ROTATE_BYTES, EventJournal, Segment
from rasa_plugins.log_events import EventKinds, log_entry

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Pauses between attempts while the database is down; the last one repeats until it is back.
DEFAULT_RETRY_DELAYS_S: Final = (1.0, 5.0, 15.0)
DEFAULT_FLUSH_INTERVAL_S: Final = 1.0
# How often the writer looks whether the broker is closing while it gathers a batch, and
# whether it is closing while it has nothing to write (`publish` wakes it for an event).
STOP_POLL_S: Final = 0.05
IDLE_POLL_S: Final = 0.2
# How often the writer looks for journals that dead Rasa servers left.
ORPHAN_SCAN_S: Final = 5.0
# How often a dropped event is reported while events keep being dropped.
DROP_REPORT_INTERVAL_S: Final = 60.0
DATABASE_ERRORS: Final = (SQLAlchemyError, OSError, SchemaNotReady)


class DatabaseUnavailable(Exception):
    """The broker is closing and the database still does not answer."""


class ConversationLogBroker(EventBroker):
    def __init__(
        self,
        database_url: str | None = None,
        *,
        content_dir: Path | None = None,
        journal_dir: Path | None = None,
        kinds: EventKinds | None = None,
        batch_size: int = 200,
        flush_interval_s: float = DEFAULT_FLUSH_INTERVAL_S,
        max_journal_bytes: int = 1024 * 1024 * 1024,
        journal_rotate_bytes: int = DEFAULT_ROTATE_BYTES,
        retry_delays_s: Sequence[float] = DEFAULT_RETRY_DELAYS_S,
        close_timeout_s: float = 30.0,
    ) -> None:
        """`database_url`: default DATABASE_URL, else var/pes.db. `content_dir`: where
        privacy.yml names the sensitive slots (default CONTENT_DIR, else data/content).
        `journal_dir`: default EVENT_JOURNAL_DIR, else var/event-journal."""
        self.database_url = database_url or settings().database_url
        directory = content_dir or settings().content_dir
        self._sensitive_slots = sensitive_slots(directory)
        self._kinds = kinds or EventKinds()
        self._batch_size = batch_size
        self._flush_interval_s = flush_interval_s
        self._retry_delays_s = tuple(retry_delays_s) or (1.0,)
        self._close_timeout_s = close_timeout_s
        self._journal = EventJournal(
            journal_dir or settings().event_journal_dir,
            self.database_url,
            max_bytes=max_journal_bytes,
            rotate_bytes=journal_rotate_bytes,
        )
        self._stopping = threading.Event()
        self._wake = threading.Event()
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
        `journal_dir`, `fallback_actions`, `handoff_actions`, `batch_size`, `flush_interval_s`,
        `max_journal_bytes`."""
        options = dict(broker_config.kwargs) if broker_config else {}
        defaults = EventKinds()
        kinds = EventKinds(
            fallback_actions=frozenset(options.get("fallback_actions", defaults.fallback_actions)),
            handoff_actions=frozenset(options.get("handoff_actions", defaults.handoff_actions)),
        )
        content_dir = options.get("content_dir")
        journal_dir = options.get("journal_dir")
        return cls(
            database_url=options.get("database_url"),
            content_dir=Path(content_dir) if content_dir else None,
            journal_dir=Path(journal_dir) if journal_dir else None,
            kinds=kinds,
            batch_size=int(options.get("batch_size", 200)),
            flush_interval_s=float(options.get("flush_interval_s", DEFAULT_FLUSH_INTERVAL_S)),
            max_journal_bytes=int(options.get("max_journal_bytes", 1024 * 1024 * 1024)),
        )

    def publish(self, event: dict[str, Any]) -> None:
        """Append the event to the journal for the writer thread; never blocks, never raises."""
        try:
            if self._journal.append(event):
                self._wake.set()
                return
            failure = "the journal is full (the database has been down for long)"
        except (OSError, TypeError, ValueError) as error:
            failure = f"the journal cannot be written: {type(error).__name__}"
        self._dropped += 1
        now = time.monotonic()
        if now - self._last_drop_report >= DROP_REPORT_INTERVAL_S:
            self._last_drop_report = now
            logger.error("Conversation log: %s; %d events dropped so far", failure, self._dropped)

    def is_ready(self) -> bool:
        return self._thread.is_alive()

    async def close(self) -> None:
        """Write what is waiting (retries no longer wait), then stop the writer thread."""
        self._stopping.set()
        await asyncio.to_thread(self._thread.join, self._close_timeout_s)
        if self._thread.is_alive():
            logger.error(
                "Conversation log writer did not finish: %d events stay in the journal %s"
                " for the next start",
                self.pending,
                self._journal.segment.path,
            )
        if self._engine is not None:
            self._engine.dispose()

    @property
    def pending(self) -> int:
        """Events in the journal that are not written yet."""
        return self._journal.waiting

    @property
    def dropped(self) -> int:
        """Events dropped because the journal could not take them."""
        return self._dropped

    def _run(self) -> None:
        next_scan = 0.0
        try:
            while True:
                if time.monotonic() >= next_scan:
                    self._write_orphans()
                    next_scan = time.monotonic() + ORPHAN_SCAN_S
                if not self._journal.waiting:
                    if self._stopping.is_set():
                        break
                    self._wake.wait(IDLE_POLL_S)
                    self._wake.clear()
                    continue
                self._gather()
                self._write_next(self._journal.segment)
                if (written := self._journal.rotate_if_done()) is not None:
                    self._delete(written)
        except DatabaseUnavailable:
            self._journal.segment.close()  # the next start (or another server) writes the rest
            return
        except Exception:  # a bug or the disk: the events stay in the journal for the next start
            logger.exception("Conversation log writer stopped; %d events wait", self.pending)
            return
        self._delete(self._journal.segment)

    def _gather(self) -> None:
        """Wait for more events: those that come within `flush_interval_s`, up to
        `batch_size`; not at all once the broker is closing."""
        due = time.monotonic() + self._flush_interval_s
        while self._journal.waiting < self._batch_size:
            wait = due - time.monotonic()
            if wait <= 0 or self._stopping.wait(min(wait, STOP_POLL_S)):
                return

    def _write_orphans(self) -> None:
        """Write what dead Rasa servers left in their journals, then delete those."""
        for segment in self._journal.orphans():
            try:
                written = self._write_orphan(segment)
            except BaseException:
                segment.close()  # another broker (or the next start) takes it over
                raise
            self._delete(segment)
            logger.warning(
                "Conversation log: wrote %d events a stopped Rasa server left in its journal %s",
                written,
                segment.name,
            )

    def _write_orphan(self, segment: Segment) -> int:
        """Write `segment` from its saved position to its end; returns the lines written."""
        segment.position = self._retrying(lambda: saved_position(self._database(), segment.name))
        written = 0
        while (lines := self._write_next(segment)) > 0:
            written += lines
        if segment.position < segment.size():
            logger.warning(
                "Conversation log: the journal %s ends in an incomplete event (skipped)",
                segment.name,
            )
        return written

    def _write_next(self, segment: Segment) -> int:
        """Write the next batch of `segment`; returns the lines it took (0: none waiting)."""
        batch = segment.read(self._batch_size)
        if batch.unreadable:
            logger.error(
                "Conversation log: %d unreadable lines skipped in the journal %s",
                batch.unreadable,
                segment.name,
            )
        if not batch.lines:
            return 0
        entries = [entry for entry in map(self._entry, batch.events) if entry is not None]
        position = JournalPosition(segment.name, batch.end)
        try:
            self._retrying(lambda: self._log_writer().append(entries, journal_position=position))
        except DatabaseUnavailable:
            raise
        except Exception as error:  # a bug, not an outage: retrying would not help
            logger.exception(
                "Conversation log: %d events skipped: %s", len(entries), describe_error(error)
            )
        segment.position = batch.end
        if segment is self._journal.segment:
            self._journal.taken(batch.lines)
        return batch.lines

    def _retrying(self, work: Callable[[], T]) -> T:
        """`work()`, tried again while the database is down; raises DatabaseUnavailable when
        it still fails once the broker is closing."""
        delays: Iterator[float] = itertools.chain(
            self._retry_delays_s, itertools.repeat(self._retry_delays_s[-1])
        )
        while True:
            try:
                return work()
            except DATABASE_ERRORS as error:
                failure = describe_error(error)
            if self._stopping.is_set():
                logger.error(
                    "Conversation log: the database is unavailable at shutdown (%s): %d events"
                    " stay in the journal for the next start",
                    failure,
                    self.pending,
                )
                raise DatabaseUnavailable(failure)
            delay = next(delays)
            logger.warning("Conversation log: write failed (%s), retrying in %ss", failure, delay)
            self._stopping.wait(delay)  # while closing: one more attempt at once

    def _delete(self, segment: Segment) -> None:
        """Delete a fully written journal file, and its position."""
        segment.delete()
        try:
            forget_journal(self._database(), segment.name)
        except DATABASE_ERRORS as error:  # a leftover row is harmless: the name is never reused
            logger.warning(
                "Conversation log: journal position of %s kept: %s",
                segment.name,
                describe_error(error),
            )

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

    def _database(self) -> Engine:
        self._log_writer()
        assert self._engine is not None
        return self._engine

    def _log_writer(self) -> LogWriter:
        if self._writer is None:
            require_current_schema(self.database_url)
            self._engine = make_engine(self.database_url)
            self._writer = LogWriter(self._engine, sensitive_slots=self._sensitive_slots)
        return self._writer
