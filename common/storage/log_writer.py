"""Writes log entries: finds (or starts) each sender's conversation and keeps its flags current.

Synchronous on purpose: the Rasa event broker calls it from its writer thread, the gateway
through `asyncio.to_thread`. One call is one transaction, so a batch is written whole or not at
all.

Sensitivity is decided here, while the order of events is at hand: the person's message that
answers a sensitive form question (the `requested_slot` just set) and a sensitive slot's value
are flagged `sensitive`. The search text of a message is its masked copy (patterns, and the
sensitive slot values of its conversation), so personal data cannot be found by searching.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Final

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.privacy import mask_text, mask_values
from common.storage.journal_positions import JournalPosition
from common.storage.log_entries import NLU_FALLBACK_INTENT, LogEntry, channel_of_sender
from common.storage.log_models import MESSAGE_KINDS, Conversation, ConversationEvent
from common.storage.sessions import writing

# Rasa's session expiration (domain/core.yml session_config): gateway events after a longer
# silence belong to a new conversation.
DEFAULT_SESSION_IDLE: Final = timedelta(minutes=60)
SEARCHABLE_KINDS: Final = (*MESSAGE_KINDS, "delivery_failure")
REQUESTED_SLOT: Final = "requested_slot"
LANGUAGE_SLOT: Final = "language"
UNKNOWN_CHANNEL: Final = "unknown"
# The first key of the two-key advisory locks that serialise writers of one sender (PostgreSQL).
SENDER_LOCK_NAMESPACE: Final = 0x5E5


class LogWriter:
    def __init__(
        self,
        engine: Engine,
        *,
        sensitive_slots: frozenset[str],
        session_idle: timedelta = DEFAULT_SESSION_IDLE,
    ) -> None:
        """`sensitive_slots`: form slots whose values and answers are hidden from staff."""
        self._engine = engine
        self._sensitive_slots = sensitive_slots
        self._session_idle = session_idle

    def append(
        self, entries: Sequence[LogEntry], journal_position: JournalPosition | None = None
    ) -> list[int]:
        """Write `entries` in order in one transaction; returns their conversations' ids.

        The events go in with one INSERT of many rows at the end (in order), and each
        conversation's flags with one UPDATE: a batch of the Rasa event broker holds the turns
        of many people, and a statement per event was most of its cost. `journal_position`:
        where the event broker's journal stands after these entries, kept in the same
        transaction (`common.storage.journal_positions`)."""
        conversation_ids: list[int] = []
        rows: list[dict[str, Any]] = []
        with writing(self._engine) as session:
            batch = _Batch(session)
            for entry in entries:
                conversation = self._conversation_for(batch, entry)
                sensitive = self._update(conversation, entry)
                search_text = None
                if entry.kind in SEARCHABLE_KINDS and entry.text and not sensitive:
                    hidden = batch.sensitive_values(conversation.id)
                    search_text = mask_values(mask_text(entry.text), hidden).casefold()
                rows.append(_event_row(conversation, entry, sensitive, search_text))
                if entry.kind == "slot" and sensitive:
                    batch.add_sensitive_value(conversation.id, (entry.data or {}).get("value"))
                conversation_ids.append(conversation.id)
            if rows:
                session.execute(insert(ConversationEvent), rows)
            if journal_position is not None:
                journal_position.save(session)
        return conversation_ids

    def _conversation_for(self, batch: _Batch, entry: LogEntry) -> Conversation:
        conversation = batch.current.get(entry.sender_id)
        if conversation is None:
            _hold_sender(batch.session, entry.sender_id)
            query = (
                select(Conversation)
                .where(Conversation.sender_id == entry.sender_id)
                .order_by(Conversation.started_at.desc(), Conversation.id.desc())
                .limit(1)
            )
            conversation = batch.session.execute(query).scalars().first()
        if conversation is None or self._starts_new(conversation, entry):
            conversation = Conversation(
                sender_id=entry.sender_id,
                channel=entry.channel or channel_of_sender(entry.sender_id) or UNKNOWN_CHANNEL,
                language=entry.language,
                started_at=entry.timestamp,
                last_activity_at=entry.timestamp,
                user_messages=0,
                bot_messages=0,
                had_fallback=False,
                handoff_requested=False,
                had_staff=False,
                reviewed=False,
            )
            batch.session.add(conversation)
            batch.session.flush()  # its id, for the events
        batch.current[entry.sender_id] = conversation
        return conversation

    def _starts_new(self, conversation: Conversation, entry: LogEntry) -> bool:
        if entry.kind == "session" and entry.name == "session_started":
            # Rasa starts every tracker with a session: an empty conversation is reused.
            return bool(conversation.user_messages or conversation.bot_messages)
        if entry.source == "gateway":
            return entry.timestamp - conversation.last_activity_at > self._session_idle
        return False

    def _update(self, conversation: Conversation, entry: LogEntry) -> bool:
        """Bring the conversation's flags up to date with `entry`; True if it is sensitive."""
        conversation.last_activity_at = max(conversation.last_activity_at, entry.timestamp)
        conversation.started_at = min(conversation.started_at, entry.timestamp)
        if entry.kind == "user":
            conversation.user_messages += 1
            conversation.language = entry.language or conversation.language
            if entry.confidence is not None and (
                conversation.min_confidence is None
                or entry.confidence < conversation.min_confidence
            ):
                conversation.min_confidence = entry.confidence
            if entry.intent == NLU_FALLBACK_INTENT:
                conversation.had_fallback = True
            return conversation.requested_slot in self._sensitive_slots
        if entry.kind == "bot":
            conversation.bot_messages += 1
        elif entry.kind == "staff":
            conversation.had_staff = True
        elif entry.kind == "fallback":
            conversation.had_fallback = True
        elif entry.kind == "handoff":
            conversation.handoff_requested = True
        elif entry.kind == "form" and entry.name is None:
            conversation.requested_slot = None
        elif entry.kind == "slot":
            value = (entry.data or {}).get("value")
            if entry.name == REQUESTED_SLOT:
                conversation.requested_slot = value if isinstance(value, str) else None
            elif entry.name == LANGUAGE_SLOT and isinstance(value, str) and value:
                conversation.language = value[:8]
            return entry.name in self._sensitive_slots
        return False


