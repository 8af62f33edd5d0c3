"""ORM models of the conversation log and the audit log (schema: migration 0002).

A conversation is one Rasa session of one sender: it starts with Rasa's `session_started` (or
with the first event of a sender the log has not seen) and collects every event until the next
session. The flags on `conversations` are kept up to date by the writer, so the inbox filters
need no scan of the events. Raw text is stored; masking happens when staff read it
(`common.storage.log_masking`), so an audited reveal can show the original.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)

from common.storage.columns import UTCDateTime, utc_now
from common.storage.models import Base

# What an event in the log can be. `session`: session_started, restart, pause, resume, rewind.
EVENT_KINDS: Final = (
    "user",
    "bot",
    "action",
    "slot",
    "form",
    "fallback",
    "handoff",
    "staff",
    "delivery_failure",
    "session",
)
EVENT_SOURCES: Final = ("rasa", "gateway")
# Events that are messages someone reads: they count as activity and are searchable.
MESSAGE_KINDS: Final = ("user", "bot", "staff")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Conversation(Base):
    """One session of one sender, with the flags the staff inbox filters on."""

    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_sender_id_started_at", "sender_id", "started_at"),
        Index("ix_conversations_last_activity_at", "last_activity_at"),
        Index("ix_conversations_started_at", "started_at"),
    )

    id = Column(Integer, primary_key=True)
    sender_id = Column(Text, nullable=False)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=True)
    started_at = Column(UTCDateTime, nullable=False)
    last_activity_at = Column(UTCDateTime, nullable=False)
    user_messages = Column(Integer, nullable=False, default=0, server_default="0")
    bot_messages = Column(Integer, nullable=False, default=0, server_default="0")
    # The lowest intent confidence of the person's messages (the inbox's "low confidence").
    min_confidence = Column(Float, nullable=True)
    had_fallback = Column(Boolean, nullable=False, default=False, server_default=false())
    handoff_requested = Column(Boolean, nullable=False, default=False, server_default=false())
    had_staff = Column(Boolean, nullable=False, default=False, server_default=false())
    reviewed = Column(Boolean, nullable=False, default=False, server_default=false())
    reviewed_by = Column(Text, nullable=True)
    reviewed_at = Column(UTCDateTime, nullable=True)
    # The form question being asked now: the person's next message answers it (and is
    # sensitive when the slot is).
    requested_slot = Column(String(128), nullable=True)


class ConversationEvent(Base):
    """One thing that happened in a conversation, as Rasa or the gateway saw it."""

    __tablename__ = "conversation_events"
    __table_args__ = (
        CheckConstraint(_one_of("kind", EVENT_KINDS), name="kind"),
        CheckConstraint(_one_of("source", EVENT_SOURCES), name="source"),
        Index("ix_conversation_events_conversation_id_timestamp", "conversation_id", "timestamp"),
        Index("ix_conversation_events_intent", "intent"),
        Index("ix_conversation_events_timestamp", "timestamp"),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    kind = Column(String(24), nullable=False)
    timestamp = Column(UTCDateTime, nullable=False)
    source = Column(String(8), nullable=False)
    # Action, slot, response, form or session event name; "payload" for a pressed button.
    name = Column(String(128), nullable=True)
    text = Column(Text, nullable=True)
    # The masked, case-folded text that full-text search looks in (empty when sensitive).
    search_text = Column(Text, nullable=True)
    intent = Column(String(128), nullable=True)
    confidence = Column(Float, nullable=True)
    entities = Column(JSON, nullable=True)
    language = Column(String(8), nullable=True)
    channel = Column(String(32), nullable=True)
    # An answer to a sensitive form question, or a sensitive slot's value: hidden from staff.
    sensitive = Column(Boolean, nullable=False, default=False, server_default=false())
    # The member of staff who wrote the message or took the handoff.
    author = Column(Text, nullable=True)
    data = Column(JSON, nullable=True)


class ConversationTag(Base):
    __tablename__ = "conversation_tags"
    __table_args__ = (Index("ix_conversation_tags_tag", "tag"),)

    conversation_id = Column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    tag = Column(String(64), primary_key=True)


class ConversationNote(Base):
    __tablename__ = "conversation_notes"
    __table_args__ = (Index("ix_conversation_notes_conversation_id", "conversation_id"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    author = Column(Text, nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)


class AuditEntry(Base):
    """Who did what to personal data, when and why: reveals, exports, erasures, purges."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False, default=utc_now)
    actor = Column(Text, nullable=False)
    action = Column(String(32), nullable=False)
    target = Column(Text, nullable=True)
    reason = Column(Text, nullable=True)
    details = Column(JSON, nullable=True)


class LogJournalPosition(Base):
    """How far the conversation log holds the events of one Rasa server's journal file.

    The event broker appends every event to its journal before it writes anything here, and
    moves this position in the same transaction as the rows it writes (migration 0009): after a
    crash, the next broker writes what lies beyond it, each event once."""

    __tablename__ = "log_journal_positions"

    journal = Column(String(128), primary_key=True)
    position = Column(BigInteger, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False, default=utc_now, onupdate=utc_now)
