"""The conversation log as the gateway and the staff console use it (async, masked by default).

Every method runs its database work in a worker thread (`asyncio.to_thread`) and returns plain
dataclasses (`common.storage.log_records`). Reads are masked (`common.storage.log_masking`);
only `reveal` and `export(..., reveal=True)` return raw text, and both write the audit log.
Checking that the caller may do so (admin role) is the console's business.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.privacy import MASK, mask_sender_id
from common.storage import audit, log_queries, retention
from common.storage.bookings import erase_bookings, purge_bookings
from common.storage.columns import utc_now
from common.storage.log_entries import LogEntry
from common.storage.log_filters import InboxFilter
from common.storage.log_masking import Masker
from common.storage.log_models import (
    Conversation,
    ConversationEvent,
    ConversationNote,
    ConversationTag,
)
from common.storage.log_records import (
    Analytics,
    AuditRecord,
    ErasureReport,
    InboxPage,
    LoggedEvent,
    Note,
    PurgeReport,
    Transcript,
)
from common.storage.log_writer import DEFAULT_SESSION_IDLE, LogWriter
from common.storage.sessions import read, reading, write

DEFAULT_PAGE_SIZE: Final = 25
MAX_TAG_LENGTH: Final = 64
MAX_NOTE_LENGTH: Final = 5000
MAX_EXPORT: Final = 10_000
# Gateway events that are messages in the person's chat (handoff notices carry a text).
GATEWAY_MESSAGE_KINDS: Final = ("user", "bot", "staff", "handoff")


class ConversationLog:
    def __init__(
        self,
        engine: Engine,
        *,
        sensitive_slots: frozenset[str],
        redis_url: str | None = None,
        session_idle: timedelta = DEFAULT_SESSION_IDLE,
    ) -> None:
        """`redis_url`: where Rasa keeps trackers (erase deletes them there)."""
        self._engine = engine
        self._redis_url = redis_url
        self.writer = LogWriter(engine, sensitive_slots=sensitive_slots, session_idle=session_idle)

    # Writing ---------------------------------------------------------------------------------

    async def record(self, *entries: LogEntry) -> list[int]:
        """Write entries (in order, one transaction); returns their conversations' ids."""
        return await asyncio.to_thread(self.writer.append, entries)

    # Reading (masked) ------------------------------------------------------------------------

    async def inbox(
        self,
        where: InboxFilter | None = None,
        *,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> InboxPage:
        """Conversations matching `where`, latest activity first, one page (1-based)."""
        page = max(1, page)
        page_size = min(max(1, page_size), log_queries.MAX_PAGE_SIZE)
        return await asyncio.to_thread(self._inbox, where or InboxFilter(), page, page_size)

    async def transcript(self, conversation_id: int) -> Transcript | None:
        """The conversation with every event, personal data masked."""
        found = await read(
            self._engine, lambda session: log_queries.transcript(session, conversation_id)
        )
        return None if found is None else Masker.for_events(found.events).transcript(found)

    async def gateway_messages(self, sender_id: str, *, since: datetime) -> list[LoggedEvent]:
        """What the person read or wrote that Rasa's tracker lacks, since `since`, unmasked (for
        the person's own chat history): the gateway's apologies, their messages while staff
        held the conversation, staff replies and handoff notices; oldest first."""

        def run(session: Session) -> list[LoggedEvent]:
            query = (
                select(ConversationEvent)
                .join(Conversation)
                .where(
                    Conversation.sender_id == sender_id,
                    ConversationEvent.source == "gateway",
                    ConversationEvent.kind.in_(GATEWAY_MESSAGE_KINDS),
                    ConversationEvent.text.is_not(None),
                    ConversationEvent.timestamp >= since,
                )
                .order_by(ConversationEvent.timestamp, ConversationEvent.id)
            )
            return [log_queries.logged_event(row) for row in session.execute(query).scalars()]

        return await read(self._engine, run)

    async def analytics(self, since: date, until: date, channel: str | None = None) -> Analytics:
        if since > until:
            raise ValueError("since must not be after until")
        return await read(
            self._engine, lambda session: log_queries.analytics(session, since, until, channel)
        )

    async def tags(self) -> list[str]:
        return await read(self._engine, log_queries.all_tags)

    async def intents(self) -> list[str]:
        return await read(self._engine, log_queries.all_intents)

    # Personal data: reveal and export (audited) -----------------------------------------------

    async def reveal(self, conversation_id: int, *, by: str, reason: str) -> Transcript | None:
        """The conversation unmasked, for an admin who gave a reason; the audit log records it."""
        _require_reason(reason)

        def run(session: Session) -> Transcript | None:
            found = log_queries.transcript(session, conversation_id)
            if found is None:
                return None
            audit.record(
                session,
                actor=by,
                action="reveal",
                target=f"conversation:{conversation_id}",
                reason=reason,
                details={"sender": mask_sender_id(found.conversation.sender_id)},
            )
            return Transcript(found.conversation, found.events, found.notes, revealed=True)

        return await write(self._engine, run)

    async def export(
        self,
        where: InboxFilter | None = None,
        *,
        by: str,
        reveal: bool = False,
        reason: str | None = None,
        limit: int = MAX_EXPORT,
    ) -> list[Transcript]:
        """The transcripts of the matching conversations (masked unless `reveal`, which needs a
        reason), latest activity first; the audit log records the export."""
        if reveal:
            _require_reason(reason)
        where = where or InboxFilter()

        def run(session: Session) -> list[Transcript]:
            ids = log_queries.matching_ids(session, where, min(max(1, limit), MAX_EXPORT))
            found = [log_queries.transcript(session, conversation_id) for conversation_id in ids]
            transcripts = [item for item in found if item is not None]
            audit.record(
                session,
                actor=by,
                action="export",
                target="conversations",
                reason=reason,
                details={
                    "filter": where.to_params(),
                    "conversations": len(transcripts),
                    "revealed": reveal,
                },
            )
            if reveal:
                return [Transcript(t.conversation, t.events, t.notes, True) for t in transcripts]
            return [Masker.for_events(t.events).transcript(t) for t in transcripts]

        return await write(self._engine, run)

    # Review: reviewed flag, tags, notes ------------------------------------------------------

    async def set_reviewed(self, conversation_id: int, *, by: str, reviewed: bool = True) -> bool:
        """Mark the conversation reviewed (or not); False if there is no such conversation."""

        def run(session: Session) -> bool:
            row = session.get(Conversation, conversation_id)
            if row is None:
                return False
            row.reviewed = reviewed
            row.reviewed_by = by if reviewed else None
            row.reviewed_at = utc_now() if reviewed else None
            return True

        return await write(self._engine, run)

    async def add_tag(self, conversation_id: int, tag: str) -> bool:
        """Tag the conversation (a tag it has already is kept once); False if it is missing."""
        tag = _clean_tag(tag)

        def run(session: Session) -> bool:
            if session.get(Conversation, conversation_id) is None:
                return False
            if session.get(ConversationTag, (conversation_id, tag)) is None:
                session.add(ConversationTag(conversation_id=conversation_id, tag=tag))
            return True

        return await write(self._engine, run)

    async def remove_tag(self, conversation_id: int, tag: str) -> None:
        tag = tag.strip()

        def run(session: Session) -> None:
            session.execute(
                delete(ConversationTag).where(
                    ConversationTag.conversation_id == conversation_id, ConversationTag.tag == tag
                )
            )

        await write(self._engine, run)

    async def add_note(self, conversation_id: int, *, author: str, text: str) -> Note | None:
        """Add a staff note; None if there is no such conversation."""
        text = text.strip()
        if not text or len(text) > MAX_NOTE_LENGTH:
            raise ValueError(f"a note must have 1 to {MAX_NOTE_LENGTH} characters")

        def run(session: Session) -> Note | None:
            if session.get(Conversation, conversation_id) is None:
                return None
            row = ConversationNote(
                conversation_id=conversation_id, author=author, text=text, created_at=utc_now()
            )
            session.add(row)
            session.flush()
            return Note(row.id, row.author, row.text, row.created_at)

        return await write(self._engine, run)

    # Audit log -------------------------------------------------------------------------------

    async def audit_log(
        self, *, limit: int = 50, offset: int = 0, action: str | None = None
    ) -> list[AuditRecord]:
        """The newest audit entries first (for admins)."""
        return await read(
            self._engine,
            lambda session: audit.latest(session, limit=limit, offset=offset, action=action),
        )

    async def record_audit(
        self,
        *,
        actor: str,
        action: str,
        target: str | None = None,
        reason: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> AuditRecord:
        """Write an audit entry for something the console does itself (e.g. a change of staff
        users); `reveal`, `export`, `erase` and `purge` write their own."""
        return await write(
            self._engine,
            lambda session: audit.record(
                session, actor=actor, action=action, target=target, reason=reason, details=details
            ),
        )

    # Retention -------------------------------------------------------------------------------

    async def purge(self, *, older_than_days: int, by: str) -> PurgeReport:
        """Delete the conversations without activity in the last `older_than_days` days."""
        if older_than_days <= 0:
            raise ValueError("older_than_days must be greater than 0")
        cutoff = utc_now() - timedelta(days=older_than_days)

        def run(session: Session) -> PurgeReport:
            conversations, events = retention.purge(session, cutoff)
            bookings = purge_bookings(session, cutoff)
            expired_alerts, outbound = retention.purge_outreach(session, cutoff, utc_now())
            audit.record(
                session,
                actor=by,
                action="purge",
                target="conversations",
                details={
                    "older_than_days": older_than_days,
                    "cutoff": cutoff.isoformat(),
                    "conversations": conversations,
                    "events": events,
                    "expired_alerts": expired_alerts,
                    "outbound": outbound,
                    "bookings": bookings,
                },
            )
            return PurgeReport(cutoff, conversations, events, expired_alerts, outbound, bookings)

        return await write(self._engine, run)

    async def erase(self, sender_id: str, *, by: str, reason: str | None = None) -> ErasureReport:
        """Remove everything kept about one sender: conversations, intakes, appointments, job
        alerts, the messages queued or sent to them, Rasa tracker."""
        if not sender_id.strip():
            raise ValueError("the sender id must not be empty")
        try:
            tracker_keys, tracker_note = await asyncio.to_thread(
                retention.erase_tracker, self._redis_url, sender_id
            )
            tracker_failed = False
        except Exception as error:  # redis.RedisError, OSError: the rest is erased all the same
            tracker_keys, tracker_note, tracker_failed = 0, f"Redis failed: {error}", True

        def run(session: Session) -> ErasureReport:
            conversations, events, intakes = retention.erase_log(session, sender_id)
            bookings = erase_bookings(session, sender_id, utc_now())
            alerts, outbound = retention.erase_outreach(session, sender_id)
            report = ErasureReport(
                conversations,
                events,
                intakes,
                tracker_keys,
                tracker_note,
                tracker_failed,
                alerts=alerts,
                outbound=outbound,
                bookings=bookings,
            )
            audit.record(
                session,
                actor=by,
                action="erase",
                target=mask_sender_id(sender_id),
                reason=reason,
                details={
                    "conversations": conversations,
                    "events": events,
                    "intakes": intakes,
                    "bookings": bookings,
                    "alerts": alerts,
                    "outbound": outbound,
                    "tracker_keys": tracker_keys,
                    "tracker": tracker_note,
                },
            )
            return report

        return await write(self._engine, run)

    # Plumbing --------------------------------------------------------------------------------

    def _inbox(self, where: InboxFilter, page: int, page_size: int) -> InboxPage:
        with reading(self._engine) as session:
            summaries, total, previews = log_queries.inbox(
                session, where, page=page, page_size=page_size
            )
            slot_events = log_queries.sensitive_slot_events(session, [s.id for s in summaries])
        by_conversation: defaultdict[int, list[LoggedEvent]] = defaultdict(list)
        for event in slot_events:
            by_conversation[event.conversation_id].append(event)
        masked = []
        for summary in summaries:
            text, sensitive = previews.get(summary.id, (None, False))
            masker = Masker.for_events(by_conversation[summary.id])
            preview = MASK if sensitive and text else masker.text(text)
            masked.append(dataclasses.replace(summary, preview=preview))
        return InboxPage(tuple(masked), total, page, page_size)


def _require_reason(reason: str | None) -> None:
    if not reason or not reason.strip():
        raise ValueError("a reason is required to see personal data")


def _clean_tag(tag: str) -> str:
    tag = tag.strip()
    if not tag or len(tag) > MAX_TAG_LENGTH:
        raise ValueError(f"a tag must have 1 to {MAX_TAG_LENGTH} characters")
    return tag