def _hold_sender(session: Session, sender_id: str) -> None:
    """On PostgreSQL, wait until no other transaction writes this sender's conversation.

    Rasa's event broker and the gateway write the same person's events at the same moment (a
    handoff notice right after Rasa's reply). Without the lock each transaction could miss the
    conversation the other is creating, not yet committed, and start a second one. The lock
    ends with the transaction. SQLite has one writer at a time anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:sender))"),
            {"namespace": SENDER_LOCK_NAMESPACE, "sender": sender_id},
        )


class _Batch:
    """What one `append` call knows about the conversations it writes to."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.current: dict[str, Conversation] = {}
        self._stored: dict[int, list[str]] = {}  # sensitive values in the database
        self._added: dict[int, list[str]] = {}  # sensitive values of this batch, not stored yet

    def sensitive_values(self, conversation_id: int) -> list[str]:
        """The values the conversation's sensitive slots were set to, so far."""
        if conversation_id not in self._stored:
            query = select(ConversationEvent.data).where(
                ConversationEvent.conversation_id == conversation_id,
                ConversationEvent.kind == "slot",
                ConversationEvent.sensitive.is_(True),
            )
            found = (_as_text((data or {}).get("value")) for data in self.session.scalars(query))
            self._stored[conversation_id] = [value for value in found if value]
        return self._stored[conversation_id] + self._added.get(conversation_id, [])

    def add_sensitive_value(self, conversation_id: int, value: Any) -> None:
        text = _as_text(value)
        if text:
            self._added.setdefault(conversation_id, []).append(text)


def _event_row(
    conversation: Conversation, entry: LogEntry, sensitive: bool, search_text: str | None
) -> dict[str, Any]:
    """The `conversation_events` row of `entry`."""
    return {
        "conversation_id": conversation.id,
        "kind": entry.kind,
        "timestamp": entry.timestamp,
        "source": entry.source,
        "name": entry.name,
        "text": entry.text,
        "search_text": search_text,
        "intent": entry.intent,
        "confidence": entry.confidence,
        "entities": [dict(entity) for entity in entry.entities] if entry.entities else None,
        "language": entry.language or conversation.language,
        "channel": entry.channel or conversation.channel,
        "sensitive": sensitive,
        "author": entry.author,
        "data": _plain(entry.data) if entry.data else None,
    }


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key): value for key, value in data.items()}
