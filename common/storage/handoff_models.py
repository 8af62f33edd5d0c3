"""ORM model of the live handoff (schema: migration 0004): who asked for a human, who took it.

The queue itself is this table: waiting requests in the order they came, at most one open
(waiting or active) request per sender. Taking a request is one conditional UPDATE, so of two
members of staff (on any gateway) exactly one wins. The conversation log keeps the story
(`handoff` and `staff` events); this table keeps the state.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import CheckConstraint, Column, Index, Integer, String, Text

from common.storage.columns import UTCDateTime, utc_now
from common.storage.models import Base

HANDOFF_STATUSES: Final = ("waiting", "active", "closed")
HANDOFF_REASONS: Final = ("asked", "fallback")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Handoff(Base):
    """One request for a human: waiting in the queue, held by a member of staff, or closed."""

    __tablename__ = "handoffs"
    __table_args__ = (
        CheckConstraint(_one_of("status", HANDOFF_STATUSES), name="status"),
        CheckConstraint(_one_of("reason", HANDOFF_REASONS), name="reason"),
        Index("ix_handoffs_status_requested_at", "status", "requested_at"),
        Index("ix_handoffs_sender_id_status", "sender_id", "status"),
    )

    id = Column(Integer, primary_key=True)
    sender_id = Column(Text, nullable=False)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=False)
    # "asked": the human_handoff intent; "fallback": the assistant misunderstood twice.
    reason = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False, default="waiting")
    requested_at = Column(UTCDateTime, nullable=False, default=utc_now)
    taken_at = Column(UTCDateTime, nullable=True)
    taken_by = Column(Text, nullable=True)
    # The last time the member of staff holding it did something (take, reply): a hold
    # forgotten for longer than the configured idle time goes back to the assistant.
    staff_active_at = Column(UTCDateTime, nullable=True)
    closed_at = Column(UTCDateTime, nullable=True)
    closed_by = Column(Text, nullable=True)
