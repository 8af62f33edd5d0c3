"""Counselling appointments: the slots staff publish and the bookings people make in the chat.

A slot is booked by one conditional UPDATE (`status` from "free" to "booked"), so two people can
never hold the same slot; a partial unique index on the bookings that are still on says the same
to the database.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)

from common.storage.columns import UTCDateTime, utc_now
from common.storage.models import CONTACT_KINDS, Base

SLOT_TOPICS: Final = ("career", "benefits", "training", "migrants")
SLOT_STATUSES: Final = ("free", "booked", "cancelled")
PLACE_KINDS: Final = ("online", "office")
MAX_MINUTES: Final = 480
# "booked": on; "cancelled": by the person; "slot_cancelled": the office cancelled the slot;
# "no_show": staff marked that the person did not come.
BOOKING_STATUSES: Final = ("booked", "cancelled", "slot_cancelled", "no_show")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class CounsellingSlot(Base):
    """A time a counsellor offers for one topic, online (a link) or in an office (an address)."""

    __tablename__ = "counselling_slots"
    __table_args__ = (
        CheckConstraint(_one_of("topic", SLOT_TOPICS), name="topic"),
        CheckConstraint(_one_of("status", SLOT_STATUSES), name="status"),
        CheckConstraint(_one_of("place_kind", PLACE_KINDS), name="place_kind"),
        CheckConstraint("minutes > 0 AND minutes <= 480", name="minutes"),
        UniqueConstraint("counsellor", "starts_at", name="uq_counselling_slots_counsellor_start"),
        Index("ix_counselling_slots_topic_status_starts_at", "topic", "status", "starts_at"),
        Index("ix_counselling_slots_starts_at", "starts_at"),
    )

    id = Column(Integer, primary_key=True)
    counsellor = Column(Text, nullable=False)
    topic = Column(String(16), nullable=False)
    starts_at = Column(UTCDateTime, nullable=False)
    minutes = Column(Integer, nullable=False)
    place_kind = Column(String(8), nullable=False)
    place = Column(Text, nullable=False)
    status = Column(String(16), nullable=False, default="free", server_default="free")
    created_by = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)


class Booking(Base):
    """A person's appointment in a slot, with a reference such as `CB-7K3M9Q` and a contact."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint(_one_of("status", BOOKING_STATUSES), name="status"),
        CheckConstraint(_one_of("contact_kind", CONTACT_KINDS), name="contact_kind"),
        Index("ix_bookings_sender_id_status", "sender_id", "status"),
        Index(
            "uq_bookings_slot_id_booked",
            "slot_id",
            unique=True,
            sqlite_where=text("status = 'booked'"),
            postgresql_where=text("status = 'booked'"),
        ),
    )

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)
    slot_id = Column(Integer, ForeignKey("counselling_slots.id"), nullable=False, index=True)
    sender_id = Column(Text, nullable=False)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=False)
    contact = Column(Text, nullable=False)
    contact_kind = Column(String(8), nullable=False)
    status = Column(String(16), nullable=False, default="booked", server_default="booked")
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    updated_at = Column(UTCDateTime, nullable=False, default=utc_now, onupdate=utc_now)
