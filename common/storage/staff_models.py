"""ORM models of the staff console (schema: migrations 0003 and 0005): staff accounts, their
sessions and NLU examples.

They live with the other models so that `common.storage` knows the whole schema (migrations are
compared with it); the console itself is `staff`.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Text

from common.storage.columns import UTCDateTime, utc_now
from common.storage.models import Base

ROLES: Final = ("reviewer", "admin")


class StaffUser(Base):
    """A member of staff who may log in to the console.

    `credentials_changed_at` moves on every password change and on disabling: sessions opened
    before it are no longer accepted.
    """

    __tablename__ = "staff_users"
    __table_args__ = (CheckConstraint("role IN ('reviewer', 'admin')", name="role"),)

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    role = Column(String(16), nullable=False)
    password_hash = Column(Text, nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    credentials_changed_at = Column(UTCDateTime, nullable=False, default=utc_now)
    last_login_at = Column(UTCDateTime, nullable=True)


class StaffSession(Base):
    """A login to the console. The cookie holds a random token; `id` is its SHA-256, so a copy
    of this table opens no session. Ended by logging out (`ended_at`), by "log out everywhere",
    after the idle limit (`last_seen_at`) and after the absolute lifetime (`created_at`)."""

    __tablename__ = "staff_sessions"
    __table_args__ = (
        Index("ix_staff_sessions_account_id", "account_id"),
        Index("ix_staff_sessions_created_at", "created_at"),
    )

    id = Column(String(64), primary_key=True)
    account_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    last_seen_at = Column(UTCDateTime, nullable=False, default=utc_now)
    ended_at = Column(UTCDateTime, nullable=True)


class NluExample(Base):
    """A message the assistant misunderstood, with the intent a reviewer says was right.

    Removed with its conversation (retention purge or erasure): it came from a person's words.
    """

    __tablename__ = "nlu_examples"
    __table_args__ = (Index("ix_nlu_examples_created_at", "created_at"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    event_id = Column(
        Integer, ForeignKey("conversation_events.id", ondelete="CASCADE"), nullable=True
    )
    text = Column(Text, nullable=False)
    intent = Column(String(128), nullable=False)
    predicted_intent = Column(String(128), nullable=True)
    language = Column(String(8), nullable=True)
    author = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
